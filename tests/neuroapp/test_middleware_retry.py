"""A request the database cut off (a restart, a failover) is run once more, when a second
run cannot save anything twice."""

import sqlite3
import uuid
from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from psycopg import InterfaceError as PsycopgInterfaceError
from psycopg import OperationalError as PsycopgOperationalError
from psycopg.errors import AdminShutdown, QueryCanceled

from routines import services as routine_services
from routines.models import Routine
from tracking.logs import services as log_services
from tracking.models import SymptomLog


def database_error(message, cause):
    """A Django database error as the backend raises it, with the driver's error as cause."""
    error = OperationalError(message)
    error.__cause__ = cause
    return error


# What a PostgreSQL restart does to a query in flight (sqlstate 57P01).
RESTART = database_error(
    "terminating connection due to administrator command",
    AdminShutdown("terminating connection due to administrator command"),
)


@pytest.fixture
def quiet_client(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def failing_first(real, times=1, error=RESTART):
    """A stand-in for ``real`` that raises ``error`` on its first ``times`` calls."""
    calls = []

    def stand_in(*args, **kwargs):
        calls.append(1)
        if len(calls) <= times:
            raise error
        return real(*args, **kwargs)

    stand_in.calls = calls
    return stand_in


def saved_then_cut_off(real):
    """A stand-in for ``real`` that does its work, then raises the restart error once."""
    results = []

    def stand_in(**kwargs):
        results.append(real(**kwargs))
        if len(results) == 1:
            raise RESTART
        return results[-1]

    stand_in.results = results
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


def test_a_database_still_down_gets_the_503_after_two_more_tries(quiet_client):
    flaky = failing_first(lambda *args: None, times=99)
    with mock.patch("tracking.sessions.views.selectors.active_session", side_effect=flaky):
        response = quiet_client.get(reverse("home"))
    assert response.status_code == 503
    assert "back in a moment" in response.content.decode()
    assert len(flaky.calls) == 3


@pytest.mark.parametrize(
    "error",
    [
        # A busy SQLite file: the connection works, waiting again would only double the wait.
        database_error("database is locked", sqlite3.OperationalError("database is locked")),
        # sqlite3 misused (say, one connection from two threads): a bug, not a lost connection.
        database_error(
            "bad parameter", sqlite3.InterfaceError("bad parameter or other API misuse")
        ),
        # A statement PostgreSQL cancelled (sqlstate 57014) on a connection that works.
        database_error("canceling statement", QueryCanceled("canceling statement")),
    ],
)
def test_an_error_on_a_connection_still_working_is_not_run_again(quiet_client, error):
    calls = []

    def busy(*args):
        calls.append(1)
        raise error

    with mock.patch("tracking.sessions.views.selectors.active_session", side_effect=busy):
        response = quiet_client.get(reverse("home"))
    assert response.status_code == 503
    assert len(calls) == 1


def test_a_database_that_could_not_be_reached_is_not_waited_for_again(quiet_client):
    # Opening the connection already waited (neuroapp.db.postgresql) and gave up.
    refused = database_error("connection failed", PsycopgOperationalError("Connection refused"))
    calls = []

    def down(*args):
        calls.append(1)
        raise refused

    with (
        mock.patch.object(connection, "gave_up_connecting", True, create=True),
        mock.patch("tracking.sessions.views.selectors.active_session", side_effect=down),
    ):
        response = quiet_client.get(reverse("home"))
    assert response.status_code == 503
    assert len(calls) == 1


def test_a_connection_closed_under_a_query_is_run_again(quiet_client):
    from tracking.sessions.views import selectors

    closed = InterfaceError("connection already closed")
    closed.__cause__ = PsycopgInterfaceError("connection already closed")
    flaky = failing_first(selectors.active_session, error=closed)
    with mock.patch("tracking.sessions.views.selectors.active_session", side_effect=flaky):
        response = quiet_client.get(reverse("home"))
    assert response.status_code == 200
    assert len(flaky.calls) == 2


def test_a_log_cut_off_before_saving_is_saved_once(quiet_client, user):
    flaky = failing_first(log_services.log_symptoms)
    with mock.patch("tracking.logs.views.services.log_symptoms", side_effect=flaky):
        response = quiet_client.post(reverse("tracking:log_create"), log_data(note="one"))
    assert response.status_code == 302
    assert SymptomLog.objects.filter(owner=user, note="one").count() == 1


def test_a_log_saved_and_then_cut_off_is_not_saved_twice(quiet_client, user):
    stand_in = saved_then_cut_off(log_services.log_symptoms)
    with mock.patch("tracking.logs.views.services.log_symptoms", side_effect=stand_in):
        response = quiet_client.post(reverse("tracking:log_create"), log_data(note="two"))
    assert response.status_code == 302
    # The second run (log_create is replay_safe) found the log the first one saved.
    assert [created for _log, created in stand_in.results] == [True, False]
    assert SymptomLog.objects.filter(owner=user, note="two").count() == 1
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("already saved" in m for m in messages)


def test_any_post_cut_off_before_it_wrote_is_run_again(quiet_client, user):
    flaky = failing_first(routine_services.create_routine)
    with mock.patch("tracking.sessions.routine_pages.services.create_routine", side_effect=flaky):
        response = quiet_client.post(reverse("tracking:routine_create"), {"name": "Mornings"})
    assert response.status_code == 302
    assert len(flaky.calls) == 2
    assert Routine.objects.filter(owner=user, name="Mornings").count() == 1


def test_a_post_cut_off_after_it_wrote_is_not_run_twice(quiet_client, user):
    # routine_create is not replay_safe: a second run would make a second routine.
    stand_in = saved_then_cut_off(routine_services.create_routine)
    with mock.patch(
        "tracking.sessions.routine_pages.services.create_routine", side_effect=stand_in
    ):
        response = quiet_client.post(reverse("tracking:routine_create"), {"name": "Evenings"})
    assert response.status_code == 503
    assert len(stand_in.results) == 1
    assert Routine.objects.filter(owner=user, name="Evenings").count() == 1


def test_other_errors_are_not_run_again(quiet_client):
    calls = []

    def broken(*args):
        calls.append(1)
        raise RuntimeError("bug")

    with mock.patch("tracking.sessions.views.selectors.active_session", side_effect=broken):
        response = quiet_client.get(reverse("home"))
    assert response.status_code == 500
    assert len(calls) == 1


def test_signing_in_cut_off_after_it_wrote_is_run_again(user):
    from django.contrib.auth import views as auth_views

    from tests.factories import PASSWORD

    real_login = auth_views.auth_login
    stand_in = saved_then_cut_off(lambda **kwargs: real_login(**kwargs))
    client = Client(raise_request_exception=False)
    with mock.patch(
        "django.contrib.auth.views.auth_login",
        side_effect=lambda request, user: stand_in(request=request, user=user),
    ):
        response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert len(stand_in.results) == 2
    assert client.get(reverse("home")).context["user"] == user
