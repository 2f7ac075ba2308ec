"""Reads for the report for a healthcare professional.

One load of the progress inputs (the period's logs and the analysed sessions) serves the
symptom table, the before/after summary and the movement ranking; the other lists are
bounded by the database: the notes shown, the most common stop reasons, step feedback
counts. The rows read grow with the period's sessions, never with notes or reasons.
"""

from datetime import timedelta

from django.contrib.auth.models import User
from django.db.models import Case, CharField, Count, Value, When
from django.db.models.functions import Trim
from django.utils import timezone

from accounts.models import Profile
from accounts.symptoms import BURDEN
from tracking.models import PracticeSession, SessionStatus, SessionStep, StepFeedback, SymptomLog
from tracking.progress import charts
from tracking.progress.selectors import analysed_sessions_since, local_midnight, progress_inputs
from tracking.report import clinical


def clinician_report_data(owner: User, profile: Profile, days: int) -> clinical.ClinicianReport:
    """Everything the report for a healthcare professional shows, for the last `days` days:
    eleven queries whatever the history."""
    now = timezone.now()
    tz = timezone.get_current_timezone()
    today = timezone.localdate(now)
    period_start = local_midnight(today - timedelta(days=days - 1), tz)
    period_end = local_midnight(today + timedelta(days=1), tz)
    data = progress_inputs(
        owner,
        sessions_since=analysed_sessions_since(today, days, tz),
        recent_sessions=charts.MOVEMENT_SESSIONS,
        logs_since=period_start,
    )
    in_period_records = [s for s in data.sessions if period_start <= s.started_at < period_end]
    before_after, before_after_summary = charts.before_after(in_period_records, BURDEN, tz=tz)
    _, movement_report = charts.movements(data.sessions, symptom=BURDEN, names=data.names)

    period_logs = SymptomLog.objects.filter(
        owner=owner, recorded_at__gte=period_start, recorded_at__lt=period_end
    )
    # Only the notes shown are read (newest first), and the rest counted.
    with_notes = period_logs.annotate(trimmed=Trim("note")).exclude(trimmed="")
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
    sessions = [
        clinical.SessionRow(
            started_at=started_at,
            minutes=(finished_at - started_at).total_seconds() / 60 if finished_at else 0.0,
            completed=status == SessionStatus.COMPLETED,
        )
        for started_at, finished_at, status in finished.values_list(
            "started_at", "finished_at", "status"
        )
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
        days=days,
        before_after=before_after_summary,
        before_after_text=before_after.summary,
        movement_report=movement_report,
        names=data.names,
        movement_window=charts.MOVEMENT_SESSIONS,
        logs=data.logs,
        sessions=sessions,
        feedback=feedback,
        today=today,
        generated_at=now,
        tz=tz,
        notes=notes,
        notes_total=with_notes.count(),
        stop_reasons=_stop_reasons(in_period.filter(status=SessionStatus.STOPPED)),
    )


def _stop_reasons(stopped) -> clinical.StopReasonCounts:
    """The most common reasons, counted by the database: a bounded read however many
    distinct reasons there are. A blank reason and the default one count as no reason."""
    reasons = stopped.annotate(trimmed=Trim("stop_reason")).annotate(
        reason=Case(
            When(trimmed__in=clinical.NO_REASON_TEXTS, then=Value("")),
            default="trimmed",
            output_field=CharField(),
        )
    )
    totals = reasons.aggregate(stopped=Count("id"), groups=Count("reason", distinct=True))
    top = (
        reasons.values("reason")
        .annotate(n=Count("id"))
        .order_by("-n", "reason")
        .values_list("reason", "n")[: clinical.STOP_REASONS_SHOWN]
    )
    return clinical.StopReasonCounts(
        top=tuple(top), distinct=totals["groups"], stopped=totals["stopped"]
    )
