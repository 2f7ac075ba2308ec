"""Import jobs: a checked file staged as records and written a chunk at a time.

The tables keep the names they were created with in ``accounts`` (see the migrations of
both apps: the move changed Django's state only, not the database).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse


class ImportStatus(models.TextChoices):
    RUNNING = "running", "Importing"
    UNDOING = "undoing", "Being undone"
    DONE = "done", "Finished"
    FAILED = "failed", "Failed, nothing was imported"
    CANCELLED = "cancelled", "Stopped, nothing was imported"


IN_PROGRESS = (ImportStatus.RUNNING, ImportStatus.UNDOING)


class ImportJob(models.Model):
    """One import of an export file, written a chunk at a time.

    The whole file is validated before the job exists; its records are staged
    as ImportRecord rows and written in order. A failed or stopped job removes
    everything it had created, so an import is all or nothing.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs"
    )
    filename = models.CharField(max_length=255, blank=True)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.RUNNING
    )
    total = models.PositiveIntegerField(default=0)
    cursor = models.PositiveIntegerField(default=0, help_text="Records written so far.")
    created_counts = models.JSONField(default=dict, blank=True)
    skipped_counts = models.JSONField(default=dict, blank=True)
    previous_profile = models.JSONField(null=True, blank=True)
    # The week plan and reminder settings before the import replaced them, by kind (null:
    # the account had none), restored by an undo.
    previous_settings = models.JSONField(default=dict, blank=True)
    message = models.TextField(blank=True)
    # While undoing: the status to end in (stopped or failed).
    ends_as = models.CharField(max_length=10, choices=ImportStatus.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "accounts_importjob"  # made by accounts before this app existed
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "status"], name="accounts_im_owner_i_1562e7_idx")]
        constraints = [
            # Two uploads at once (two tabs, two servers) start one import: under READ
            # COMMITTED both would pass a "none running?" check; the index lets one insert win.
            models.UniqueConstraint(
                fields=["owner"],
                condition=models.Q(status__in=IN_PROGRESS),
                name="one_running_import_per_account",
            )
        ]

    def __str__(self):
        return f"Import by {self.owner} on {self.created_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("portability:import_job", args=[self.pk])

    @property
    def is_running(self) -> bool:
        """Still in progress: importing, or removing again what it had added."""
        return self.status in IN_PROGRESS

    @property
    def is_undoing(self) -> bool:
        return self.status == ImportStatus.UNDOING

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, self.cursor * 100 // self.total)


class RecordKind(models.TextChoices):
    PROFILE = "profile", "Profile"
    ROUTINE = "routine", "Routine"
    SESSION = "session", "Session"
    SYMPTOM_LOG = "symptom_log", "Symptom log"
    FOOT_CHECK = "foot_check", "Foot check"
    TOUCH_TEST = "touch_test", "Touch test"
    MNSI = "mnsi", "Neuropathy questionnaire"
    PLAN = "plan", "Find out what helps me plan"
    WEEK_PLAN = "week_plan", "Week plan"
    REMINDERS = "reminders", "Reminder settings"


class ImportRecord(models.Model):
    """One validated record of an import file, waiting to be written."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="records")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=12, choices=RecordKind.choices)
    local_id = models.CharField(max_length=100, blank=True)
    data = models.JSONField()
    object_id = models.BigIntegerField(null=True, blank=True)
    created = models.BooleanField(default=False)

    class Meta:
        db_table = "accounts_importrecord"
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["job", "position"], name="unique_import_position")
        ]
        indexes = [
            models.Index(fields=["job", "kind", "local_id"], name="accounts_im_job_id_97781e_idx")
        ]

    def __str__(self):
        return f"{self.job}: {self.kind} {self.local_id or self.position}"
