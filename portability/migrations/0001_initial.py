# The import job tables, made by accounts 0002, now belong to this app: state only.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0003_import_jobs_move_to_portability"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ImportJob',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('filename', models.CharField(blank=True, max_length=255)),
                        ('status', models.CharField(choices=[('running', 'Importing'), ('done', 'Finished'), ('failed', 'Failed, nothing was imported'), ('cancelled', 'Stopped, nothing was imported')], default='running', max_length=10)),
                        ('total', models.PositiveIntegerField(default=0)),
                        ('cursor', models.PositiveIntegerField(default=0, help_text='Records written so far.')),
                        ('created_counts', models.JSONField(blank=True, default=dict)),
                        ('skipped_counts', models.JSONField(blank=True, default=dict)),
                        ('previous_profile', models.JSONField(blank=True, null=True)),
                        ('message', models.TextField(blank=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('finished_at', models.DateTimeField(blank=True, null=True)),
                        ('owner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='import_jobs', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'accounts_importjob',
                        'ordering': ['-created_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='ImportRecord',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('position', models.PositiveIntegerField()),
                        ('kind', models.CharField(choices=[('profile', 'Profile'), ('routine', 'Routine'), ('session', 'Session'), ('symptom_log', 'Symptom log')], max_length=12)),
                        ('local_id', models.CharField(blank=True, max_length=100)),
                        ('data', models.JSONField()),
                        ('object_id', models.BigIntegerField(blank=True, null=True)),
                        ('created', models.BooleanField(default=False)),
                        ('job', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='records', to='portability.importjob')),
                    ],
                    options={
                        'db_table': 'accounts_importrecord',
                        'ordering': ['position'],
                    },
                ),
                migrations.AddIndex(
                    model_name='importjob',
                    index=models.Index(fields=['owner', 'status'], name='accounts_im_owner_i_1562e7_idx'),
                ),
                migrations.AddIndex(
                    model_name='importrecord',
                    index=models.Index(fields=['job', 'kind', 'local_id'], name='accounts_im_job_id_97781e_idx'),
                ),
                migrations.AddConstraint(
                    model_name='importrecord',
                    constraint=models.UniqueConstraint(fields=('job', 'position'), name='unique_import_position'),
                ),
            ],
            database_operations=[],
        ),
    ]
