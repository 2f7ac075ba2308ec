"""An attacker's heavy imports against a real gunicorn on SQLite, with a victim writing.

Small versions of ``bench/attack.py`` (which runs the 20 MB files and reports the
latencies against the 2 s target): the victim's every symptom log must be saved, none may
wait anywhere near SQLite's 20 s busy timeout (they used to, and then failed with 500
"database is locked"), and simultaneous large uploads are answered, never dropped.
"""

import os
import threading

import pytest

from bench.attack import Victim, stop_import, upload, write_import
from bench.harness import Client, Server, prepare_database, server_env
from bench.imports import bare_logs, heavy_sessions

FILE_BYTES = 1200 * 1024  # over the 1 MB at which an upload needs a checking slot
NEVER_NEAR_THE_BUSY_TIMEOUT_MS = 10_000

pytestmark = [
    pytest.mark.reliability,
    pytest.mark.skipif(
        bool(os.environ.get("DATABASE_URL")), reason="runs once, against SQLite, in the SQLite pass"
    ),
]


@pytest.fixture
def server(tmp_path):
    env = server_env(
        tmp_path / "attack.sqlite3",
        settings="bench.settings_quick_login",
        NEUROAPP_LOCK_DIR=str(tmp_path / "locks"),
    )
    prepare_database(env, users=7)
    with Server(env, workers=2) as running:
        yield running


def test_a_victims_logs_are_saved_during_heavy_imports_and_a_stop(server):
    victim = Victim(server.port, "load1")
    victim.start()
    attacker = Client(server.port, timeout=120)
    attacker.login("load0")
    heavy = heavy_sessions(FILE_BYTES)  # the most rows per record: 100 steps a session
    status, headers, _ = upload(attacker, "sessions.json", heavy)
    assert status == 302
    write_import(attacker, headers["Location"])
    _, _, page = attacker.request("GET", headers["Location"])
    assert b"The import is finished." in page

    stopper = Client(server.port, timeout=120)
    stopper.login("load6")
    status, headers, _ = upload(stopper, "stopped.json", heavy)
    assert status == 302
    write_import(stopper, headers["Location"], until_percent=50)
    stop_import(stopper, headers["Location"])
    _, _, page = stopper.request("GET", headers["Location"])
    assert b"Nothing was imported" in page

    result = victim.report("during heavy imports and a stop")
    assert result["requests"] > 10 and result["failures"] == 0
    assert result["max"] < NEVER_NEAR_THE_BUSY_TIMEOUT_MS


def test_four_large_uploads_at_once_are_all_answered(server):
    victim = Victim(server.port, "load1")
    victim.start()
    content = bare_logs(FILE_BYTES)
    statuses: list[int] = []

    def one_upload(number: int) -> None:
        client = Client(server.port, timeout=120)
        client.login(f"load{number}")
        status, headers, _ = upload(client, "logs.json", content)
        statuses.append(status)
        if status == 503:
            assert headers["Retry-After"] == "60"

    threads = [threading.Thread(target=one_upload, args=(n,)) for n in range(2, 6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert len(statuses) == 4 and set(statuses) <= {302, 503} and 302 in statuses

    result = victim.report("during four large uploads")
    assert result["failures"] == 0
    assert result["max"] < NEVER_NEAR_THE_BUSY_TIMEOUT_MS
