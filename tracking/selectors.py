"""Reads for symptom logs and progress."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Least
from django.utils import timezone

from routines.models import Exercise
from tracking import charts, insights
from tracking.models import (
    HIGHER_IS_BETTER,
    SYMPTOM_FIELDS,
    LogContext,
    PracticeSession,
    SessionStage,
    SessionStatus,
    SessionStep,
    StepStatus,
    Symptom,
    SymptomLog,
)

LOGS_PER_PAGE = 20
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class RatingShown:
    name: str
    label: str
    value: int
    higher_is_better: bool


@dataclass(frozen=True)
class LogEntry:
    """A log with its given ratings labelled, ready to show."""

    log: SymptomLog
    ratings: list[RatingShown]


def log_entry(log: SymptomLog) -> LogEntry:
    given = log.ratings()
    return LogEntry(
        log=log,
        ratings=[
            RatingShown(name, Symptom(name).label, given[name], name in HIGHER_IS_BETTER)
            for name in SYMPTOM_FIELDS
            if name in given
        ],
    )


def symptom_logs(owner) -> QuerySet[SymptomLog]:
    """The owner's logs, newest first."""
    return (
        SymptomLog.objects.filter(owner=owner)
        .select_related("session")
        .order_by("-recorded_at", "-id")
    )


def symptom_log_page(owner, page_number, per_page: int = LOGS_PER_PAGE) -> Page:
    """One page of the owner's history as LogEntry items.

    A missing or malformed page number gives the first page; one past the end
    gives the last.
    """
    page = Paginator(symptom_logs(owner), per_page).get_page(page_number)
    page.object_list = [log_entry(log) for log in page.object_list]
    return page


# --- Progress: model rows to the plain records of tracking.insights ---


@dataclass(frozen=True)
class ProgressInputs:
    sessions: list[insights.SessionRecord]  # finished sessions since sessions_since
    logs: list[insights.LogPoint]  # every log since logs_since
    names: dict[str, str]  # exercise slug -> name
    categories: dict[str, str]  # exercise slug -> category


def progress_inputs(
    owner, *, sessions_since: datetime, recent_sessions: int, logs_since: datetime
) -> ProgressInputs:
    """Finished sessions since a moment plus the latest `recent_sessions`, and logs since a
    moment: six queries, whatever the history's size."""
    finished = PracticeSession.objects.filter(owner=owner, stage=SessionStage.DONE)
    # The start of the n-th latest session (a scalar subquery), so one index range scan
    # covers both the period and the latest n sessions.
    nth_latest = finished.order_by("-started_at").values("started_at")[
        recent_sessions - 1 : recent_sessions
    ]
    chosen = finished.filter(
        started_at__gte=Least(Value(sessions_since), Coalesce(Subquery(nth_latest), Value(EPOCH)))
    )
    rows = list(chosen.values_list("id", "started_at", "finished_at", "time_of_day", "status"))
    ids = chosen.values("id")  # a subquery: cheaper than sending every id back
    exercises = list(Exercise.objects.values_list("id", "slug", "name", "category"))
    slug_of = {pk: slug for pk, slug, _, _ in exercises}
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
        session_id__in=ids, context__in=[LogContext.BEFORE, LogContext.AFTER]
    ).values_list("session_id", "context", *SYMPTOM_FIELDS):
        check_ins[session_id, context] = _given(ratings)
    sessions = [
        insights.SessionRecord(
            session_id=session_id,
            started_at=started_at,
            time_of_day=time_of_day,
            exercises=frozenset(done_steps.get(session_id, ())),
            before=check_ins.get((session_id, LogContext.BEFORE), {}),
            after=check_ins.get((session_id, LogContext.AFTER), {}),
            feedback=feedback.get(session_id, {}),
            minutes=(finished_at - started_at).total_seconds() / 60 if finished_at else 0.0,
            completed=status == SessionStatus.COMPLETED,
        )
        for session_id, started_at, finished_at, time_of_day, status in rows
    ]
    sessions.sort(key=lambda record: (record.started_at, record.session_id))
    logs = [
        insights.LogPoint(recorded_at=recorded_at, ratings=_given(ratings))
        for recorded_at, *ratings in SymptomLog.objects.filter(
            owner=owner, recorded_at__gte=logs_since
        ).values_list("recorded_at", *SYMPTOM_FIELDS)
    ]
    return ProgressInputs(
        sessions=sessions,
        logs=logs,
        names={slug: name for _, slug, name, _ in exercises},
        categories={slug: category for _, slug, _, category in exercises},
    )


def _given(ratings) -> dict[str, int]:
    pairs = zip(SYMPTOM_FIELDS, ratings, strict=True)
    return {name: value for name, value in pairs if value is not None}


