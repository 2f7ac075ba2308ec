"""tracking.reminders.services.send_due_reminders: each reminder once, on time, by email and
Web Push (against a fake push service on loopback), across days and clock changes."""

import base64
import json
import os
import threading
from datetime import UTC, datetime, time, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from smtplib import SMTPException
from unittest import mock
from zoneinfo import ZoneInfo

import http_ece
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core import mail

from tests.routines.factories import RoutineFactory, WeekPlanFactory
from tests.tracking.factories import (
    PracticeSessionFactory,
    PushSubscriptionFactory,
    ReminderSettingsFactory,
)
from tracking.models import PushSubscription, ReminderDelivery
from tracking.reminders import push
from tracking.reminders.services import send_due_reminders

LONDON = ZoneInfo("Europe/London")
VAPID_KEY = push.new_private_key()


@pytest.fixture(autouse=True)
def london(settings):
    settings.TIME_ZONE = "Europe/London"
    settings.NEUROAPP_VAPID_PRIVATE_KEY = VAPID_KEY
    settings.NEUROAPP_SITE_URL = "https://neuro.example.org"


@pytest.fixture
def emailed(user):
    user.email = "rosa@example.org"
    user.save()
    WeekPlanFactory(
        owner=user,
        routine=RoutineFactory(owner=user, name="Gentle mornings"),
        days=list(range(7)),
        first_time=time(9),
        second_time=None,
    )
    return ReminderSettingsFactory(
        owner=user, by_email=True, active_since=datetime(2020, 1, 1, tzinfo=UTC)
    )


def at(*args) -> datetime:
    return datetime(*args, tzinfo=LONDON)


def run_every(start: datetime, end: datetime, step=timedelta(minutes=5)):
    moment = start
    while moment < end:
        send_due_reminders(now=moment)
        moment += step


def test_a_planned_session_is_reminded_once_at_its_time(emailed):
    assert send_due_reminders(now=at(2026, 12, 7, 8, 59)).sent == 0
    report = send_due_reminders(now=at(2026, 12, 7, 9, 0))
    assert report.sent == 1 and len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["rosa@example.org"]
    assert message.subject == "Time for Gentle mornings"
    assert "https://neuro.example.org/" in message.body and "chair" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/reminders/stop/" in message.extra_headers["List-Unsubscribe"]
    for minute in range(1, 60):
        send_due_reminders(now=at(2026, 12, 7, 9, minute))
    assert len(mail.outbox) == 1


def test_the_lead_time_moves_the_reminder_earlier(emailed):
    emailed.minutes_before = 30
    emailed.save()
    send_due_reminders(now=at(2026, 12, 7, 8, 29))
    assert len(mail.outbox) == 0
    send_due_reminders(now=at(2026, 12, 7, 8, 30))
    assert len(mail.outbox) == 1
    assert "Planned for 09:00" in mail.outbox[0].body


def test_a_reminder_missed_by_more_than_an_hour_is_dropped(emailed):
    send_due_reminders(now=at(2026, 12, 7, 10, 1))
    assert len(mail.outbox) == 0


def test_nothing_from_before_reminders_were_turned_on(emailed):
    emailed.active_since = at(2026, 12, 7, 9, 0, 30)
    emailed.save()
    send_due_reminders(now=at(2026, 12, 7, 9, 5))
    assert len(mail.outbox) == 0


def test_each_day_once_across_the_spring_clock_change(emailed):
    run_every(at(2027, 3, 26, 0, 0), at(2027, 3, 30, 0, 0), step=timedelta(minutes=20))
    due = sorted(d.due_at.astimezone(LONDON) for d in ReminderDelivery.objects.all())
    assert [(d.day, d.hour, d.minute) for d in due] == [
        (26, 9, 0),
        (27, 9, 0),
        (28, 9, 0),
        (29, 9, 0),
    ]
    assert len(mail.outbox) == 4


def test_a_time_in_the_repeated_hour_is_reminded_once(emailed, user):
    user.week_plan.first_time = time(1, 30)
    user.week_plan.save()
    run_every(at(2027, 10, 30, 23, 0), at(2027, 10, 31, 4, 0), step=timedelta(minutes=5))
    assert len(mail.outbox) == 1
    assert ReminderDelivery.objects.get().due_at == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)


