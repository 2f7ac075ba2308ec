"""The report for a healthcare professional: pure, no database.

``build_report`` turns the progress page's results (movement ranking, before/after;
from ``tracking.progress.selectors``) plus the period's logs, sessions and per-step
feedback (the plain records below) into one ``ClinicianReport``. The HTML page and the
PDF both render that object, so they always say the same thing; numbers are formatted
by ``tracking.numbers``.

The period ends today and starts ``days - 1`` days before. "First 7 days" and "last 7
days" average the daily means of those days (each day weighted equally, as on the
progress page), so the last 7 days' average is the 7-day average now.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from accounts.symptoms import BURDEN, SERIES_LABELS, SYMPTOM_FIELDS, higher_is_better
from tracking.insights.effects import MovementReport
from tracking.insights.records import LogPoint, is_meaningful_relief, local_date
from tracking.insights.series import (
    BeforeAfterSummary,
    DayRatings,
    DayTotals,
    by_local_day,
    daily_series,
)
from tracking.insights.wording import CONSULT_SENTENCE
from tracking.numbers import NO_VALUE, points, points_word, signed

PERIODS = (30, 90)
DEFAULT_DAYS = 30
DAYS_ERROR = "A report covers the last 30 or the last 90 days. Please choose one of them below."
DAYS_ERROR_TEXT = "Choose a report period of 30 or 90 days: ?days=30 or ?days=90."
WEEK = 7
NOTES_SHOWN = 100  # newest first; the report says when there are more
# The most common reasons for stopping; the rest are counted on one line.
STOP_REASONS_SHOWN = 10
NO_REASON_TEXTS = ("", "Stopped early")  # counted as "No reason given"
NO_REASON = "No reason given"
SPARK_WIDTH = 120
SPARK_HEIGHT = 30
SPARK_PAD = 2
TITLE = "Report for your healthcare professional"
CONTEXT_LABELS = {
    "anytime": "",
    "before": "Before exercise",
    "after": "After exercise",
    "later": "Later, after exercise",
}
DISCLAIMER = (
    "This report summarises ratings and notes the person entered themselves in neuroapp, "
    "an exercise and symptom diary for foot (peripheral) neuropathy. It is not a diagnosis "
    "or a clinical measurement, and the patterns it shows are associations, not proof of "
    "cause. " + CONSULT_SENTENCE
)
SCALE_NOTE = (
    "Ratings are self-reported on a 0-10 scale. For every symptom except balance "
    "confidence, a higher rating is worse. A change of 2 points, or 30% of the starting "
    "value, is marked as meaningful."
)


def parse_days(raw: str | None) -> int | None:
    """The report period from ``?days=``: missing or blank -> 30; 30 or 90; else None."""
    if raw is None or not raw.strip():
        return DEFAULT_DAYS
    choices = {str(days): days for days in PERIODS}  # exact text: int() takes too much
    return choices.get(raw.strip())


# ---------------------------------------------------------------------------
# Inputs: plain records made by tracking.report.selectors.clinician_report_data


@dataclass(frozen=True)
class LogRecord:
    recorded_at: datetime
    ratings: Mapping[str, int]
    note: str = ""
    context: str = "anytime"


@dataclass(frozen=True)
class SessionRow:
    """A session in the period that was completed or stopped early."""

    started_at: datetime
    minutes: float
    completed: bool
    stop_reason: str = ""


@dataclass(frozen=True)
class SessionTotals:
    """The period's completed and stopped sessions added up (by the database)."""

    count: int
    completed: int
    minutes: float
    days_exercised: int  # local calendar days with at least one session


def session_totals(sessions: Sequence[SessionRow], tz: tzinfo | None = None) -> SessionTotals:
    return SessionTotals(
        count=len(sessions),
        completed=sum(1 for s in sessions if s.completed),
        minutes=sum(s.minutes for s in sessions),
        days_exercised=len({local_date(s.started_at, tz) for s in sessions}),
    )


