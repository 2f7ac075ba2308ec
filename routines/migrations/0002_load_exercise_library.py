from django.db import migrations


def load_library(apps, schema_editor):
    from routines.library import sync_library

    sync_library(apps.get_model("routines", "Exercise"), apps.get_model("routines", "Target"))


class Migration(migrations.Migration):
    dependencies = [("routines", "0001_initial")]

    operations = [migrations.RunPython(load_library, migrations.RunPython.noop)]
