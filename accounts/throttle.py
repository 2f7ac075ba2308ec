"""Throttles that no one can turn against an account's owner.

Each limit counts attempts for one key in a sliding window, in the database, so every
worker process sees the same counts. The login lockout itself is django-axes's, keyed
on (user name, address) and not restarted by attempts made during it; these add what it
lacks: a larger per-address limit across user names (password spraying), and limits on
sign-up, password reset (per address and, silently, per email) and password change.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone

from accounts.models import ThrottleHit


@dataclass(frozen=True)
class Limit:
    name: str
    count: int
    window: timedelta


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


LOGIN_FAILURES_PER_ADDRESS = Limit(
    "login-address", _setting("THROTTLE_LOGIN_PER_ADDRESS", 50), timedelta(minutes=15)
)
SIGNUPS_PER_ADDRESS = Limit(
    "signup-address", _setting("THROTTLE_SIGNUPS_PER_ADDRESS", 10), timedelta(hours=1)
)
RESETS_PER_ADDRESS = Limit(
    "reset-address", _setting("THROTTLE_RESETS_PER_ADDRESS", 10), timedelta(hours=1)
)
RESETS_PER_EMAIL = Limit("reset-email", 3, timedelta(hours=1))
# Wrong sign-in or recovery codes, per account and address (like the login lockout).
SECOND_FACTOR_FAILURES = Limit(
    "second-factor", _setting("THROTTLE_SECOND_FACTOR_FAILURES", 5), timedelta(minutes=15)
)
PASSWORD_CHANGE_FAILURES = Limit("password-change", 5, timedelta(minutes=15))
# Reading and checking an import file is heavy: a few an hour per account is plenty.
IMPORTS_PER_ACCOUNT = Limit(
    "import-account", _setting("THROTTLE_IMPORTS_PER_HOUR", 10), timedelta(hours=1)
)
LONGEST_WINDOW = timedelta(hours=1)


def _hash(value: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()


def exceeded(limit: Limit, value: str) -> bool:
    since = timezone.now() - limit.window
    hits = ThrottleHit.objects.filter(limit=limit.name, key=_hash(value), at__gte=since)
    return hits.count() >= limit.count


def record(limit: Limit, value: str) -> None:
    now = timezone.now()
    ThrottleHit.objects.filter(at__lt=now - LONGEST_WINDOW).delete()
    ThrottleHit.objects.create(limit=limit.name, key=_hash(value), at=now)


def minutes(limit: Limit) -> int:
    return int(limit.window.total_seconds() // 60)


def too_many(request, limit: Limit):
    """The 429 page: what was paused and for how long."""
    return render(request, "429.html", {"minutes": minutes(limit)}, status=429)
