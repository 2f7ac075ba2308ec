"""Double submits and back-and-resubmit, for writes not covered elsewhere.

Already covered (not repeated here): symptom log create with one key
(tests/tracking/test_views_logs.py); session start with one key, before check-in
double submit, "done" resubmit, a second tap on the last step and stop from an old
page (tests/routines/test_player.py).

A resubmit sends the very same form again, hidden fields included: the player's
form_stage says which stage the page was showing when it was sent.
"""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portability.models import ImportJob, ImportStatus
from routines.models import Routine, RoutineStep
from tests.routines.factories import routine_with
from tests.security.support import import_document, snapshot
from tests.tracking.factories import SymptomLogFactory
from tracking.models import PracticeSession, SymptomLog


@pytest.fixture
def routine(user, library):
    return routine_with(user, "ankle-circles", "calf-raises-chair", "toe-pickups")


def start(client, routine, key=None):
    key = key or uuid.uuid4()
    response = client.post(
        reverse("tracking:session_start", args=[routine.pk]), {"start_key": str(key)}
    )
    assert response.status_code == 302
    return PracticeSession.objects.get(pk=int(response["Location"].strip("/").split("/")[-1]))


def page_stage(session) -> str:
    """The stage the player page shows now (its hidden form_stage)."""
    session.refresh_from_db()
    return session.stage


def check_in_form(session, key=None, **ratings) -> dict:
    key = str(key or uuid.uuid4())
    return {"form_stage": page_stage(session), "idempotency_key": key, "action": "save"} | ratings


def step_form(session, index, action="done", feedback="") -> dict:
    stage = page_stage(session)
    return {"form_stage": stage, "index": index, "action": action, "feedback": feedback}


def send(client, session, data):
    return client.post(session.get_absolute_url(), data)


def check_in(client, session, key=None, **ratings):
    return send(client, session, check_in_form(session, key, **ratings))


def step(client, session, index, action="done", feedback=""):
    return send(client, session, step_form(session, index, action, feedback))


def state(session):
    session.refresh_from_db()
    steps = list(session.steps.order_by("position").values_list("status", "feedback"))
    return session.stage, session.status, session.current_index, session.stop_reason, steps


def twice(send_it):
    """Send, remember the state, send the very same request again: nothing more may change
    (apart from "last touched" times)."""
    first = send_it()
    after_first = snapshot(timestamps=False)
    second = send_it()
    assert snapshot(timestamps=False) == after_first
    return first, second


def resubmit(client, session, data):
    return twice(lambda: send(client, session, data))


def through_the_steps(client, session):
    check_in(client, session, numbness=6)
    for index in range(3):
        step(client, session, index)


# --- Player ---


def test_double_submitted_after_check_in_saves_one_log_and_finishes_once(client_logged_in, routine):
    session = start(client_logged_in, routine)
    through_the_steps(client_logged_in, session)
    first, second = resubmit(client_logged_in, session, check_in_form(session, numbness=3))
    assert first.status_code == second.status_code == 302
    assert SymptomLog.objects.filter(session=session, context="after").count() == 1
    assert state(session)[:2] == ("done", "completed")


def test_an_old_after_check_in_page_with_a_new_key_saves_nothing(client_logged_in, routine):
    """The back button to a cached check-in page: another key, but the session is done."""
    session = start(client_logged_in, routine)
    through_the_steps(client_logged_in, session)
    old_page = check_in_form(session, numbness=1)
    check_in(client_logged_in, session, numbness=3)
    finished_at = PracticeSession.objects.get(pk=session.pk).finished_at
    assert send(client_logged_in, session, old_page).status_code == 302
    assert SymptomLog.objects.filter(session=session, context="after").get().numbness == 3
    assert PracticeSession.objects.get(pk=session.pk).finished_at == finished_at


def test_skipped_check_in_resubmitted_does_not_touch_the_steps(client_logged_in, routine):
    session = start(client_logged_in, routine)
    data = {"form_stage": "before", "action": "skip", "idempotency_key": str(uuid.uuid4())}
    first, second = resubmit(client_logged_in, session, data)
    assert first.status_code == second.status_code == 302
    assert state(session) == ("steps", "in_progress", 0, "", [("pending", "")] * 3)
    assert not SymptomLog.objects.filter(session=session).exists()


def test_resubmitted_skip_skips_one_step(client_logged_in, routine):
    session = start(client_logged_in, routine)
    check_in(client_logged_in, session, numbness=6)
    resubmit(client_logged_in, session, step_form(session, 0, action="skip"))
    assert state(session)[2:] == (1, "", [("skipped", ""), ("pending", ""), ("pending", "")])


