import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from routines.selectors import routine_plan
from tests.routines.factories import routine_with
from tracking.models import PracticeSession, SymptomLog
from tracking.sessions.selectors import step_history


@pytest.fixture
def routine(user, library):
    return routine_with(user, "ankle-circles", "calf-raises-chair", "contrast-foot-bath")


def start(client, routine, key=None):
    key = key or uuid.uuid4()
    response = client.post(
        reverse("tracking:session_start", args=[routine.pk]), {"start_key": str(key)}
    )
    assert response.status_code == 302
    return PracticeSession.objects.get(start_key=key)


def check_in(client, session, key=None, stage=None, **ratings):
    session.refresh_from_db()
    data = {
        "idempotency_key": str(key or uuid.uuid4()),
        "action": "save",
        "form_stage": stage or session.stage,
        **ratings,
    }
    return client.post(session.get_absolute_url(), data)


def step(client, session, index, action="done", feedback=""):
    data = {"index": index, "action": action, "feedback": feedback, "form_stage": "steps"}
    return client.post(session.get_absolute_url(), data)


def test_whole_session_with_check_ins_and_summary(client_logged_in, routine):
    session = start(client_logged_in, routine)
    assert (
        "How do your feet feel right now?"
        in client_logged_in.get(session.get_absolute_url()).content.decode()
    )
    check_in(client_logged_in, session, numbness=7, aching=5)

    page = client_logged_in.get(session.get_absolute_url()).content.decode()
    assert "Exercise 1 of 3" in page and "Ankle circles" in page
    step(client_logged_in, session, 0, feedback="helped")

    page = client_logged_in.get(session.get_absolute_url()).content.decode()
    assert "Exercise 2 of 3" in page
    assert "stand behind a sturdy chair" in page  # standing move: hold on
    step(client_logged_in, session, 1, action="skip")

    page = client_logged_in.get(session.get_absolute_url()).content.decode()
    assert "Numb feet cannot feel heat" in page  # contrast bath water warning
    step(client_logged_in, session, 2, feedback="no_change")

    check_in(client_logged_in, session, numbness=4, aching=5)
    session.refresh_from_db()
    assert (session.stage, session.status) == ("done", "completed")
    assert session.finished_at is not None
    summary = client_logged_in.get(session.get_absolute_url()).content.decode()
    assert "Better by 3" in summary and "meaningful change" in summary
    assert "2 exercises done, 1 skipped" in summary
    assert SymptomLog.objects.filter(session=session).count() == 2


def test_starting_twice_with_the_same_key_makes_one_session(client_logged_in, routine):
    key = uuid.uuid4()
    first = start(client_logged_in, routine, key)
    second = start(client_logged_in, routine, key)
    assert first.pk == second.pk
    assert PracticeSession.objects.count() == 1
    assert first.steps.count() == 3


def test_double_submitted_check_in_creates_one_record(client_logged_in, routine):
    session = start(client_logged_in, routine)
    key = uuid.uuid4()
    first = check_in(client_logged_in, session, key, "before", numbness=6)
    second = check_in(client_logged_in, session, key, "before", numbness=6)
    assert first.status_code == second.status_code == 302
    assert SymptomLog.objects.filter(session=session, context="before").count() == 1
    session.refresh_from_db()
    assert (session.stage, session.current_index) == ("steps", 0)


def test_resubmitted_step_action_does_not_skip_ahead(client_logged_in, routine):
    session = start(client_logged_in, routine)
    check_in(client_logged_in, session, numbness=6)
    step(client_logged_in, session, 0)
    step(client_logged_in, session, 0)  # back button + resubmit of the first page
    session.refresh_from_db()
    assert session.current_index == 1
    assert session.steps.get(position=1).status == "pending"


def test_reload_resumes_where_the_user_was(client_logged_in, routine):
    session = start(client_logged_in, routine)
    check_in(client_logged_in, session, numbness=6)
    step(client_logged_in, session, 0)
    page = client_logged_in.get(session.get_absolute_url()).content.decode()
    assert "Exercise 2 of 3" in page
    routines_page = client_logged_in.get(reverse("tracking:routine_list")).content.decode()
    assert "Carry on where you left off" in routines_page
    assert session.get_absolute_url() in routines_page


