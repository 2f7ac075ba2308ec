"""Writes for guided sessions: start one from a routine, check in, finish, go back, stop.

Every write locks the session row and checks that the page it came from is still the
current one (``StaleAction`` otherwise), so a double tap or an old tab changes nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from routines.models import Routine
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


def start_session(*, owner: User, routine: Routine, start_key: uuid.UUID) -> PracticeSession:
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
    *,
    session: PracticeSession,
    context: str,
    check_in: CheckIn | None,
    idempotency_key: uuid.UUID,
) -> PracticeSession:
    """Save the before or after check-in (None = skipped) and move to the next stage."""
    session = _locked(session)
    stage = SessionStage.BEFORE if context == LogContext.BEFORE else SessionStage.AFTER
    _check_fresh(session, stage)
    if check_in is not None:
        log_symptoms(
            owner=session.owner,
            ratings=check_in.ratings,
            foot=check_in.foot,
            note=check_in.note,
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
    *, session: PracticeSession, index: int, status: str, feedback: str = ""
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
