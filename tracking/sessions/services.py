"""Writes for guided sessions: start one from a routine, check in, finish, go back, stop.

Every write locks the session row and checks that the page it came from is still the
current one (``StaleAction`` otherwise), so a double tap or an old tab changes nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from routines import discovery
from routines import selectors as routine_selectors
from routines import services as routine_services
from routines.dosing import Dose
from routines.models import DiscoveryPlan, Exercise, Routine
from tracking.checks.selectors import skin_work_paused
from tracking.logs.services import log_symptoms
from tracking.models import (
    Foot,
    LogContext,
    PracticeSession,
    SessionStage,
    SessionStatus,
    SessionStep,
    StepFeedback,
)
from tracking.timeofday import time_of_day_for


class StaleAction(Exception):
    """The page the action came from is out of date (double submit, old tab)."""


@dataclass(frozen=True)
class CheckIn:
    """What the person rated in a before or after check-in."""

    ratings: Mapping[str, int | None]
    foot: str = Foot.BOTH
    note: str = ""


def start_session(
    *, owner: User, routine: Routine, start_key: uuid.UUID, seated_only: bool = False
) -> PracticeSession:
    """Snapshot the routine into a new session. The same start_key returns the same session.

    While the routine has a running "find out what helps me" plan, the session holds what
    the plan gives for its turn: the warm-up and that day's movements (``left_out`` names
    the others), with a set added here and there if that is short of the daily aim. While
    a foot problem from the daily foot check heals, the barefoot and textured moves are
    left out (``paused_for_feet``).
    """
    existing = PracticeSession.objects.filter(owner=owner, start_key=start_key).first()
    if existing:
        return existing
    now = timezone.now()
    try:
        with transaction.atomic():
            planned = _planned(routine, seated_only=seated_only)
            session = PracticeSession.objects.create(
                owner=owner,
                routine=routine,
                routine_name=routine.name,
                started_at=now,
                time_of_day=time_of_day_for(now),
                start_key=start_key,
                plan=planned.plan if planned else None,
                plan_index=planned.index if planned else None,
                left_out=list(planned.left_out) if planned else [],
            )
            routine_steps = list(routine.steps.select_related("exercise"))
            if planned:
                by_slug = {step.exercise.slug: step.exercise for step in routine_steps}
                doses = [(by_slug[slug], dose) for slug, dose in planned.steps]
            else:
                doses = [(step.exercise, step.dose) for step in routine_steps]
            if skin_work_paused(owner):
                paused = [exercise.slug for exercise, _ in doses if exercise.barefoot_or_textured]
                doses = [(e, dose) for e, dose in doses if not e.barefoot_or_textured]
                if paused:
                    session.paused_for_feet = paused
                    session.save(update_fields=["paused_for_feet"])
            SessionStep.objects.bulk_create(
                _step(session, exercise, index, dose)
                for index, (exercise, dose) in enumerate(doses)
            )
    except IntegrityError:
        return PracticeSession.objects.get(owner=owner, start_key=start_key)
    return session


def _step(session: PracticeSession, exercise: Exercise, position: int, dose: Dose) -> SessionStep:
    """A session step with a snapshot of the dose, so later routine edits leave it alone."""
    return SessionStep(
        session=session,
        exercise=exercise,
        position=position,
        dose_kind=dose.kind,
        reps=dose.reps,
        sets=dose.sets,
        hold_seconds=dose.hold_seconds,
        duration_seconds=dose.duration_seconds,
        sides=dose.sides,
    )


@dataclass(frozen=True)
class PlannedTurn:
    plan: DiscoveryPlan
    index: int
    steps: tuple[tuple[str, Dose], ...]  # slug and dose, in routine order
    left_out: tuple[str, ...]  # slugs


def _planned(routine: Routine, *, seated_only: bool) -> PlannedTurn | None:
    """This turn of the routine's running plan, adapting or ending the plan as needed."""
    plan = (
        DiscoveryPlan.objects.select_for_update()
        .filter(routine=routine, ended_at__isnull=True)
        .first()
    )
    if plan is None:
        return None
    index = plan.sessions.count()
    steps = routine_selectors.plan_steps(routine, seated_only=seated_only)
    varied = discovery.varied_slugs(steps)
    if index >= plan.length or len(varied) < discovery.MIN_VARIED:
        routine_services.end_plan(plan=plan)
        return None
    if varied != plan.varied:
        routine_services.adapt_plan(plan=plan, varied=varied, index=index)
    turn = discovery.planned_session(
        plan.varied, seed=plan.seed, index=index - plan.restarted_at_index
    )
    composed = discovery.compose(steps, turn.kept)
    return PlannedTurn(
        plan=plan,
        index=index,
        steps=tuple((step.slug, dose) for step, dose in composed.steps),
        left_out=tuple(step.slug for step in composed.left_out),
    )


