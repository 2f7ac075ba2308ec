"""Writes for the checks: a foot check (and the pause it brings), healed, a touch test,
a neuropathy questionnaire.

The same check sent twice within ``SAME_CHECK_WINDOW`` (a double tap, a resend after a
lost answer, a request run again after a database restart) is saved once: the second
returns the first. The person's row is locked while checking, so two at once cannot both
pass the check.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from tracking.checks import footcheck, mnsi, touch
from tracking.models import (
    FootCheck,
    NeuropathyScreen,
    PracticeSession,
    SessionStage,
    SessionStatus,
    StepStatus,
    TouchTest,
)

SAME_CHECK_WINDOW = timedelta(seconds=60)


def _recent[M: (FootCheck, TouchTest, NeuropathyScreen)](
    model: type[M], owner: User, stamp: str
) -> list[M]:
    """The owner's checks of ``model`` from the last ``SAME_CHECK_WINDOW``, newest first;
    the owner's row stays locked until the transaction ends."""
    User.objects.select_for_update().filter(pk=owner.pk).first()
    since = timezone.now() - SAME_CHECK_WINDOW
    return list(model.objects.filter(owner=owner, **{f"{stamp}__gte": since}))


@transaction.atomic
def record_foot_check(
    *,
    owner: User,
    left: Sequence[str],
    right: Sequence[str],
    session: PracticeSession | None = None,
) -> FootCheck:
    """Save a foot check. With a finding, the barefoot and textured moves are taken out of
    any session of this person's that has not started its exercises yet."""
    result = footcheck.assess({"left": left, "right": right})
    this = (list(result.findings["left"]), list(result.findings["right"]), session and session.pk)
    for earlier in _recent(FootCheck, owner, "checked_at"):
        # One marked healed since is not the same: finding it again is news.
        if earlier.healed_at is None and (earlier.left, earlier.right, earlier.session_id) == this:
            return earlier
    check = FootCheck.objects.create(
        owner=owner,
        session=session,
        left=list(result.findings["left"]),
        right=list(result.findings["right"]),
        urgent=result.urgent,
    )
    if not result.all_fine:
        waiting = PracticeSession.objects.select_for_update().filter(
            owner=owner,
            status=SessionStatus.IN_PROGRESS,
            stage__in=[SessionStage.BEFORE, SessionStage.STEPS],
        )
        for waiting_session in waiting:
            if not_started(waiting_session):
                pause_skin_work(session=waiting_session)
    return check


def not_started(session: PracticeSession) -> bool:
    """No exercise done or skipped yet: still time to change what the session holds."""
    if session.stage == SessionStage.BEFORE:
        return True
    return (
        session.stage == SessionStage.STEPS
        and session.current_index == 0
        and not session.steps.exclude(status=StepStatus.PENDING).exists()
    )


def pause_skin_work(*, session: PracticeSession) -> list[str]:
    """Take the pending barefoot and textured steps out of a session that has not started
    its exercises; the others close up. Returns the slugs taken out. A session left with
    no steps goes on to its after check-in."""
    steps = list(session.steps.select_related("exercise").order_by("position"))
    paused = [
        step
        for step in steps
        if step.exercise.barefoot_or_textured and step.status == StepStatus.PENDING
    ]
    if not paused:
        return []
    session.steps.filter(pk__in=[step.pk for step in paused]).delete()
    kept = [step for step in steps if step not in paused]
    for position, step in enumerate(kept):  # ascending: each moves to a free, lower place
        if step.position != position:
            step.position = position
            step.save(update_fields=["position"])
    slugs = [step.exercise.slug for step in paused]
    session.paused_for_feet = list(dict.fromkeys([*session.paused_for_feet, *slugs]))
    fields = ["paused_for_feet", "updated_at"]
    if not kept and session.stage == SessionStage.STEPS:
        session.stage = SessionStage.AFTER
        fields.append("stage")
    session.save(update_fields=fields)
    return slugs


def mark_healed(*, owner: User) -> int:
    """The person says the problems from earlier foot checks have healed."""
    return (
        FootCheck.objects.filter(owner=owner, healed_at__isnull=True)
        .exclude(left=[], right=[])
        .update(healed_at=timezone.now())
    )


@transaction.atomic
def record_touch_test(
    *,
    owner: User,
    left: tuple[Sequence[str], Sequence[str]] | None,
    right: tuple[Sequence[str], Sequence[str]] | None,
    session: PracticeSession | None = None,
) -> TouchTest:
    """Save a touch test: per foot tested, (spots touched, spots named), in order."""
    if left is None and right is None:
        raise ValueError("A touch test needs at least one foot.")
    fields: dict[str, object] = {}
    for foot, trials in (("left", left), ("right", right)):
        if trials is None:
            continue
        touched, named = trials
        fields[f"{foot}_touched"] = list(touched)
        fields[f"{foot}_named"] = list(named)
        fields[f"{foot}_correct"] = touch.foot_score(foot, touched, named).correct
    for earlier in _recent(TouchTest, owner, "taken_at"):
        same = all(
            getattr(earlier, name) == fields.get(name, [])
            for name in ("left_touched", "left_named", "right_touched", "right_named")
        )
        if same and earlier.session_id == (session.pk if session else None):
            return earlier
    return TouchTest.objects.create(owner=owner, session=session, **fields)


@transaction.atomic
def record_neuropathy_screen(*, owner: User, answers: Sequence[bool]) -> NeuropathyScreen:
    """Save an MNSI; each is kept, even twice in a day (the later one counts that day)."""
    result = mnsi.score(answers)
    given = [bool(a) for a in answers]
    for earlier in _recent(NeuropathyScreen, owner, "taken_at"):
        if earlier.answers == given:
            return earlier
    return NeuropathyScreen.objects.create(owner=owner, answers=given, points=result.points)
