from datetime import timedelta

from django.test import RequestFactory
from django.utils import timezone

from neuroapp.http import OFFLINE_LONGEST, entry_time

REPLAY = {"HTTP_X_OFFLINE_REPLAY": "1"}


def request(made_at, **headers):
    return RequestFactory().post("/log/", {"made_at": made_at}, **headers)


def test_an_entry_sent_late_from_a_device_that_was_offline_keeps_when_it_was_made():
    made = timezone.now() - timedelta(hours=2)
    assert entry_time(request(made.isoformat(), **REPLAY)) == made
    # As offline.js writes it (Date.toISOString): UTC with a Z.
    iso = made.astimezone(timezone.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    assert abs(entry_time(request(iso, **REPLAY)) - made) < timedelta(milliseconds=1)


def test_an_entry_sent_at_once_gets_the_time_it_arrives():
    before = timezone.now()
    made = before - timedelta(hours=2)
    assert entry_time(request(made.isoformat())) >= before  # no replay header


def test_an_implausible_device_clock_gives_the_time_it_arrives():
    before = timezone.now()
    for made_at in (
        (before + timedelta(minutes=10)).isoformat(),  # the future
        (before - OFFLINE_LONGEST - timedelta(days=1)).isoformat(),  # too long ago
        "2026-03-01T08:30:00",  # no time zone
        "yesterday",
        "",
    ):
        assert entry_time(request(made_at, **REPLAY)) >= before, made_at


def test_an_entry_never_goes_before_the_session_it_belongs_to():
    started = timezone.now() - timedelta(minutes=30)
    made = started - timedelta(minutes=5)  # a device clock a little slow
    assert entry_time(request(made.isoformat(), **REPLAY), not_before=started) == started
