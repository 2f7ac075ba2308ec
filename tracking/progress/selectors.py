"""Reads for the progress page: model rows to the plain records of ``tracking.insights``,
and the whole report the page shows, in a constant number of queries."""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Profile
from accounts.symptoms import SYMPTOM_FIELDS
from routines.models import Exercise
from tracking.insights import wording
from tracking.insights.effects import MovementReport
from tracking.insights.records import LogPoint, SessionRecord
from tracking.insights.series import AdherenceReport, BeforeAfterSummary
from tracking.models import (
    LogContext,
    PracticeSession,
    SessionStage,
    SessionStatus,
    SessionStep,
    StepStatus,
    SymptomLog,
)
from tracking.progress import charts
from tracking.progress.headline import Headline, headline
from tracking.progress.svgchart import TrendSvg, trend_svg


@dataclass(frozen=True)
class ProgressInputs:
    sessions: list[SessionRecord]  # finished sessions since sessions_since (or the latest)
    logs: list[LogPoint]  # every log since logs_since (none without it)
    names: dict[str, str]  # exercise slug -> name
    categories: dict[str, str]  # exercise slug -> category


def progress_inputs(
    owner: User,
    *,
    sessions_since: datetime,
    logs_since: datetime | None,
    max_sessions: int | None = None,
) -> ProgressInputs:
    """Finished sessions since a moment (at most the latest `max_sessions`), and logs since
    a moment: six queries, whatever the history's size."""
    chosen = PracticeSession.objects.filter(
        owner=owner, stage=SessionStage.DONE, started_at__gte=sessions_since
    )
    if max_sessions is not None:
        chosen = chosen.filter(
            id__in=chosen.order_by("-started_at", "-id").values("id")[:max_sessions]
        )
    exercises = list(Exercise.objects.values_list("id", "slug", "name", "category"))
    sessions = session_records(chosen, {pk: slug for pk, slug, _, _ in exercises})
    logs = (
        [
            LogPoint(recorded_at=recorded_at, ratings=given_ratings(ratings))
            for recorded_at, *ratings in SymptomLog.objects.filter(
                owner=owner, recorded_at__gte=logs_since
            ).values_list("recorded_at", *SYMPTOM_FIELDS)
        ]
        if logs_since is not None
        else []
    )
    return ProgressInputs(
        sessions=sessions,
        logs=logs,
        names={slug: name for _, slug, name, _ in exercises},
        categories={slug: category for _, slug, _, category in exercises},
    )


def session_records(
    chosen: QuerySet[PracticeSession], slug_of: Mapping[int, str]
) -> list[SessionRecord]:
    """The chosen finished sessions as insight records, oldest first: three queries."""
    rows = list(chosen.values_list("id", "started_at", "finished_at", "time_of_day", "status"))
    ids = chosen.values("id")  # a subquery: cheaper than sending every id back
    done_steps: dict[int, set[str]] = defaultdict(set)
    feedback: dict[int, dict[str, str]] = defaultdict(dict)
    for session_id, exercise_id, status, given in SessionStep.objects.filter(
        session_id__in=ids
    ).values_list("session_id", "exercise_id", "status", "feedback"):
        if status == StepStatus.DONE:
            done_steps[session_id].add(slug_of[exercise_id])
        if given:
            feedback[session_id][slug_of[exercise_id]] = given
    check_ins: dict[tuple[int, str], dict[str, int]] = {}
    for session_id, context, *ratings in SymptomLog.objects.filter(
        session_id__in=ids, context__in=[LogContext.BEFORE, LogContext.AFTER, LogContext.LATER]
    ).values_list("session_id", "context", *SYMPTOM_FIELDS):
        check_ins[session_id, context] = given_ratings(ratings)
    sessions = [
        SessionRecord(
            session_id=session_id,
            started_at=started_at,
            time_of_day=time_of_day,
            exercises=frozenset(done_steps.get(session_id, ())),
            before=check_ins.get((session_id, LogContext.BEFORE), {}),
            after=check_ins.get((session_id, LogContext.AFTER), {}),
            later=check_ins.get((session_id, LogContext.LATER), {}),
            feedback=feedback.get(session_id, {}),
            minutes=(finished_at - started_at).total_seconds() / 60 if finished_at else 0.0,
            completed=status == SessionStatus.COMPLETED,
        )
        for session_id, started_at, finished_at, time_of_day, status in rows
    ]
    sessions.sort(key=lambda record: (record.started_at, record.session_id))
    return sessions


