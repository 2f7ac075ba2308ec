"""HTTP benchmark: gunicorn (4 workers) on loopback, SQLite and then PostgreSQL.

For the dashboard, a guided-player step, and the symptom-log POST, prints throughput and
p50/p95 latency beside a bare Django view measured in the same run (same server, same
middleware, no database), and the ratio. PostgreSQL runs when a throwaway server can be
started here (initdb on the machine) or BENCH_DATABASE_URL is set.
"""

from __future__ import annotations

import os
import re
import statistics
import tempfile
import threading
import time
import uuid
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from harness import (
    Client,
    Server,
    prepare_database,
    run_script,
    server_env,
    throwaway_postgres,
)

CLIENTS = int(os.environ.get("BENCH_CLIENTS", "8"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "8"))
LONDON = ZoneInfo("Europe/London")
START_KEY = re.compile(rb'name="start_key" value="([0-9a-f-]+)"')


def start_session(client: Client) -> str:
    """Start the user's routine and skip the check-in: returns the player URL at step 1."""
    _, _, page = client.request("GET", "/routines/")
    routine = re.search(rb'href="/routines/(\d+)/"', page).group(1).decode()
    _, _, page = client.request("GET", f"/routines/{routine}/")
    key = START_KEY.search(page).group(1).decode()
    _, headers, _ = client.request("POST", f"/routines/{routine}/start/", {"start_key": key})
    player = headers["Location"]
    skip = {"action": "skip", "idempotency_key": str(uuid.uuid4()), "form_stage": "before"}
    client.request("POST", player, skip)
    return player


def log_form() -> dict:
    return {
        "numbness": 4,
        "aching": 3,
        "foot": "both",
        "note": "",
        "recorded_at": datetime.now(LONDON).strftime("%Y-%m-%dT%H:%M"),
        "idempotency_key": str(uuid.uuid4()),
    }


TARGETS = {
    "bare view": lambda c, ctx: c.request("GET", "/bench/bare"),
    "dashboard": lambda c, ctx: c.request("GET", "/"),
    "guided step": lambda c, ctx: c.request("GET", ctx["player"]),
    "symptom-log POST": lambda c, ctx: c.request("POST", "/log/", log_form()),
}
EXPECTED = {"bare view": 200, "dashboard": 200, "guided step": 200, "symptom-log POST": 302}

# Mixed load: every third client reads the progress page of a 2-year account, the others
# write symptom logs or follow the guided player, all at once.
MIXED_CLIENTS = int(os.environ.get("BENCH_MIXED_CLIENTS", "32"))
MIXED_SECONDS = float(os.environ.get("BENCH_MIXED_SECONDS", "30"))
ROLES = {
    "progress reader": (lambda c, ctx: c.request("GET", "/progress/"), 200),
    "log writer": (lambda c, ctx: c.request("POST", "/log/", log_form()), 302),
    "guided player": (lambda c, ctx: c.request("GET", ctx["player"]), 200),
}
SEED_READERS = """
import sys
from django.contrib.auth import get_user_model
from tracking.demo import seed_history

for i in range(0, int(sys.argv[1]), 3):
    seed_history(get_user_model().objects.get(username=f"load{i}"), days=730, seed=i)
"""


def role_of(number: int) -> str:
    return list(ROLES)[number % len(ROLES)]


def mixed(clients, contexts, seconds=MIXED_SECONDS) -> dict:
    """Every client at once, each in its role: p50/p95/p99 and failures per role."""
    latencies: dict[str, list[float]] = {role: [] for role in ROLES}
    failures = dict.fromkeys(ROLES, 0)
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def work(number, client, ctx):
        role = role_of(number)
        call, expected = ROLES[role]
        mine, bad = [], 0
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                status, _, _ = call(client, ctx)
            except OSError:
                status = 0
            mine.append(time.perf_counter() - started)
            bad += status != expected
        with lock:
            latencies[role].extend(mine)
            failures[role] += bad

    elapsed = run_together(
        work,
        [(n, client, ctx) for n, (client, ctx) in enumerate(zip(clients, contexts, strict=True))],
    )
    results = {}
    for role, values in latencies.items():
        values.sort()

        def at(share: float, values=values) -> float:
            return values[max(int(len(values) * share) - 1, 0)] * 1000 if values else 0.0

        results[role] = {
            "rps": len(values) / elapsed,
            "p50": at(0.50),
            "p95": at(0.95),
            "p99": at(0.99),
            "requests": len(values),
            "failures": failures[role],
        }
    return results


