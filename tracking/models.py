from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.symptoms import SYMPTOM_FIELDS, Symptom
from tracking.dbexpressions import NotBlank
from tracking.timeofday import TimeOfDay

RATING_VALIDATORS = [MinValueValidator(0), MaxValueValidator(10)]


class Foot(models.TextChoices):
    BOTH = "both", "Both feet"
    LEFT = "left", "Left foot"
    RIGHT = "right", "Right foot"


class LogContext(models.TextChoices):
    ANYTIME = "anytime", "Any time"
    BEFORE = "before", "Before exercise"
    AFTER = "after", "After exercise"
    LATER = "later", "Later, after exercise"


class SessionStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    STOPPED = "stopped", "Stopped early"


class SessionStage(models.TextChoices):
    BEFORE = "before", "Before check-in"
    STEPS = "steps", "Exercises"
    AFTER = "after", "After check-in"
    DONE = "done", "Finished"


class StepStatus(models.TextChoices):
    PENDING = "pending", "Not done yet"
    DONE = "done", "Done"
    SKIPPED = "skipped", "Skipped"


class StopReason(models.TextChoices):
    """Why a session was stopped early; the label is what is stored as its stop reason."""

    PAIN = "pain", "Pain or discomfort"
    TIRED = "tired", "Too tired"
    NO_TIME = "no_time", "Out of time"
    OTHER = "other", "Something else"

    @classmethod
    def of(cls, stop_reason: str) -> StopReason:
        """The reason behind a stored stop reason (``Painful: <exercise>`` is pain)."""
        if stop_reason.startswith(PAINFUL_PREFIX):
            return cls.PAIN
        return next((reason for reason in cls if reason.label == stop_reason), cls.OTHER)


PAINFUL_PREFIX = "Painful"


class StepFeedback(models.TextChoices):
    HELPED = "helped", "Helped"
    NO_CHANGE = "no_change", "No change"
    WORSE = "worse", "Worse"
    PAINFUL = "painful", "Painful"


def _rating_field(symptom: Symptom) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        symptom.label, null=True, blank=True, validators=RATING_VALIDATORS
    )


