"""Time-of-day buckets: pure, no database."""

from datetime import datetime

from django.db import models
from django.utils import timezone

MORNING_STARTS = 5
AFTERNOON_STARTS = 12
EVENING_STARTS = 17
NIGHT_STARTS = 22


class TimeOfDay(models.TextChoices):
    MORNING = "morning", "Morning"
    AFTERNOON = "afternoon", "Afternoon"
    EVENING = "evening", "Evening"
    NIGHT = "night", "Night"


def time_of_day_for(moment: datetime) -> str:
    """'morning' | 'afternoon' | 'evening' | 'night', in the site's local time."""
    hour = timezone.localtime(moment).hour if timezone.is_aware(moment) else moment.hour
    if MORNING_STARTS <= hour < AFTERNOON_STARTS:
        return TimeOfDay.MORNING.value
    if AFTERNOON_STARTS <= hour < EVENING_STARTS:
        return TimeOfDay.AFTERNOON.value
    if EVENING_STARTS <= hour < NIGHT_STARTS:
        return TimeOfDay.EVENING.value
    return TimeOfDay.NIGHT.value
