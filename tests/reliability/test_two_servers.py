"""Two app servers on one database, clients alternating between them, one server killed
(SIGKILL, master and workers) mid-load and started again: no acknowledged write lost or
doubled. On a SQLite file in the SQLite pass; in the PostgreSQL pass on a PostgreSQL server
of its own (initdb on loopback), which is also restarted (pg_ctl restart -m fast) mid-load.

A client whose server is gone sends the same log (same idempotency key) to the other one,
as a load balancer's retry would. A PostgreSQL restart must cost no request: a request
whose query it cut off is run again by the server itself
(neuroapp.middleware.RetryWhileDatabaseRestartsMiddleware), on a new connection that waits
for the database (neuroapp/db/postgresql). No 5xx, no other failure. Prints the figures.
"""

import contextlib
import os
import signal
import threading
import time
import uuid
from collections import Counter
from contextlib import contextmanager
from datetime import datetime
from http.client import HTTPException
from zoneinfo import ZoneInfo

import pytest

from bench.harness import Client, Server, prepare_database, server_env, throwaway_postgres
from tests.reliability.support import Rows

pytestmark = pytest.mark.reliability

CLIENTS = 8
SECONDS = float(os.environ.get("RELIABILITY_SECONDS", "30")) / 3  # 10 s by default


def env_for(where, tmp_path, name):
    return server_env(
        where.get("db_path"),
        where.get("database_url", ""),
        settings="bench.settings_quick_login",
        GUNICORN_LOG=str(tmp_path / f"gunicorn-{name}.log"),
        DJANGO_CONN_MAX_AGE="60",
    )


def kill_server(server: Server) -> None:
    pids = [server.process.pid, *server.worker_pids()]
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    server.process.wait()
    server.log.close()


def run_load(servers, *, stop_at, events):
    """Clients alternate between the servers, posting logs; returns what was seen."""
    acknowledged, outcomes, lock = [], Counter(), threading.Lock()
    barrier = threading.Barrier(CLIENTS + 1)
    london = ZoneInfo("Europe/London")

    def client_loop(number):
        clients = [Client(server.port, timeout=20) for server in servers]
        clients[0].login("load0" if number % 2 == 0 else "load1")
        clients[0].request("GET", "/")
        for other in clients[1:]:
            other.cookies = clients[0].cookies  # one browser, two servers behind a balancer
        barrier.wait(timeout=30)
        sent = 0
        while time.monotonic() < stop_at:
            note = f"c{number}-{sent}-{uuid.uuid4().hex[:8]}"
            data = {
                "numbness": "3",
                "note": note,
                "idempotency_key": str(uuid.uuid4()),
                "recorded_at": datetime.now(london).strftime("%Y-%m-%dT%H:%M"),
            }
            target = sent % 2
            for attempt in range(6):  # this server, then the other, ... as a balancer would
                client = clients[(target + attempt) % 2]
                try:
                    status = client.request("POST", "/log/", data)[0]
                except (OSError, HTTPException):
                    with lock:
                        outcomes["connection error, retried"] += 1
                    time.sleep(0.2)
                    continue
                with lock:
                    outcomes[status] += 1
                    if status == 302:
                        acknowledged.append(note)
                break
            sent += 1
            if sent % 10 == 0:
                try:
                    status = clients[sent % 2].request("GET", "/")[0]
                    with lock:
                        outcomes[f"GET {status}"] += 1
                except (OSError, HTTPException):
                    with lock:
                        outcomes["connection error, retried"] += 1

    threads = [threading.Thread(target=client_loop, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    barrier.wait(timeout=60)
    started = time.monotonic()
    for at, action in events:
        time.sleep(max(0, started + at - time.monotonic()))
        action()
    for thread in threads:
        thread.join(timeout=SECONDS + 60)
    return acknowledged, outcomes


@contextmanager
def database(tmp_path):
    """(where, restart): a SQLite file, or a PostgreSQL server of this test's own."""
    if not os.environ.get("DATABASE_URL"):
        yield {"db_path": tmp_path / "two.sqlite3"}, None
        return
    with throwaway_postgres() as server:
        if server is None:
            pytest.skip("no initdb on this machine for a PostgreSQL of the test's own")
        yield {"db_path": None, "database_url": server.url}, server.restart


def test_two_servers_one_killed_and_the_database_restarted(tmp_path):
    with database(tmp_path) as (where, restart_database):
        first_env = env_for(where, tmp_path, "a")
        prepare_database(first_env, users=2)
        rows = Rows(where)
        a = Server(first_env, workers=2).__enter__()
        b = Server(env_for(where, tmp_path, "b"), workers=2).__enter__()
        restarted = []
        events = [
            (SECONDS * 0.3, lambda: kill_server(a)),
            (
                SECONDS * 0.5,
                lambda: restarted.append(Server(first_env, workers=2, port=a.port).__enter__()),
            ),
        ]
        restarts_database = restart_database is not None
        if restarts_database:
            events.append((SECONDS * 0.7, restart_database))
        try:
            acknowledged, outcomes = run_load(
                [a, b], stop_at=time.monotonic() + SECONDS + 5, events=events
            )
        finally:
            for server in (b, *restarted):
                server.__exit__(None, None, None)
        notes = Counter(
            note
            for (note,) in rows.all("SELECT note FROM tracking_symptomlog WHERE note LIKE ?", "c%")
        )
        missing = [n for n in acknowledged if notes[n] == 0]
        duplicated = [n for n, count in notes.items() if count > 1]
        requests = sum(outcomes.values())
        run_again = sum(
            log.read_text(errors="replace").count("running it again")
            for log in tmp_path.glob("gunicorn-*.log")
        )
        print(
            f"\ntwo servers, {CLIENTS} clients, {SECONDS:.0f} s, one server killed and started "
            f"again{', the database restarted' if len(events) == 3 else ''}: "
            f"{requests} requests, outcomes {dict(outcomes)}, {len(acknowledged)} logs "
            f"acknowledged, {len(missing)} missing, {len(duplicated)} duplicated"
            + (f"; {run_again} cut off by the restart, run again by the server" * restarts_database)
        )
        retried = "connection error, retried"  # to the killed server, sent to the other
        errors = {k: v for k, v in outcomes.items() if k not in (302, "GET 200", retried)}
        assert errors == {}, outcomes
        assert missing == [] and duplicated == []
        assert len(acknowledged) > 50
