from django.conf import settings
from django.db import models
from django.urls import reverse


class MainSymptom(models.TextChoices):
    NUMBNESS = "numbness", "Numbness"
    TINGLING = "tingling", "Tingling or prickling"
    PAIN = "pain", "Pain (aching, burning or shooting)"
    WEAKNESS = "weakness", "Weak feet or ankles"
    BALANCE = "balance", "Unsteady balance"


class PreferredTime(models.TextChoices):
    MORNING = "morning", "Morning"
    AFTERNOON = "afternoon", "Afternoon"
    EVENING = "evening", "Evening"
    ANY = "any", "No preference"


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    main_symptoms = models.JSONField(default=list, blank=True)
    balance_concerns = models.BooleanField(
        default=False, help_text="Show seated exercises only and swap standing moves."
    )
    preferred_time = models.CharField(
        max_length=10, choices=PreferredTime.choices, default=PreferredTime.ANY
    )
    safety_acknowledged_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Profile of {self.user}"

    @property
    def main_symptom_labels(self) -> list[str]:
        labels = dict(MainSymptom.choices)
        return [labels[code] for code in self.main_symptoms if code in labels]


class ImportStatus(models.TextChoices):
    RUNNING = "running", "Importing"
    DONE = "done", "Finished"
    FAILED = "failed", "Failed, nothing was imported"
    CANCELLED = "cancelled", "Stopped, nothing was imported"


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
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "status"])]

    def __str__(self):
        return f"Import by {self.owner} on {self.created_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("accounts:import_job", args=[self.pk])

    @property
    def is_running(self) -> bool:
        return self.status == ImportStatus.RUNNING

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, self.cursor * 100 // self.total)


class RecordKind(models.TextChoices):
    PROFILE = "profile", "Profile"
    ROUTINE = "routine", "Routine"
    SESSION = "session", "Session"
    SYMPTOM_LOG = "symptom_log", "Symptom log"


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
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["job", "position"], name="unique_import_position")
        ]
        indexes = [models.Index(fields=["job", "kind", "local_id"])]

    def __str__(self):
        return f"{self.job}: {self.kind} {self.local_id or self.position}"
