"""``send_reminders`` for many people: a run when everyone is due, and the runs after it.

2,000 people plan a session every day at the same minute, with email reminders (a local
outbox: no network). Prints the time and queries of the run that sends them all, of the
run a minute later (nothing left to send: every reminder is already claimed) and of a run
when nothing is due. Cron runs the command every minute, so a run must take well under 60 s.
"""

import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from progress import setup_django


def timed(now) -> tuple[float, int, object]:
    from django.db import connection

    from tracking.reminders.services import send_due_reminders

    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    started = time.perf_counter()
    with connection.execute_wrapper(count):
        report = send_due_reminders(now=now)
    return time.perf_counter() - started, queries, report


def main(people: int = 2000) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(str(Path(tmp) / "reminders.sqlite3"))
        from django.contrib.auth.models import User
        from django.core import mail
        from django.test.utils import override_settings
        from django.utils import timezone

        from routines.models import WeekPlan
        from tracking.models import ReminderSettings

        due = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
        users = User.objects.bulk_create(
            User(username=f"r{n}", email=f"r{n}@example.org") for n in range(people)
        )
        WeekPlan.objects.bulk_create(
            WeekPlan(owner=u, days=list(range(7)), first_time=due.time()) for u in users
        )
        since = datetime(2020, 1, 1, tzinfo=UTC)
        ReminderSettings.objects.bulk_create(
            ReminderSettings(owner=u, by_email=True, minutes_before=0, active_since=since)
            for u in users
        )
        locmem = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
        with override_settings(MAILERS=locmem):
            mail.outbox = []
            idle = [timed(due - timedelta(hours=3, minutes=n))[:2] for n in range(3)]
            send_seconds, send_queries, report = timed(due + timedelta(minutes=1))
            again_seconds, again_queries, again = timed(due + timedelta(minutes=2))
            sent = len(mail.outbox)
        figures = {
            "people": people,
            "send_seconds": send_seconds,
            "send_queries": send_queries,
            "sent": sent,
            "next_minute_seconds": again_seconds,
            "next_minute_queries": again_queries,
            "idle_seconds": statistics.median(s for s, _ in idle),
            "idle_queries": idle[0][1],
        }
        assert sent == people and report.sent == people and again.sent == 0, figures
        print(
            f"{people} people due at once: sent {sent} emails in {send_seconds:.1f} s "
            f"({send_queries} queries); the next minute: {again_seconds:.2f} s, "
            f"{again_queries} queries, nothing sent again; nothing due: "
            f"{figures['idle_seconds']:.2f} s, {figures['idle_queries']} queries"
        )
        return figures


if __name__ == "__main__":
    main()
