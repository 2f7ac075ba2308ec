"""A request the database cut off (a restart, a failover) is run once more."""

import uuid
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tracking.logs import services as log_services
from tracking.models import SymptomLog

RESTART = OperationalError("terminating connection due to administrator command")


@pytest.fixture
def quiet_client(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def failing_first(real, times=1):
    """A stand-in for ``real`` that raises the restart error on its first ``times`` calls."""
    calls = []

    def stand_in(*args, **kwargs):
        calls.append(1)
        if len(calls) <= times:
            raise RESTART
        return real(*args, **kwargs)

    stand_in.calls = calls
    return stand_in


def log_data(**overrides):
    return {
        "numbness": "4",
        "foot": "both",
        "note": "",
        "recorded_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "idempotency_key": str(uuid.uuid4()),
        **overrides,
    }


def test_a_page_cut_off_once_is_served_on_the_second_run(quiet_client):
    from tracking.sessions.views import selectors

    flaky = failing_first(selectors.active_session)
    with mock.patch("tracking.sessions.views.selectors.active_session", side_effect=flaky):
        response = quiet_client.get(reverse("home"))
    assert response.status_code == 200
    assert len(flaky.calls) == 2


def test_a_database_still_down_gets_the_503_after_one_more_try(quiet_client):
    flaky = failing_first(lambda *args: None, times=99)
    with mock.patch("tracking.sessions.views.selectors.active_session", side_effect=flaky):
        response = quiet_client.get(reverse("home"))
    assert response.status_code == 503
    assert "back in a moment" in response.content.decode()
    assert len(flaky.calls) == 2


def test_a_log_cut_off_before_saving_is_saved_once(quiet_client, user):
    flaky = failing_first(log_services.log_symptoms)
    with mock.patch("tracking.logs.views.services.log_symptoms", side_effect=flaky):
        response = quiet_client.post(reverse("tracking:log_create"), log_data(note="one"))
    assert response.status_code == 302
    assert SymptomLog.objects.filter(owner=user, note="one").count() == 1


def test_a_log_saved_and_then_cut_off_is_not_saved_twice(quiet_client, user):
    calls, real = [], log_services.log_symptoms

    def saved_then_cut_off(**kwargs):
        result = real(**kwargs)
        calls.append(result[1])
        if len(calls) == 1:
            raise RESTART
        return result

    with mock.patch("tracking.logs.views.services.log_symptoms", side_effect=saved_then_cut_off):
        response = quiet_client.post(reverse("tracking:log_create"), log_data(note="two"))
    assert response.status_code == 302
    assert calls == [True, False]  # the second run found the log the first one saved
    assert SymptomLog.objects.filter(owner=user, note="two").count() == 1
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("already saved" in m for m in messages)


def test_a_post_not_marked_replay_safe_is_not_run_twice(quiet_client):
    flaky = failing_first(lambda **kwargs: None)
    with mock.patch("tracking.sessions.routine_pages.services.create_routine", side_effect=flaky):
        response = quiet_client.post(reverse("tracking:routine_create"), {"name": "Mornings"})
    assert response.status_code == 503
    assert len(flaky.calls) == 1


def test_other_errors_are_not_run_again(quiet_client):
    calls = []

    def broken(*args):
        calls.append(1)
        raise RuntimeError("bug")

    with mock.patch("tracking.sessions.views.selectors.active_session", side_effect=broken):
        response = quiet_client.get(reverse("home"))
    assert response.status_code == 500
    assert len(calls) == 1
