"""The private calendar feed (/calendar/<token>.ics), read back with icalendar."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from icalendar import Calendar

from tests.routines.factories import RoutineFactory, WeekPlanFactory
from tests.tracking.factories import ReminderSettingsFactory, SymptomLogFactory


@pytest.fixture
def feed_owner(user, settings):
    settings.TIME_ZONE = "Europe/London"
    user.email = "rosa@example.org"
    user.first_name = "Rosa"
    user.save()
    routine = RoutineFactory(owner=user, name="Gentle mornings")
    WeekPlanFactory(
        owner=user, routine=routine, days=[0, 2, 4], first_time=time(9, 15), second_time=time(18, 0)
    )
    SymptomLogFactory(owner=user, note="private note about my feet")
    return ReminderSettingsFactory(owner=user, calendar_token="t" * 43, minutes_before=10)


def feed(client, token):
    return client.get(reverse("calendar_feed", args=[token]))


def test_the_feed_has_one_weekly_event_per_time_with_an_alarm(client, feed_owner):
    response = feed(client, feed_owner.calendar_token)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 2
    starts = sorted(event.decoded("dtstart").time() for event in events)
    assert starts == [time(9, 15), time(18, 0)]
    for event in events:
        start = event.decoded("dtstart")
        assert str(start.tzinfo) == "Europe/London"
        assert event["dtstart"].params["TZID"] == "Europe/London"
        assert start.weekday() in (0, 2, 4)
        rule = event["rrule"]
        assert rule["FREQ"] == ["WEEKLY"] and rule["BYDAY"] == ["MO", "WE", "FR"]
        assert event.decoded("duration") == timedelta(minutes=15)
        assert str(event["summary"]) == "Foot exercises: Gentle mornings"
        alarms = event.walk("VALARM")
        assert len(alarms) == 1
        assert alarms[0].decoded("trigger") == timedelta(minutes=-10)
        assert str(alarms[0]["action"]) == "DISPLAY"
    timezones = calendar.walk("VTIMEZONE")
    assert [str(tz["tzid"]) for tz in timezones] == ["Europe/London"]


def test_the_feed_reveals_nothing_but_times_and_the_routine_name(client, feed_owner, user):
    text = feed(client, feed_owner.calendar_token).content.decode()
    for private in (user.username, "rosa@example.org", "Rosa", "private note"):
        assert private not in text


def test_a_bad_or_old_token_is_a_404_that_reveals_nothing(client, feed_owner):
    for token in ("wrong", "t" * 42, "t" * 44):
        response = feed(client, token)
        assert response.status_code == 404
        assert b"VCALENDAR" not in response.content and b"Gentle" not in response.content
    token = feed_owner.calendar_token
    feed_owner.calendar_token = "n" * 43
    feed_owner.save()
    assert feed(client, token).status_code == 404
    assert feed(client, "n" * 43).status_code == 200


def test_the_feed_shows_only_its_owners_plan(client, feed_owner, other_user):
    WeekPlanFactory(owner=other_user, routine=RoutineFactory(owner=other_user, name="Theirs"))
    ReminderSettingsFactory(owner=other_user, calendar_token="o" * 43)
    mine = feed(client, feed_owner.calendar_token).content.decode()
    theirs = feed(client, "o" * 43).content.decode()
    assert "Gentle mornings" in mine and "Theirs" not in mine
    assert "Theirs" in theirs and "Gentle mornings" not in theirs


def test_without_a_plan_the_feed_is_an_empty_calendar(client, user):
    ReminderSettingsFactory(owner=user, calendar_token="e" * 43)
    calendar = Calendar.from_ical(feed(client, "e" * 43).content)
    assert calendar.walk("VEVENT") == []


def test_a_plan_without_a_routine_is_still_in_the_calendar(client, feed_owner, user):
    user.week_plan.routine.delete()
    calendar = Calendar.from_ical(feed(client, feed_owner.calendar_token).content)
    assert {str(e["summary"]) for e in calendar.walk("VEVENT")} == {"Foot exercises"}
