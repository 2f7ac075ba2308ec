"""gunicorn settings: ``gunicorn -c python:neuroapp.gunicorn neuroapp.wsgi``.

Threaded workers (gthread): a request that waits (on the database, on a slow client or on a
large upload being checked) holds one thread, not a whole process, so other people's
requests still get served. Every value can be overridden from the environment or on the
command line.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "10"))
# Nothing here uses gunicorn's control socket, and its default path (~/.gunicorn) would be
# shared, and deleted, by a second instance on the same host.
control_socket_disable = True