@dataclass(frozen=True)
class StopReasonCounts:
    """The most common stop reasons, counted elsewhere (e.g. by the database)."""

    top: tuple[tuple[str, int], ...]  # (reason, sessions), more than STOP_REASONS_SHOWN or all
    distinct: int | None  # distinct reasons in all, when counted
    stopped: int  # sessions stopped early in all


@dataclass(frozen=True)
class StepFeedbackCount:
    exercise: str  # the exercise's name
    feedback: str  # "painful" or "worse"
    n: int


# ---------------------------------------------------------------------------
# Output


@dataclass(frozen=True)
class Sparkline:
    """The 7-day average over the period on a fixed 0-10 scale, as SVG-ready points."""

    width: int
    height: int
    points: str  # "x,y x,y ..." for <polyline points>; y grows downwards
    last_x: float
    last_y: float
    values: tuple[tuple[float, float], ...]  # (x, rating) for the PDF drawing
    description: str


@dataclass(frozen=True)
class SymptomTrend:
    key: str
    label: str
    higher_is_better: bool
    n_logs: int
    days_rated: int
    period_mean: float | None
    first_week: float | None
    last_week: float | None
    relief: float | None  # positive = better, last week against first week
    meaningful: bool
    sparkline: Sparkline | None

    @property
    def period_mean_text(self) -> str:
        return points(self.period_mean)

    @property
    def first_week_text(self) -> str:
        return points(self.first_week)

    @property
    def last_week_text(self) -> str:
        return points(self.last_week)

    @property
    def change_text(self) -> str:
        if self.relief is None:
            return NO_VALUE
        if abs(self.relief) < 0.05:
            return "No change"
        text = f"{points_word(abs(self.relief))} {'better' if self.relief > 0 else 'worse'}"
        return text + (" (meaningful)" if self.meaningful else "")


@dataclass(frozen=True)
class ExerciseFlag:
    name: str
    painful: int
    worse: int


@dataclass(frozen=True)
class SessionStats:
    count: int
    completed: int
    stopped: int
    minutes: float
    days_exercised: int
    per_week: float
    stop_reasons: tuple[tuple[str, int], ...]  # most common first
    flagged_exercises: tuple[ExerciseFlag, ...]  # marked painful or worse, most painful first

    @property
    def minutes_text(self) -> str:
        return f"{round(self.minutes)}"

    @property
    def mean_minutes_text(self) -> str:
        return points(self.minutes / self.count) if self.count else NO_VALUE

    @property
    def per_week_text(self) -> str:
        return points(self.per_week)


@dataclass(frozen=True)
class BeforeAfter:
    label: str
    summary: str
    n: int
    mean_relief: float | None
    improvements: int
    worsenings: int
    limit_note: str = ""  # set when only the latest sessions were analysed

    @property
    def mean_relief_text(self) -> str:
        if self.mean_relief is None:
            return NO_VALUE
        if abs(self.mean_relief) < 0.05:
            return "No change"
        better = self.mean_relief > 0
        return f"{points_word(abs(self.mean_relief))} {'better' if better else 'worse'}"


@dataclass(frozen=True)
class MovementLine:
    name: str
    verdict: str
    estimate: float | None
    low: float | None
    high: float | None
    n_with: int
    n_without: int
    helped: int
    painful: int
    reason: str

    @property
    def estimate_text(self) -> str:
        if self.estimate is None:
            return NO_VALUE
        return f"{signed(self.estimate)} ({signed(self.low)} to {signed(self.high)})"


@dataclass(frozen=True)
class NoteLine:
    recorded_at: datetime  # local time
    context: str  # "Before exercise", "After exercise" or ""
    text: str