def test_a_plans_days_are_kept(emailed, user):
    user.week_plan.days = [0, 3]  # Monday and Thursday
    user.week_plan.save()
    run_every(at(2026, 12, 7, 0, 0), at(2026, 12, 14, 0, 0), step=timedelta(minutes=30))
    days = sorted(d.due_at.astimezone(LONDON).weekday() for d in ReminderDelivery.objects.all())
    assert days == [0, 3]


def test_no_reminder_when_the_session_is_already_done(emailed, user):
    PracticeSessionFactory(
        owner=user,
        started_at=at(2026, 12, 7, 7, 0),
        finished_at=at(2026, 12, 7, 7, 15),
        stage="done",
    )
    report = send_due_reminders(now=at(2026, 12, 7, 9, 0))
    assert report.skipped_done == 1 and len(mail.outbox) == 0


def test_the_second_session_is_still_reminded_after_the_first(emailed, user):
    user.week_plan.second_time = time(18, 0)
    user.week_plan.save()
    PracticeSessionFactory(
        owner=user,
        started_at=at(2026, 12, 7, 9, 5),
        finished_at=at(2026, 12, 7, 9, 20),
        stage="done",
    )
    send_due_reminders(now=at(2026, 12, 7, 9, 10))
    send_due_reminders(now=at(2026, 12, 7, 18, 0))
    assert len(mail.outbox) == 1 and "18:00" in mail.outbox[0].body


def test_a_failed_email_is_retried_later_and_sent_once(emailed, caplog):
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=SMTPException("down")):
        report = send_due_reminders(now=at(2026, 12, 7, 9, 0))
    assert report.failed == 1 and len(mail.outbox) == 0
    delivery = ReminderDelivery.objects.get()
    assert delivery.status == "failed" and "down" in delivery.last_error
    assert delivery.next_try_at == at(2026, 12, 7, 9, 5)
    send_due_reminders(now=at(2026, 12, 7, 9, 3))  # not yet
    assert len(mail.outbox) == 0
    send_due_reminders(now=at(2026, 12, 7, 9, 5))
    send_due_reminders(now=at(2026, 12, 7, 9, 6))
    assert len(mail.outbox) == 1
    delivery.refresh_from_db()
    assert delivery.status == "sent" and delivery.attempts == 2
    assert "failed" in caplog.text


def test_failures_stop_after_a_few_tries(emailed):
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=SMTPException("down")):
        run_every(at(2026, 12, 7, 9, 0), at(2026, 12, 7, 12, 0), step=timedelta(minutes=5))
    delivery = ReminderDelivery.objects.get()
    assert delivery.status == "gave_up" and delivery.attempts <= 4


def test_without_an_address_an_email_reminder_is_given_up(emailed, user):
    user.email = ""
    user.save()
    report = send_due_reminders(now=at(2026, 12, 7, 9, 0))
    assert report.given_up == 1 and ReminderDelivery.objects.get().status == "gave_up"


def test_a_later_check_in_is_reminded_in_its_window(emailed, user):
    user.profile.later_check_in = "evening"
    user.profile.save()
    session = PracticeSessionFactory(
        owner=user,
        started_at=at(2026, 12, 7, 13, 45),
        finished_at=at(2026, 12, 7, 14, 0),
        stage="done",
        routine_name="Gentle mornings",
    )
    send_due_reminders(now=at(2026, 12, 7, 16, 59))
    assert len(mail.outbox) == 0
    send_due_reminders(now=at(2026, 12, 7, 17, 0))
    send_due_reminders(now=at(2026, 12, 7, 17, 1))
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "How are your feet now?"
    assert f"/sessions/{session.pk}/later/" in mail.outbox[0].body


def test_no_check_in_reminder_at_night_or_when_not_asked(emailed, user):
    user.profile.later_check_in = "evening"
    user.profile.save()
    PracticeSessionFactory(
        owner=user,
        started_at=at(2026, 12, 7, 19, 45),
        finished_at=at(2026, 12, 7, 20, 0),
        stage="done",
    )
    run_every(at(2026, 12, 7, 22, 0), at(2026, 12, 8, 8, 30), step=timedelta(minutes=15))
    assert not [m for m in mail.outbox if "feet now" in m.subject]
    emailed.check_in_reminder = False
    emailed.save()
    user.profile.later_check_in = "morning"
    user.profile.save()
    run_every(at(2026, 12, 8, 8, 30), at(2026, 12, 8, 14, 0), step=timedelta(minutes=15))
    assert not [m for m in mail.outbox if "feet now" in m.subject]


