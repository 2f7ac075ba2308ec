"""What reminders say. Never a scold: a missed day is not mentioned."""

from datetime import datetime

CALENDAR_NAME = "neuroapp exercise plan"
SAFETY_LINE = "Stop if anything hurts, and keep a chair beside you for standing moves."


def calendar_event_title(routine_name: str | None) -> str:
    return f"Foot exercises: {routine_name}" if routine_name else "Foot exercises"


def session_reminder(routine_name: str | None, at: datetime) -> tuple[str, str]:
    """(title, body) for a planned session."""
    what = routine_name or "your routine"
    return (
        f"Time for {what}" if routine_name else "Time for your foot exercises",
        f"Planned for {at:%H:%M}. 10-15 minutes is enough; a short bad-day routine counts too.",
    )


def check_in_reminder(routine_name: str) -> tuple[str, str]:
    return (
        "How are your feet now?",
        f"A short check-in after your {routine_name} session shows relief that comes later.",
    )
