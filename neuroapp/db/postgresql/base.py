"""Django's PostgreSQL backend, waiting a little for a database that is restarting.

A restart or failover refuses new connections for a second or two. Rather than answer
those requests with an error, opening a connection is retried for up to
``DJANGO_DB_CONNECT_RETRY_SECONDS`` (default 5); with ``CONN_HEALTH_CHECKS`` a kept
connection that the restart closed is noticed and replaced the same way. A database that
stays down still fails, after the wait, and gets the 503 page.
"""

import os
import time

from django.db.backends.postgresql import base
from psycopg import OperationalError

RETRY_SECONDS = float(os.environ.get("DJANGO_DB_CONNECT_RETRY_SECONDS", "5"))
RETRY_PAUSE_SECONDS = 0.25


class DatabaseWrapper(base.DatabaseWrapper):
    # True after the last attempt to connect gave up: the database is down, not restarting
    # (neuroapp.middleware.RetryWhileDatabaseRestartsMiddleware does not wait for it again).
    gave_up_connecting = False

    def get_new_connection(self, conn_params):
        deadline = time.monotonic() + RETRY_SECONDS
        while True:
            try:
                connection = super().get_new_connection(conn_params)
            except OperationalError:
                if time.monotonic() + RETRY_PAUSE_SECONDS > deadline:
                    self.gave_up_connecting = True
                    raise
                time.sleep(RETRY_PAUSE_SECONDS)
            else:
                self.gave_up_connecting = False
                return connection