@dataclass(frozen=True)
class ClinicianReport:
    name: str  # the display name from the profile, else the user name
    days: int
    period_start: date
    period_end: date
    generated_at: datetime  # local time
    main_symptoms: tuple[str, ...]
    balance_concerns: bool
    symptoms: tuple[SymptomTrend, ...]  # the average of all symptoms first, when rated
    not_rated: tuple[str, ...]  # symptom labels with no rating in the period
    sessions: SessionStats
    before_after: BeforeAfter
    movements: tuple[MovementLine, ...]
    movement_explanation: str
    winner: str | None  # a movement's name only when the analysis names one
    movement_sessions: int  # sessions with before-and-after check-ins analysed
    notes: tuple[NoteLine, ...]  # newest first, at most NOTES_SHOWN
    notes_total: int
    title: str = TITLE
    scale_note: str = SCALE_NOTE
    disclaimer: str = DISCLAIMER
    periods: tuple[int, ...] = field(default=PERIODS)

    @property
    def period_text(self) -> str:
        return (
            f"{_long_date(self.period_start)} to {_long_date(self.period_end)} ({self.days} days)"
        )

    @property
    def generated_text(self) -> str:
        return f"{_long_date(self.generated_at)} at {self.generated_at:%H:%M}"

    @property
    def main_symptoms_text(self) -> str:
        return ", ".join(self.main_symptoms) if self.main_symptoms else "None chosen"

    @property
    def notes_hidden(self) -> int:
        return self.notes_total - len(self.notes)

    @property
    def winner_text(self) -> str:
        if self.winner:
            return (
                f"The analysis names {self.winner} as the movement most clearly linked "
                "with feeling better afterwards."
            )
        return "No single movement is named as the most helpful: the data do not single one out."


# ---------------------------------------------------------------------------


def build_report(
    *,
    name: str,
    main_symptoms: Iterable[str],
    balance_concerns: bool,
    days: int,
    before_after: BeforeAfterSummary,
    before_after_text: str,
    movement_report: MovementReport,
    names: Mapping[str, str],
    logs: Sequence[LogRecord | LogPoint | DayTotals],
    sessions: Sequence[SessionRow] | SessionTotals,
    feedback: Sequence[StepFeedbackCount],
    today: date,
    generated_at: datetime,
    tz: tzinfo | None = None,
    notes: Sequence[LogRecord] | None = None,
    notes_total: int | None = None,
    stop_reasons: StopReasonCounts | None = None,
    analysed_limit: int | None = None,
) -> ClinicianReport:
    """The report. ``notes`` (newest first, at most ``NOTES_SHOWN``) and ``notes_total``
    may come from the database; without them the notes are taken from ``logs``. Likewise
    ``stop_reasons``, else counted from ``sessions``. ``logs`` may be the period's days
    added up by the database (``DayTotals``) and ``sessions`` its totals, so the work does
    not grow with the number of rows. ``analysed_limit``: the before/after summary covers
    only that many latest sessions (the report says so)."""
    start = today - timedelta(days=days - 1)
    daily: list[DayRatings | DayTotals] = [
        day for day in logs if isinstance(day, DayTotals) and start <= day.day <= today
    ]
    in_period = [
        log
        for log in logs
        if not isinstance(log, DayTotals) and start <= local_date(log.recorded_at, tz) <= today
    ]
    # Local days worked out once for the seven series, not once per series.
    points_ = (
        log if isinstance(log, LogPoint) else LogPoint(log.recorded_at, log.ratings)
        for log in in_period
    )
    daily.extend(by_local_day(points_, tz))
    trends = []
    not_rated = []
    for key in (BURDEN, *SYMPTOM_FIELDS):
        trend = symptom_trend(daily, key, start=start, end=today, tz=tz)
        if trend is not None:
            trends.append(trend)
        elif key != BURDEN:
            not_rated.append(SERIES_LABELS[key])
    summary = before_after
    if notes is None:
        with_notes = [log for log in in_period if isinstance(log, LogRecord) and log.note.strip()]
        with_notes.sort(key=lambda log: log.recorded_at, reverse=True)
        notes, notes_total = with_notes[:NOTES_SHOWN], len(with_notes)
    return ClinicianReport(
        name=name,
        days=days,
        period_start=start,
        period_end=today,
        generated_at=_local(generated_at, tz),
        main_symptoms=tuple(main_symptoms),
        balance_concerns=balance_concerns,
        symptoms=tuple(trends),
        not_rated=tuple(not_rated),
        sessions=session_stats(sessions, feedback, days=days, tz=tz, stop_reasons=stop_reasons),
        before_after=BeforeAfter(
            label=SERIES_LABELS[movement_report.symptom],
            summary=before_after_text,
            n=summary.n,
            mean_relief=summary.mean_relief,
            improvements=summary.meaningful_improvements,
            worsenings=summary.meaningful_worsenings,
            limit_note=(
                f"Only the latest {analysed_limit:,} sessions are analysed here."
                if analysed_limit
                else ""
            ),
        ),
        movements=tuple(
            MovementLine(
                name=names.get(e.slug, e.slug),
                verdict=e.verdict,
                estimate=e.estimate,
                low=e.low,
                high=e.high,
                n_with=e.n_sessions,
                n_without=e.n_without,
                helped=e.feedback_counts.helped,
                painful=e.feedback_counts.painful,
                reason=e.reason,
            )
            for e in movement_report.effects
        ),
        movement_explanation=movement_report.explanation,
        winner=names.get(movement_report.winner, movement_report.winner)
        if movement_report.winner
        else None,
        movement_sessions=movement_report.n_sessions,
        notes=tuple(
            NoteLine(
                recorded_at=_local(log.recorded_at, tz),
                context=CONTEXT_LABELS.get(log.context, ""),
                text=log.note.strip(),
            )
            for log in notes[:NOTES_SHOWN]
        ),
        notes_total=len(notes) if notes_total is None else notes_total,
    )


