"""Web Push: VAPID keys from settings, one encrypted message to one subscription.

``NEUROAPP_VAPID_PRIVATE_KEY`` is the base64url private key (``manage.py vapid_keys`` makes
one); the public key the browser subscribes with is derived from it. Messages are encrypted
with the subscription's keys (aes128gcm, RFC 8291) by ``pywebpush``.
"""

import base64
import json
import logging
from dataclasses import dataclass
from functools import cache

from cryptography.hazmat.primitives import serialization
from django.conf import settings
from py_vapid import Vapid02
from pywebpush import WebPushException, webpush

from tracking.models import PushSubscription

logger = logging.getLogger(__name__)
PUSH_TIMEOUT_SECONDS = 10
PUSH_TTL_SECONDS = 2 * 60 * 60  # a reminder older than two hours is no use
GONE_STATUSES = {404, 410}


def new_private_key() -> str:
    vapid = Vapid02()
    vapid.generate_keys()
    number = vapid.private_key.private_numbers().private_value
    return base64.urlsafe_b64encode(number.to_bytes(32, "big")).decode().rstrip("=")


def is_configured() -> bool:
    return bool(settings.NEUROAPP_VAPID_PRIVATE_KEY)


@cache
def _public_key_for(private_key: str) -> str:
    point = Vapid02.from_string(private_key).public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return base64.urlsafe_b64encode(point).decode().rstrip("=")


def public_key() -> str:
    """The application server key a browser subscribes with ("" when push is not set up)."""
    return _public_key_for(settings.NEUROAPP_VAPID_PRIVATE_KEY) if is_configured() else ""


@dataclass(frozen=True)
class PushResult:
    ok: bool
    gone: bool = False  # the push service says the subscription no longer exists
    error: str = ""


def send(subscription: PushSubscription, *, title: str, body: str, url: str) -> PushResult:
    payload = json.dumps({"title": title, "body": body, "url": url})
    try:
        webpush(
            subscription_info={
                "endpoint": subscription.endpoint,
                "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
            },
            data=payload,
            vapid_private_key=settings.NEUROAPP_VAPID_PRIVATE_KEY,
            vapid_claims={"sub": settings.NEUROAPP_VAPID_SUBJECT},
            ttl=PUSH_TTL_SECONDS,
            timeout=PUSH_TIMEOUT_SECONDS,
        )
    except WebPushException as error:
        status = error.response.status_code if error.response is not None else None
        if status in GONE_STATUSES:
            return PushResult(ok=False, gone=True, error=f"gone ({status})")
        logger.warning("Push to subscription %s failed: %s", subscription.pk, error)
        return PushResult(ok=False, error=str(error)[:300])
    except Exception as error:  # network errors, bad keys: logged, retried later
        logger.warning("Push to subscription %s failed: %r", subscription.pk, error)
        return PushResult(ok=False, error=repr(error)[:300])
    return PushResult(ok=True)
