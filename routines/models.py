from django.conf import settings
from django.db import models
from django.urls import reverse

from routines.dosing import DOSE_LIMITS, Dose
from routines.pictures import Picture, picture_for


class Category(models.TextChoices):
    CIRCULATION = "circulation", "Circulation"
    STRENGTH = "strength", "Strength"
    SENSORY = "sensory", "Sensory retraining"
    STRETCH = "stretch", "Stretches"


class Position(models.TextChoices):
    SEATED = "seated", "Seated"
    STANDING = "standing", "Standing"


class BalanceDemand(models.TextChoices):
    LOW = "low", "Low"
    MODERATE = "moderate", "Moderate"
    HIGH = "high", "High"


class DoseKind(models.TextChoices):
    REPS = "reps", "Repetitions"
    HOLD = "hold", "Timed holds"
    TIMED = "timed", "Timed activity"


class Target(models.Model):
    """A symptom or need an exercise addresses (numbness, pain, balance...)."""

    code = models.SlugField(primary_key=True, max_length=30)
    name = models.CharField(max_length=60)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class Exercise(models.Model):
    slug = models.SlugField(unique=True, max_length=60)
    name = models.CharField(max_length=100)
    category = models.CharField(max_length=20, choices=Category.choices)
    summary = models.TextField(help_text="One or two sentences: what it is and why it helps.")
    steps = models.TextField(help_text="One step per line.")
    position = models.CharField(max_length=10, choices=Position.choices)
    equipment = models.CharField(max_length=200, blank=True, help_text="Blank when none.")
    balance_demand = models.CharField(max_length=10, choices=BalanceDemand.choices)
    targets = models.ManyToManyField(Target, related_name="exercises", blank=True)
    safety_notes = models.TextField(blank=True, help_text="One note per line.")
    seated_alternative = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="standing_versions",
        limit_choices_to={"position": Position.SEATED},
    )
    barefoot_or_textured = models.BooleanField(
        default=False,
        help_text="Bare skin on a surface, a texture or water: paused while a foot problem "
        "from the daily foot check heals.",
    )
    picture_text = models.TextField(
        blank=True,
        help_text="What the drawing (static/exercises/<slug>.svg) shows, for people who "
        "cannot see it.",
    )
    is_warm_up = models.BooleanField(
        default=False, help_text="Gentle enough to start a routine with."
    )
    # Default dose. Which fields apply depends on dose_kind.
    dose_kind = models.CharField(max_length=10, choices=DoseKind.choices)
    reps = models.PositiveSmallIntegerField(null=True, blank=True)
    ways = models.PositiveSmallIntegerField(
        default=1,
        choices=[(1, "One way"), (2, "Each way")],
        help_text="Each way: the repetitions are done one way, then the other (clockwise, "
        "then anticlockwise).",
    )
    rep_unit = models.CharField(
        max_length=40, default="repetitions", help_text='What one rep is, e.g. "circles".'
    )
    seconds_per_rep = models.PositiveSmallIntegerField(
        default=4, help_text="Used to estimate how long the exercise takes."
    )
    sets = models.PositiveSmallIntegerField(default=1)
    hold_seconds = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_seconds = models.PositiveIntegerField(null=True, blank=True)
    per_side = models.BooleanField(default=False, help_text="Done once for each foot or leg.")
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        constraints = [
            models.CheckConstraint(
                name="exercise_dose_fields_match_kind",
                condition=(
                    models.Q(dose_kind="reps", reps__isnull=False, reps__gte=1)
                    | models.Q(
                        dose_kind="hold",
                        reps__isnull=False,
                        reps__gte=1,
                        hold_seconds__isnull=False,
                        hold_seconds__gte=1,
                    )
                    | models.Q(
                        dose_kind="timed", duration_seconds__isnull=False, duration_seconds__gte=1
                    )
                ),
            ),
            models.CheckConstraint(name="exercise_sets_positive", condition=models.Q(sets__gte=1)),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("routines:exercise_detail", args=[self.slug])

    @property
    def step_list(self) -> list[str]:
        return [line.strip() for line in self.steps.splitlines() if line.strip()]

    @property
    def safety_list(self) -> list[str]:
        return [line.strip() for line in self.safety_notes.splitlines() if line.strip()]

    @property
    def dose(self) -> Dose:
        return Dose.for_exercise(self)

    @property
    def picture(self) -> Picture:
        return picture_for(slug=self.slug, name=self.name, description=self.picture_text)


class RoutineFocus(models.TextChoices):
    CUSTOM = "custom", "My own"
    FOR_YOU = "for_you", "Made for your main concerns"
    GENERAL = "general", "Balanced daily routine"
    NUMBNESS = "numbness", "Numbness focus"
    PAIN = "pain", "Pain focus"
    WEAKNESS = "weakness", "Strength focus"
    BALANCE = "balance", "Seated only (balance concerns)"
    BAD_DAY = "bad_day", "Short bad-day routine"


class Routine(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="routines"
    )
    name = models.CharField(max_length=80)
    focus = models.CharField(max_length=10, choices=RoutineFocus.choices, default="custom")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["owner", "name"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("tracking:routine_detail", args=[self.pk])


def _overrides_in_range() -> models.Q:
    """Each dose override is unset or within ``DOSE_LIMITS``."""
    condition = models.Q()
    for field, (low, high) in DOSE_LIMITS.items():
        allowed = (
            models.Q(**{f"{field}__in": list(range(low, high + 1))})
            if high - low < 2
            else models.Q(**{f"{field}__gte": low, f"{field}__lte": high})
        )
        condition &= models.Q(**{f"{field}__isnull": True}) | allowed
    return condition


class RoutineStep(models.Model):
    """One exercise in a routine, with optional dose overrides (None = exercise default)."""

    routine = models.ForeignKey(Routine, on_delete=models.CASCADE, related_name="steps")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    reps = models.PositiveSmallIntegerField(null=True, blank=True)
    sets = models.PositiveSmallIntegerField(null=True, blank=True)
    hold_seconds = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_seconds = models.PositiveIntegerField(null=True, blank=True)
    sides = models.PositiveSmallIntegerField(
        null=True, blank=True, choices=[(1, "One"), (2, "Both")]
    )

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                name="routine_step_overrides_in_range",
                condition=_overrides_in_range(),
            )
        ]

    def __str__(self):
        return f"{self.routine}: {self.exercise}"

    @property
    def dose(self) -> Dose:
        return self.exercise.dose.with_overrides(
            reps=self.reps,
            sets=self.sets,
            hold_seconds=self.hold_seconds,
            duration_seconds=self.duration_seconds,
            sides=self.sides,
        )


