"""Reads for guided sessions: the active one, recent ones, one with its steps, a summary,
and the step history a routine's growth suggestions are based on."""

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from accounts.symptoms import Symptom
from routines.models import Routine
from routines.progression import StepOutcome
from tracking.insights.records import is_meaningful_relief, relief_from
from tracking.models import (
    LogContext,
    PracticeSession,
    SessionStage,
    SessionStep,
    StepFeedback,
    StepStatus,
)

ACTIVE_STAGES = (SessionStage.BEFORE, SessionStage.STEPS, SessionStage.AFTER)


def active_session(owner: User) -> PracticeSession | None:
    return (
        PracticeSession.objects.filter(owner=owner, stage__in=ACTIVE_STAGES)
        .order_by("-started_at")
        .first()
    )


def recent_sessions(owner: User, limit: int = 5) -> list[PracticeSession]:
    return list(
        PracticeSession.objects.filter(owner=owner, stage=SessionStage.DONE).order_by(
            "-started_at"
        )[:limit]
    )


def session_for(owner: User, pk: int) -> PracticeSession:
    return get_object_or_404(
        PracticeSession.objects.select_related("routine").prefetch_related(
            Prefetch("steps", queryset=SessionStep.objects.select_related("exercise")),
            "check_ins",
        ),
        pk=pk,
        owner=owner,
    )


@dataclass(frozen=True)
class SymptomChange:
    symptom: str
    label: str
    before: int
    after: int
    relief: int  # positive = better
    meaningful: bool

    @property
    def size(self) -> int:
        return abs(self.relief)


@dataclass(frozen=True)
class SessionSummary:
    changes: list[SymptomChange]
    done: int
    skipped: int
    painful: list[str]
    minutes: int | None


def session_summary(session: PracticeSession) -> SessionSummary:
    """Before/after changes of each symptom rated both times, and what was done."""
    check_ins = {log.context: log for log in session.check_ins.all()}
    before, after = check_ins.get(LogContext.BEFORE), check_ins.get(LogContext.AFTER)
    changes = []
    if before and after:
        for symptom in Symptom:
            b, a = getattr(before, symptom.value), getattr(after, symptom.value)
            if b is None or a is None:
                continue
            changes.append(
                SymptomChange(
                    symptom=symptom.value,
                    label=symptom.label,
                    before=b,
                    after=a,
                    relief=round(relief_from(b, a, symptom.value)),
                    meaningful=is_meaningful_relief(b, a, symptom.value),
                )
            )
    steps = list(session.steps.all())
    minutes = None
    if session.finished_at:
        minutes = max(1, round((session.finished_at - session.started_at).total_seconds() / 60))
    return SessionSummary(
        changes=changes,
        done=sum(1 for s in steps if s.status == StepStatus.DONE),
        skipped=sum(1 for s in steps if s.status == StepStatus.SKIPPED),
        painful=[s.exercise.name for s in steps if s.feedback == StepFeedback.PAINFUL],
        minutes=minutes,
    )


def step_history(routine: Routine) -> dict[int, list[StepOutcome]]:
    """Recent outcomes per exercise id in finished sessions of this routine, newest first:
    what ``routines.selectors.routine_plan`` needs for its growth suggestions."""
    exercise_ids = [step.exercise_id for step in routine.steps.all()]
    rows = (
        SessionStep.objects.filter(
            session__routine=routine,
            session__stage=SessionStage.DONE,
            exercise_id__in=exercise_ids,
        )
        .select_related("exercise")
        .order_by("-session__started_at", "-session_id")[: 10 * max(1, len(exercise_ids))]
    )
    history: dict[int, list[StepOutcome]] = {}
    for row in rows:
        history.setdefault(row.exercise_id, []).append(
            StepOutcome(dose=row.dose, status=row.status, feedback=row.feedback)
        )
    return history
