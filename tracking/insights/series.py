"""Descriptive series: daily ratings with a 7-day average, before and after each session,
sessions per week with the streak, and relief by time of day. Pure, no database.

Nothing here estimates an effect; see ``tracking.insights.movements`` for that.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

from accounts.symptoms import BURDEN
from tracking.insights.records import (
    LogPoint,
    SessionRecord,
    is_meaningful_relief,
    local_date,
    paired_values,
    relief,
    relief_from,
    symptom_value,
)
from tracking.timeofday import TimeOfDay

QUARTER_HOUR = 900  # seconds

# ---------------------------------------------------------------------------
# Daily series


@dataclass(frozen=True)
class DayRatings:
    """A log's ratings with its local calendar day worked out once (see ``by_local_day``)."""

    day: date
    ratings: Mapping[str, int]


@dataclass(frozen=True)
class DayTotals:
    """One local day's logs added up (by the database): per series, the sum of the values
    given and how many were given. ``daily_series`` treats it like the logs it sums."""

    day: date
    sums: Mapping[str, float]
    counts: Mapping[str, int]


@dataclass(frozen=True)
class QuarterHourTotals:
    """Like ``DayTotals`` for one UTC quarter-hour (seconds since 1970 // 900)."""

    quarter: int
    sums: Mapping[str, float]
    counts: Mapping[str, int]