class DiscoveryPlan(models.Model):
    """A "find out what helps me" plan on a routine: its sessions leave movements out by
    design (``routines.discovery``) for ``length`` sessions, then it ends."""

    routine = models.ForeignKey(Routine, on_delete=models.CASCADE, related_name="plans")
    seed = models.PositiveIntegerField()
    length = models.PositiveSmallIntegerField(default=28)
    varied = models.JSONField(default=list, help_text="Slugs varied, in routine order.")
    restarted_at_index = models.PositiveSmallIntegerField(
        default=0, help_text="The design starts again here after the routine changed."
    )
    started_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["routine"],
                condition=models.Q(ended_at__isnull=True),
                name="one_running_plan_per_routine",
            )
        ]

    def __str__(self):
        return f"Plan for {self.routine}"

    @property
    def is_running(self) -> bool:
        return self.ended_at is None


class WeekPlan(models.Model):
    """When a person means to exercise: weekdays (0 = Monday), one or two times a day, and
    the routine to do. ``routines.weekly`` turns it into moments; times are the site's."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="week_plan"
    )
    routine = models.ForeignKey(
        Routine, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    days = models.JSONField(default=list, help_text="Weekdays, 0 = Monday.")
    first_time = models.TimeField()
    second_time = models.TimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Week plan of {self.owner}"

    @property
    def times(self) -> list:
        return sorted(t for t in (self.first_time, self.second_time) if t is not None)
