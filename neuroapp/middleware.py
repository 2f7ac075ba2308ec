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

# Statements that change nothing a second run could repeat.
READ_ONLY_SQL = ("SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "SET ", "SHOW", "BEGIN")


# PostgreSQL's error codes for "your connection is over": class 08 (connection exception),
# and the server shutting down or crashing (admin_shutdown, crash_shutdown, cannot_connect_now).
CONNECTION_ENDED_SQLSTATES = ("57P01", "57P02", "57P03")


def connection_broke(error: BaseException) -> bool:
    """Whether a database error means the connection broke (the server went away), rather
    than a statement failing on a connection that works (a busy SQLite file, a timeout).

    psycopg's errors carry ``sqlstate``: None for what the client saw itself ("server closed
    the connection unexpectedly", "the connection is closed"), else the server's code.
    sqlite3's errors have no ``sqlstate``: a SQLite file does not go away (its
    InterfaceError, "bad parameter or other API misuse", is a bug, not a lost connection).
    """
    sqlstate = getattr(error.__cause__, "sqlstate", "none given")
    return sqlstate is None or (
        isinstance(sqlstate, str)
        and (sqlstate.startswith("08") or sqlstate in CONNECTION_ENDED_SQLSTATES)
    )


class _WriteWatch:
    """An execute wrapper noting whether a statement that writes was sent (even one that then
    failed: the database may have done it before the connection broke)."""

    def __init__(self):
        self.wrote = False

    def __call__(self, execute, sql, params, many, context):
        text = sql if isinstance(sql, str) else ""  # anything unusual counts as a write
        if not self.wrote and not text.lstrip()[:9].upper().startswith(READ_ONLY_SQL):
            self.wrote = True
        return execute(sql, params, many, context)


class RetryWhileDatabaseRestartsMiddleware:
    """Run a request again when the database dropped its connection mid-way (a restart, a
    failover).

    A restart cuts the connections in use: a query on one fails even with
    ``CONN_HEALTH_CHECKS`` (the check passed a moment before). ``neuroapp.views.server_error``
    answers that with a 503, and asks ``may_run_again`` at that moment: yes if the error
    broke the connection (``connection_broke``) and a second run cannot save anything twice:
    - GET and HEAD;
    - any request that had sent no write before it was cut off;
    - POSTs to views marked ``neuroapp.http.replay_safe`` (an idempotency key, a stage check
      or a unique constraint turns the second run into "already saved").
    The broken connections are closed and the request is run again on a fresh one (which
    waits for the database: ``neuroapp.db.postgresql``), up to twice; then the 503 page
    stands. A database that could not be reached at all (down, not restarting) is not tried
    again: opening the connection already waited for it. Nor is a busy SQLite file (its
    connection is fine).

    Outermost but for SecurityMiddleware, so the session, user and CSRF check are redone.
    """

    SAFE_METHODS = ("GET", "HEAD")
    # Pauses before each further run: a restart can cut off a run that began as it started.
    PAUSES_SECONDS = (0.2, 1.0)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        watch = _WriteWatch()
        request.database_writes = watch
        with contextlib.ExitStack() as stack:
            for connection in connections.all():
                stack.enter_context(connection.execute_wrapper(watch))
            response = self.get_response(request)
            for pause in self.PAUSES_SECONDS:
                if not getattr(response, "run_again", False):
                    break
                logger.warning(
                    "database connection lost during %s %s: running it again",
                    request.method,
                    request.path,
                )
                self._close_connections()
                time.sleep(pause)
                response = self.get_response(request)
        return response

    @classmethod
    def may_run_again(cls, request, error: BaseException) -> bool:
        """Whether the request that ``error`` (a database error) just failed may be run
        again: it broke the connection, and a second run cannot save anything twice."""
        watch = getattr(request, "database_writes", None)  # None: not through this middleware
        if watch is None or not connection_broke(error):
            return False
        if any(
            getattr(connection, "gave_up_connecting", False)
            for connection in connections.all(initialized_only=True)
        ):
            return False
        return not watch.wrote or cls._may_replay(request)

    @classmethod
    def _may_replay(cls, request) -> bool:
        if request.method in cls.SAFE_METHODS:
            return True
        try:
            view = resolve(request.path_info).func
        except Resolver404:
            return False
        return bool(getattr(view, "replay_safe", False))

    @staticmethod
    def _close_connections() -> None:
        """The broken one and any other: the next run opens fresh ones."""
        for connection in connections.all(initialized_only=True):
            if connection.in_atomic_block:  # a test's transaction: leave it be
                continue
            with contextlib.suppress(DatabaseError):
                connection.close()