def totals_by_local_day(
    quarters: Iterable[QuarterHourTotals], tz: tzinfo | None = None
) -> list[DayTotals]:
    """Quarter-hour totals added up per local day, oldest first. Every time zone's offset
    is a whole number of quarter-hours, so each quarter-hour lies within one local day."""
    sums: dict[date, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    counts: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for totals in quarters:
        moment = datetime.fromtimestamp(totals.quarter * QUARTER_HOUR, UTC)
        day = local_date(moment, tz)
        for key, n in totals.counts.items():
            if n:
                sums[day][key] += totals.sums[key]
                counts[day][key] += n
    return [DayTotals(day, dict(sums[day]), dict(counts[day])) for day in sorted(counts)]


def by_local_day(points: Iterable[LogPoint], tz: tzinfo | None = None) -> list[DayRatings]:
    """Logs with their local days, for several series over the same logs."""
    return [DayRatings(local_date(point.recorded_at, tz), point.ratings) for point in points]


@dataclass(frozen=True)
class DailyPoint:
    date: date
    mean: float | None  # mean of that day's ratings
    avg7: float | None  # mean of the daily means over this day and the 6 before, days with data
    n: int  # ratings that day


def daily_series(
    points: Iterable[LogPoint | DayRatings | DayTotals],
    symptom: str,
    *,
    end: date,
    days_back: int = 30,
    start: date | None = None,
    tz: tzinfo | None = None,
) -> list[DailyPoint]:
    """One point per calendar day from start (default: end - days_back + 1) to end.

    The 7-day average of a day averages the daily means of the days with data in that
    day and the 6 before (including days before ``start``), each day weighted equally so a
    day with many logs does not dominate. None where a window has no data.
    """
    if start is None:
        start = end - timedelta(days=max(days_back, 1) - 1)
    if start > end:
        return []
    window_start = start - timedelta(days=6)
    totals: dict[date, float] = defaultdict(float)
    counts: dict[date, int] = defaultdict(int)
    for point in points:
        if isinstance(point, DayRatings | DayTotals):
            day = point.day
        else:
            day = local_date(point.recorded_at, tz)
        if not window_start <= day <= end:
            continue
        if isinstance(point, DayTotals):
            if point.counts.get(symptom):
                totals[day] += point.sums[symptom]
                counts[day] += point.counts[symptom]
        elif (value := symptom_value(point.ratings, symptom)) is not None:
            totals[day] += value
            counts[day] += 1
    means = {day: totals[day] / n for day, n in counts.items()}
    series = []
    day = start
    while day <= end:
        window = [means[d] for d in _days(day - timedelta(days=6), day) if d in means]
        series.append(
            DailyPoint(
                date=day,
                mean=means.get(day),
                avg7=sum(window) / len(window) if window else None,
                n=counts.get(day, 0),
            )
        )
        day += timedelta(days=1)
    return series


def _days(first: date, last: date) -> Iterable[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


# ---------------------------------------------------------------------------
# Before and after


@dataclass(frozen=True)
class BeforeAfterRow:
    session_id: int
    date: date
    before: float
    after: float
    change: float  # after - before, as rated (for a chart)
    relief: float  # positive = better
    meaningful: bool


@dataclass(frozen=True)
class BeforeAfterSummary:
    rows: tuple[BeforeAfterRow, ...]
    n: int
    mean_change: float | None  # mean of after - before
    mean_relief: float | None  # positive = better on average
    meaningful_improvements: int
    meaningful_worsenings: int


def before_after(
    sessions: Iterable[SessionRecord], symptom: str = BURDEN, *, tz: tzinfo | None = None
) -> BeforeAfterSummary:
    """Per-session before/after of one symptom (or the burden), oldest first.

    Sessions without both check-ins (or without that symptom rated both times) are left out.
    """
    rows = []
    for session in sorted(sessions, key=lambda s: (s.started_at, s.session_id)):
        pair = paired_values(session.before, session.after, symptom)
        if pair is None:
            continue
        b, a = pair
        rows.append(
            BeforeAfterRow(
                session_id=session.session_id,
                date=local_date(session.started_at, tz),
                before=b,
                after=a,
                change=a - b,
                relief=relief_from(b, a, symptom),
                meaningful=is_meaningful_relief(b, a, symptom),
            )
        )
    n = len(rows)
    return BeforeAfterSummary(
        rows=tuple(rows),
        n=n,
        mean_change=sum(r.change for r in rows) / n if n else None,
        mean_relief=sum(r.relief for r in rows) / n if n else None,
        meaningful_improvements=sum(1 for r in rows if r.meaningful and r.relief > 0),
        meaningful_worsenings=sum(1 for r in rows if r.meaningful and r.relief < 0),
    )


# ---------------------------------------------------------------------------
# Adherence and time of day


@dataclass(frozen=True)
class WeekAdherence:
    year: int  # ISO year
    week: int  # ISO week number
    starts: date  # the Monday
    sessions: int
    completed: int
    minutes: float


@dataclass(frozen=True)
class AdherenceReport:
    weeks: tuple[WeekAdherence, ...]  # oldest first, empty weeks included
    days_done: frozenset[date]  # every day with a session (for a calendar), all history
    streak: int  # consecutive days with a session, ending today (or yesterday)


def _counts_as_done(session: SessionRecord) -> bool:
    return session.completed or session.minutes > 0


def adherence(
    sessions: Iterable[SessionRecord], today: date, weeks: int = 8, *, tz: tzinfo | None = None
) -> AdherenceReport:
    """Sessions and minutes per ISO week for the last ``weeks`` weeks, and the streak.

    A session counts when it was completed or has some exercise minutes (a session stopped
    early still counts as practice). The streak ends today, or yesterday when nothing is
    done yet today, so it does not drop to 0 in the morning.
    """
    done = [s for s in sessions if _counts_as_done(s)]
    days_done = frozenset(local_date(s.started_at, tz) for s in done)
    this_monday = today - timedelta(days=today.weekday())
    first_monday = this_monday - timedelta(weeks=max(weeks, 1) - 1)
    per_week: dict[date, list[SessionRecord]] = defaultdict(list)
    for session in done:
        day = local_date(session.started_at, tz)
        monday = day - timedelta(days=day.weekday())
        if first_monday <= monday <= this_monday:
            per_week[monday].append(session)
    rows = []
    monday = first_monday
    while monday <= this_monday:
        iso = monday.isocalendar()
        week_sessions = per_week.get(monday, [])
        rows.append(
            WeekAdherence(
                year=iso.year,
                week=iso.week,
                starts=monday,
                sessions=len(week_sessions),
                completed=sum(1 for s in week_sessions if s.completed),
                minutes=round(sum(s.minutes for s in week_sessions), 1),
            )
        )
        monday += timedelta(weeks=1)
    day = today if today in days_done else today - timedelta(days=1)
    streak = 0
    while day in days_done:
        streak += 1
        day -= timedelta(days=1)
    return AdherenceReport(weeks=tuple(rows), days_done=days_done, streak=streak)


@dataclass(frozen=True)
class TimeOfDayRelief:
    time_of_day: str
    n: int
    mean_relief: float | None
    sd: float | None  # sample standard deviation, None below 2 sessions


def time_of_day_comparison(
    sessions: Iterable[SessionRecord], symptom: str = BURDEN
) -> tuple[TimeOfDayRelief, ...]:
    """Mean relief by time of day (morning, afternoon, evening, night), with n.

    Descriptive only: with a handful of sessions per bucket differences are mostly noise;
    show n next to each mean.
    """
    buckets: dict[str, list[float]] = defaultdict(list)
    for session in sessions:
        value = relief(session.before, session.after, symptom)
        if value is not None:
            buckets[session.time_of_day].append(value)
    order = [*TimeOfDay.values, *sorted(set(buckets) - set(TimeOfDay.values))]
    rows = []
    for name in order:
        values = buckets.get(name, [])
        n = len(values)
        mean = sum(values) / n if n else None
        sd = None
        if mean is not None and n >= 2:
            sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
        rows.append(TimeOfDayRelief(time_of_day=name, n=n, mean_relief=mean, sd=sd))
    return tuple(rows)