def test_back_returns_to_the_previous_step(client_logged_in, routine):
    session = start(client_logged_in, routine)
    check_in(client_logged_in, session, numbness=6)
    step(client_logged_in, session, 0)
    step(client_logged_in, session, 1, action="back")
    session.refresh_from_db()
    assert session.current_index == 0


def test_painful_feedback_offers_to_stop_and_records_it(client_logged_in, routine):
    session = start(client_logged_in, routine)
    check_in(client_logged_in, session, aching=4)
    step(client_logged_in, session, 0, feedback="painful")
    page = client_logged_in.get(session.get_absolute_url()).content.decode()
    assert "You said that was painful" in page
    step(client_logged_in, session, 0, action="stop")
    session.refresh_from_db()
    assert session.status == "stopped"
    assert session.stop_reason == "Painful: Ankle circles"
    assert session.stage == "after"
    assert session.steps.get(position=0).feedback == "painful"
    check_in(client_logged_in, session, aching=6)
    summary = client_logged_in.get(session.get_absolute_url()).content.decode()
    assert "Session stopped" in summary
    assert "You found Ankle circles painful" in summary


def test_painful_then_continue_moves_on(client_logged_in, routine):
    session = start(client_logged_in, routine)
    check_in(client_logged_in, session, aching=4)
    step(client_logged_in, session, 0, feedback="painful")
    step(client_logged_in, session, 0, action="continue")
    session.refresh_from_db()
    assert (session.status, session.current_index) == ("in_progress", 1)


def test_check_ins_can_be_skipped(client_logged_in, routine):
    session = start(client_logged_in, routine)
    client_logged_in.post(
        session.get_absolute_url(),
        {"action": "skip", "idempotency_key": str(uuid.uuid4()), "form_stage": "before"},
    )
    session.refresh_from_db()
    assert session.stage == "steps"
    assert not SymptomLog.objects.exists()


def test_bad_check_in_keeps_input_and_explains(client_logged_in, routine):
    session = start(client_logged_in, routine)
    response = check_in(client_logged_in, session, numbness=14, note="sore after walk")
    assert response.status_code == 400
    html = response.content.decode()
    assert "sore after walk" in html
    assert not SymptomLog.objects.exists()
    empty = check_in(client_logged_in, session)
    assert empty.status_code == 400
    assert "Rate at least one symptom" in empty.content.decode()


