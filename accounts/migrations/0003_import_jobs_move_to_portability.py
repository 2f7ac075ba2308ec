# Import jobs moved to the portability app. The tables stay as they are (the new models
# keep their names); only Django's idea of which app owns them changes.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_import_jobs"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ImportRecord"),
                migrations.DeleteModel(name="ImportJob"),
            ],
            database_operations=[],
        ),
    ]
