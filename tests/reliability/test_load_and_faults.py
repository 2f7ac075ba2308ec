"""Load and fault tests against a real gunicorn (4 workers) on SQLite, on loopback only.

32 clients post symptom logs for RELIABILITY_SECONDS (default 30). Every write the
server acknowledged (a redirect after POST) must be in the database afterwards, also
when workers are killed mid-load, and the SQLite file must pass integrity_check.
"""

import os
import sqlite3
import threading
import time
import uuid
from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bench.harness import Client, Server, prepare_database, server_env

CLIENTS = 32
SECONDS = float(os.environ.get("RELIABILITY_SECONDS", "30"))
MAX_POSTS_PER_CLIENT = 5000  # a bound on top of the time limit
LONDON = ZoneInfo("Europe/London")

pytestmark = [
    pytest.mark.reliability,
    pytest.mark.skipif(
        bool(os.environ.get("DATABASE_URL")), reason="runs once, against SQLite, in the SQLite pass"
    ),
]


def post_logs(port, username, start, acknowledged, outcomes):
    client = Client(port, timeout=30)
    for attempt in range(3):
        try:
            client.login(username)  # password hashing is slow on purpose: log in first
            break
        except (OSError, RuntimeError):
            if attempt == 2:
                outcomes["login failed"] += 1
                break
            time.sleep(0.5)
    start.wait(timeout=120)
    deadline = time.monotonic() + SECONDS
    for number in range(MAX_POSTS_PER_CLIENT):
        if time.monotonic() >= deadline:
            break
        note = f"{username}-{number}-{uuid.uuid4().hex[:8]}"
        data = {
            "numbness": number % 11,
            "foot": "both",
            "note": note,
            "recorded_at": datetime.now(LONDON).strftime("%Y-%m-%dT%H:%M"),
            "idempotency_key": str(uuid.uuid4()),
        }
        try:
            status, headers, _ = client.request("POST", "/log/", data)
        except OSError:
            outcomes["connection error"] += 1  # not acknowledged: the client would retry
            continue
        if status == 302 and headers.get("Location", "").startswith("/log/history/"):
            acknowledged.append(note)
            outcomes["acknowledged"] += 1
        else:
            outcomes[f"HTTP {status}"] += 1
    client.close()


def run_load(server, *, kill_every: float | None = None):
    acknowledged: list[str] = []
    outcomes: Counter = Counter()
    start = threading.Barrier(CLIENTS + 1)
    threads = [
        threading.Thread(
            target=post_logs,
            args=(server.port, f"load{i}", start, acknowledged, outcomes),
            daemon=True,
        )
        for i in range(CLIENTS)
    ]
    for thread in threads:
        thread.start()
    start.wait(timeout=120)
    deadline = time.monotonic() + SECONDS
    killed = []
    if kill_every:
        while time.monotonic() < deadline - kill_every:
            time.sleep(kill_every)
            pid = server.kill_worker()
            if pid:
                killed.append(pid)
    for thread in threads:
        thread.join(timeout=SECONDS + 60)
    assert not any(thread.is_alive() for thread in threads), "clients did not stop"
    return acknowledged, outcomes, killed


def stored_notes(db_path):
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {row[0] for row in connection.execute("SELECT note FROM tracking_symptomlog")}


@pytest.fixture
def database(tmp_path):
    db_path = tmp_path / "load.sqlite3"
    env = server_env(
        db_path, settings="bench.settings_quick_login", GUNICORN_LOG=str(tmp_path / "gunicorn.log")
    )
    prepare_database(env, users=CLIENTS)
    return db_path, env


def test_32_clients_for_30_seconds_lose_nothing(database):
    db_path, env = database
    with Server(env, workers=4) as server:
        acknowledged, outcomes, _ = run_load(server)
    assert outcomes["acknowledged"] > CLIENTS  # the load really ran
    errors = {k: v for k, v in outcomes.items() if k != "acknowledged"}
    assert errors == {}, errors
    missing = set(acknowledged) - stored_notes(db_path)
    assert not missing, f"{len(missing)} acknowledged writes missing"


def test_killing_workers_mid_load_loses_no_acknowledged_write(database):
    db_path, env = database
    with Server(env, workers=4) as server:
        acknowledged, outcomes, killed = run_load(server, kill_every=SECONDS / 6)
    assert killed, "no worker was killed"
    assert outcomes["acknowledged"] > CLIENTS
    unexpected = {k: v for k, v in outcomes.items() if k.startswith("HTTP")}
    assert unexpected == {}, unexpected  # only dropped connections, never an error page
    missing = set(acknowledged) - stored_notes(db_path)
    assert not missing, f"{len(missing)} acknowledged writes lost"
