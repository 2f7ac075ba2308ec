"""View helpers every app shares: an htmx partial or the whole page, and a safe `next`.

The same template serves a page and its htmx partial (``page.html#section``). A
history-restore request (htmx asking for a page it no longer has cached) gets the whole
page. ``neuroapp.middleware.PrivatePagesMiddleware`` adds ``Vary: HX-Request`` to every
response, so a cache never serves one for the other.
"""

from __future__ import annotations

from collections.abc import Collection
from urllib.parse import urlsplit

from django.http import HttpRequest
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme


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
