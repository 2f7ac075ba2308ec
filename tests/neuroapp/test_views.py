import re

from django.urls import reverse

from tests.routines.factories import routine_with
from tracking.models import PracticeSession


def test_today_page_starts_each_routine_with_its_own_key(client_logged_in, user, library):
    first = routine_with(user, "ankle-circles", name="Morning")
    second = routine_with(user, "toe-pickups", name="Evening")
    html = client_logged_in.get(reverse("home")).content.decode()
    keys = re.findall(r'name="start_key" value="([0-9a-f-]+)"', html)
    assert len(keys) == len(set(keys)) == 2
    for routine, key in zip([second, first], keys, strict=True):  # listed by name
        client_logged_in.post(
            reverse("tracking:session_start", args=[routine.pk]), {"start_key": key}
        )
    assert PracticeSession.objects.filter(owner=user).count() == 2


def test_today_page_offers_to_resume_an_unfinished_session(client_logged_in, user, library):
    routine = routine_with(user, "ankle-circles")
    client_logged_in.post(
        reverse("tracking:session_start", args=[routine.pk]),
        {"start_key": "3f1c9a52-5a43-4c41-8a44-0c6b8f2c1e11"},
    )
    html = client_logged_in.get(reverse("home")).content.decode()
    assert "Carry on where you left off" in html


def test_public_home_for_visitors(client, db):
    html = client.get(reverse("home")).content.decode()
    assert "Create a free account" in html


def test_missing_pages_get_a_friendly_404(client_logged_in):
    response = client_logged_in.get("/no-such-page/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_expired_form_gets_a_friendly_403_and_saves_nothing(user):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(reverse("tracking:log_create"), {"numbness": 5})
    assert response.status_code == 403
    assert "Please try that again" in response.content.decode()
    assert not user.symptom_logs.exists()
