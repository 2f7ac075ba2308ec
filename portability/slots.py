"""At most ``settings.IMPORT_CHECK_SLOTS`` large uploads are checked and staged at once.

Checking a 20 MB file is several seconds of CPU; four at once would take every core and
slow everyone else's pages. A slot is an advisory lock (``flock``) on a file in
``settings.LOCK_DIR``, so it counts across gunicorn's worker processes and threads, and the
kernel releases it if a worker dies.
"""

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings

# Smaller uploads are checked in a moment and need no slot.
LARGE_UPLOAD_BYTES = 1024 * 1024


@contextmanager
def import_check_slot() -> Iterator[bool]:
    """Yields True while holding a free slot, or False at once if all are taken."""
    settings.LOCK_DIR.mkdir(parents=True, exist_ok=True)
    for number in range(settings.IMPORT_CHECK_SLOTS):
        handle = open(settings.LOCK_DIR / f"import-check-{number}.lock", "ab")  # noqa: SIM115
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            continue
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
            handle.close()
        return
    yield False
