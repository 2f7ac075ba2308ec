"""Deleted text must not stay readable in SQLite's files (main database and WAL)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
NOTE = "Distinctive-note-QX7-burning-toes-after-the-ferry"

SCRIPT = """
import json, os, sys
import django
django.setup()
from django.core.management import call_command
from django.db import connection
from accounts.services import register_user
from portability.deletion import delete_account
from tracking.logs.services import log_symptoms

call_command("migrate", verbosity=0)
note = sys.argv[1]
user = register_user(username="leaving", email="", password="pw-long-enough-123")
stays = register_user(username="staying", email="", password="pw-long-enough-123")
for _ in range(3):
    log_symptoms(owner=user, ratings={"numbness": 4}, note=note)
log_symptoms(owner=stays, ratings={"numbness": 2}, note="still here")

def files_contain(text):
    path = connection.settings_dict["NAME"]
    found = {}
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(str(path) + suffix):
            with open(str(path) + suffix, "rb") as handle:
                found[suffix or "main"] = text.encode() in handle.read()
    return found

before = files_contain(note)
delete_account(user=user)
# The connection is still open here: nothing has been checkpointed on close.
after = files_contain(note)
print(json.dumps({"before": before, "after": after, "kept": files_contain("still here")}))
"""


def test_deleted_notes_are_not_left_in_the_sqlite_files(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only: PostgreSQL manages its own storage")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        NEUROAPP_SQLITE_PATH=str(tmp_path / "db.sqlite3"),
        DJANGO_SETTINGS_MODULE="neuroapp.test_settings",
    )
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, NOTE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert any(report["before"].values()), report  # the test can see the note at all
    assert not any(report["after"].values()), report
    assert any(report["kept"].values()), report  # and other people's data is untouched