def symptom_trend(
    logs: Sequence[LogRecord | DayRatings | DayTotals],
    key: str,
    *,
    start: date,
    end: date,
    tz: tzinfo | None = None,
) -> SymptomTrend | None:
    """One row of the symptom table, or None when the symptom was not rated in the period.

    ``logs`` should be the period's logs only, so the 7-day averages near its start use
    its own days.
    """
    points_ = [
        log if isinstance(log, DayRatings | DayTotals) else LogPoint(log.recorded_at, log.ratings)
        for log in logs
    ]
    # Only the period's logs: the 7-day averages at its start use its own days only.
    series = daily_series(points_, key, start=start, end=end, tz=tz)
    n_logs = sum(p.n for p in series)
    if not n_logs:
        return None
    rated = [(p.date, mean) for p in series if (mean := p.mean) is not None]
    first_days = [mean for day, mean in rated if day < start + timedelta(days=WEEK)]
    last_days = [mean for day, mean in rated if day > end - timedelta(days=WEEK)]
    first = _mean(first_days)
    last = _mean(last_days)
    better_when_higher = higher_is_better(key)
    relief = None
    meaningful = False
    # With a period of one week or less the two weeks are the same days: no change to show.
    if first is not None and last is not None and (end - start).days >= WEEK:
        relief = last - first if better_when_higher else first - last
        meaningful = is_meaningful_relief(first, last, key)
    # Daily means weighted equally, like the 7-day averages.
    period_mean = _mean([mean for _, mean in rated])
    label = SERIES_LABELS[key]
    return SymptomTrend(
        key=key,
        label=label,
        higher_is_better=better_when_higher,
        n_logs=n_logs,
        days_rated=len(rated),
        period_mean=period_mean,
        first_week=first,
        last_week=last,
        relief=relief,
        meaningful=meaningful,
        sparkline=sparkline(
            [(p.date, p.avg7) for p in series if p.avg7 is not None],
            start=start,
            end=end,
            label=label,
        ),
    )


