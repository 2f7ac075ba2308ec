"""Two-step sign-in and recovery codes (accounts.two_factor)."""

import re
import time

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import throttle
from accounts.two_factor import services
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

CODE = re.compile(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>")


def app_code(device: TOTPDevice) -> str:
    """The code an app would show now, or the next one if now's was used already."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    step = max(totp.t(), device.last_t + 1)
    totp.time = device.t0 + step * device.step
    totp.drift = 0
    return f"{totp.token():06d}"


def turn_on(client: Client, user) -> tuple[TOTPDevice, list[str]]:
    client.post(reverse("accounts:two_factor_set_up"), {"password": PASSWORD})
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(
        reverse("accounts:two_factor_set_up"), {"code": app_code(device)}, follow=True
    )
    return device, CODE.findall(response.content.decode())


def sign_in(client: Client, user):
    return client.post(reverse("login"), {"username": user.username, "password": PASSWORD})


def test_setting_up_shows_a_qr_code_and_the_key_then_recovery_codes(client_logged_in, user):
    response = client_logged_in.post(reverse("accounts:two_factor_set_up"), {"password": PASSWORD})
    assert response.status_code == 302
    page = client_logged_in.get(reverse("accounts:two_factor_set_up")).content.decode()
    device = TOTPDevice.objects.get(user=user)
    assert "<svg" in page and "otpauth://totp/" in page
    assert services.key_for_display(device) in page
    assert not services.is_on(user)

    wrong = client_logged_in.post(reverse("accounts:two_factor_set_up"), {"code": "000000"})
    assert wrong.status_code == 400 and "does not match" in wrong.content.decode()
    time.sleep(1.1)  # django-otp waits a second after a wrong code
    response = client_logged_in.post(
        reverse("accounts:two_factor_set_up"), {"code": app_code(device)}, follow=True
    )
    codes = CODE.findall(response.content.decode())
    assert services.is_on(user)
    assert len(codes) == services.RECOVERY_CODE_COUNT == len(set(codes))
    # Shown once only.
    again = client_logged_in.get(reverse("accounts:recovery_codes")).content.decode()
    assert not CODE.findall(again) and "10</strong> unused recovery codes" in again


def test_turning_on_keeps_the_recovery_codes_a_person_already_has(client_logged_in, user):
    kept = services.new_recovery_codes(user=user)
    _, shown = turn_on(client_logged_in, user)
    assert services.is_on(user) and shown == []
    assert services.use_recovery_code(user=user, code=kept[0]) is not None


def test_setting_up_needs_the_password(client_logged_in, user):
    response = client_logged_in.post(reverse("accounts:two_factor_set_up"), {"password": "nope"})
    assert response.status_code == 400
    assert "That is not your password" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_with_two_step_on_the_password_alone_does_not_sign_in(client_logged_in, user):
    device, _ = turn_on(client_logged_in, user)
    client = Client()
    response = sign_in(client, user)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:sign_in_code")
    assert client.get(reverse("tracking:log_list")).status_code == 302  # not signed in
    response = client.post(reverse("accounts:sign_in_code"), {"code": app_code(device)})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("tracking:log_list")).status_code == 200


def test_a_recovery_code_signs_in_once(client_logged_in, user):
    _, codes = turn_on(client_logged_in, user)
    client = Client()
    sign_in(client, user)
    response = client.post(
        reverse("accounts:sign_in_code"), {"code": codes[0].upper()}, follow=True
    )
    assert "You used a recovery code; 9 left" in response.content.decode()
    other = Client()
    sign_in(other, user)
    time.sleep(1.1)
    reused = other.post(reverse("accounts:sign_in_code"), {"code": codes[0]})
    assert reused.status_code == 400 and "does not match" in reused.content.decode()


def test_wrong_codes_are_throttled_per_account_and_address(client_logged_in, user):
    turn_on(client_logged_in, user)
    client = Client()
    sign_in(client, user)
    wrong = {"code": "abcde-fghjk"}
    for _ in range(throttle.SECOND_FACTOR_FAILURES.count):
        assert client.post(reverse("accounts:sign_in_code"), wrong).status_code == 400
    response = client.post(reverse("accounts:sign_in_code"), wrong)
    assert response.status_code == 429
    # From another address the owner can still sign in: the lock is not theirs.
    elsewhere = Client(REMOTE_ADDR="203.0.113.9")
    sign_in(elsewhere, user)
    assert elsewhere.get(reverse("accounts:sign_in_code")).status_code == 200
    assert elsewhere.post(reverse("accounts:sign_in_code"), wrong).status_code == 400


def test_a_wrong_app_code_asks_to_wait_a_moment_before_the_next(client_logged_in, user):
    device, _ = turn_on(client_logged_in, user)
    client = Client()
    sign_in(client, user)
    assert client.post(reverse("accounts:sign_in_code"), {"code": "000000"}).status_code == 400
    response = client.post(reverse("accounts:sign_in_code"), {"code": app_code(device)})
    assert response.status_code == 429 and "Please wait 1 second," in response.content.decode()
    time.sleep(1.1)
    assert (
        client.post(reverse("accounts:sign_in_code"), {"code": app_code(device)}).status_code == 302
    )


def test_the_code_step_without_a_password_first_goes_back_to_login(client):
    response = client.get(reverse("accounts:sign_in_code"))
    assert response.status_code == 302 and response["Location"] == reverse("login")


def test_turning_off_needs_the_password_and_keeps_recovery_codes(client_logged_in, user):
    turn_on(client_logged_in, user)
    wrong = client_logged_in.post(reverse("accounts:two_factor_off"), {"password": "no"})
    assert wrong.status_code == 400 and services.is_on(user)
    client_logged_in.post(reverse("accounts:two_factor_off"), {"password": PASSWORD})
    assert not services.is_on(user)
    assert services.recovery_codes_left(user) == services.RECOVERY_CODE_COUNT
    assert sign_in(Client(), user)["Location"] == reverse("home")


def test_sign_up_without_email_shows_recovery_codes_before_the_safety_screen(client):
    response = client.post(
        reverse("accounts:signup"),
        {"username": "rosa", "password1": PASSWORD, "password2": PASSWORD},
        follow=True,
    )
    page = response.content.decode()
    assert len(CODE.findall(page)) == services.RECOVERY_CODE_COUNT
    assert "your account has no email" in page
    assert 'href="/accounts/safety/"' in page  # continue leads on to the safety screen


def test_sign_up_with_email_goes_straight_to_the_safety_screen(client):
    response = client.post(
        reverse("accounts:signup"),
        {
            "username": "ana",
            "email": "ana@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response["Location"] == reverse("accounts:safety")
    assert not StaticToken.objects.exists()


def test_a_recovery_code_sets_a_new_password_without_email(client):
    user = UserFactory(email="")
    codes = services.new_recovery_codes(user=user)
    new = "a quiet walk by the river"
    response = client.post(
        reverse("accounts:recover"),
        {
            "username": user.username,
            "recovery_code": codes[3],
            "password1": new,
            "password2": new,
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)
    assert services.recovery_codes_left(user) == services.RECOVERY_CODE_COUNT - 1


@pytest.mark.parametrize("username", ["walker-unknown", None])
def test_wrong_recovery_details_say_nothing_about_the_account(client, username):
    user = UserFactory(email="")
    services.new_recovery_codes(user=user)
    response = client.post(
        reverse("accounts:recover"),
        {
            "username": username or user.username,
            "recovery_code": "abcde-fghjk",
            "password1": "a quiet walk by the river",
            "password2": "a quiet walk by the river",
        },
    )
    assert response.status_code == 400
    assert "Those details do not match an account" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_recovery_with_two_step_on_also_needs_the_app_code(client_logged_in, user):
    device, codes = turn_on(client_logged_in, user)
    form = {
        "username": user.username,
        "recovery_code": codes[0],
        "password1": "a quiet walk by the river",
        "password2": "a quiet walk by the river",
    }
    client = Client()
    assert client.post(reverse("accounts:recover"), form).status_code == 400
    assert services.recovery_codes_left(user) == services.RECOVERY_CODE_COUNT  # not used up
    response = client.post(reverse("accounts:recover"), form | {"app_code": app_code(device)})
    assert response.status_code == 302


def test_a_weak_new_password_is_refused_before_any_code_is_used(client):
    user = UserFactory(email="")
    codes = services.new_recovery_codes(user=user)
    response = client.post(
        reverse("accounts:recover"),
        {
            "username": user.username,
            "recovery_code": codes[0],
            "password1": "1234",
            "password2": "1234",
        },
    )
    assert response.status_code == 400
    assert services.recovery_codes_left(user) == services.RECOVERY_CODE_COUNT


def test_recovery_attempts_are_throttled(client):
    user = UserFactory(email="")
    services.new_recovery_codes(user=user)
    form = {
        "username": user.username,
        "recovery_code": "abcde-fghjk",
        "password1": "a quiet walk by the river",
        "password2": "a quiet walk by the river",
    }
    for _ in range(throttle.SECOND_FACTOR_FAILURES.count):
        client.post(reverse("accounts:recover"), form)
    assert client.post(reverse("accounts:recover"), form).status_code == 429


def test_new_recovery_codes_replace_the_old_ones(client_logged_in, user):
    old = services.new_recovery_codes(user=user)
    response = client_logged_in.post(
        reverse("accounts:recovery_codes"), {"password": PASSWORD}, follow=True
    )
    new = CODE.findall(response.content.decode())
    assert len(new) == services.RECOVERY_CODE_COUNT and not set(new) & set(old)
    assert services.use_recovery_code(user=user, code=old[0]) is None
    assert services.use_recovery_code(user=user, code=new[0]) is not None


def test_recovery_codes_are_not_stored_as_written(user):
    codes = services.new_recovery_codes(user=user)
    stored = set(StaticToken.objects.values_list("token", flat=True))
    assert not stored & {c.replace("-", "") for c in codes} and not stored & set(codes)
