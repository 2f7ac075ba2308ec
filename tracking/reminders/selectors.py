"""Reads for the week plan and reminders."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import User
from django.db.models.functions import TruncDate
from django.utils import timezone

from routines import selectors as routine_selectors
from routines import weekly
from routines.models import Routine, WeekPlan
from tracking.models import PracticeSession, PushSubscription, ReminderSettings


def reminder_settings_for(owner: User) -> ReminderSettings:
    """The person's reminder settings; unsaved defaults (all off) when never set."""
    found = ReminderSettings.objects.filter(owner=owner).first()
    return found or ReminderSettings(owner=owner)


def devices_for(owner: User) -> list[PushSubscription]:
    return list(PushSubscription.objects.filter(owner=owner))


def done_dates(owner: User, *, since: date) -> set[date]:
    """Local dates with a finished session (completed or stopped early: both count)."""
    tz = timezone.get_current_timezone()
    start = datetime.combine(since, time(), tzinfo=tz)
    return set(
        PracticeSession.objects.filter(owner=owner, finished_at__gte=start)
        .annotate(day=TruncDate("finished_at", tzinfo=tz))
        .values_list("day", flat=True)
        .distinct()
    )


def sessions_finished_between(owner: User, start: datetime, end: datetime) -> int:
    return PracticeSession.objects.filter(
        owner=owner, finished_at__gte=start, finished_at__lt=end
    ).count()


@dataclass(frozen=True)
class PlannedToday:
    plan: WeekPlan | None
    routine: Routine | None  # the plan's routine, or None
    times: tuple[datetime, ...]  # today's planned moments
    done: int  # sessions finished today
    streak: weekly.Streak
    next_moment: datetime | None  # the next planned moment after now, within a week

    @property
    def all_done(self) -> bool:
        return bool(self.times) and self.done >= len(self.times)


def planned_today(owner: User, *, now: datetime) -> PlannedToday:
    tz = timezone.get_current_timezone()
    plan = routine_selectors.week_plan_for(owner)
    today = timezone.localtime(now, tz).date()
    midnight = datetime.combine(today, time(), tzinfo=tz)
    tomorrow = datetime.combine(today + timedelta(days=1), time(), tzinfo=tz)
    days, times = (plan.days, plan.times) if plan else ([], [])
    todays = weekly.occurrences(days=days, times=times, tz=tz, start=midnight, end=tomorrow)
    upcoming = weekly.occurrences(
        days=days, times=times, tz=tz, start=now, end=now + timedelta(days=8)
    )
    dates = done_dates(owner, since=today - timedelta(days=weekly.STREAK_LOOKBACK_DAYS))
    return PlannedToday(
        plan=plan,
        routine=plan.routine if plan else None,
        times=tuple(todays),
        done=sessions_finished_between(owner, midnight, tomorrow),
        streak=weekly.streak(planned_weekdays=days, done_dates=dates, today=today),
        next_moment=upcoming[0] if upcoming else None,
    )
