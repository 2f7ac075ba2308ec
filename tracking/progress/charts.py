"""Progress charts: data for Chart.js and the JSON endpoints, plus plain-language summaries.

Pure functions over the records of ``tracking.insights``; no database. Numbers are written
by ``tracking.numbers``, symptom names come from ``accounts.symptoms``. Every chart comes with
a summary sentence and the rows of a data table, so nothing is only in a picture.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from accounts.symptoms import BURDEN, SERIES_LABELS, higher_is_better
from tracking.insights import series as descriptive
from tracking.insights import wording
from tracking.insights.effects import LIKELY_HELPS
from tracking.insights.movements import MovementReport, movement_effects
from tracking.insights.records import LogPoint, SessionRecord, is_meaningful_relief
from tracking.numbers import points, points_word, signed
from tracking.timeofday import TimeOfDay

PERIODS = {30: "the last 30 days", 90: "the last 90 days", 365: "the last 12 months"}
DEFAULT_PERIOD = 90
CALENDAR_WEEKS = 12  # the "days you exercised" calendar shows at most this many weeks
EFFECT_AXIS_POINTS = 5  # the movements chart's axis is fixed at +/- this many points
SMALL_GROUP = 5

TIME_OF_DAY_LABELS = dict(TimeOfDay.choices)


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    summary: str
    data: dict = field(default_factory=dict)
    table: list[tuple] = field(default_factory=list)  # formatted rows, newest first
    lead: str = ""  # the one line shown above the chart; the summary goes with the details

    @property
    def headline(self) -> str:
        return self.lead or self.summary


# --- Symptom trend ---


def trend(
    logs: list[LogPoint], symptom: str, *, today: date, days: int, tz: tzinfo | None
) -> tuple[Chart, list[descriptive.DailyPoint]]:
    series = descriptive.daily_series(logs, symptom, end=today, days_back=days, tz=tz)
    label = SERIES_LABELS[symptom]
    data = {
        "symptom": symptom,
        "label": label,
        "higher_is_better": higher_is_better(symptom),
        "labels": [p.date.isoformat() for p in series],
        "daily": [_round(p.mean) for p in series],
        "avg7": [_round(p.avg7) for p in series],
        "n": [p.n for p in series],
    }
    table = [(p.date, points(p.mean), points(p.avg7), p.n) for p in reversed(series)]
    summary = _trend_summary(series, symptom, days)
    lead = _trend_lead(series)
    title = "Symptoms (average) over time" if symptom == BURDEN else f"{label} over time"
    return Chart("trend", title, summary, data, table, lead), series


def _trend_lead(series: list[descriptive.DailyPoint]) -> str:
    averages = [(p.date, avg) for p in series if (avg := p.avg7) is not None]
    if not averages:
        return ""
    (first_day, first), (last_day, last) = averages[0], averages[-1]
    now = f"7-day average {points(last)}"
    if first_day == last_day or abs(last - first) < 0.05:
        return now + "."
    return f"{now}, was {points(first)} on {first_day:%-d %b}."


def _trend_summary(series: list[descriptive.DailyPoint], symptom: str, days: int) -> str:
    label = SERIES_LABELS[symptom]
    rated = [p for p in series if p.mean is not None]
    if not rated:
        return (
            f"No {label.lower()} ratings in {PERIODS.get(days, f'the last {days} days')} yet. "
            "Log how you feel to start a trend."
        )
    averages = [(p.date, avg) for p in series if (avg := p.avg7) is not None]
    (first_day, first), (last_day, last) = averages[0], averages[-1]
    text = (
        f"{label}: {len(rated)} day{'s' if len(rated) != 1 else ''} with ratings in "
        f"{PERIODS.get(days, f'the last {days} days')}. "
        f"The 7-day average is now {points(last)} out of 10"
    )
    if first_day == last_day or len(rated) < 2:
        return text + "."
    change = last - first
    if abs(change) < 0.05:
        return text + f", the same as on {first_day:%-d %B}."
    better = change > 0 if higher_is_better(symptom) else change < 0
    direction = "better" if better else "worse"
    meaningful = is_meaningful_relief(first, last, symptom)
    return text + (
        f", {direction} than {points(first)} on {first_day:%-d %B} "
        f"({signed(change)} points{', a meaningful change' if meaningful else ''})."
    )


# --- Before and after sessions ---

ROLLING_SESSIONS = 7  # the change per session is drawn with its mean over this many


def rolling_mean(values: list[float | None], window: int = ROLLING_SESSIONS) -> list[float | None]:
    """The mean of each value with the ones before it, at most `window` (fewer at the start);
    a missing value is skipped, and None where the window holds none."""
    out: list[float | None] = []
    for index in range(len(values)):
        seen = [v for v in values[max(0, index - window + 1) : index + 1] if v is not None]
        out.append(sum(seen) / len(seen) if seen else None)
    return out


def before_after(
    sessions: list[SessionRecord], symptom: str, *, tz: tzinfo | None
) -> tuple[Chart, descriptive.BeforeAfterSummary]:
    summary = descriptive.before_after(sessions, symptom, tz=tz)
    data = {
        "symptom": symptom,
        "label": SERIES_LABELS[symptom],
        "labels": [row.date.isoformat() for row in summary.rows],
        "before": [_round(row.before) for row in summary.rows],
        "after": [_round(row.after) for row in summary.rows],
        "meaningful": [row.meaningful for row in summary.rows],
        "relief": [_round(row.relief) for row in summary.rows],
        "rolling": [_round(v) for v in rolling_mean([row.relief for row in summary.rows])],
        "rolling_window": ROLLING_SESSIONS,
    }
    table = [
        (row.date, points(row.before), points(row.after), signed(row.relief), row.meaningful)
        for row in reversed(summary.rows)
    ]
    title = "Before and after each session"
    lead = _ba_lead(summary)
    return Chart("before_after", title, _ba_summary(summary), data, table, lead), summary


def _ba_lead(summary: descriptive.BeforeAfterSummary) -> str:
    if not summary.n:
        return ""
    relief = summary.mean_relief or 0.0
    sessions = f"{summary.n} session{'s' if summary.n != 1 else ''}"
    if abs(relief) < 0.05:
        return f"About the same after exercise as before ({sessions})."
    word = "better" if relief > 0 else "worse"
    return f"On average {points_word(abs(relief))} {word} after exercise ({sessions})."


def _ba_summary(summary: descriptive.BeforeAfterSummary) -> str:
    if not summary.n:
        return (
            "No sessions with both a before and an after check-in in this period yet. "
            "Rate your symptoms at the start and end of a session to see this."
        )
    relief = summary.mean_relief or 0.0
    if abs(relief) < 0.05:
        how = "about the same after exercise as before"
    elif relief > 0:
        how = f"on average {points_word(relief)} better after exercise than before"
    else:
        how = f"on average {points_word(-relief)} worse after exercise than before"
    return (
        f"In {summary.n} session{'s' if summary.n != 1 else ''} with both check-ins you felt "
        f"{how}. {summary.meaningful_improvements} showed a meaningful improvement and "
        f"{summary.meaningful_worsenings} a meaningful worsening (2 points or 30%)."
    )


# --- Adherence ---


@dataclass(frozen=True)
class CalendarDay:
    date: date
    done: bool
    future: bool
    before_period: bool = False


def weeks_in_period(today: date, days: int) -> int:
    """How many calendar weeks (Monday to Sunday) the last `days` days touch."""
    first = today - timedelta(days=days - 1)
    first_monday = first - timedelta(days=first.weekday())
    this_monday = today - timedelta(days=today.weekday())
    return (this_monday - first_monday).days // 7 + 1


def adherence(
    sessions: list[SessionRecord], *, today: date, days: int, tz: tzinfo | None
) -> tuple[Chart, descriptive.AdherenceReport, list[list[CalendarDay]]]:
    """Sessions and minutes each week of the period (`sessions` are the period's), and a
    calendar of its last ``CALENDAR_WEEKS`` weeks; days before the period are left blank."""
    report = descriptive.adherence(sessions, today, weeks_in_period(today, days), tz=tz)
    first_day = today - timedelta(days=days - 1)
    data = {
        "labels": [f"{week.starts:%-d %b}" for week in report.weeks],
        "week_starts": [week.starts.isoformat() for week in report.weeks],
        "sessions": [week.sessions for week in report.weeks],
        "minutes": [round(week.minutes) for week in report.weeks],
        "streak": report.streak,
    }
    calendar = [
        [
            CalendarDay(day, day in report.days_done, day > today, day < first_day)
            for day in (week.starts + timedelta(days=offset) for offset in range(7))
        ]
        for week in report.weeks[-CALENDAR_WEEKS:]
    ]
    summary = _adherence_summary(report, days)
    total = sum(week.sessions for week in report.weeks)
    period = PERIODS.get(days, f"the last {days} days")
    lead = (
        f"{total} session{'s' if total != 1 else ''} in {period}, about "
        f"{points(total / (days / 7))} a week."
        if total
        else ""
    )
    chart = Chart("adherence", "Sessions each week", summary, data, lead=lead)
    return chart, report, calendar


def _adherence_summary(report: descriptive.AdherenceReport, days: int) -> str:
    total = sum(week.sessions for week in report.weeks)
    period = PERIODS.get(days, f"the last {days} days")
    if not total:
        return f"No sessions in {period} yet."
    weeks = days / 7
    this_week = report.weeks[-1]
    minutes = sum(week.minutes for week in report.weeks)
    streak = (
        f" You have exercised {report.streak} day{'s' if report.streak != 1 else ''} in a row."
        if report.streak > 1
        else ""
    )
    return (
        f"This week: {this_week.sessions} session{'s' if this_week.sessions != 1 else ''}, "
        f"{round(this_week.minutes)} minutes. In {period}: "
        f"{total} sessions, {round(minutes)} minutes, about "
        f"{points(total / weeks)} a week.{streak}"
    )


# --- Time of day ---


def time_of_day(
    sessions: list[SessionRecord], symptom: str
) -> tuple[Chart, list[descriptive.TimeOfDayRelief]]:
    rows = [row for row in descriptive.time_of_day_comparison(sessions, symptom) if row.n]
    data = {
        "symptom": symptom,
        "labels": [TIME_OF_DAY_LABELS[row.time_of_day] for row in rows],
        "relief": [_round(row.mean_relief) for row in rows],
        "n": [row.n for row in rows],
    }
    lead = (
        "Change after exercise (positive = better): "
        + ", ".join(
            f"{TIME_OF_DAY_LABELS[row.time_of_day].lower()} {signed(row.mean_relief)}"
            for row in rows
        )
        + "."
        if rows
        else ""
    )
    return Chart("time_of_day", "Morning or evening?", _tod_summary(rows), data, lead=lead), rows


def _tod_summary(rows: list[descriptive.TimeOfDayRelief]) -> str:
    if not rows:
        return "No sessions with both check-ins yet, so times of day cannot be compared."
    parts = [
        f"{TIME_OF_DAY_LABELS[row.time_of_day].lower()} {signed(row.mean_relief)} points "
        f"({row.n} session{'s' if row.n != 1 else ''})"
        for row in rows
    ]
    text = "Average change after exercise, positive = better: " + "; ".join(parts) + "."
    if len(rows) < 2:
        return text + " Try another time of day to compare."
    if any(row.n < SMALL_GROUP for row in rows):
        return text + (
            f" Some groups have fewer than {SMALL_GROUP} sessions, so a difference may be chance."
        )
    return text + " Differences under a point or so may be chance."


# --- Which movements help ---


def movements(
    sessions: list[SessionRecord],
    *,
    symptom: str,
    names: dict[str, str],
    period: str = "",
) -> tuple[Chart, MovementReport]:
    """The movement analysis as a chart; `period` ("the last 90 days") names the sessions
    used, in the one-line summary."""
    report = movement_effects(sessions, symptom, names=names)
    shown = [e for e in report.effects if e.judged]
    data = {
        "symptom": symptom,
        "axis": EFFECT_AXIS_POINTS,
        "labels": [names.get(e.slug, e.slug) for e in shown],
        "estimate": [_round(e.estimate, 1) for e in shown],
        "low": [_round(e.low, 1) for e in shown],
        "high": [_round(e.high, 1) for e in shown],
        "verdict": [e.verdict for e in shown],
    }
    title = "Which movements seem to help"
    lead = _movements_lead(report, names, period)
    return Chart("movements", title, report.explanation, data, lead=lead), report


def _movements_lead(report: MovementReport, names: dict[str, str], period: str) -> str:
    if report.n_sessions == 0:
        return ""
    sessions = f"{report.n_sessions} session{'s' if report.n_sessions != 1 else ''}"
    evidence = f"{sessions} in {period}" if period else sessions
    helping = [e for e in report.effects if e.verdict == LIKELY_HELPS]
    top = next((e for e in helping if e.slug == report.winner), None)
    if top is not None and top.estimate is not None:
        return (
            f"{names.get(top.slug, top.slug)} seems to help most: about "
            f"{points_word(top.estimate)} of extra relief ({evidence})."
        )
    if helping:
        listed = wording.join_words([names.get(e.slug, e.slug) for e in helping])
        return f"Seem to help: {listed} ({evidence})."
    return f"Nothing stands out yet ({evidence} with both check-ins)."


LATER_MIN_SESSIONS = 10


def later_movements(
    sessions: list[SessionRecord], *, symptom: str, names: dict[str, str]
) -> MovementReport | None:
    """The same analysis against the later check-ins, once enough sessions have one."""
    if sum(1 for s in sessions if s.later) < LATER_MIN_SESSIONS:
        return None
    return movement_effects(sessions, symptom, names=names, later=True)


def feedback(report: MovementReport, names: dict[str, str]) -> Chart:
    """Per-step feedback per movement, most often "helped" first: what the person reports,
    shown beside what the ratings measure (the movements chart)."""
    rows = sorted(
        (e for e in report.effects if e.feedback_counts.total),
        key=lambda e: (-e.feedback_counts.helped / e.feedback_counts.total, e.slug),
    )
    data = {
        "labels": [names.get(e.slug, e.slug) for e in rows],
        "helped": [e.feedback_counts.helped for e in rows],
        "no_change": [e.feedback_counts.no_change for e in rows],
        "worse": [e.feedback_counts.worse for e in rows],
        "painful": [e.feedback_counts.painful for e in rows],
    }
    table = [
        (
            names.get(e.slug, e.slug),
            e.feedback_counts.helped,
            e.feedback_counts.no_change,
            e.feedback_counts.worse,
            e.feedback_counts.painful,
            e.verdict,
        )
        for e in rows
    ]
    if not rows:
        summary = (
            "No feedback yet. After each exercise in a session you can mark whether it "
            "helped; it shows here beside what your ratings say."
        )
    else:
        top = rows[0]
        summary = (
            f"You marked {names.get(top.slug, top.slug)} as helping most often: "
            f"{top.feedback_counts.helped} of {top.feedback_counts.total} times."
        )
        disagreements = wording.feedback_disagreements(report.effects, names)
        if disagreements:
            summary += " " + " ".join(disagreements)
    return Chart("feedback", "What you report after each exercise", summary, data, table)


def movements_json(report: MovementReport, names: dict[str, str]) -> dict:
    return {
        "symptom": report.symptom,
        "n_sessions": report.n_sessions,
        "ranked": report.ranked,
        "relative": report.relative,
        "winner": report.winner,
        "explanation": report.explanation,
        "movements": [
            {
                "slug": e.slug,
                "name": names.get(e.slug, e.slug),
                "estimate": _round(e.estimate, 2),
                "low": _round(e.low, 2),
                "high": _round(e.high, 2),
                "n_sessions": e.n_sessions,
                "n_without": e.n_without,
                "verdict": e.verdict,
                "chance_helps": _round(e.chance_helps, 2),
                "reason": e.reason,
                "feedback": {
                    "helped": e.feedback_counts.helped,
                    "no_change": e.feedback_counts.no_change,
                    "worse": e.feedback_counts.worse,
                    "painful": e.feedback_counts.painful,
                    "total": e.feedback_counts.total,
                },
            }
            for e in report.effects
        ],
    }


def recent_means(logs: list[LogPoint], *, since: datetime) -> dict[str, float | None]:
    """Mean rating of each symptom since a moment, for the suggestions."""
    totals: dict[str, list[int]] = {}
    for point in logs:
        if point.recorded_at >= since:
            for name, value in point.ratings.items():
                totals.setdefault(name, []).append(value)
    return {name: sum(values) / len(values) for name, values in totals.items()}


def _round(value: float | None, digits: int = 2) -> float | None:
    """Rounded like the explanations' text (Python's round), so numbers agree everywhere."""
    return None if value is None else round(value, digits)