def test_resubmitted_back_goes_back_one_step(client_logged_in, routine):
    session = start(client_logged_in, routine)
    check_in(client_logged_in, session, numbness=6)
    step(client_logged_in, session, 0)
    step(client_logged_in, session, 1)
    first, second = resubmit(client_logged_in, session, step_form(session, 2, action="back"))
    assert first.status_code == second.status_code == 302
    assert state(session)[2] == 1


def test_resubmitted_continue_after_pain_moves_on_once(client_logged_in, routine):
    session = start(client_logged_in, routine)
    check_in(client_logged_in, session, numbness=6)
    step(client_logged_in, session, 0, feedback="painful")
    resubmit(client_logged_in, session, step_form(session, 0, action="continue"))
    assert state(session)[2] == 1
    assert session.steps.get(position=1).status == "pending"


def test_resubmitted_painful_feedback_is_recorded_once(client_logged_in, routine):
    session = start(client_logged_in, routine)
    check_in(client_logged_in, session, numbness=6)
    resubmit(client_logged_in, session, step_form(session, 0, feedback="painful"))
    assert state(session)[2:] == (0, "", [("done", "painful"), ("pending", ""), ("pending", "")])


def test_resubmitted_stop_stops_once_quietly_and_keeps_the_reason(client_logged_in, routine):
    session = start(client_logged_in, routine)
    check_in(client_logged_in, session, numbness=6)
    step(client_logged_in, session, 0)
    stop = step_form(session, 1, "stop", feedback="painful")
    first, second = resubmit(client_logged_in, session, stop)
    assert first.status_code == second.status_code == 302
    page = client_logged_in.get(session.get_absolute_url()).content.decode()
    assert "Rate at least one symptom" not in page
    assert state(session) == (
        "after",
        "stopped",
        1,
        f"Painful: {routine.steps.get(position=1).exercise.name}",
        [("done", ""), ("done", "painful"), ("pending", "")],
    )


def test_step_actions_resubmitted_after_the_session_ended_change_nothing(client_logged_in, routine):
    session = start(client_logged_in, routine)
    through_the_steps(client_logged_in, session)
    old_pages = [
        {"form_stage": "steps", "index": index, "action": action, "feedback": "painful"}
        for index in range(3)
        for action in ("done", "skip", "back", "continue", "stop")
    ] + [
        {"form_stage": stage, "action": action, "idempotency_key": str(uuid.uuid4()), "aching": 9}
        for stage in ("before", "after")
        for action in ("save", "skip")
    ]
    check_in(client_logged_in, session, numbness=4)
    before = snapshot()
    for data in old_pages:
        assert send(client_logged_in, session, data).status_code == 302
    assert snapshot() == before


def test_a_start_key_reused_by_someone_else_starts_their_own_session(
    client_logged_in, other_client, other_user, routine
):
    key = uuid.uuid4()
    mine = start(client_logged_in, routine, key)
    theirs_routine = routine_with(other_user, "toe-pickups")
    theirs = start(other_client, theirs_routine, key)
    assert theirs.pk != mine.pk
    assert theirs.owner == other_user and theirs.routine == theirs_routine
    assert other_client.get(mine.get_absolute_url()).status_code == 404


# --- Symptom logs ---


def log_data(key, **overrides):
    return {
        "numbness": "6",
        "foot": "both",
        "recorded_at": "2026-01-10T09:30",
        "idempotency_key": str(key),
        **overrides,
    }


def test_an_idempotency_key_reused_by_someone_else_saves_their_own_log(
    client_logged_in, other_client, user, other_user
):
    key = uuid.uuid4()
    client_logged_in.post(reverse("tracking:log_create"), log_data(key, note="mine"))
    response = other_client.post(reverse("tracking:log_create"), log_data(key, note="theirs"))
    assert response.status_code == 302
    assert SymptomLog.objects.get(owner=user).note == "mine"
    assert SymptomLog.objects.get(owner=other_user).note == "theirs"


def test_a_second_tab_with_the_same_key_keeps_the_first_log(client_logged_in, user):
    key = uuid.uuid4()
    client_logged_in.post(reverse("tracking:log_create"), log_data(key, numbness="6"))
    client_logged_in.post(reverse("tracking:log_create"), log_data(key, numbness="2"))
    assert list(SymptomLog.objects.filter(owner=user).values_list("numbness", flat=True)) == [6]


def test_resubmitted_edit_gives_the_same_result(client_logged_in, user):
    log = SymptomLogFactory(owner=user)
    url = reverse("tracking:log_edit", args=[log.pk])
    data = log_data(uuid.uuid4(), numbness="2", tingling="5", note="after the walk")
    first, second = twice(lambda: client_logged_in.post(url, data))
    assert first.status_code == second.status_code == 302
    log.refresh_from_db()
    assert (log.numbness, log.tingling, log.note) == (2, 5, "after the walk")