def test_malformed_step_action_is_not_a_500(client_logged_in, routine):
    session = start(client_logged_in, routine)
    check_in(client_logged_in, session, numbness=6)
    response = client_logged_in.post(
        session.get_absolute_url(), {"index": "abc", "action": "dance", "form_stage": "steps"}
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.current_index == 0


def test_other_users_get_404_for_sessions(client_logged_in, other_client, routine):
    session = start(client_logged_in, routine)
    assert other_client.get(session.get_absolute_url()).status_code == 404
    response = other_client.post(
        session.get_absolute_url(),
        {
            "idempotency_key": str(uuid.uuid4()),
            "action": "save",
            "numbness": 3,
            "form_stage": "before",
        },
    )
    assert response.status_code == 404
    assert not SymptomLog.objects.exists()


def test_growth_is_suggested_after_three_comfortable_sessions(client_logged_in, routine):
    for _ in range(3):
        session = start(client_logged_in, routine)
        check_in(client_logged_in, session, numbness=5)
        for index in range(3):
            step(client_logged_in, session, index, feedback="no_change")
        check_in(client_logged_in, session, numbness=4)
    plan = routine_plan(routine, history=step_history(routine))
    ankle = plan.steps[0]
    assert ankle.growth is not None and ankle.growth.value == 12
    html = client_logged_in.get(routine.get_absolute_url()).content.decode()
    assert "try 12 instead of 10" in html

    client_logged_in.post(reverse("tracking:step_grow", args=[routine.pk, ankle.step.pk]))
    ankle.step.refresh_from_db()
    assert ankle.step.reps == 12
    assert routine_plan(routine, history=step_history(routine)).steps[0].growth is None


def test_session_keeps_its_dose_after_the_routine_changes(client_logged_in, routine):
    session = start(client_logged_in, routine)
    first = routine.steps.first()
    first.reps = 15
    first.save()
    assert session.steps.get(position=0).reps == 10


def test_a_second_tap_on_the_last_step_is_not_read_as_a_check_in(client_logged_in, routine):
    session = start(client_logged_in, routine)
    check_in(client_logged_in, session, numbness=6)
    for index in range(3):
        step(client_logged_in, session, index)
    again = step(client_logged_in, session, 2)  # the page still showed the last step
    assert again.status_code == 302
    session.refresh_from_db()
    assert session.stage == "after"


def test_stop_from_an_old_page_changes_nothing(client_logged_in, routine):
    session = start(client_logged_in, routine)
    check_in(client_logged_in, session, numbness=6)
    for index in (3, 99, 10**20):
        assert step(client_logged_in, session, index, action="stop").status_code == 302
    session.refresh_from_db()
    assert (session.stage, session.status) == ("steps", "in_progress")


def test_a_session_pointing_past_its_steps_goes_on_to_the_check_in(client_logged_in, routine):
    session = start(client_logged_in, routine)
    check_in(client_logged_in, session, numbness=6)
    session.steps.all().delete()
    response = client_logged_in.get(session.get_absolute_url())
    assert response.status_code == 200
    assert "How do your feet feel now?" in response.content.decode()


def test_stop_asks_first_and_changes_nothing_until_confirmed(client_logged_in, routine):
    session = start(client_logged_in, routine)
    check_in(client_logged_in, session, numbness=5)
    response = step(client_logged_in, session, 0, action="stop")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Stop the session?" in html and "Why are you stopping?" in html
    session.refresh_from_db()
    assert (session.status, session.stage) == ("in_progress", "steps")

    step(client_logged_in, session, 0, action="resume")
    session.refresh_from_db()
    assert (session.status, session.current_index) == ("in_progress", 0)


@pytest.mark.parametrize(
    ("reason", "stored", "said"),
    [
        ("tired", "Too tired", "you were tired"),
        ("no_time", "Out of time", "You ran out of time"),
        ("other", "Something else", "You stopped early"),
        ("", "Something else", "You stopped early"),
        ("pain", "Painful: Ankle circles", "because of pain"),
    ],
)
def test_the_screen_after_a_stop_fits_its_reason(client_logged_in, routine, reason, stored, said):
    session = start(client_logged_in, routine)
    check_in(client_logged_in, session, numbness=5)
    data = {"index": 0, "action": "stop_confirmed", "reason": reason, "form_stage": "steps"}
    assert client_logged_in.post(session.get_absolute_url(), data).status_code == 302
    session.refresh_from_db()
    assert (session.status, session.stop_reason) == ("stopped", stored)
    html = client_logged_in.get(session.get_absolute_url()).content.decode()
    assert said in html
    assert ("healthcare professional" in html.split("<form")[0]) == (reason == "pain")


def test_stop_with_an_unknown_reason_is_refused_not_a_500(client_logged_in, routine):
    session = start(client_logged_in, routine)
    check_in(client_logged_in, session, numbness=5)
    data = {"index": 0, "action": "stop_confirmed", "reason": "bored", "form_stage": "steps"}
    response = client_logged_in.post(session.get_absolute_url(), data, follow=True)
    assert "Something was missing from that button" in response.content.decode()
    session.refresh_from_db()
    assert session.status == "in_progress"


def test_check_in_shows_the_main_symptoms_first_and_offers_same_as_last_time(
    client_logged_in, user, routine
):
    user.profile.main_symptoms = ["pain", "balance"]
    user.profile.save()
    SymptomLog.objects.create(
        owner=user, recorded_at=timezone.now(), time_of_day="morning", burning=3, numbness=2
    )
    session = start(client_logged_in, routine)
    html = client_logged_in.get(session.get_absolute_url()).content.decode()
    shown, others = html.split("Rate another symptom")
    # Pain with another concern brings one pain scale: the one rated recently.
    assert "Burning pain" in shown and "Balance confidence" in shown
    assert "Aching pain" not in shown and "Aching pain" in others
    assert "Same as last time" in html and "numbness 2, burning pain 3" in html

    key = uuid.uuid4()
    data = {"action": "same", "idempotency_key": str(key), "form_stage": "before"}
    assert client_logged_in.post(session.get_absolute_url(), data).status_code == 302
    before = SymptomLog.objects.get(session=session, context="before")
    assert before.ratings() == {"numbness": 2, "burning": 3}


def test_player_pages_carry_the_coach_setting(client_logged_in, user, routine):
    session = start(client_logged_in, routine)
    check_in(client_logged_in, session, numbness=5)
    html = client_logged_in.get(session.get_absolute_url()).content.decode()
    assert 'data-coach="unset"' in html
    assert 'data-cue-out="circle round"' in html
    assert 'data-next-name="Calf raises behind a chair"' in html
    user.profile.coach_mode = False
    user.profile.save()
    html = client_logged_in.get(session.get_absolute_url()).content.decode()
    assert 'data-coach="off"' in html


def test_the_before_check_in_lists_what_to_get_ready_and_swaps_for_today(
    client_logged_in, user, library
):
    routine = routine_with(user, "ankle-circles", "toe-pickups")
    start = client_logged_in.post(
        reverse("tracking:session_start", args=[routine.pk]), {"start_key": str(uuid.uuid4())}
    )
    session = PracticeSession.objects.get(owner=user)
    html = client_logged_in.get(start["Location"]).content.decode()
    assert (
        "Have ready: a low stool or cushion for your foot (optional) and about 10-20 marbles"
        in html
    )
    assert "No marbles today?" in html

    swapped = client_logged_in.post(
        session.get_absolute_url(),
        {
            "form_stage": "before",
            "action": "swap",
            "exercise": "toe-pickups",
            "replacement": "toe-curls-and-spreads",
        },
    )
    assert swapped.status_code == 302
    slugs = list(session.steps.order_by("position").values_list("exercise__slug", flat=True))
    assert slugs == ["ankle-circles", "toe-curls-and-spreads"]
    assert routine.steps.filter(exercise__slug="toe-pickups").exists()  # the routine stays

    refused = client_logged_in.post(
        session.get_absolute_url(),
        {
            "form_stage": "before",
            "action": "swap",
            "exercise": "ankle-circles",
            "replacement": "calf-raises-chair",
        },
    )
    assert refused.status_code == 400
    assert "That swap is no longer on offer" in refused.content.decode()


def test_check_ins_and_steps_sent_late_from_an_offline_phone_keep_when_they_were_made(
    client_logged_in, routine
):
    session = start(client_logged_in, routine)
    PracticeSession.objects.filter(pk=session.pk).update(
        started_at=timezone.now() - timedelta(hours=3)
    )
    made = timezone.now() - timedelta(hours=2)
    offline = {"HTTP_X_OFFLINE_REPLAY": "1"}
    data = {
        "idempotency_key": str(uuid.uuid4()),
        "action": "save",
        "form_stage": "before",
        "numbness": 5,
        "made_at": made.isoformat(),
    }
    assert client_logged_in.post(session.get_absolute_url(), data, **offline).status_code == 302
    before = SymptomLog.objects.get(session=session, context="before")
    assert before.recorded_at == made
    step_at = made + timedelta(minutes=3)
    data = {"index": 0, "action": "done", "form_stage": "steps", "made_at": step_at.isoformat()}
    client_logged_in.post(session.get_absolute_url(), data, **offline)
    assert session.steps.get(position=0).completed_at == step_at
    # Sent online, a step gets the time it arrives, whatever the form says.
    data = {"index": 1, "action": "done", "form_stage": "steps", "made_at": step_at.isoformat()}
    client_logged_in.post(session.get_absolute_url(), data)
    assert session.steps.get(position=1).completed_at > timezone.now() - timedelta(minutes=1)
