"""``manage.py send_reminders`` run as cron would: several processes at once, each reminder
sent once. (The service's own timing is tested in test_reminders.py.)"""

import os
import subprocess
import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from bench.harness import PYTHON, ROOT, prepare_database, run_script, server_env
from tests.factories import UserFactory
from tests.routines.factories import WeekPlanFactory
from tests.tracking.factories import ReminderSettingsFactory
from tracking.models import ReminderDelivery
from tracking.reminders.services import send_due_reminders

PEOPLE = 12
PROCESSES = 4

SETUP = """
import sys
from datetime import UTC, datetime, timedelta
from django.contrib.auth.models import User
from django.utils import timezone
from routines.models import WeekPlan
from tracking.models import ReminderSettings
due = timezone.localtime() - timedelta(minutes=2)
for n in range(int(sys.argv[1])):
    user = User.objects.create(username=f"cron{n}", email=f"cron{n}@example.org")
    WeekPlan.objects.create(owner=user, days=list(range(7)), first_time=due.time())
    ReminderSettings.objects.create(owner=user, by_email=True, minutes_before=0,
                                    active_since=datetime(2020, 1, 1, tzinfo=UTC))
"""


@pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")), reason="SQLite file database; PostgreSQL: the next test"
)
def test_processes_started_together_send_each_reminder_once(tmp_path):
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = server_env(
        tmp_path / "cron.sqlite3",
        settings="bench.settings_mail_files",
        NEUROAPP_MAIL_DIR=str(mail_dir),
    )
    prepare_database(env, users=0)
    run_script(env, SETUP, str(PEOPLE))
    runs = [
        subprocess.Popen(
            [PYTHON, "manage.py", "send_reminders"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(PROCESSES)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0] * PROCESSES, outputs
    again = subprocess.run(
        [PYTHON, "manage.py", "send_reminders"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "sent" not in again.stdout  # nothing left to send
    messages = "".join(path.read_text() for path in mail_dir.iterdir())
    recipients = [
        line.split(": ", 1)[1] for line in messages.splitlines() if line.startswith("To: ")
    ]
    assert sorted(recipients) == sorted(f"cron{n}@example.org" for n in range(PEOPLE))


@pytest.mark.django_db(transaction=True)
def test_threads_released_together_send_each_reminder_once():
    due = timezone.localtime() - timedelta(minutes=2)
    people = [UserFactory(email=f"t{n}@example.org") for n in range(PEOPLE)]
    for person in people:
        WeekPlanFactory(owner=person, routine=None, first_time=due.time())
        ReminderSettingsFactory(
            owner=person, by_email=True, active_since=datetime(2020, 1, 1, tzinfo=UTC)
        )
    barrier = threading.Barrier(PROCESSES)
    errors = []

    def run():
        try:
            barrier.wait(timeout=10)
            send_due_reminders(now=timezone.now())
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(PROCESSES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    assert ReminderDelivery.objects.filter(status="sent").count() == PEOPLE


def test_the_command_reports_what_it_sent(user, capsys):
    user.email = "rosa@example.org"
    user.save()
    WeekPlanFactory(owner=user, first_time=(timezone.localtime() - timedelta(minutes=1)).time())
    ReminderSettingsFactory(owner=user, by_email=True)
    call_command("send_reminders")
    assert "sent 1" in capsys.readouterr().out
    call_command("send_reminders")
    assert capsys.readouterr().out == ""
    assert len(mail.outbox) == 1
