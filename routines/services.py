"""Writes for routines and the guided player."""

from __future__ import annotations

import uuid

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from routines import planning
from routines.dosing import DOSE_FIELDS
from routines.models import Exercise, Routine, RoutineStep
from tracking.models import (
    PracticeSession,
    SessionStage,
    SessionStatus,
    SessionStep,
    StepFeedback,
)
from tracking.services import log_symptoms
from tracking.timeofday import time_of_day_for

# --- Routines ---


def create_routine(*, owner, name: str, focus: str = "custom") -> Routine:
    return Routine.objects.create(owner=owner, name=name.strip(), focus=focus)


def rename_routine(routine: Routine, name: str) -> Routine:
    routine.name = name.strip()
    routine.save(update_fields=["name", "updated_at"])
    return routine


def delete_routine(routine: Routine) -> None:
    routine.delete()


@transaction.atomic
def add_step(routine: Routine, exercise: Exercise) -> RoutineStep:
    last = routine.steps.aggregate(last=Max("position"))["last"]
    step = RoutineStep.objects.create(
        routine=routine, exercise=exercise, position=0 if last is None else last + 1
    )
    _touch(routine)
    return step


@transaction.atomic
def remove_step(step: RoutineStep) -> None:
    routine = step.routine
    step.delete()
    _renumber(routine)


