"""The 500 page, and the 503 "back in a moment" page when the database cannot be reached."""

from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client
from django.urls import reverse


@pytest.fixture
def quiet_client(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("connection to server at 127.0.0.1 failed: Connection refused"),
        OperationalError("terminating connection due to administrator command"),
        InterfaceError("the connection is closed"),
    ],
)
def test_a_database_that_is_down_gets_a_friendly_503(quiet_client, error):
    with mock.patch("tracking.sessions.views.selectors.active_session", side_effect=error):
        response = quiet_client.get(reverse("home"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    text = response.content.decode()
    assert "back in a moment" in text and "Traceback" not in text and "127.0.0.1" not in text


def test_the_health_check_says_503_when_the_database_is_down(client):
    quiet = Client(raise_request_exception=False)
    with mock.patch("neuroapp.views.connection") as connection:
        connection.cursor.side_effect = OperationalError("Connection refused")
        response = quiet.get(reverse("healthz"))
    assert response.status_code == 503


def test_other_errors_are_a_plain_500(quiet_client):
    with mock.patch(
        "tracking.sessions.views.selectors.active_session", side_effect=RuntimeError("bug")
    ):
        response = quiet_client.get(reverse("home"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
    assert "bug" not in response.content.decode()


def test_the_next_request_works_when_the_database_is_back(quiet_client):
    with mock.patch(
        "tracking.sessions.views.selectors.active_session", side_effect=OperationalError("down")
    ):
        assert quiet_client.get(reverse("home")).status_code == 503
    assert quiet_client.get(reverse("home")).status_code == 200