class PracticeSession(models.Model):
    """One run of a routine in the guided player. Steps are a snapshot of the routine."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_sessions"
    )
    routine = models.ForeignKey(
        "routines.Routine",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
    )
    routine_name = models.CharField(max_length=80)
    status = models.CharField(
        max_length=12, choices=SessionStatus.choices, default=SessionStatus.IN_PROGRESS
    )
    stage = models.CharField(
        max_length=8, choices=SessionStage.choices, default=SessionStage.BEFORE
    )
    current_index = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    time_of_day = models.CharField(max_length=10, choices=TimeOfDay.choices)
    stop_reason = models.CharField(max_length=200, blank=True)
    start_key = models.UUIDField(null=True, blank=True, editable=False)
    # Set when the session was planned by a "find out what helps me" plan.
    plan = models.ForeignKey(
        "routines.DiscoveryPlan",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
    )
    plan_index = models.PositiveSmallIntegerField(null=True, blank=True)
    left_out = models.JSONField(
        default=list, blank=True, help_text="Slugs of the movements the plan left out."
    )
    paused_for_feet = models.JSONField(
        default=list,
        blank=True,
        help_text="Slugs of the barefoot or textured moves left out while a foot heals.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["owner", "-started_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "start_key"],
                condition=Q(start_key__isnull=False),
                name="unique_session_start_key",
            )
        ]

    def __str__(self):
        return f"{self.routine_name} on {self.started_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("tracking:player", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status == SessionStatus.IN_PROGRESS


class SessionStep(models.Model):
    session = models.ForeignKey(PracticeSession, on_delete=models.CASCADE, related_name="steps")
    exercise = models.ForeignKey("routines.Exercise", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    # Dose snapshot, so later routine edits do not rewrite history.
    dose_kind = models.CharField(max_length=10)
    reps = models.PositiveSmallIntegerField(null=True, blank=True)
    sets = models.PositiveSmallIntegerField(default=1)
    hold_seconds = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_seconds = models.PositiveIntegerField(null=True, blank=True)
    sides = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=8, choices=StepStatus.choices, default=StepStatus.PENDING)
    feedback = models.CharField(max_length=10, choices=StepFeedback.choices, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["session", "position"], name="unique_session_position")
        ]

    def __str__(self):
        return f"{self.session}: {self.position + 1}. {self.exercise}"

    @property
    def dose(self):
        from routines.dosing import Dose

        return Dose(
            kind=self.dose_kind,
            reps=self.reps,
            sets=self.sets,
            hold_seconds=self.hold_seconds,
            duration_seconds=self.duration_seconds,
            sides=self.sides,
            rep_unit=self.exercise.rep_unit,
            seconds_per_rep=self.exercise.seconds_per_rep,
            ways=self.exercise.ways,
        )


class SymptomLog(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="symptom_logs"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    time_of_day = models.CharField(max_length=10, choices=TimeOfDay.choices)
    numbness = _rating_field(Symptom.NUMBNESS)
    tingling = _rating_field(Symptom.TINGLING)
    aching = _rating_field(Symptom.ACHING)
    burning = _rating_field(Symptom.BURNING)
    sharp = _rating_field(Symptom.SHARP)
    balance_confidence = _rating_field(Symptom.BALANCE_CONFIDENCE)
    foot = models.CharField(max_length=5, choices=Foot.choices, default=Foot.BOTH)
    note = models.TextField(blank=True, max_length=2000)
    context = models.CharField(max_length=8, choices=LogContext.choices, default="anytime")
    session = models.ForeignKey(
        PracticeSession,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="check_ins",
    )
    idempotency_key = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        indexes = [
            # Covers the ratings, so a period's totals are read from the index alone.
            models.Index(
                fields=["owner", "recorded_at", *SYMPTOM_FIELDS], name="symptomlog_owner_ratings"
            ),
            # The logs with a note (notes are stored stripped): the report counts them.
            models.Index(
                fields=["owner", "recorded_at"],
                condition=Q(NotBlank(models.F("note"), True)),
                name="symptomlog_owner_noted",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="symptom_ratings_0_to_10",
                condition=Q(
                    *[
                        Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__lte": 10})
                        for name in SYMPTOM_FIELDS
                    ]
                ),
            ),
            models.CheckConstraint(
                name="symptom_log_has_a_rating",
                condition=Q(
                    *[Q(**{f"{name}__isnull": False}) for name in SYMPTOM_FIELDS], _connector=Q.OR
                ),
            ),
            models.UniqueConstraint(
                fields=["owner", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="unique_symptom_log_key",
            ),
            models.UniqueConstraint(
                fields=["session", "context"],
                condition=Q(session__isnull=False),
                name="one_check_in_per_session_and_context",
            ),
        ]

    def __str__(self):
        return f"{self.owner} at {self.recorded_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("tracking:log_edit", args=[self.pk])

    def ratings(self) -> dict[str, int]:
        """The ratings given, by symptom field name."""
        return {
            name: getattr(self, name) for name in SYMPTOM_FIELDS if getattr(self, name) is not None
        }


class FootCheck(models.Model):
    """A look at both feet (``tracking.checks.footcheck``). A check with findings pauses
    the barefoot and textured moves until ``healed_at`` is set."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="foot_checks"
    )
    checked_at = models.DateTimeField(default=timezone.now)
    session = models.ForeignKey(
        PracticeSession, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    left = models.JSONField(default=list, blank=True, help_text="Finding codes, left foot.")
    right = models.JSONField(default=list, blank=True, help_text="Finding codes, right foot.")
    urgent = models.BooleanField(default=False)
    healed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-checked_at", "-id"]
        indexes = [models.Index(fields=["owner", "-checked_at"])]

    def __str__(self):
        return f"Foot check of {self.owner} at {self.checked_at:%Y-%m-%d %H:%M}"

    @property
    def all_fine(self) -> bool:
        return not self.left and not self.right


class TouchTest(models.Model):
    """A helper's touch test: per foot, the spots touched and the spots the person named
    (``tracking.checks.touch``). A foot not tested has empty lists."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="touch_tests"
    )
    taken_at = models.DateTimeField(default=timezone.now)
    session = models.ForeignKey(
        PracticeSession, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    left_touched = models.JSONField(default=list, blank=True)
    left_named = models.JSONField(default=list, blank=True)
    right_touched = models.JSONField(default=list, blank=True)
    right_named = models.JSONField(default=list, blank=True)
    left_correct = models.PositiveSmallIntegerField(null=True, blank=True)
    right_correct = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-taken_at", "-id"]
        indexes = [models.Index(fields=["owner", "-taken_at"])]

    def __str__(self):
        return f"Touch test of {self.owner} at {self.taken_at:%Y-%m-%d %H:%M}"


class NeuropathyScreen(models.Model):
    """The patient part of the MNSI (``tracking.checks.mnsi``): 15 answers, True = yes."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="neuropathy_screens"
    )
    taken_at = models.DateTimeField(default=timezone.now)
    answers = models.JSONField()
    points = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["-taken_at", "-id"]
        indexes = [models.Index(fields=["owner", "-taken_at"])]

    def __str__(self):
        return f"MNSI of {self.owner} at {self.taken_at:%Y-%m-%d %H:%M}"


