"""Writes for symptom logs."""

import uuid
from collections.abc import Mapping
from datetime import datetime

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.symptoms import SYMPTOM_FIELDS
from tracking.models import LogContext, PracticeSession, SymptomLog
from tracking.timeofday import time_of_day_for


def log_symptoms(
    *,
    owner: User,
    ratings: Mapping[str, int | None],
    recorded_at: datetime | None = None,
    foot: str = "both",
    note: str = "",
    context: str = LogContext.ANYTIME,
    session: PracticeSession | None = None,
    idempotency_key: uuid.UUID | None = None,
) -> tuple[SymptomLog, bool]:
    """Create a log; returns (log, created).

    A repeated idempotency key (double submit, back and resubmit) or a second
    check-in of the same kind for one session returns the existing record.
    """
    if idempotency_key is not None:
        existing = SymptomLog.objects.filter(owner=owner, idempotency_key=idempotency_key).first()
        if existing:
            return existing, False
    if session is not None:
        existing = SymptomLog.objects.filter(session=session, context=context).first()
        if existing:
            return existing, False
    recorded_at = recorded_at or timezone.now()
    log = SymptomLog(
        owner=owner,
        recorded_at=recorded_at,
        time_of_day=time_of_day_for(recorded_at),
        foot=foot,
        note=note.strip(),
        context=context,
        session=session,
        idempotency_key=idempotency_key,
        **{name: ratings.get(name) for name in SYMPTOM_FIELDS},
    )
    try:
        with transaction.atomic():
            log.save()
    except IntegrityError:
        # Lost a race with an identical submission: return the winner.
        winner = None
        if idempotency_key is not None:
            winner = SymptomLog.objects.filter(owner=owner, idempotency_key=idempotency_key).first()
        if winner is None and session is not None:
            winner = SymptomLog.objects.filter(session=session, context=context).first()
        if winner is None:
            raise
        return winner, False
    return log, True


def update_symptom_log(
    *,
    log: SymptomLog,
    ratings: Mapping[str, int | None],
    recorded_at: datetime,
    foot: str,
    note: str,
) -> SymptomLog:
    for name in SYMPTOM_FIELDS:
        setattr(log, name, ratings.get(name))
    log.recorded_at = recorded_at
    log.time_of_day = time_of_day_for(recorded_at)
    log.foot = foot
    log.note = note.strip()
    log.save()
    return log


def delete_symptom_log(*, log: SymptomLog) -> None:
    log.delete()