def test_a_morning_check_in_waits_for_eight_oclock(emailed, user):
    user.profile.later_check_in = "morning"
    user.profile.save()
    PracticeSessionFactory(
        owner=user,
        started_at=at(2026, 12, 7, 18, 0),
        finished_at=at(2026, 12, 7, 18, 15),
        stage="done",
    )
    run_every(at(2026, 12, 8, 4, 0), at(2026, 12, 8, 8, 0), step=timedelta(minutes=10))
    assert not [m for m in mail.outbox if "feet now" in m.subject]
    send_due_reminders(now=at(2026, 12, 8, 8, 0))
    assert len([m for m in mail.outbox if "feet now" in m.subject]) == 1


# --- Web Push, against a fake push service on loopback ---


class FakePushService:
    """A push service on 127.0.0.1 that records each message and answers ``status``."""

    def __init__(self):
        self.received = []
        self.status = 201
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                service.received.append(
                    (self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                )
                self.send_response(service.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def push_service():
    service = FakePushService()
    yield service
    service.close()


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


@pytest.fixture
def device(user, push_service):
    """A browser's subscription: its own key pair and auth secret, as the Push API makes."""
    browser_key = ec.generate_private_key(ec.SECP256R1())
    auth_secret = os.urandom(16)
    public = browser_key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    subscription = PushSubscriptionFactory(
        owner=user,
        endpoint=f"{push_service.url}/push/abc",
        p256dh=b64(public),
        auth=b64(auth_secret),
    )
    WeekPlanFactory(
        owner=user,
        routine=RoutineFactory(owner=user, name="Gentle mornings"),
        days=list(range(7)),
        first_time=time(9),
    )
    ReminderSettingsFactory(owner=user, by_push=True, active_since=datetime(2020, 1, 1, tzinfo=UTC))
    return subscription, browser_key, auth_secret


def test_a_push_reminder_is_encrypted_for_the_device_and_signed(device, push_service):
    subscription, browser_key, auth_secret = device
    report = send_due_reminders(now=at(2026, 12, 7, 9, 0))
    assert report.sent == 1 and len(push_service.received) == 1
    path, headers, body = push_service.received[0]
    assert path == "/push/abc"
    assert headers["content-encoding"] == "aes128gcm"
    assert (
        headers["authorization"].startswith("vapid t=")
        and f"k={push.public_key()}" in (headers["authorization"])
    )
    assert b"Gentle" not in body  # encrypted on the wire
    plain = http_ece.decrypt(
        body, private_key=browser_key, auth_secret=auth_secret, version="aes128gcm"
    )
    message = json.loads(plain)
    assert message == {"title": "Time for Gentle mornings", "body": message["body"], "url": "/"}
    assert "Planned for 09:00" in message["body"]
    send_due_reminders(now=at(2026, 12, 7, 9, 1))
    assert len(push_service.received) == 1
    subscription.refresh_from_db()
    assert subscription.last_sent_at is not None


def test_a_subscription_the_push_service_calls_gone_is_removed(device, push_service, user):
    push_service.status = 410
    report = send_due_reminders(now=at(2026, 12, 7, 9, 0))
    assert report.removed_devices == 1
    assert not PushSubscription.objects.filter(owner=user).exists()
    assert ReminderDelivery.objects.get().status == "gave_up"
    assert not user.reminder_settings.__class__.objects.get(owner=user).by_push


def test_a_push_service_error_is_retried(device, push_service):
    push_service.status = 503
    assert send_due_reminders(now=at(2026, 12, 7, 9, 0)).failed == 1
    push_service.status = 201
    send_due_reminders(now=at(2026, 12, 7, 9, 5))
    assert len(push_service.received) == 2
    assert ReminderDelivery.objects.get().status == "sent"


def test_an_unreachable_push_service_is_logged_not_raised(device, push_service, caplog):
    subscription = device[0]
    subscription.endpoint = "http://127.0.0.1:9/nothing-listens-here"
    subscription.save()
    report = send_due_reminders(now=at(2026, 12, 7, 9, 0))
    assert report.failed == 1 and "failed" in caplog.text


def test_the_vapid_key_command_prints_a_usable_key(capsys):
    from django.core.management import call_command

    call_command("vapid_keys")
    line = capsys.readouterr().out.strip()
    assert line.startswith("NEUROAPP_VAPID_PRIVATE_KEY=")
    key = line.split("=", 1)[1]
    assert len(base64.urlsafe_b64decode(key + "=")) == 32
