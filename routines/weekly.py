"""A weekly plan's times, as pure functions: which moments are planned, and the streak.

Method
------
A plan is a set of weekdays (0 = Monday … 6 = Sunday) and one or two wall-clock times, read
in one time zone. ``occurrences`` lists the planned moments in a span of time as aware
datetimes, one for each planned day and time:

- a time repeated when the clocks go back (an ambiguous time) is the first of the two
  (``fold=0``), so a day never has the same session twice;
- a time skipped when the clocks go forward (a DST gap, e.g. 01:30 on the last Sunday of
  March in London) does not exist that day. ``gap_dates`` finds such days, so a form can
  refuse the time; if a plan has one anyway, the moment moves forward by the gap (01:30
  becomes 02:30), as calendar programs do.

The streak is gentle: it counts the planned days in a row, back from today, on which any
session was done (a short bad-day routine counts as much as a long one). Today, while it is
still open, neither counts nor breaks it; days off the plan never break it, and a session on
one adds to it. Missing a planned day starts it again, and nothing more is said.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MAX_TIMES_A_DAY = 2
STREAK_LOOKBACK_DAYS = 400


def local_moment(day: date, at: time, tz: tzinfo) -> datetime:
    """``at`` on ``day`` in ``tz``: the first of a repeated time; after the gap if skipped."""
    naive = datetime.combine(day, at.replace(tzinfo=None, fold=0))
    aware = naive.replace(tzinfo=tz)
    round_trip = aware.astimezone(UTC).astimezone(tz)
    if round_trip.replace(tzinfo=None) != naive:
        # In a gap: zoneinfo reads fold=0 with the offset before the change; the same
        # instant on the clock after the change is later by the gap.
        return round_trip
    return aware


def time_exists(day: date, at: time, tz: tzinfo) -> bool:
    naive = datetime.combine(day, at.replace(tzinfo=None, fold=0))
    round_trip = naive.replace(tzinfo=tz).astimezone(UTC).astimezone(tz)
    return round_trip.replace(tzinfo=None) == naive


def gap_dates(
    *, days: Iterable[int], at: time, tz: tzinfo, start: date, horizon_days: int = 366
) -> list[date]:
    """The planned days from ``start`` within the horizon on which ``at`` does not exist."""
    weekdays = set(days)
    found = []
    for offset in range(horizon_days):
        day = start + timedelta(days=offset)
        if day.weekday() in weekdays and not time_exists(day, at, tz):
            found.append(day)
    return found


def occurrences(
    *, days: Iterable[int], times: Iterable[time], tz: tzinfo, start: datetime, end: datetime
) -> list[datetime]:
    """The planned moments ``start <= moment < end``, in order, in ``tz``."""
    weekdays = set(days)
    wall_times = sorted(set(times))
    if not weekdays or not wall_times or end <= start:
        return []
    first_day = start.astimezone(tz).date() - timedelta(days=1)
    last_day = end.astimezone(tz).date() + timedelta(days=1)
    found = []
    day = first_day
    while day <= last_day:
        if day.weekday() in weekdays:
            for at in wall_times:
                moment = local_moment(day, at, tz)
                if start <= moment < end:
                    found.append(moment)
        day += timedelta(days=1)
    return sorted(found)


@dataclass(frozen=True)
class Streak:
    days: int  # planned days in a row with a session (and sessions on days off the plan)
    done_today: bool
    planned_today: bool
    done_this_week: int  # days with a session, Monday to today
    planned_this_week: int  # planned days, Monday to Sunday (7 without a plan)


def streak(*, planned_weekdays: Iterable[int], done_dates: Iterable[date], today: date) -> Streak:
    weekdays = set(planned_weekdays) or set(range(7))  # no plan: every day, as the seed asks
    done = set(done_dates)
    count = 0
    day = today
    if day not in done:
        day -= timedelta(days=1)  # today is still open
    for _ in range(STREAK_LOOKBACK_DAYS):
        if day in done:
            count += 1
        elif day.weekday() in weekdays:
            break
        day -= timedelta(days=1)
    monday = today - timedelta(days=today.weekday())
    return Streak(
        days=count,
        done_today=today in done,
        planned_today=today.weekday() in weekdays,
        done_this_week=sum(1 for d in done if monday <= d <= today),
        planned_this_week=len(weekdays),
    )