def run_together(work, argument_lists) -> float:
    """One thread per argument list, all started at once; the seconds until all are done."""
    threads = [threading.Thread(target=work, args=args, daemon=True) for args in argument_lists]
    begun = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.monotonic() - begun


def hammer(clients, contexts, name, seconds=SECONDS) -> dict:
    latencies: list[float] = []
    failures = 0
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def work(client, ctx):
        nonlocal failures
        mine, bad = [], 0
        for _ in range(100_000):
            if time.monotonic() >= deadline:
                break
            started = time.perf_counter()
            try:
                status, _, _ = TARGETS[name](client, ctx)
            except OSError:
                status = 0
            mine.append(time.perf_counter() - started)
            bad += status != EXPECTED[name]
        with lock:
            latencies.extend(mine)
            failures += bad

    elapsed = run_together(work, list(zip(clients, contexts, strict=True)))
    latencies.sort()
    return {
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(len(latencies) * 0.95) - 1] * 1000,
        "requests": len(latencies),
        "failures": failures,
    }


def run(label: str, env: dict) -> dict:
    prepare_database(env, users=max(CLIENTS, MIXED_CLIENTS))
    run_script(env, SEED_READERS, str(MIXED_CLIENTS))
    results = {}
    with Server(env, workers=4) as server:
        clients = [Client(server.port) for _ in range(CLIENTS)]
        contexts = []
        for number, client in enumerate(clients):
            client.login(f"load{number}")
            contexts.append({"player": start_session(client)})
        for name in TARGETS:
            hammer(clients, contexts, name, seconds=1)  # warm up
            results[name] = hammer(clients, contexts, name)
        everyone = [Client(server.port) for _ in range(MIXED_CLIENTS)]
        roles = []
        for number, client in enumerate(everyone):
            client.login(f"load{number}")
            roles.append({"player": start_session(client)})
        mixed_results = mixed(everyone, roles)
    bare = results["bare view"]
    print(f"-- {label}: gunicorn 4 workers x 4 threads, {CLIENTS} clients, {SECONDS:.0f} s each --")
    for name, r in results.items():
        ratio = "" if name == "bare view" else f"  {bare['rps'] / r['rps']:.1f}x slower than bare"
        print(
            f"{name:17} {r['rps']:7.0f} req/s  p50 {r['p50']:6.1f} ms  p95 {r['p95']:6.1f} ms"
            f"  ({r['requests']} requests, {r['failures']} failed){ratio}"
        )
    print(
        f"-- {label}: mixed load, {MIXED_CLIENTS} clients at once for {MIXED_SECONDS:.0f} s "
        "(readers of a 2-year account's progress page, log writers, guided players) --"
    )
    for role, r in mixed_results.items():
        print(
            f"{role:17} {r['rps']:7.0f} req/s  p50 {r['p50']:6.1f} ms  p95 {r['p95']:6.1f} ms"
            f"  p99 {r['p99']:6.1f} ms  ({r['requests']} requests, {r['failures']} failed)"
        )
    return {**results, **{f"mixed {role}": r for role, r in mixed_results.items()}}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        run("SQLite", server_env(Path(tmp) / "bench.sqlite3", settings="bench.settings"))
    with throwaway_postgres() as server:
        url = server.url if server else None
        if url is None:
            print("-- PostgreSQL: skipped (no initdb here and no BENCH_DATABASE_URL) --")
        else:
            run("PostgreSQL", server_env(None, database_url=url, settings="bench.settings"))


if __name__ == "__main__":
    main()
