"""Time-of-day buckets, and when a later check-in is open: pure, no database."""

from datetime import datetime, time, timedelta

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


# The later check-in: from 3 hours after the session until 5 the next morning ("evening"),
# or the next morning from 5 to 14 o'clock ("morning").
EVENING_DELAY = timedelta(hours=3)
MORNING_FROM, MORNING_UNTIL = time(5), time(14)


def later_check_in_window(finished_at: datetime, preference: str) -> tuple[datetime, datetime]:
    """When the later check-in is open for a session finished at ``finished_at``."""
    tz = timezone.get_current_timezone()
    finished = timezone.localtime(finished_at, tz)
    next_day = finished.date() + timedelta(days=1)
    if preference == "evening":  # accounts.models.LaterCheckIn.EVENING
        return finished + EVENING_DELAY, datetime.combine(next_day, MORNING_FROM, tzinfo=tz)
    return (
        datetime.combine(next_day, MORNING_FROM, tzinfo=tz),
        datetime.combine(next_day, MORNING_UNTIL, tzinfo=tz),
    )
