import re

from django.urls import reverse

from tests.tracking.factories import TouchTestFactory
from tracking.models import TouchTest

URL = reverse("tracking:touch_test")


def _sequences(client) -> dict[str, list[str]]:
    page = client.get(URL).content.decode()
    return {
        foot: re.search(rf'name="{foot}_touched" value="([^"]+)"', page).group(1).split(",")
        for foot in ("left", "right")
    }


def _form(sequences, feet="both", **answers) -> dict:
    data = {"feet": feet, **{f"{f}_touched": ",".join(s) for f, s in sequences.items()}}
    return {**data, **answers}


def test_the_helper_marks_each_named_spot_and_gets_correct_out_of_five(client_logged_in, user):
    sequences = _sequences(client_logged_in)
    answers = {f"left_{n}": spot for n, spot in enumerate(sequences["left"], start=1)}
    answers |= {f"right_{n}": "nothing" for n in range(1, 6)}
    answers["left_2"] = "nothing"
    response = client_logged_in.post(URL, _form(sequences, **answers))
    test = TouchTest.objects.get(owner=user)
    assert response["Location"] == reverse("tracking:touch_test_result", args=[test.pk])
    assert (test.left_correct, test.right_correct) == (4, 0)
    assert test.left_touched == sequences["left"]
    page = client_logged_in.get(response["Location"]).content.decode()
    assert "left foot 4 out of 5, right foot 0 out of 5" in page


def test_one_foot_only(client_logged_in, user):
    sequences = _sequences(client_logged_in)
    answers = {f"right_{n}": "heel" for n in range(1, 6)}
    client_logged_in.post(URL, _form(sequences, feet="right", **answers))
    test = TouchTest.objects.get(owner=user)
    assert test.left_correct is None and test.right_correct == 1


def test_a_missing_answer_is_named_and_the_rest_kept(client_logged_in):
    sequences = _sequences(client_logged_in)
    answers = {f"left_{n}": "toes" for n in range(1, 5)}
    response = client_logged_in.post(URL, _form(sequences, feet="left", **answers))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Mark the spot they named for touch 5" in page
    assert 'name="left_1" value="toes"' in page and "checked" in page
    assert f'value="{",".join(sequences["left"])}"' in page  # the same touches asked again
    assert not TouchTest.objects.exists()


def test_a_tampered_sequence_is_refused_with_new_touches(client_logged_in):
    response = client_logged_in.post(
        URL, {"feet": "left", "left_touched": "toes,toes", "right_touched": "x"}
    )
    assert response.status_code == 400
    assert "out of date" in response.content.decode()
    assert not TouchTest.objects.exists()


def test_the_player_step_offers_the_helpers_mode(client_logged_in, user, library):
    import uuid

    from tests.routines.factories import routine_with
    from tracking.models import PracticeSession

    routine = routine_with(user, "finger-to-toe-touch")
    key = uuid.uuid4()
    client_logged_in.post(reverse("tracking:session_start", args=[routine.pk]), {"start_key": key})
    session = PracticeSession.objects.get(start_key=key)
    client_logged_in.post(session.get_absolute_url(), {"form_stage": "before", "action": "skip"})
    page = client_logged_in.get(session.get_absolute_url()).content.decode()
    assert "Helper\u2019s mode" in page and f"session={session.pk}" in page


def test_scores_over_time_on_progress_and_in_the_report(client_logged_in, user):
    TouchTestFactory(
        owner=user, left_correct=2, right_touched=["toes"], right_named=["toes"], right_correct=1
    )
    for url in (reverse("tracking:progress"), reverse("tracking:clinician_report")):
        page = client_logged_in.get(url).content.decode()
        assert "Touch test with a helper" in page and "2 out of 5" in page and "1 out of 1" in page
    pdf = client_logged_in.get(reverse("tracking:clinician_report_pdf"))
    assert pdf.status_code == 200


def test_another_persons_test_is_not_found(client_logged_in, other_user):
    test = TouchTestFactory(owner=other_user)
    response = client_logged_in.get(reverse("tracking:touch_test_result", args=[test.pk]))
    assert response.status_code == 404


def test_the_same_test_sent_twice_is_saved_once_and_another_is_kept(client_logged_in, user):
    sequences = _sequences(client_logged_in)
    answers = {f"left_{n}": spot for n, spot in enumerate(sequences["left"], start=1)}
    answers |= {f"right_{n}": "nothing" for n in range(1, 6)}
    first = client_logged_in.post(URL, _form(sequences, **answers))
    again = client_logged_in.post(URL, _form(sequences, **answers))
    assert TouchTest.objects.filter(owner=user).count() == 1
    assert first["Location"] == again["Location"]
    answers["left_1"] = "nothing"  # a different answer: a second test
    client_logged_in.post(URL, _form(sequences, **answers))
    assert TouchTest.objects.filter(owner=user).count() == 2