@dataclass(frozen=True)
class ProgressReport:
    days: int
    symptom: str
    trend: charts.Chart
    before_after: charts.Chart
    before_after_summary: insights.BeforeAfterSummary
    adherence: charts.Chart
    adherence_report: insights.AdherenceReport
    calendar: list
    time_of_day: charts.Chart
    time_of_day_rows: list
    movements: charts.Chart
    movement_report: insights.MovementReport
    names: dict[str, str]
    suggestions: list[str]

    movement_window: int = charts.MOVEMENT_SESSIONS

    @property
    def movement_rows(self) -> list[dict]:
        return charts.movements_json(self.movement_report, self.names)["movements"]


def progress_report(owner, profile, *, days: int, symptom: str) -> ProgressReport:
    now = timezone.now()
    tz = timezone.get_current_timezone()
    today = timezone.localdate(now)
    period_start = _local_midnight(today - timedelta(days=days - 1), tz)
    adherence_start = _local_midnight(today - timedelta(weeks=charts.ADHERENCE_WEEKS), tz)
    data = progress_inputs(
        owner,
        sessions_since=min(period_start, adherence_start),
        recent_sessions=charts.MOVEMENT_SESSIONS,
        logs_since=min(period_start - timedelta(days=6), now - timedelta(days=14)),
    )
    in_period = [s for s in data.sessions if s.started_at >= period_start]
    trend, _ = charts.trend(data.logs, symptom, today=today, days=days, tz=tz)
    before_after, ba_summary = charts.before_after(in_period, symptom, tz=tz)
    adherence, adherence_report, calendar = charts.adherence(
        data.sessions, today=today, weeks=charts.ADHERENCE_WEEKS, tz=tz
    )
    time_of_day, tod_rows = charts.time_of_day(in_period, symptom)
    movements, movement_report = charts.movements(data.sessions, symptom=symptom, names=data.names)
    suggestions = insights.suggestions(
        profile.main_symptoms,
        charts.recent_means(data.logs, since=now - timedelta(days=14)),
        movement_report,
        balance_concerns=profile.balance_concerns,
        categories=data.categories,
        names=data.names,
    )
    return ProgressReport(
        days=days,
        symptom=symptom,
        trend=trend,
        before_after=before_after,
        before_after_summary=ba_summary,
        adherence=adherence,
        adherence_report=adherence_report,
        calendar=calendar,
        time_of_day=time_of_day,
        time_of_day_rows=tod_rows,
        movements=movements,
        movement_report=movement_report,
        names=data.names,
        suggestions=suggestions,
    )


def _local_midnight(day, tz) -> datetime:
    return datetime.combine(day, time.min, tzinfo=tz)


# --- Clinician report ---


def clinician_report_data(owner, profile, days: int):
    """Everything the report for a healthcare professional shows, for the last `days` days.

    The progress report's queries plus three (period logs with notes, period sessions,
    painful/worse step feedback counted by the database): constant whatever the history.
    """
    from django.db.models import Count

    from tracking import clinical
    from tracking.models import StepFeedback

    now = timezone.now()
    tz = timezone.get_current_timezone()
    today = timezone.localdate(now)
    period_start = _local_midnight(today - timedelta(days=days - 1), tz)
    period_end = _local_midnight(today + timedelta(days=1), tz)
    progress = progress_report(owner, profile, days=days, symptom=charts.BURDEN)
    logs = [
        clinical.LogRecord(
            recorded_at=recorded_at, ratings=_given(ratings), note=note, context=context
        )
        for recorded_at, note, context, *ratings in SymptomLog.objects.filter(
            owner=owner, recorded_at__gte=period_start, recorded_at__lt=period_end
        ).values_list("recorded_at", "note", "context", *SYMPTOM_FIELDS)
    ]
    in_period = PracticeSession.objects.filter(
        owner=owner, started_at__gte=period_start, started_at__lt=period_end
    )
    sessions = [
        clinical.SessionRow(
            started_at=started_at,
            minutes=(finished_at - started_at).total_seconds() / 60 if finished_at else 0.0,
            completed=status == SessionStatus.COMPLETED,
            stop_reason=stop_reason,
        )
        for started_at, finished_at, status, stop_reason in in_period.filter(
            status__in=[SessionStatus.COMPLETED, SessionStatus.STOPPED]
        ).values_list("started_at", "finished_at", "status", "stop_reason")
    ]
    feedback = [
        clinical.StepFeedbackCount(
            exercise=row["exercise__name"], feedback=row["feedback"], n=row["n"]
        )
        for row in SessionStep.objects.filter(
            session__in=in_period.values("id"),
            feedback__in=[StepFeedback.PAINFUL, StepFeedback.WORSE],
        )
        .values("exercise__name", "feedback")
        .annotate(n=Count("id"))
        .order_by()
    ]
    return clinical.build_report(
        username=owner.get_username(),
        main_symptoms=profile.main_symptom_labels,
        balance_concerns=profile.balance_concerns,
        progress=progress,
        logs=logs,
        sessions=sessions,
        feedback=feedback,
        today=today,
        generated_at=now,
        tz=tz,
    )
