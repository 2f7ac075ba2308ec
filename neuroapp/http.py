"""View helpers every app shares: an htmx partial or the whole page, a safe `next`, the
client address, `replay_safe` (a POST that may run twice after a database restart) and
`entry_time` (when an entry sent late from a device that was offline was made).

The same template serves a page and its htmx partial (``page.html#section``). A
history-restore request (htmx asking for a page it no longer has cached) gets the whole
page. ``neuroapp.middleware.PrivatePagesMiddleware`` adds ``Vary: HX-Request`` to every
response, so a cache never serves one for the other.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Collection
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

# static/js/offline.js sends entries kept on a device with this header and the moment each
# was made ("made_at"). One made longer ago than this is taken for a wrong clock.
OFFLINE_REPLAY_HEADER = "HTTP_X_OFFLINE_REPLAY"
OFFLINE_LONGEST = timedelta(days=14)


def partial_or_page(request: HttpRequest, template: str, partial: str) -> str:
    """``template#partial`` for an htmx request, else ``template``."""
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request:
        return f"{template}#{partial}"
    return template


def safe_next(request: HttpRequest, *, not_to: Collection[str] = ()) -> str:
    """The ``next`` page (POST, then GET) if it is a path on this site, else "".

    Only a path that resolves: a bare word would be taken for a URL name by redirect(),
    and an absolute URL could lead off the site. ``not_to`` lists URL names (such as the
    form just submitted) that make no sense to return to.
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    try:
        match = resolve(urlsplit(target).path)
    except Resolver404:
        return ""
    return "" if match.view_name in not_to else target


def client_address(request: HttpRequest) -> str:
    """The client's address, as the outermost of ``TRUSTED_PROXY_COUNT`` proxies saw it.

    With no trusted proxy (the default) it is the connection's address. Behind N trusted
    reverse proxies it is the N-th address from the right of ``X-Forwarded-For``: each
    proxy appends the address it was connected from, so entries left of that one are
    whatever the client chose to send and are never trusted.
    """
    remote = str(request.META.get("REMOTE_ADDR") or "unknown")
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
        if part.strip()
    ]
    if len(forwarded) < proxies:
        return remote
    return forwarded[-proxies][:64]


def client_ip(request: HttpRequest) -> str | None:
    """``client_address`` when it is an IP address, else None (django-axes stores it in an
    IP address column)."""
    address = client_address(request)
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return None
    return address


def replay_safe[View: Callable[..., HttpResponseBase]](view: View) -> View:
    """Mark a view whose POST may be run a second time even after it wrote, when the
    database dropped it mid-way (``neuroapp.middleware.RetryWhileDatabaseRestartsMiddleware``;
    a request that had written nothing is run again anyway).

    Only for views whose writes cannot double: an idempotency key, a stage or position
    check, or a unique constraint turns the second run into "already saved". Put it
    outermost, above the other decorators.
    """
    view.replay_safe = True  # type: ignore[attr-defined]
    return view


def entry_time(request: HttpRequest, *, not_before: datetime | None = None) -> datetime:
    """When the person made this entry: now, or, for an entry kept on their device while it
    was offline and sent when the connection came back, the moment they made it.

    The device's clock is believed within limits: a time in the future, more than
    ``OFFLINE_LONGEST`` ago or not a time at all gives now; one before ``not_before``
    (the start of the session it belongs to) gives ``not_before``.
    """
    now = timezone.now()
    if request.META.get(OFFLINE_REPLAY_HEADER) != "1":
        return now
    try:
        made = datetime.fromisoformat(str(request.POST.get("made_at", "")))
    except ValueError:
        return now
    if made.tzinfo is None or made.utcoffset() is None or not now - OFFLINE_LONGEST <= made <= now:
        return now
    if not_before is not None and made < not_before:
        return min(not_before, now)
    return made
