"""Settings for the test suite: plain static storage, fast hashing."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("NEUROAPP_TESTING", "1")
# Playwright's sync API runs an event loop in the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from neuroapp.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
# Live-server threads must not keep connections open past a test (PostgreSQL teardown).
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# The fuzz tests upload hundreds of files with one account; the import limit's own test
# sets a small limit.
THROTTLE_IMPORTS_PER_HOUR = 1_000_000
# Tests read the mail outbox straight after the request (one test checks the thread).
PASSWORD_RESET_MAIL_IN_BACKGROUND = False
# A Web Push key for tests only (made by `manage.py vapid_keys`; never use it to serve).
NEUROAPP_VAPID_PRIVATE_KEY = "-LQhfzXsI-i9rxJYQ2qksj_VmaoIWfG7VO1I6ZwGiD0"
# On SQLite the test database is a file (in memory-backed /dev/shm where there is one), not
# Django's shared in-memory database. That one gives the live server's threads and the test
# one connection between them; a request the browser still had in flight when a test ended
# then collided with the flush ("table is locked"). With a file each thread has its own
# connection, and the flush waits on the busy timeout like any other writer.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    _test_db_dir = (
        Path("/dev/shm") if os.access("/dev/shm", os.W_OK) else Path(tempfile.gettempdir())
    )
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(_test_db_dir / f"neuroapp-test-{os.getpid()}.sqlite3")
    }
# The service worker is on only in the tests about it: its background requests would
# otherwise reach the live server in the middle of other tests.
NEUROAPP_SERVICE_WORKER = False
# One folder of import-slot locks per test process: parallel workers (pytest-xdist) must not
# take each other's slots.
LOCK_DIR = Path(tempfile.gettempdir()) / f"neuroapp-test-locks-{os.getpid()}"
