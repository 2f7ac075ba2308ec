"""Reads for the report for a healthcare professional."""

from datetime import timedelta

from django.contrib.auth.models import User
from django.db.models import Count
from django.db.models.functions import Trim
from django.utils import timezone

from accounts.models import Profile
from accounts.symptoms import BURDEN, SYMPTOM_FIELDS
from tracking.models import PracticeSession, SessionStatus, SessionStep, StepFeedback, SymptomLog
from tracking.progress.selectors import given_ratings, local_midnight, progress_report
from tracking.report import clinical


def clinician_report_data(owner: User, profile: Profile, days: int) -> clinical.ClinicianReport:
    """Everything the report for a healthcare professional shows, for the last `days` days.

    The progress report's queries plus five (period ratings, the notes shown and their
    count, period sessions, painful/worse step feedback counted by the database): constant
    whatever the history.
    """
    now = timezone.now()
    tz = timezone.get_current_timezone()
    today = timezone.localdate(now)
    period_start = local_midnight(today - timedelta(days=days - 1), tz)
    period_end = local_midnight(today + timedelta(days=1), tz)
    progress = progress_report(owner, profile, days=days, symptom=BURDEN)
    period_logs = SymptomLog.objects.filter(
        owner=owner, recorded_at__gte=period_start, recorded_at__lt=period_end
    )
    logs = [
        clinical.LogRecord(recorded_at=recorded_at, ratings=given_ratings(ratings))
        for recorded_at, *ratings in period_logs.values_list("recorded_at", *SYMPTOM_FIELDS)
    ]
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
        days=days,
        before_after=progress.before_after_summary,
        before_after_text=progress.before_after.summary,
        movement_report=progress.movement_report,
        names=progress.names,
        movement_window=progress.movement_window,
        logs=logs,
        sessions=sessions,
        feedback=feedback,
        today=today,
        generated_at=now,
        tz=tz,
        notes=notes,
        notes_total=with_notes.count(),
    )