def sparkline(
    values: Sequence[tuple[date, float]], *, start: date, end: date, label: str
) -> Sparkline | None:
    """Days across, 0-10 up; None when there is nothing to draw."""
    if not values:
        return None
    span = max((end - start).days, 1)
    inner_w = SPARK_WIDTH - 2 * SPARK_PAD
    inner_h = SPARK_HEIGHT - 2 * SPARK_PAD
    coords = []
    for day, value in values:
        x = SPARK_PAD + inner_w * (day - start).days / span
        y = SPARK_PAD + inner_h * (1 - max(0.0, min(10.0, value)) / 10)
        coords.append((round(x, 1), round(y, 1), value))
    first_value, last_value = values[0][1], values[-1][1]
    description = (
        f"{label}, 7-day average from {points(first_value)} to {points(last_value)} "
        "out of 10 over the period"
    )
    return Sparkline(
        width=SPARK_WIDTH,
        height=SPARK_HEIGHT,
        points=" ".join(f"{_num(x)},{_num(y)}" for x, y, _ in coords),
        last_x=coords[-1][0],
        last_y=coords[-1][1],
        values=tuple((x, value) for x, _, value in coords),
        description=description,
    )


def session_stats(
    sessions: Sequence[SessionRow] | SessionTotals,
    feedback: Sequence[StepFeedbackCount],
    *,
    days: int,
    tz: tzinfo | None = None,
    stop_reasons: StopReasonCounts | None = None,
) -> SessionStats:
    totals = sessions if isinstance(sessions, SessionTotals) else session_totals(sessions, tz)
    count, completed = totals.count, totals.completed
    if stop_reasons is None:
        assert not isinstance(sessions, SessionTotals), "totals come with their stop reasons"
        counted = Counter(_reason_key(s.stop_reason) for s in sessions if not s.completed)
        stop_reasons = StopReasonCounts(
            top=tuple(counted.items()), distinct=len(counted), stopped=counted.total()
        )
    flags: dict[str, dict[str, int]] = {}
    for row in feedback:
        if row.feedback in ("painful", "worse") and row.n:
            flags.setdefault(row.exercise, Counter())[row.feedback] += row.n
    flagged = sorted(
        (ExerciseFlag(name, c.get("painful", 0), c.get("worse", 0)) for name, c in flags.items()),
        key=lambda f: (-f.painful, -f.worse, f.name),
    )
    return SessionStats(
        count=count,
        completed=completed,
        stopped=count - completed,
        minutes=totals.minutes,
        days_exercised=totals.days_exercised,
        per_week=count * WEEK / days if days else 0.0,
        stop_reasons=stop_reason_lines(stop_reasons),
        flagged_exercises=tuple(flagged),
    )


def stop_reason_lines(counts: StopReasonCounts) -> tuple[tuple[str, int], ...]:
    """(reason, sessions), most common first; past STOP_REASONS_SHOWN lines the rest are
    one line, "N other reasons" (or "Other reasons" when the reasons were not counted)."""
    lines = sorted(
        ((reason or NO_REASON, n) for reason, n in counts.top), key=lambda p: (-p[1], p[0])
    )
    distinct = len(lines) if counts.distinct is None else counts.distinct
    if distinct <= STOP_REASONS_SHOWN:
        return tuple(lines)
    shown = lines[: STOP_REASONS_SHOWN - 1]
    label = "Other reasons" if counts.distinct is None else f"{distinct - len(shown)} other reasons"
    return (*shown, (label, counts.stopped - sum(n for _, n in shown)))


def _reason_key(reason: str) -> str:
    reason = reason.strip()
    return "" if reason in NO_REASON_TEXTS else reason


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _num(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _local(moment: datetime, tz: tzinfo | None) -> datetime:
    if tz is not None and moment.tzinfo is not None:
        return moment.astimezone(tz)
    return moment


def _long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"
