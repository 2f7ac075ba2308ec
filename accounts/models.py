from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts.symptoms import MainSymptom


class PreferredTime(models.TextChoices):
    MORNING = "morning", "Morning"
    AFTERNOON = "afternoon", "Afternoon"
    EVENING = "evening", "Evening"
    ANY = "any", "No preference"


class LaterCheckIn(models.TextChoices):
    """A short check-in some hours after a session, to catch late relief or flare-ups."""

    OFF = "", "No, thank you"
    EVENING = "evening", "The same evening"
    MORNING = "morning", "The next morning"


class FootCheckTime(models.TextChoices):
    """When the player asks for the daily foot check (once a day)."""

    BEFORE = "before", "Before the session"
    AFTER = "after", "After the session"


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    display_name = models.CharField(
        max_length=80, blank=True, help_text="The name the report shows; the user name if blank."
    )
    main_symptoms = models.JSONField(default=list, blank=True)
    balance_concerns = models.BooleanField(
        default=False, help_text="Show seated exercises only and swap standing moves."
    )
    preferred_time = models.CharField(
        max_length=10, choices=PreferredTime.choices, default=PreferredTime.ANY
    )
    later_check_in = models.CharField(
        max_length=10, choices=LaterCheckIn.choices, default=LaterCheckIn.OFF, blank=True
    )
    # None until the first session asks; the player treats None as on.
    coach_mode = models.BooleanField(
        null=True,
        blank=True,
        help_text="Speak and count aloud in the player, and move on by itself.",
    )
    foot_check = models.CharField(
        max_length=8, choices=FootCheckTime.choices, default=FootCheckTime.BEFORE
    )
    safety_acknowledged_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Profile of {self.user}"

    @property
    def shown_name(self) -> str:
        return self.display_name.strip() or self.user.get_username()

    @property
    def main_symptom_labels(self) -> list[str]:
        labels = dict(MainSymptom.choices)
        return [labels[code] for code in self.main_symptoms if code in labels]


class ThrottleHit(models.Model):
    """One counted attempt (a failed login, a sign-up, a reset request) for a throttle.

    ``key`` is a hash of what is limited (an address, an email, a user), never the thing
    itself. Rows older than the longest window are deleted as new ones arrive.
    """

    limit = models.CharField(max_length=40)
    key = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["limit", "key", "at"])]

    def __str__(self):
        return f"{self.limit} at {self.at:%Y-%m-%d %H:%M}"
