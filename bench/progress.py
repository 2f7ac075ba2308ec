"""Progress page: one week of daily sessions versus five years, for one user.

Prints median render time, the ratio, and queries per page. Run with `make bench`.
The target: constant queries, and 5 years within 2x of one week.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(db_path: str) -> None:
    os.environ["NEUROAPP_SQLITE_PATH"] = db_path
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "neuroapp.settings")
    # Production-like: DEBUG off and cached templates; plain static storage (no collectstatic).
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ["NEUROAPP_TESTING"] = "1"
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def measure(client, url: str, runs: int) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm up
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    return statistics.median(timings), len(queries)


def main(runs: int = 15) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(str(Path(tmp) / "bench.sqlite3"))
        from django.test import Client

        from accounts.services import acknowledge_safety, register_user
        from tracking.demo import seed_history

        results = {}
        for label, days in (("1 week", 7), ("5 years", 5 * 365)):
            user = register_user(username=f"bench{days}", email="", password="x-bench-password-1")
            acknowledge_safety(profile=user.profile)
            started = time.perf_counter()
            seed_history(user, days=days, seed=days)
            seeded = time.perf_counter() - started
            client = Client()
            client.force_login(user)
            page, page_queries = measure(client, "/progress/", runs)
            movements, json_queries = measure(client, "/progress/movements.json", runs)
            results[label] = (page, page_queries, movements, json_queries)
            print(
                f"progress {label:8} ({days:4} sessions, seeded in {seeded:.1f}s): "
                f"page {page * 1000:6.1f} ms, {page_queries} queries; "
                f"movements.json {movements * 1000:6.1f} ms, {json_queries} queries"
            )
        week, years = results["1 week"], results["5 years"]
        ratio = years[0] / week[0]
        print(
            f"progress 5 years / 1 week: {ratio:.2f}x (target <= 2x); "
            f"queries {week[1]} vs {years[1]} (target: equal)"
        )
        return {"ratio": ratio, "queries_equal": week[1] == years[1]}


if __name__ == "__main__":
    main()
