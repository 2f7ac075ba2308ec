"""The "find out what helps me" plan on the routine page and in the player."""

import uuid
from collections import Counter

import pytest
from django.urls import reverse

from routines import selectors as routine_selectors
from routines import services as routine_services
from routines.models import DiscoveryPlan, Routine
from tests.routines.factories import routine_with
from tracking.models import PracticeSession
from tracking.sessions.services import start_session

EIGHT = (
    "ankle-circles",
    "toe-curls-and-spreads",
    "seated-marching",
    "textured-ball-roll",
    "toe-pickups",
    "plantar-fascia-stretch",
    "seated-hamstring-stretch",
    "figure-eight-ankle",
    "finger-to-toe-touch",
)


@pytest.fixture
def routine(user, library):
    return routine_with(user, *EIGHT, name="Daily")


def start_plan(client, routine):
    return client.post(reverse("tracking:plan_start", args=[routine.pk]))


def test_the_routine_page_offers_a_plan_and_starting_it_says_what_the_next_session_leaves_out(
    client_logged_in, routine
):
    page = client_logged_in.get(routine.get_absolute_url()).content.decode()
    assert "Find out what helps you" in page and "Start a 4-week plan" in page
    response = start_plan(client_logged_in, routine)
    assert response.status_code == 302
    plan = DiscoveryPlan.objects.get(routine=routine)
    assert plan.is_running and len(plan.varied) == 8
    page = client_logged_in.get(routine.get_absolute_url()).content.decode()
    assert "Your plan is running" in page
    assert "Next session without" in page
    assert "Not enough yet" in page and "more needed" in page
    assert "Stop the plan" in page


def test_planned_sessions_keep_the_warm_up_and_leave_out_each_movement_half_the_time(user, routine):
    start_plan_for(routine)
    kept = Counter()
    for _ in range(16):
        session = start_session(owner=user, routine=routine, start_key=uuid.uuid4())
        slugs = [step.exercise.slug for step in session.steps.all()]
        assert slugs[0] == "ankle-circles"
        assert set(session.left_out).isdisjoint(slugs)
        assert set(session.left_out) | set(slugs) == set(EIGHT)
        kept.update(slugs[1:])
        PracticeSession.objects.filter(pk=session.pk).update(stage="done")
    assert set(kept.values()) == {8}  # a whole block: each in exactly half


def start_plan_for(routine):
    steps = routine_selectors.plan_steps(routine, seated_only=False)
    return routine_services.start_plan(routine=routine, steps=steps)


def test_a_short_routine_is_refused_with_a_clear_message(client_logged_in, user, library):
    short = routine_with(user, "ankle-circles", "toe-pickups", "seated-marching")
    response = start_plan(client_logged_in, short)
    assert response.status_code == 400
    assert "A plan needs at least 4 movements besides the warm-up" in response.content.decode()
    assert not DiscoveryPlan.objects.exists()


def test_the_player_names_what_is_left_out_and_a_movement_can_be_added_back(
    client_logged_in, routine
):
    start_plan(client_logged_in, routine)
    response = client_logged_in.post(
        reverse("tracking:session_start", args=[routine.pk]),
        {"start_key": "7b4e8a1c-3f4b-4d8e-9a77-1d2c3b4a5f60"},
    )
    session = PracticeSession.objects.get()
    page = client_logged_in.get(response["Location"]).content.decode()
    assert "Today without" in page and "how we find out what helps you" in page
    slug = session.left_out[0]
    client_logged_in.post(
        session.get_absolute_url(),
        {"form_stage": "before", "action": "add_back", "exercise": slug},
    )
    session.refresh_from_db()
    assert slug not in session.left_out
    assert session.steps.order_by("position").last().exercise.slug == slug


def test_stopping_the_plan_and_deleting_the_routine_keep_the_sessions(
    client_logged_in, user, routine
):
    start_plan(client_logged_in, routine)
    start_session(owner=user, routine=routine, start_key=uuid.uuid4())
    client_logged_in.post(reverse("tracking:plan_stop", args=[routine.pk]))
    assert not DiscoveryPlan.objects.get().is_running
    plain = start_session(owner=user, routine=routine, start_key=uuid.uuid4())
    assert plain.steps.count() == len(EIGHT) and plain.plan is None
    Routine.objects.filter(pk=routine.pk).delete()
    assert PracticeSession.objects.count() == 2
    assert not DiscoveryPlan.objects.exists()


def test_changing_the_routine_during_a_plan_adapts_it(client_logged_in, user, routine):
    start_plan(client_logged_in, routine)
    start_session(owner=user, routine=routine, start_key=uuid.uuid4())
    routine.steps.order_by("position").last().delete()
    page = client_logged_in.get(routine.get_absolute_url()).content.decode()
    assert "You changed this routine during the plan" in page
    session = start_session(owner=user, routine=routine, start_key=uuid.uuid4())
    plan = DiscoveryPlan.objects.get()
    assert plan.restarted_at_index == 1 and len(plan.varied) == 7
    assert session.plan == plan and session.plan_index == 1


def test_another_persons_plan_urls_are_404(other_client, routine):
    for name in ("tracking:plan_start", "tracking:plan_stop", "tracking:plan_keep"):
        assert other_client.post(reverse(name, args=[routine.pk])).status_code == 404
