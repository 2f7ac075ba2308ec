import uuid
from datetime import UTC, datetime, time, timedelta

import pytest

from routines.models import DiscoveryPlan, Exercise
from tests.routines.factories import (
    DiscoveryPlanFactory,
    RoutineFactory,
    RoutineStepFactory,
    WeekPlanFactory,
)
from tests.tracking.factories import (
    FootCheckFactory,
    NeuropathyScreenFactory,
    PracticeSessionFactory,
    ReminderSettingsFactory,
    SymptomLogFactory,
    TouchTestFactory,
)
from tracking.models import SessionStep

NOTE = "Tingling after the long walk to Zanzibar-7731"
T0 = datetime(2026, 3, 1, 8, 30, 15, 123456, tzinfo=UTC)


def fill_account(user, start=T0):
    """Two routines, a finished and a running "find out what helps me" plan, three sessions
    (one from a deleted routine, one of the running plan), five logs, a week plan and
    reminder settings."""
    profile = user.profile
    profile.main_symptoms = ["numbness", "pain"]
    profile.balance_concerns = True
    profile.preferred_time = "evening"
    profile.display_name = "Margaret O'Hara"
    profile.save()

    morning = RoutineFactory(owner=user, name="Morning", focus="numbness")
    RoutineStepFactory(routine=morning, exercise=Exercise.objects.get(slug="ankle-circles"))
    RoutineStepFactory(
        routine=morning,
        exercise=Exercise.objects.get(slug="toe-pickups"),
        reps=12,
        sets=2,
        sides=2,
    )
    evening = RoutineFactory(owner=user, name="Evening", focus="custom")
    RoutineStepFactory(routine=evening, exercise=Exercise.objects.get(slug="ankle-circles"), sets=3)

    ended = DiscoveryPlanFactory(
        routine=morning, seed=17, length=14, ended_at=start - timedelta(days=3)
    )
    running_plan = DiscoveryPlanFactory(routine=morning, seed=2**31 - 1, restarted_at_index=1)
    # started_at is set on creation (auto_now_add): put the plans in the past.
    DiscoveryPlan.objects.filter(pk=ended.pk).update(started_at=start - timedelta(days=20))
    DiscoveryPlan.objects.filter(pk=running_plan.pk).update(started_at=start - timedelta(hours=1))
    done = PracticeSessionFactory(
        owner=user,
        plan=running_plan,
        plan_index=0,
        left_out=["seated-calf-raises", "wall-calf-stretch"],
        paused_for_feet=["textured-ball-roll"],
        routine=morning,
        routine_name="Morning",
        started_at=start,
        finished_at=start + timedelta(minutes=12),
        status="completed",
        stage="done",
        current_index=1,
        start_key=uuid.uuid4(),
    )
    SessionStep.objects.create(
        session=done,
        exercise=Exercise.objects.get(slug="ankle-circles"),
        position=0,
        dose_kind="reps",
        reps=10,
        status="done",
        feedback="helped",
        completed_at=start + timedelta(minutes=3),
    )
    SessionStep.objects.create(
        session=done,
        exercise=Exercise.objects.get(slug="toe-pickups"),
        position=1,
        dose_kind="reps",
        reps=12,
        sets=2,
        sides=2,
        status="skipped",
    )
    stopped = PracticeSessionFactory(
        owner=user,
        routine=None,
        routine_name="A routine I deleted",
        started_at=start + timedelta(days=1),
        status="stopped",
        stage="after",
        stop_reason="Pain in my left heel",
        start_key=None,
    )
    running = PracticeSessionFactory(
        owner=user, routine=evening, routine_name="Evening", started_at=start + timedelta(days=2)
    )

    SymptomLogFactory(
        owner=user,
        recorded_at=start - timedelta(minutes=1),
        numbness=6,
        tingling=4,
        context="before",
        session=done,
        idempotency_key=uuid.uuid4(),
    )
    SymptomLogFactory(
        owner=user,
        recorded_at=start + timedelta(minutes=13),
        numbness=4,
        balance_confidence=7,
        context="after",
        session=done,
    )
    SymptomLogFactory(
        owner=user,
        recorded_at=start + timedelta(days=1, hours=2),
        numbness=None,
        sharp=8,
        foot="left",
        note=NOTE,
        context="after",
        session=stopped,
    )
    SymptomLogFactory(
        owner=user,
        recorded_at=start + timedelta(days=3),
        numbness=3,
        aching=2,
        burning=1,
        foot="right",
        note="=SUM(A1:A9) looked like a formula",
        idempotency_key=uuid.uuid4(),
    )
    SymptomLogFactory(owner=user, recorded_at=start + timedelta(days=4), numbness=0)

    FootCheckFactory(
        owner=user,
        checked_at=start - timedelta(minutes=2),
        session=done,
        left=["blister", "redness"],
        healed_at=start + timedelta(days=2),
    )
    FootCheckFactory(owner=user, checked_at=start + timedelta(days=3))
    TouchTestFactory(
        owner=user,
        taken_at=start + timedelta(minutes=5),
        session=done,
        right_touched=["heel", "toes", "top", "arch", "ball"],
        right_named=["heel", "ball", "top", "nothing", "ball"],
        right_correct=3,
    )
    NeuropathyScreenFactory(
        owner=user,
        taken_at=start - timedelta(days=1),
        answers=[True, True, False, True, *[False] * 11],
        points=4,
    )
    WeekPlanFactory(
        owner=user, routine=morning, days=[0, 2, 4], first_time=time(9, 0), second_time=time(18, 30)
    )
    ReminderSettingsFactory(owner=user, by_email=True, check_in_reminder=False, minutes_before=30)
    return {
        "routines": [morning, evening],
        "sessions": [done, stopped, running],
        "plans": [ended, running_plan],
    }


@pytest.fixture
def filled_account(user, library):
    fill_account(user)
    return user
