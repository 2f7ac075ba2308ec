"""Throttles that cannot be turned against the owner (accounts.auth_views, accounts.throttle)."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts import throttle
from accounts.models import ThrottleHit
from neuroapp.http import client_address
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_attempts_during_a_lockout_do_not_restart_the_cool_off(client, settings):
    user = UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": user.username, "password": "wrong"})
    attempt = AccessAttempt.objects.get(username=user.username)
    locked_at = attempt.attempt_time
    client.post(reverse("login"), {"username": user.username, "password": "wrong again"})
    attempt.refresh_from_db()
    assert attempt.attempt_time == locked_at
    assert settings.AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT is False


def test_spraying_many_user_names_from_one_address_is_stopped(client):
    limit = throttle.LOGIN_FAILURES_PER_ADDRESS
    for n in range(limit.count):
        client.post(reverse("login"), {"username": f"guess{n}", "password": "wrong"})
    user = UserFactory()
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert f"wait {throttle.minutes(limit)} minutes" in response.content.decode()
    # Another address is not affected.
    other = client.post(
        reverse("login"),
        {"username": user.username, "password": PASSWORD},
        REMOTE_ADDR="203.0.113.9",
    )
    assert other.status_code == 302


def test_password_change_is_throttled(client_logged_in):
    url = reverse("password_change")
    data = {"new_password1": "a-new-long-password-9", "new_password2": "a-new-long-password-9"}
    for _ in range(throttle.PASSWORD_CHANGE_FAILURES.count):
        response = client_logged_in.post(url, {**data, "old_password": "wrong"})
        assert response.status_code == 200
    response = client_logged_in.post(url, {**data, "old_password": PASSWORD})
    assert response.status_code == 429


def test_password_reset_is_throttled_per_email_silently_and_per_address(client):
    UserFactory(email="rosa@example.org")
    url = reverse("password_reset")
    for _ in range(throttle.RESETS_PER_EMAIL.count + 2):
        response = client.post(url, {"email": "rosa@example.org"})
        assert response.status_code == 302  # the same answer every time
    assert len(mail.outbox) == throttle.RESETS_PER_EMAIL.count
    for n in range(throttle.RESETS_PER_ADDRESS.count):
        client.post(url, {"email": f"someone{n}@example.org"})
    assert client.post(url, {"email": "x@example.org"}).status_code == 429


def test_sign_up_is_throttled_per_address(client):
    for n in range(throttle.SIGNUPS_PER_ADDRESS.count):
        data = {"username": f"new{n}", "password1": PASSWORD, "password2": PASSWORD}
        assert client.post(reverse("accounts:signup"), data).status_code == 302
        client.post(reverse("logout"))
    data = {"username": "one-more", "password1": PASSWORD, "password2": PASSWORD}
    assert client.post(reverse("accounts:signup"), data).status_code == 429


def test_old_hits_are_forgotten():
    ThrottleHit.objects.create(
        limit="login-address", key="k", at=timezone.now() - timedelta(hours=2)
    )
    throttle.record(throttle.SIGNUPS_PER_ADDRESS, "198.51.100.1")
    assert ThrottleHit.objects.count() == 1


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "198.51.100.7", "127.0.0.1"),
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # the client's own claim is ignored
        (2, "198.51.100.7, 10.0.0.2", "198.51.100.7"),
        (2, "", "127.0.0.1"),
    ],
)
def test_the_client_address_behind_trusted_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


@pytest.mark.parametrize("url", ["/", "/exercises/", "/healthz"])
def test_head_is_answered_like_get(client, url):
    assert client.head(url).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_reset_mail_can_be_sent_off_the_request_path(client, settings):
    import threading

    settings.PASSWORD_RESET_MAIL_IN_BACKGROUND = True
    UserFactory(email="rosa@example.org")
    before = set(threading.enumerate())
    assert client.post(reverse("password_reset"), {"email": "rosa@example.org"}).status_code == 302
    for thread in set(threading.enumerate()) - before:
        thread.join(timeout=10)
    assert len(mail.outbox) == 1 and "rosa@example.org" in mail.outbox[0].to


def test_the_address_given_to_the_login_lockout_is_an_ip_or_nothing(settings):
    from neuroapp.http import client_ip

    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(RequestFactory().get("/", HTTP_X_FORWARDED_FOR="not-an-ip")) is None
    assert client_ip(RequestFactory().get("/", HTTP_X_FORWARDED_FOR="2001:db8::1")) == "2001:db8::1"
    request = RequestFactory().get("/")
    del request.META["REMOTE_ADDR"]
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) is None
