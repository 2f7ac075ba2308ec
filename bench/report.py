"""Clinician report of the largest account an import can bring in.

One import takes up to 500,000 records (a gzipped file; 20 MB of plain JSON holds about
370,000 bare logs). The worst case for the report is a month that is full: 100,000
stopped sessions with distinct stop reasons and 300,000 logs with notes, all in the last
30 days, in random order on disk. Prints the median time of the HTML report and the PDF.
Target: the PDF in under 2 s (every list in it is capped; the symptom table and session
totals are added up by the database, the ranking reads the latest 2,000 sessions).
With BENCH_PROFILE=1, the slowest queries and a profile of one PDF request are printed.
"""

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from progress import setup_django


def main(
    runs: int = 3, sessions: int = 100_000, logs: int = 300_000, profile: bool = False
) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(str(Path(tmp) / "report.sqlite3"))
        from django.test import Client
        from django.utils import timezone

        from accounts.services import acknowledge_safety, register_user
        from tracking.models import PracticeSession, SymptomLog
        from tracking.timeofday import time_of_day_for

        user = register_user(username="big", email="", password="x-bench-password-1")
        acknowledge_safety(profile=user.profile)
        rng = random.Random(7)
        now = timezone.now()
        started = time.perf_counter()
        moments = [now - timedelta(minutes=rng.randrange(1, 30 * 24 * 60)) for _ in range(sessions)]
        PracticeSession.objects.bulk_create(
            (
                PracticeSession(
                    owner=user,
                    routine_name="Morning",
                    status="stopped",
                    stage="done",
                    started_at=moment,
                    finished_at=moment + timedelta(minutes=5),
                    time_of_day=time_of_day_for(moment),
                    stop_reason=f"Reason number {n} " + "x" * 150,
                )
                for n, moment in enumerate(moments)
            ),
            batch_size=2000,
        )
        log_moments = [now - timedelta(minutes=rng.randrange(1, 30 * 24 * 60)) for _ in range(logs)]
        SymptomLog.objects.bulk_create(
            (
                SymptomLog(
                    owner=user,
                    recorded_at=moment,
                    time_of_day=time_of_day_for(moment),
                    numbness=rng.randrange(11),
                    aching=rng.randrange(11),
                    note=f"Note {n}: " + "walked further than usual " * 8,
                )
                for n, moment in enumerate(log_moments)
            ),
            batch_size=2000,
        )
        seeded = time.perf_counter() - started
        print(f"report: seeded {sessions} stopped sessions, {logs} logs in {seeded:.1f}s")
        client = Client()
        client.force_login(user)
        if profile or os.environ.get("BENCH_PROFILE"):
            import cProfile
            import pstats

            from django.db import connection

            slow = []

            def timed(execute, sql, params, many, context):
                t0 = time.perf_counter()
                try:
                    return execute(sql, params, many, context)
                finally:
                    slow.append((time.perf_counter() - t0, sql))

            with cProfile.Profile() as profiler, connection.execute_wrapper(timed):
                client.get("/report/pdf/?days=30")
            for seconds, sql in sorted(slow, reverse=True)[:6]:
                print(f"{seconds * 1000:7.0f} ms  {sql[:300]}")
            pstats.Stats(profiler).sort_stats(
                os.environ.get("BENCH_SORT", "cumulative")
            ).print_stats(25)
        results = {}
        for label, url in (
            ("HTML 30 days", "/report/?days=30"),
            ("PDF 30 days", "/report/pdf/?days=30"),
            ("PDF 90 days", "/report/pdf/?days=90"),
        ):
            timings = []
            for _ in range(runs):
                t0 = time.perf_counter()
                response = client.get(url)
                timings.append(time.perf_counter() - t0)
                assert response.status_code == 200, (url, response.status_code)
            results[label] = statistics.median(timings)
            size = len(response.content)
            ms = results[label] * 1000
            print(f"report {label:13}: {ms:7.0f} ms median of {runs}, {size / 1024:.0f} KB")
        verdict = "under" if results["PDF 30 days"] < 2 else "OVER"
        print(f"report PDF 30 days: {verdict} the 2 s target")
        return results


if __name__ == "__main__":
    main()