def _locked(session: PracticeSession) -> PracticeSession:
    return PracticeSession.objects.select_for_update().get(pk=session.pk)


def _check_fresh(session: PracticeSession, stage: str, index: int | None = None) -> None:
    if session.stage != stage or (index is not None and session.current_index != index):
        raise StaleAction


@transaction.atomic
def record_check_in(
    *,
    session: PracticeSession,
    context: str,
    check_in: CheckIn | None,
    idempotency_key: uuid.UUID,
    at: datetime | None = None,
) -> PracticeSession:
    """Save the before or after check-in (None = skipped) and move to the next stage.
    ``at``: when it was made (``neuroapp.http.entry_time``), if not now."""
    session = _locked(session)
    stage = SessionStage.BEFORE if context == LogContext.BEFORE else SessionStage.AFTER
    _check_fresh(session, stage)
    if check_in is not None:
        log_symptoms(
            owner=session.owner,
            ratings=check_in.ratings,
            foot=check_in.foot,
            note=check_in.note.strip(),
            context=context,
            session=session,
            idempotency_key=idempotency_key,
            recorded_at=at,
        )
    if stage == SessionStage.BEFORE:
        session.stage = SessionStage.STEPS if session.steps.exists() else SessionStage.AFTER
        session.current_index = 0
    else:
        session.stage = SessionStage.DONE
        session.finished_at = at or timezone.now()
        if session.status == SessionStatus.IN_PROGRESS:
            session.status = SessionStatus.COMPLETED
    session.save()
    return session


@transaction.atomic
def finish_step(
    *,
    session: PracticeSession,
    index: int,
    status: str,
    feedback: str = "",
    at: datetime | None = None,
) -> PracticeSession:
    """Mark the current step done or skipped (with optional feedback) and advance.
    ``at``: when it was done (``neuroapp.http.entry_time``), if not now."""
    session = _locked(session)
    _check_fresh(session, SessionStage.STEPS, index)
    step = session.steps.get(position=index)
    step.status = status
    step.feedback = feedback
    step.completed_at = at or timezone.now()
    step.save(update_fields=["status", "feedback", "completed_at"])
    if feedback == StepFeedback.PAINFUL:
        # Stay on this step: the page offers to stop or to skip ahead.
        session.save(update_fields=["updated_at"])
        return session
    _advance(session)
    return session


@transaction.atomic
def continue_after_pain(*, session: PracticeSession, index: int) -> PracticeSession:
    session = _locked(session)
    _check_fresh(session, SessionStage.STEPS, index)
    _advance(session)
    return session


@transaction.atomic
def go_back(*, session: PracticeSession, index: int) -> PracticeSession:
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
def stop_session(*, session: PracticeSession, reason: str) -> PracticeSession:
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
def repair_position(*, session: PracticeSession) -> PracticeSession:
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


@transaction.atomic
def swap_step(*, session: PracticeSession, slug: str, exercise: Exercise) -> SessionStep:
    """Before the exercises start: do `exercise` (at its usual dose) where `slug` was."""
    session = _locked(session)
    _check_fresh(session, SessionStage.BEFORE)
    step = session.steps.filter(exercise__slug=slug).first()
    if step is None:
        raise StaleAction
    fresh = _step(session, exercise, step.position, exercise.dose)
    fields = ["exercise", "dose_kind", "reps", "sets", "hold_seconds", "duration_seconds", "sides"]
    for field in fields:
        setattr(step, field, getattr(fresh, field))
    step.save(update_fields=fields)
    return step


@transaction.atomic
def add_back(*, session: PracticeSession, slug: str) -> PracticeSession:
    """Do a movement the plan left out today after all: it goes at the end, with the
    routine's dose. Only before the exercises start; the analysis uses what is done."""
    session = _locked(session)
    _check_fresh(session, SessionStage.BEFORE)
    if slug not in session.left_out or session.routine is None:
        raise StaleAction
    step = session.routine.steps.select_related("exercise").filter(exercise__slug=slug).first()
    if step is None:
        raise StaleAction
    _step(session, step.exercise, session.steps.count(), step.dose).save()
    session.left_out = [other for other in session.left_out if other != slug]
    session.save(update_fields=["left_out", "updated_at"])
    return session


def record_later_check_in(
    *,
    session: PracticeSession,
    check_in: CheckIn,
    idempotency_key: uuid.UUID,
    at: datetime | None = None,
) -> None:
    """The check-in some hours after a finished session; once per session."""
    log_symptoms(
        owner=session.owner,
        ratings=check_in.ratings,
        foot=check_in.foot,
        note=check_in.note.strip(),
        context=LogContext.LATER,
        session=session,
        idempotency_key=idempotency_key,
        recorded_at=at,
    )
