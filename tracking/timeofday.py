"""Time-of-day buckets: pure, no database."""

from datetime import datetime

from django.utils import timezone

MORNING_STARTS = 5
AFTERNOON_STARTS = 12
EVENING_STARTS = 17
NIGHT_STARTS = 22


def time_of_day_for(moment: datetime) -> str:
    """'morning' | 'afternoon' | 'evening' | 'night', in the site's local time."""
    hour = timezone.localtime(moment).hour if timezone.is_aware(moment) else moment.hour
    if MORNING_STARTS <= hour < AFTERNOON_STARTS:
        return "morning"
    if AFTERNOON_STARTS <= hour < EVENING_STARTS:
        return "afternoon"
    if EVENING_STARTS <= hour < NIGHT_STARTS:
        return "evening"
    return "night"
