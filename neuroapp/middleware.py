import contextlib
import logging
import time

from django.db import DatabaseError, connections
from django.middleware.gzip import GZipMiddleware
from django.urls import Resolver404, resolve
from django.utils.cache import add_never_cache_headers, patch_vary_headers


class PrivatePagesMiddleware:
    """Pages for a signed-in person carry personal data: never store them.

    Every response also varies on HX-Request, since one URL serves either a
    full page or an htmx partial.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        patch_vary_headers(response, ("HX-Request",))
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
        return response


class TextGZipMiddleware(GZipMiddleware):
    """Compress pages and JSON (about a quarter of the bytes on the wire), not files that
    are compressed already (the zip and .json.gz downloads, images).

    BREACH (guessing a secret from compressed sizes) is mitigated as Django does: the CSRF
    token is masked afresh in every response, and GZipMiddleware adds up to 100 random
    bytes to each gzip header (Heal The Breach), so sizes do not leak a page's secrets.
    """

    COMPRESSIBLE = ("text/", "application/json", "application/javascript", "image/svg+xml")

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "")
        if not content_type.startswith(self.COMPRESSIBLE):
            return response
        return super().process_response(request, response)


logger = logging.getLogger(__name__)


class RetryWhileDatabaseRestartsMiddleware:
    """Run a request once more when the database dropped it mid-way (a restart, a failover).

    A restart cuts the connections in use: a query on one fails even with
    ``CONN_HEALTH_CHECKS`` (the check passed a moment before). ``neuroapp.views.server_error``
    answers that with a 503 marked ``database_unavailable``; here the broken connections are
    closed and the request is run again on fresh ones (which wait for the database:
    ``neuroapp.db.postgresql``). Only GET and HEAD, and POSTs to views marked
    ``neuroapp.http.replay_safe``: a second run of those saves nothing twice. A database
    still down after that gets the 503 page.

    Outermost but for SecurityMiddleware, so the session, user and CSRF check are redone.
    """

    SAFE_METHODS = ("GET", "HEAD")
    PAUSE_SECONDS = 0.2

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(response, "database_unavailable", False) and self._may_replay(request):
            logger.warning(
                "database connection lost during %s %s: running it again",
                request.method,
                request.path,
            )
            self._close_broken_connections()
            time.sleep(self.PAUSE_SECONDS)
            response = self.get_response(request)
        return response

    def _may_replay(self, request) -> bool:
        if request.method in self.SAFE_METHODS:
            return True
        try:
            view = resolve(request.path_info).func
        except Resolver404:
            return False
        return bool(getattr(view, "replay_safe", False))

    @staticmethod
    def _close_broken_connections() -> None:
        for connection in connections.all(initialized_only=True):
            if connection.in_atomic_block:  # a test's transaction: leave it be
                continue
            with contextlib.suppress(DatabaseError):
                connection.close()
