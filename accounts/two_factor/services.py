"""Two-step sign-in (an authenticator app's 6-digit codes) and one-time recovery codes.

Built on django-otp: a confirmed ``TOTPDevice`` means two-step sign-in is on; one
``StaticDevice`` holds the account's recovery codes. A recovery code works once, as the
second step of signing in, or (with the user name) to set a new password without email.
Codes are stored as an HMAC under ``SECRET_KEY`` (changing the key retires them), never
as written, and are shown only when made.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import re
import secrets
from base64 import b32encode
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10
# No 0/o, 1/l/i: easy to read back from paper with poor eyesight.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_CODE_LENGTH = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


@dataclass(frozen=True)
class SecondFactor:
    """What a sign-in code matched: ``recovery`` if it used up a recovery code."""

    device: TOTPDevice | StaticDevice
    recovery: bool
    recovery_codes_left: int


def is_on(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def pending_app(user: User) -> TOTPDevice | None:
    """The authenticator being set up (not yet confirmed with a code), if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


def _normalised(code: str) -> str:
    return re.sub(r"[\s\-]", "", code).lower()


def _stored(code: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), _normalised(code).encode(), hashlib.sha256)
    return digest.hexdigest()[:16]


def _new_code() -> str:
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
    half = RECOVERY_CODE_LENGTH // 2
    return f"{raw[:half]}-{raw[half:]}"


@transaction.atomic
def new_recovery_codes(*, user: User) -> list[str]:
    """Replace the account's recovery codes; return the new ones (the only time they exist
    as written)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [_new_code() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=_stored(c)) for c in codes)
    return codes


@transaction.atomic
def begin_app_setup(*, user: User) -> TOTPDevice:
    """A fresh, unconfirmed authenticator key (any earlier unconfirmed one is dropped)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def looks_like_app_code(code: str) -> bool:
    return _normalised(code).isdigit()


def _app_code_matches(device: TOTPDevice, code: str) -> bool:
    digits = _normalised(code)
    return digits.isdigit() and len(digits) == device.digits and device.verify_token(digits)


@dataclass(frozen=True)
class Confirmed:
    """Two-step sign-in is on; ``new_codes`` if the account had no recovery codes left."""

    new_codes: list[str] | None


@transaction.atomic
def confirm_app(*, user: User, code: str) -> Confirmed | None:
    """Turn two-step sign-in on if `code` is the app's current one (None if it is not).
    Recovery codes the person already keeps stay valid; with none left, new ones are made."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None or not _app_code_matches(device, code):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    if recovery_codes_left(user):
        return Confirmed(new_codes=None)
    return Confirmed(new_codes=new_recovery_codes(user=user))


@transaction.atomic
def turn_off(*, user: User) -> None:
    """Two-step sign-in off. The recovery codes stay: they are also the way back in
    without email."""
    TOTPDevice.objects.filter(user=user).delete()


def app_wait_seconds(user: User) -> int:
    """Seconds until the app's code may be tried again after wrong ones (0: now)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return 0
    allowed, details = device.verify_is_allowed()
    if allowed or not details or not details.get("locked_until"):
        return 0
    return max(1, math.ceil((details["locked_until"] - timezone.now()).total_seconds()))


def match_app_code(*, user: User, code: str) -> TOTPDevice | None:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None and _app_code_matches(device, code):
        return device
    return None


def use_recovery_code(*, user: User, code: str) -> StaticDevice | None:
    """Use up `code` if it is one of the account's recovery codes."""
    device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    normalised = _normalised(code)
    if device is None or len(normalised) != RECOVERY_CODE_LENGTH:
        return None
    return device if device.verify_token(_stored(normalised)) else None


def second_factor(*, user: User, code: str) -> SecondFactor | None:
    """The device a sign-in code matches: the app's current code, or a recovery code."""
    app = match_app_code(user=user, code=code)
    if app is not None:
        return SecondFactor(device=app, recovery=False, recovery_codes_left=0)
    recovery = use_recovery_code(user=user, code=code)
    if recovery is not None:
        return SecondFactor(
            device=recovery, recovery=True, recovery_codes_left=recovery_codes_left(user)
        )
    return None


@transaction.atomic
def recover_account(
    *, username: str, recovery_code: str, app_code: str, new_password: str
) -> User | None:
    """Set a new password if the codes are right (the app's too, when two-step sign-in is
    on); the recovery code is used up only then. None if anything does not match."""
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        return None
    if is_on(user) and match_app_code(user=user, code=app_code) is None:
        return None
    if use_recovery_code(user=user, code=recovery_code) is None:
        return None
    user.set_password(new_password)
    user.save(update_fields=["password"])
    return user


def key_for_display(device: TOTPDevice) -> str:
    """The key as an app asks for it by hand: base32, in groups of four."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))
