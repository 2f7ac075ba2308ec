from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tests.tracking.factories import NeuropathyScreenFactory
from tracking.models import NeuropathyScreen

URL = reverse("tracking:neuropathy_screen")


def _answers(yes: set[int]) -> dict:
    return {f"q{n}": "yes" if n in yes else "no" for n in range(1, 16)}


def test_scored_with_the_original_rules_and_explained(client_logged_in, user):
    response = client_logged_in.post(URL, _answers({1, 2, 3, 4, 5, 10}))  # 4 + 2 for 7, 13
    screen = NeuropathyScreen.objects.get(owner=user)
    assert screen.points == 6 and len(screen.answers) == 15
    page = client_logged_in.get(response["Location"]).content.decode()
    assert "Your score: 6 of 13" in page and "not a positive screen" in page
    assert "not a diagnosis" in page


def test_missing_answers_are_named_and_what_was_entered_is_kept(client_logged_in):
    data = _answers(set())
    del data["q7"], data["q12"]
    response = client_logged_in.post(URL, {**data, "q1": "yes"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Please answer question 7: yes or no." in page
    assert "Please answer question 12: yes or no." in page
    assert 'name="q1" value="yes" id="id_q1_0" required checked' in page
    assert not NeuropathyScreen.objects.exists()


def test_twice_in_a_day_keeps_both_and_the_later_counts(client_logged_in, user):
    client_logged_in.post(URL, _answers(set()))
    client_logged_in.post(URL, _answers({1, 2, 3, 5, 6, 8}))
    assert NeuropathyScreen.objects.filter(owner=user).count() == 2
    page = client_logged_in.get(reverse("tracking:progress")).content.decode()
    assert "8 of 13 points: 7 or more is a positive screen" in page
    assert "Please show this result to your doctor" in page


def test_offered_on_today_when_due_then_monthly(client_logged_in, user):
    assert "Answer the questionnaire" in client_logged_in.get("/").content.decode()
    NeuropathyScreenFactory(owner=user, taken_at=timezone.now() - timedelta(days=10))
    assert "Answer the questionnaire" not in client_logged_in.get("/").content.decode()


def test_a_rising_score_is_flagged_in_the_report(client_logged_in, user):
    NeuropathyScreenFactory(owner=user, taken_at=timezone.now() - timedelta(days=60), points=2)
    NeuropathyScreenFactory(owner=user, points=5)
    page = client_logged_in.get(reverse("tracking:clinician_report")).content.decode()
    assert "risen since you first took it" in page
    assert "A positive screen or a rising score: worth a clinical foot" in page


def test_another_persons_answers_are_not_found(client_logged_in, other_user):
    screen = NeuropathyScreenFactory(owner=other_user)
    url = reverse("tracking:neuropathy_screen_result", args=[screen.pk])
    assert client_logged_in.get(url).status_code == 404


def test_the_same_answers_sent_twice_within_a_minute_are_saved_once(client_logged_in, user):
    first = client_logged_in.post(URL, _answers({1, 4}))
    again = client_logged_in.post(URL, _answers({1, 4}))  # a double tap, or a resend
    assert NeuropathyScreen.objects.filter(owner=user).count() == 1
    assert first["Location"] == again["Location"]
    NeuropathyScreen.objects.filter(owner=user).update(taken_at=timezone.now() - timedelta(hours=1))
    client_logged_in.post(URL, _answers({1, 4}))  # the same answers an hour later: kept
    assert NeuropathyScreen.objects.filter(owner=user).count() == 2
