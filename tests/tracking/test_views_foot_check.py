import uuid

import pytest
from django.urls import reverse

from accounts.models import Profile
from tests.routines.factories import routine_with
from tests.tracking.factories import FootCheckFactory
from tracking.checks import wording
from tracking.models import FootCheck, PracticeSession

URL = reverse("tracking:foot_check")


@pytest.fixture
def routine(user, library):
    return routine_with(
        user, "ankle-circles", "toe-pickups", "seated-marching", "textured-ball-roll"
    )


def _start(client, routine) -> PracticeSession:
    key = uuid.uuid4()
    response = client.post(reverse("tracking:session_start", args=[routine.pk]), {"start_key": key})
    assert response.status_code == 302
    return PracticeSession.objects.get(start_key=key)


def _slugs(session) -> list[str]:
    return [step.exercise.slug for step in session.steps.order_by("position")]


def test_all_fine_is_saved_and_goes_back_to_the_page_it_came_from(client_logged_in, user):
    response = client_logged_in.post(URL, {"action": "fine", "next": "/progress/"})
    assert response.status_code == 302 and response["Location"] == "/progress/"
    check = FootCheck.objects.get(owner=user)
    assert check.all_fine


def test_a_finding_shows_the_advice_on_its_own_page(client_logged_in, user):
    response = client_logged_in.post(URL, {"action": "found", "left": ["cut", "warmth"]})
    check = FootCheck.objects.get(owner=user)
    assert response["Location"] == reverse("tracking:foot_check_result", args=[check.pk])
    page = client_logged_in.get(response["Location"]).content.decode()
    assert wording.SEE_NOW in page and wording.PAUSED in page
    assert check.urgent and check.left == ["cut", "warmth"]


@pytest.mark.parametrize(
    "data, message",
    [
        ({"action": "found"}, "Tick what you found"),
        ({"action": "fine", "right": ["swelling"]}, "Untick it"),
        ({}, "Look at both feet"),
        ({"action": "found", "left": ["frostbite"]}, "not one of the available choices"),
    ],
)
def test_unclear_answers_get_a_message_keep_the_ticks_and_save_nothing(
    client_logged_in, user, data, message
):
    response = client_logged_in.post(URL, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    if data.get("right"):
        assert 'value="swelling" id="id_right_3" checked' in response.content.decode()
    assert not FootCheck.objects.exists()


def test_a_problem_takes_the_skin_moves_out_of_a_session_not_yet_started(client_logged_in, routine):
    session = _start(client_logged_in, routine)
    client_logged_in.post(URL, {"action": "found", "right": ["blister"], "session": session.pk})
    session.refresh_from_db()
    assert _slugs(session) == ["ankle-circles", "seated-marching"]
    assert session.paused_for_feet == ["toe-pickups", "textured-ball-roll"]
    page = client_logged_in.get(session.get_absolute_url()).content.decode()
    assert "Left out today while your foot heals" in page and "Toe pickups" in page


def test_while_a_problem_heals_new_sessions_leave_the_skin_moves_out_until_healed(
    client_logged_in, user, routine
):
    FootCheckFactory(owner=user, left=["redness"])
    assert _slugs(_start(client_logged_in, routine)) == ["ankle-circles", "seated-marching"]
    home = client_logged_in.get("/").content.decode()
    assert "paused while your foot heals" in home
    response = client_logged_in.post(reverse("tracking:foot_healed"), {"next": "/"})
    assert response.status_code == 302
    assert FootCheck.objects.get(owner=user).healed_at is not None
    assert len(_slugs(_start(client_logged_in, routine))) == 4


def test_the_player_asks_for_the_foot_check_once_a_day_where_the_person_chose(
    client_logged_in, user, routine
):
    session = _start(client_logged_in, routine)
    assert "Daily foot check" in client_logged_in.get(session.get_absolute_url()).content.decode()
    Profile.objects.filter(user=user).update(foot_check="after")
    assert (
        "Daily foot check" not in client_logged_in.get(session.get_absolute_url()).content.decode()
    )
    Profile.objects.filter(user=user).update(foot_check="before")
    client_logged_in.post(URL, {"action": "fine", "session": session.pk})
    assert (
        "Daily foot check" not in client_logged_in.get(session.get_absolute_url()).content.decode()
    )


def test_another_persons_session_or_check_is_not_found(client_logged_in, other_user, library):
    other_routine = routine_with(other_user, "toe-pickups")
    from tracking.sessions.services import start_session

    theirs = start_session(owner=other_user, routine=other_routine, start_key=uuid.uuid4())
    response = client_logged_in.post(
        URL, {"action": "found", "left": ["cut"], "session": theirs.pk}
    )
    assert response.status_code == 404
    assert theirs.steps.count() == 1
    check = FootCheckFactory(owner=other_user, left=["cut"])
    assert (
        client_logged_in.get(reverse("tracking:foot_check_result", args=[check.pk])).status_code
        == 404
    )


def test_the_same_foot_check_sent_twice_within_a_minute_is_saved_once(client_logged_in, user):
    found = {"left": ["blister"], "right": []}
    first = client_logged_in.post(URL, found)
    again = client_logged_in.post(URL, found)  # a double tap, or a resend
    assert FootCheck.objects.filter(owner=user).count() == 1
    assert first["Location"] == again["Location"]
    client_logged_in.post(URL, {"left": ["blister", "redness"], "right": []})
    assert FootCheck.objects.filter(owner=user).count() == 2


def test_finding_it_again_after_saying_it_healed_is_a_new_check(client_logged_in, user):
    found = {"left": ["blister"], "right": []}
    client_logged_in.post(URL, found)
    client_logged_in.post(reverse("tracking:foot_healed"))
    client_logged_in.post(URL, found)
    assert FootCheck.objects.filter(owner=user).count() == 2
    assert FootCheck.objects.filter(owner=user, healed_at__isnull=True).count() == 1