@transaction.atomic
def move_step(step: RoutineStep, direction: str) -> None:
    """Swap with the neighbour above ("up") or below ("down"); no-op at the ends."""
    steps = list(step.routine.steps.order_by("position", "id"))
    index = next(i for i, s in enumerate(steps) if s.pk == step.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(steps):
        steps[index], steps[other] = steps[other], steps[index]
        _save_order(steps)
    _touch(step.routine)


@transaction.atomic
def move_to_top(step: RoutineStep) -> None:
    steps = [s for s in step.routine.steps.order_by("position", "id") if s.pk != step.pk]
    _save_order([step, *steps])
    _touch(step.routine)


def update_step_dose(step: RoutineStep, **overrides) -> RoutineStep:
    """Set dose overrides; a value equal to the exercise default is stored as None."""
    default = step.exercise.dose
    for field in DOSE_FIELDS:
        value = overrides.get(field)
        default_value = default.sides if field == "sides" else getattr(default, field)
        setattr(step, field, None if value == default_value else value)
    step.save(update_fields=list(DOSE_FIELDS))
    _touch(step.routine)
    return step


@transaction.atomic
def create_starter_routine(*, owner, focus: str, seated_only: bool) -> Routine:
    exercises = {e.slug: e for e in Exercise.objects.select_related("seated_alternative")}
    library = {slug: planning.exercise_info(exercise) for slug, exercise in exercises.items()}
    plan = planning.starter_plan(focus, library, seated_only=seated_only or focus == "balance")
    name = planning.starter_name(focus)
    routine = Routine.objects.create(owner=owner, name=name, focus=focus)
    RoutineStep.objects.bulk_create(
        RoutineStep(routine=routine, exercise=exercises[slug], position=index)
        for index, slug in enumerate(plan)
    )
    return routine


def _renumber(routine: Routine) -> None:
    _save_order(list(routine.steps.order_by("position", "id")))
    _touch(routine)


def _save_order(steps: list[RoutineStep]) -> None:
    for position, step in enumerate(steps):
        step.position = position
    RoutineStep.objects.bulk_update(steps, ["position"])


def _touch(routine: Routine) -> None:
    Routine.objects.filter(pk=routine.pk).update(updated_at=timezone.now())


# --- Guided player ---


class StaleAction(Exception):
    """The page the action came from is out of date (double submit, old tab)."""


def start_session(*, owner, routine: Routine, start_key: uuid.UUID) -> PracticeSession:
    """Snapshot the routine into a new session. The same start_key returns the same session."""
    existing = PracticeSession.objects.filter(owner=owner, start_key=start_key).first()
    if existing:
        return existing
    now = timezone.now()
    try:
        with transaction.atomic():
            session = PracticeSession.objects.create(
                owner=owner,
                routine=routine,
                routine_name=routine.name,
                started_at=now,
                time_of_day=time_of_day_for(now),
                start_key=start_key,
            )
            SessionStep.objects.bulk_create(
                SessionStep(
                    session=session,
                    exercise=step.exercise,
                    position=index,
                    dose_kind=step.dose.kind,
                    reps=step.dose.reps,
                    sets=step.dose.sets,
                    hold_seconds=step.dose.hold_seconds,
                    duration_seconds=step.dose.duration_seconds,
                    sides=step.dose.sides,
                )
                for index, step in enumerate(routine.steps.select_related("exercise"))
            )
    except IntegrityError:
        return PracticeSession.objects.get(owner=owner, start_key=start_key)
    return session


def _locked(session: PracticeSession) -> PracticeSession:
    return PracticeSession.objects.select_for_update().get(pk=session.pk)


def _check_fresh(session: PracticeSession, stage: str, index: int | None = None) -> None:
    if session.stage != stage or (index is not None and session.current_index != index):
        raise StaleAction


@transaction.atomic
def record_check_in(
    session: PracticeSession, *, context: str, form_data: dict | None, idempotency_key
) -> PracticeSession:
    """Save the before or after check-in (None = skipped) and move to the next stage."""
    session = _locked(session)
    stage = SessionStage.BEFORE if context == "before" else SessionStage.AFTER
    _check_fresh(session, stage)
    if form_data is not None:
        log_symptoms(
            owner=session.owner,
            ratings=form_data["ratings"],
            foot=form_data.get("foot") or "both",
            note=form_data.get("note", ""),
            context=context,
            session=session,
            idempotency_key=idempotency_key,
        )
    if stage == SessionStage.BEFORE:
        session.stage = SessionStage.STEPS if session.steps.exists() else SessionStage.AFTER
        session.current_index = 0
    else:
        session.stage = SessionStage.DONE
        session.finished_at = timezone.now()
        if session.status == SessionStatus.IN_PROGRESS:
            session.status = SessionStatus.COMPLETED
    session.save()
    return session


@transaction.atomic
def finish_step(
    session: PracticeSession, *, index: int, status: str, feedback: str = ""
) -> PracticeSession:
    """Mark the current step done or skipped (with optional feedback) and advance."""
    session = _locked(session)
    _check_fresh(session, SessionStage.STEPS, index)
    step = session.steps.get(position=index)
    step.status = status
    step.feedback = feedback
    step.completed_at = timezone.now()
    step.save(update_fields=["status", "feedback", "completed_at"])
    if feedback == StepFeedback.PAINFUL:
        # Stay on this step: the page offers to stop or to skip ahead.
        session.save(update_fields=["updated_at"])
        return session
    _advance(session)
    return session


@transaction.atomic
def continue_after_pain(session: PracticeSession, *, index: int) -> PracticeSession:
    session = _locked(session)
    _check_fresh(session, SessionStage.STEPS, index)
    _advance(session)
    return session


@transaction.atomic
def go_back(session: PracticeSession, *, index: int) -> PracticeSession:
    session = _locked(session)
    if session.stage == SessionStage.AFTER and session.steps.exists():
        session.stage = SessionStage.STEPS
        session.current_index = session.steps.count() - 1
    elif session.stage == SessionStage.STEPS and session.current_index == index and index > 0:
        session.current_index = index - 1
    else:
        raise StaleAction
    session.save()
    return session


@transaction.atomic
def stop_session(session: PracticeSession, *, reason: str) -> PracticeSession:
    """End early (e.g. pain): go straight to the after check-in."""
    session = _locked(session)
    if session.stage in (SessionStage.DONE, SessionStage.AFTER):
        return session
    session.status = SessionStatus.STOPPED
    session.stop_reason = reason[:200]
    session.stage = SessionStage.AFTER
    session.save()
    return session


@transaction.atomic
def repair_position(session: PracticeSession) -> PracticeSession:
    """A session in the steps stage pointing past its last step goes on to the after check-in."""
    session = _locked(session)
    if session.stage == SessionStage.STEPS and session.current_index >= session.steps.count():
        session.stage = SessionStage.AFTER
        session.save(update_fields=["stage", "updated_at"])
    return session


def _advance(session: PracticeSession) -> None:
    if session.current_index + 1 < session.steps.count():
        session.current_index += 1
    else:
        session.stage = SessionStage.AFTER
    session.save()
