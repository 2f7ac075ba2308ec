"""Reads for the report for a healthcare professional.

The rows read are bounded whatever the history: the symptom table reads one row per
local day (each symptom's sum and count, added up by the database); the before/after
summary and the movement ranking read the latest ``ANALYSED_SESSIONS`` finished sessions
at most (the report says so when there are more); session totals, the most common stop
reasons, step feedback counts and the notes shown are counted or capped by the database.
"""

from datetime import UTC, datetime, timedelta, tzinfo

from django.contrib.auth.models import User
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    FloatField,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, NullIf, Trim
from django.utils import timezone

from accounts.models import Profile
from accounts.symptoms import BURDEN, BURDEN_SYMPTOMS, SYMPTOM_FIELDS
from tracking.dbexpressions import EpochSeconds, NotBlank, quarter_hour
from tracking.insights.records import local_date
from tracking.insights.series import (
    QUARTER_HOUR,
    DayTotals,
    QuarterHourTotals,
    totals_by_local_day,
)
from tracking.models import PracticeSession, SessionStatus, SessionStep, StepFeedback, SymptomLog
from tracking.progress import charts
from tracking.progress.selectors import local_midnight, progress_inputs
from tracking.report import clinical

# The most sessions the before/after summary and the ranking analyse (the latest ones).
ANALYSED_SESSIONS = 2_000


def clinician_report_data(owner: User, profile: Profile, days: int) -> clinical.ClinicianReport:
    """Everything the report for a healthcare professional shows, for the last `days` days:
    a dozen queries, and bounded rows, whatever the history."""
    now = timezone.now()
    tz = timezone.get_current_timezone()
    today = timezone.localdate(now)
    period_start = local_midnight(today - timedelta(days=days - 1), tz)
    period_end = local_midnight(today + timedelta(days=1), tz)
    data = progress_inputs(
        owner,
        sessions_since=period_start,
        logs_since=None,
        max_sessions=ANALYSED_SESSIONS,
    )
    in_period_records = [s for s in data.sessions if period_start <= s.started_at < period_end]
    before_after, before_after_summary = charts.before_after(in_period_records, BURDEN, tz=tz)
    _, movement_report = charts.movements(in_period_records, symptom=BURDEN, names=data.names)

    period_logs = SymptomLog.objects.filter(
        owner=owner, recorded_at__gte=period_start, recorded_at__lt=period_end
    )
    # Only the notes shown are read (newest first), and the rest counted.
    with_notes = period_logs.filter(NotBlank(F("note"), True))  # notes are stored stripped
    notes = [
        clinical.LogRecord(recorded_at=recorded_at, ratings={}, note=note, context=context)
        for recorded_at, note, context in with_notes.order_by("-recorded_at", "-id").values_list(
            "recorded_at", "note", "context"
        )[: clinical.NOTES_SHOWN]
    ]
    in_period = PracticeSession.objects.filter(
        owner=owner, started_at__gte=period_start, started_at__lt=period_end
    )
    finished = in_period.filter(status__in=[SessionStatus.COMPLETED, SessionStatus.STOPPED])
    sessions = _session_totals(finished, tz)
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
        name=profile.shown_name,
        main_symptoms=profile.main_symptom_labels,
        balance_concerns=profile.balance_concerns,
        days=days,
        before_after=before_after_summary,
        before_after_text=before_after.summary,
        movement_report=movement_report,
        names=data.names,
        logs=day_totals(period_logs, tz),
        sessions=sessions,
        feedback=feedback,
        today=today,
        generated_at=now,
        tz=tz,
        notes=notes,
        notes_total=with_notes.count(),
        analysed_limit=ANALYSED_SESSIONS if len(data.sessions) >= ANALYSED_SESSIONS else None,
        stop_reasons=_stop_reasons(
            in_period.filter(status=SessionStatus.STOPPED), sessions.count - sessions.completed
        ),
    )


def _stop_reasons(stopped: QuerySet[PracticeSession], total: int) -> clinical.StopReasonCounts:
    """The most common reasons, counted by the database: a bounded read however many
    distinct reasons there are. A blank reason and the default one count as no reason."""
    reasons = stopped.annotate(trimmed=Trim("stop_reason")).annotate(
        reason=Case(
            When(trimmed__in=clinical.NO_REASON_TEXTS, then=Value("")),
            default="trimmed",
            output_field=CharField(),
        )
    )
    top = tuple(
        reasons.values("reason")
        .annotate(n=Count("id"))
        .order_by("-n", "reason")
        .values_list("reason", "n")[: clinical.STOP_REASONS_SHOWN + 1]
    )
    distinct = len(top) if len(top) <= clinical.STOP_REASONS_SHOWN else None
    return clinical.StopReasonCounts(top=top, distinct=distinct, stopped=total)


def day_totals(logs: QuerySet[SymptomLog], tz: tzinfo | None) -> list[DayTotals]:
    """Per local day, each symptom's sum and count, and the burden's (a log's burden is
    the mean of the higher-is-worse ratings it gives): the database adds them up per UTC
    quarter-hour, at most 96 rows a day however many logs."""
    given = [Case(When(**{f"{s}__isnull": False}, then=1), default=0) for s in BURDEN_SYMPTOMS]
    burden = Cast(sum((Coalesce(F(s), 0) for s in BURDEN_SYMPTOMS), Value(0)), FloatField()) / (
        NullIf(sum(given, Value(0)), 0, output_field=IntegerField())
    )
    series = (*SYMPTOM_FIELDS, BURDEN)
    measures = {s: F(s) for s in SYMPTOM_FIELDS} | {BURDEN: burden}
    rows = (
        logs.annotate(quarter=quarter_hour("recorded_at"))
        .values("quarter")
        .annotate(
            **{f"{s}_sum": Sum(measures[s], output_field=FloatField()) for s in series},
            **{f"{s}_n": Count(measures[s]) for s in series},
        )
        .order_by()
        .values_list("quarter", *(f"{s}_sum" for s in series), *(f"{s}_n" for s in series))
    )
    quarters = (
        QuarterHourTotals(
            quarter=quarter,
            sums={s: total or 0.0 for s, total in zip(series, values[: len(series)], strict=True)},
            counts=dict(zip(series, values[len(series) :], strict=True)),
        )
        for quarter, *values in rows
    )
    return totals_by_local_day(quarters, tz)


def _session_totals(
    finished: QuerySet[PracticeSession], tz: tzinfo | None
) -> clinical.SessionTotals:
    """Count, completed, minutes and local days with a session, added up by the database."""
    totals = finished.aggregate(
        count=Count("id"),
        completed=Count("id", filter=Q(status=SessionStatus.COMPLETED)),
        seconds=Sum(EpochSeconds("finished_at") - EpochSeconds("started_at")),
    )
    quarters = finished.annotate(quarter=quarter_hour("started_at")).values_list(
        "quarter", flat=True
    )
    days = {
        local_date(datetime.fromtimestamp(q * QUARTER_HOUR, UTC), tz)
        for q in quarters.distinct().order_by()
    }
    return clinical.SessionTotals(
        count=totals["count"],
        completed=totals["completed"],
        minutes=(totals["seconds"] or 0) / 60,
        days_exercised=len(days),
    )