def test_resubmitted_delete_is_404_and_deletes_nothing_else(client_logged_in, user):
    log, other = SymptomLogFactory(owner=user), SymptomLogFactory(owner=user)
    url = reverse("tracking:log_delete", args=[log.pk])
    first, second = twice(lambda: client_logged_in.post(url))
    assert (first.status_code, second.status_code) == (302, 404)
    assert list(SymptomLog.objects.filter(owner=user)) == [other]


# --- Routines ---


def test_resubmitted_routine_delete_is_404(client_logged_in, user, routine):
    keep = routine_with(user, "toe-pickups", name="Keep")
    url = reverse("tracking:routine_delete", args=[routine.pk])
    first, second = twice(lambda: client_logged_in.post(url))
    assert (first.status_code, second.status_code) == (302, 404)
    assert list(Routine.objects.filter(owner=user)) == [keep]


def test_resubmitted_step_remove_is_404_and_keeps_the_order(client_logged_in, routine):
    middle = routine.steps.get(position=1)
    url = reverse("tracking:step_remove", args=[routine.pk, middle.pk])
    first, second = twice(lambda: client_logged_in.post(url))
    assert (first.status_code, second.status_code) == (302, 404)
    steps = RoutineStep.objects.filter(routine=routine).order_by("position")
    assert [(s.position, s.exercise.slug) for s in steps] == [
        (0, "ankle-circles"),
        (1, "toe-pickups"),
    ]


def test_resubmitted_move_to_top_is_idempotent(client_logged_in, routine):
    last = routine.steps.get(position=2)
    url = reverse("tracking:step_move", args=[routine.pk, last.pk])
    twice(lambda: client_logged_in.post(url, {"direction": "top"}))
    order = routine.steps.order_by("position").values_list("exercise__slug", flat=True)
    assert list(order) == ["toe-pickups", "ankle-circles", "calf-raises-chair"]


def test_resubmitted_dose_change_gives_the_same_dose(client_logged_in, routine):
    first_step = routine.steps.get(position=0)
    url = reverse("tracking:step_dose", args=[routine.pk, first_step.pk])
    twice(lambda: client_logged_in.post(url, {"reps": "14", "sets": "2", "sides": "2"}))
    first_step.refresh_from_db()
    assert (first_step.reps, first_step.sets) == (14, 2)


def test_resubmitted_growth_is_applied_once(client_logged_in, routine):
    for _ in range(3):
        session = start(client_logged_in, routine)
        check_in(client_logged_in, session, numbness=5)
        for index in range(3):
            step(client_logged_in, session, index, feedback="no_change")
        check_in(client_logged_in, session, numbness=4)
    ankle = routine.steps.get(position=0)
    assert ankle.reps is None  # the exercise's usual 10
    url = reverse("tracking:step_grow", args=[routine.pk, ankle.pk])
    first, second = twice(lambda: client_logged_in.post(url))
    assert first.status_code == second.status_code == 302
    ankle.refresh_from_db()
    assert ankle.reps == 12


# --- Import ---


def upload(client, content: bytes):
    return client.post(
        reverse("portability:your_data"), {"file": SimpleUploadedFile("backup.json", content)}
    )


def test_the_same_export_uploaded_again_adds_nothing(
    client_logged_in, other_client, user, other_user, library
):
    for day in range(3):
        SymptomLogFactory(owner=user, numbness=day, note=f"day {day}")
    content = client_logged_in.get(reverse("portability:export_json")).getvalue()
    for _ in range(2):
        response = upload(other_client, content)
        assert response.status_code == 302
        assert other_client.get(response["Location"]).status_code == 200
    assert SymptomLog.objects.filter(owner=other_user).count() == 3
    jobs = ImportJob.objects.filter(owner=other_user).order_by("pk")
    assert [job.status for job in jobs] == [ImportStatus.DONE, ImportStatus.DONE]
    assert jobs[1].skipped_counts == {"symptom_logs": 3}


def test_a_double_submitted_upload_starts_one_import(client_logged_in, user):
    content = import_document("double")
    first = upload(client_logged_in, content)
    second = upload(client_logged_in, content)
    assert (first.status_code, second.status_code) == (302, 409)
    assert ImportJob.objects.filter(owner=user).count() == 1


def test_resubmitted_stop_changes_nothing_more(client_logged_in, user):
    response = upload(client_logged_in, import_document("stop"))
    job = ImportJob.objects.get(owner=user)
    url = reverse("portability:import_cancel", args=[job.pk])
    first, second = twice(lambda: client_logged_in.post(url))
    assert first.status_code == second.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.CANCELLED
    assert not SymptomLog.objects.filter(owner=user).exists()
    assert response["Location"] == first["Location"]