def given_ratings(ratings: Iterable[int | None]) -> dict[str, int]:
    """{symptom: rating} for the ratings given, from values in SYMPTOM_FIELDS order."""
    pairs = zip(SYMPTOM_FIELDS, ratings, strict=True)
    return {name: value for name, value in pairs if value is not None}


@dataclass(frozen=True)
class ProgressReport:
    headline: Headline
    days: int
    symptom: str
    trend: charts.Chart
    trend_svg: TrendSvg
    before_after: charts.Chart
    before_after_summary: BeforeAfterSummary
    adherence: charts.Chart
    adherence_report: AdherenceReport
    calendar: list
    time_of_day: charts.Chart
    time_of_day_rows: list
    movements: charts.Chart
    movement_report: MovementReport
    feedback: charts.Chart
    later_report: MovementReport | None  # with the later check-ins, once there are enough
    names: dict[str, str]
    suggestions: list[str]

    @property
    def before_after_drawn(self) -> dict:
        """Only what the before/after chart draws (the table and the JSON have the rest)."""
        keep = ("labels", "relief", "rolling", "rolling_window")
        return {key: self.before_after.data[key] for key in keep}

    @property
    def period(self) -> str:
        return charts.PERIODS.get(self.days, f"the last {self.days} days")

    @property
    def later_rows(self) -> list[tuple[str, str, str]]:
        """(name, verdict, reason) of each movement judged against the later check-ins."""
        if self.later_report is None:
            return []
        return [
            (self.names.get(e.slug, e.slug), e.verdict, e.reason)
            for e in self.later_report.effects
            if e.judged
        ]

    @property
    def movement_rows(self) -> list[dict]:
        return charts.movements_json(self.movement_report, self.names)["movements"]


def progress_report(owner: User, profile: Profile, *, days: int, symptom: str) -> ProgressReport:
    now = timezone.now()
    tz = timezone.get_current_timezone()
    today = timezone.localdate(now)
    period_start = local_midnight(today - timedelta(days=days - 1), tz)
    # Every section uses the chosen period's sessions; the logs start a week earlier for
    # the first 7-day average, and cover the last fortnight for the suggestions.
    data = progress_inputs(
        owner,
        sessions_since=period_start,
        logs_since=min(period_start - timedelta(days=6), now - timedelta(days=14)),
    )
    in_period = data.sessions
    trend, series = charts.trend(data.logs, symptom, today=today, days=days, tz=tz)
    before_after, ba_summary = charts.before_after(in_period, symptom, tz=tz)
    adherence, adherence_report, calendar = charts.adherence(
        in_period, today=today, days=days, tz=tz
    )
    time_of_day, tod_rows = charts.time_of_day(in_period, symptom)
    movements, movement_report = charts.movements(
        in_period, symptom=symptom, names=data.names, period=charts.PERIODS.get(days, "")
    )
    suggestions = wording.suggestions(
        profile.main_symptoms,
        charts.recent_means(data.logs, since=now - timedelta(days=14)),
        movement_report,
        balance_concerns=profile.balance_concerns,
        categories=data.categories,
        names=data.names,
    )
    return ProgressReport(
        headline=headline(
            series=series,
            symptom=symptom,
            today=today,
            movements=movement_report,
            names=data.names,
            adherence=adherence_report,
        ),
        days=days,
        symptom=symptom,
        trend=trend,
        trend_svg=trend_svg(
            [p.date for p in series],
            [p.mean for p in series],
            [p.avg7 for p in series],
            higher_is_better=trend.data["higher_is_better"],
        ),
        before_after=before_after,
        before_after_summary=ba_summary,
        adherence=adherence,
        adherence_report=adherence_report,
        calendar=calendar,
        time_of_day=time_of_day,
        time_of_day_rows=tod_rows,
        movements=movements,
        movement_report=movement_report,
        feedback=charts.feedback(movement_report, data.names),
        later_report=charts.later_movements(in_period, symptom=symptom, names=data.names),
        names=data.names,
        suggestions=suggestions,
    )


def local_midnight(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=tz)