class ReminderChannel(models.TextChoices):
    EMAIL = "email", "Email"
    PUSH = "push", "Notification on this device"


class ReminderKind(models.TextChoices):
    SESSION = "session", "Planned session"
    CHECK_IN = "check_in", "Later check-in"


class DeliveryStatus(models.TextChoices):
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed, will try again"
    GAVE_UP = "gave_up", "Gave up"


REMINDER_LEADS = [(0, "At the time"), (10, "10 minutes before"), (30, "30 minutes before")]


class ReminderSettings(models.Model):
    """Which reminders a person asked for. Each channel is off until they turn it on."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_settings"
    )
    by_email = models.BooleanField(default=False)
    by_push = models.BooleanField(default=False)
    check_in_reminder = models.BooleanField(
        default=True, help_text="Also remind me of the later check-in, when I asked for one."
    )
    minutes_before = models.PositiveSmallIntegerField(
        default=10,
        choices=REMINDER_LEADS,
    )
    # The private calendar feed's secret; None while the feed is off.
    calendar_token = models.CharField(max_length=64, null=True, blank=True, unique=True)
    # Reminders due before this are never sent (turning one on does not send the past).
    active_since = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Reminders of {self.owner}"


class PushSubscription(models.Model):
    """One browser or installed app that may be sent notifications (the Push API's data)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    device = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.device or 'A device'} of {self.owner}"


class ReminderDelivery(models.Model):
    """One reminder on one channel. The unique constraint makes each reminder's send happen
    once: the run that inserts the row sends it; every other run sees it exists."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_deliveries"
    )
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    channel = models.CharField(max_length=8, choices=ReminderChannel.choices)
    due_at = models.DateTimeField(help_text="The planned moment (a session) or window start.")
    session = models.ForeignKey(
        PracticeSession, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.SENDING
    )
    attempts = models.PositiveSmallIntegerField(default=1)
    next_try_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-due_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "kind", "channel", "due_at"], name="one_delivery_per_reminder"
            )
        ]
        indexes = [models.Index(fields=["status", "next_try_at"])]

    def __str__(self):
        return f"{self.kind} reminder by {self.channel} for {self.due_at:%Y-%m-%d %H:%M}"
