"""The week plan page (/week/): the plan form, reminder settings, calendar and devices."""

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from routines.models import WeekPlan
from tests.routines.factories import RoutineFactory, WeekPlanFactory
from tests.tracking.factories import (
    PracticeSessionFactory,
    PushSubscriptionFactory,
    ReminderSettingsFactory,
)
from tracking.models import PushSubscription, ReminderSettings

URL = reverse("tracking:week_plan")


@pytest.fixture
def routine(user):
    return RoutineFactory(owner=user, name="Gentle mornings")


def test_a_new_plan_defaults_to_every_day_at_the_profile_time(client_logged_in, user, routine):
    user.profile.preferred_time = "evening"
    user.profile.save()
    response = client_logged_in.get(URL)
    assert response.status_code == 200
    form = response.context["plan_form"]
    assert form.initial["days"] == list(range(7))
    assert form.initial["first_time"] == "18:30"
    assert form.initial["routine"] == routine


def test_saving_a_plan_stores_days_times_and_routine(client_logged_in, user, routine):
    data = {
        "days": ["0", "2", "4"],
        "first_time": "18:00",
        "second_time": "09:30",
        "routine": routine.pk,
    }
    response = client_logged_in.post(URL, data)
    assert response.status_code == 302
    plan = WeekPlan.objects.get(owner=user)
    assert plan.days == [0, 2, 4]
    assert plan.times == [time(9, 30), time(18, 0)]  # in order of the day
    assert plan.routine == routine
    client_logged_in.post(URL, {**data, "days": ["5"], "second_time": ""})
    plan.refresh_from_db()
    assert plan.days == [5] and plan.second_time is None
    assert WeekPlan.objects.filter(owner=user).count() == 1


def test_a_plan_without_days_gets_a_clear_message_and_keeps_the_form(client_logged_in, routine):
    response = client_logged_in.post(URL, {"first_time": "07:45", "routine": routine.pk})
    assert response.status_code == 400
    assert "Choose at least one day" in response.content.decode()
    assert 'value="07:45"' in response.content.decode()
    assert not WeekPlan.objects.exists()


def test_a_time_in_the_spring_gap_is_refused_with_the_date(client_logged_in, routine, settings):
    settings.TIME_ZONE = "Europe/London"
    response = client_logged_in.post(
        URL, {"days": ["6"], "first_time": "01:30", "routine": routine.pk}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "01:30 does not exist on Sunday" in text and "clocks" in text
    assert not WeekPlan.objects.exists()
    # Not a Sunday: the time exists every week.
    ok = client_logged_in.post(URL, {"days": ["0"], "first_time": "01:30", "routine": routine.pk})
    assert ok.status_code == 302


@pytest.mark.parametrize(
    "bad",
    [
        {"first_time": "25:00"},
        {"first_time": ""},
        {"second_time": "9 o'clock"},
        {"second_time": "08:00"},  # the same as the first
        {"days": ["7"]},
        {"routine": "999999"},
    ],
)
def test_bad_input_is_a_400_with_a_message(client_logged_in, routine, bad):
    data = {"days": ["1"], "first_time": "08:00", "routine": routine.pk, **bad}
    response = client_logged_in.post(URL, data)
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert not WeekPlan.objects.exists()


def test_another_persons_routine_cannot_be_planned(client_logged_in, other_user, routine):
    theirs = RoutineFactory(owner=other_user)
    response = client_logged_in.post(
        URL, {"days": ["1"], "first_time": "08:00", "routine": theirs.pk}
    )
    assert response.status_code == 400
    assert "not one of yours" in response.content.decode()


def test_clearing_the_plan_deletes_it(client_logged_in, user):
    WeekPlanFactory(owner=user)
    assert client_logged_in.post(reverse("tracking:week_plan_clear")).status_code == 302
    assert not WeekPlan.objects.filter(owner=user).exists()


def test_without_a_routine_the_page_points_to_the_routines(client_logged_in):
    response = client_logged_in.get(URL)
    assert "You need a routine first" in response.content.decode()


def test_email_reminders_need_an_address_and_save_it(client_logged_in, user):
    user.email = ""
    user.save()
    url = reverse("tracking:reminder_settings")
    data = {"by_email": "on", "minutes_before": "10", "check_in_reminder": "on", "email": ""}
    response = client_logged_in.post(url, data)
    assert response.status_code == 400
    assert "Give an email address" in response.content.decode()
    assert not ReminderSettings.objects.filter(owner=user, by_email=True).exists()
    assert client_logged_in.post(url, {**data, "email": "rosa@example.org"}).status_code == 302
    user.refresh_from_db()
    reminders = ReminderSettings.objects.get(owner=user)
    assert user.email == "rosa@example.org" and reminders.by_email
    assert reminders.minutes_before == 10 and reminders.check_in_reminder


def test_turning_email_on_does_not_send_the_past(client_logged_in, user):
    user.email = "rosa@example.org"
    user.save()
    before = timezone.now()
    client_logged_in.post(
        reverse("tracking:reminder_settings"),
        {"by_email": "on", "minutes_before": "0", "email": user.email},
    )
    assert ReminderSettings.objects.get(owner=user).active_since >= before


@pytest.mark.parametrize("bad", [{"minutes_before": "5"}, {"email": "not an address"}])
def test_bad_reminder_settings_are_a_400(client_logged_in, bad):
    data = {"minutes_before": "10", **bad}
    response = client_logged_in.post(reverse("tracking:reminder_settings"), data)
    assert response.status_code == 400


def test_the_calendar_address_is_made_reset_and_stopped(client_logged_in, user):
    client_logged_in.post(reverse("tracking:calendar_on"))
    first = ReminderSettings.objects.get(owner=user).calendar_token
    assert first and len(first) >= 40
    page = client_logged_in.get(URL).content.decode()
    assert f"/calendar/{first}.ics" in page and "webcal://" in page
    client_logged_in.post(reverse("tracking:calendar_on"))
    second = ReminderSettings.objects.get(owner=user).calendar_token
    assert second != first
    client_logged_in.post(reverse("tracking:calendar_off"))
    assert ReminderSettings.objects.get(owner=user).calendar_token is None


def test_a_device_is_subscribed_turns_push_on_and_is_removed(client_logged_in, user, settings):
    settings.NEUROAPP_VAPID_PRIVATE_KEY = "-LQhfzXsI-i9rxJYQ2qksj_VmaoIWfG7VO1I6ZwGiD0"
    data = {
        "endpoint": "https://fcm.googleapis.com/fcm/send/abc",
        "p256dh": "key",
        "auth": "secret",
        "device": "Chrome on Android",
    }
    response = client_logged_in.post(reverse("tracking:device_subscribe"), data)
    assert response.status_code == 200 and response.json()["ok"]
    client_logged_in.post(reverse("tracking:device_subscribe"), data)  # again: one row
    assert PushSubscription.objects.filter(owner=user).count() == 1
    assert ReminderSettings.objects.get(owner=user).by_push
    response = client_logged_in.post(
        reverse("tracking:device_unsubscribe"), {"endpoint": data["endpoint"]}
    )
    assert response.status_code == 200
    assert not PushSubscription.objects.filter(owner=user).exists()
    assert not ReminderSettings.objects.get(owner=user).by_push


@pytest.mark.parametrize(
    "bad",
    [{"endpoint": "http://10.0.0.1/push"}, {"endpoint": "not a url"}, {"p256dh": ""}],
)
def test_a_bad_subscription_is_a_400_with_a_message(client_logged_in, settings, bad):
    settings.NEUROAPP_VAPID_PRIVATE_KEY = "-LQhfzXsI-i9rxJYQ2qksj_VmaoIWfG7VO1I6ZwGiD0"
    data = {"endpoint": "https://push.example.org/x", "p256dh": "k", "auth": "a", **bad}
    response = client_logged_in.post(reverse("tracking:device_subscribe"), data)
    assert response.status_code == 400 and response.json()["error"]
    assert not PushSubscription.objects.exists()


def test_subscribing_without_push_set_up_is_a_409(client_logged_in, settings):
    settings.NEUROAPP_VAPID_PRIVATE_KEY = ""
    data = {"endpoint": "https://push.example.org/x", "p256dh": "k", "auth": "a"}
    response = client_logged_in.post(reverse("tracking:device_subscribe"), data)
    assert response.status_code == 409


def test_another_persons_device_cannot_be_removed(client_logged_in, other_user):
    theirs = PushSubscriptionFactory(owner=other_user)
    response = client_logged_in.post(reverse("tracking:device_remove", args=[theirs.pk]))
    assert response.status_code == 404
    assert PushSubscription.objects.filter(pk=theirs.pk).exists()


def test_the_email_stop_link_works_in_one_post_without_signing_in(client, user):
    from tracking.reminders.services import email_stop_token

    ReminderSettingsFactory(owner=user, by_email=True)
    url = reverse("tracking:reminders_stop_email", args=[email_stop_token(user)])
    page = client.get(url)
    assert page.status_code == 200 and "Stop email reminders" in page.content.decode()
    assert ReminderSettings.objects.get(owner=user).by_email  # a GET (a link scanner) stops nothing
    assert client.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert not ReminderSettings.objects.get(owner=user).by_email
    assert client.get(reverse("tracking:reminders_stop_email", args=["forged"])).status_code == 404


def test_today_shows_the_plan_the_done_tick_and_the_streak(client_logged_in, user, settings):
    settings.TIME_ZONE = "Europe/London"
    WeekPlanFactory(owner=user, days=list(range(7)), first_time=time(9), second_time=None)
    now = timezone.now()
    page = client_logged_in.get(reverse("home")).content.decode()
    assert "Planned today:" in page and "09:00" in page
    for days_ago in (1, 2, 3):
        when = now - timedelta(days=days_ago)
        PracticeSessionFactory(
            owner=user, started_at=when, finished_at=when, stage="done", status="completed"
        )
    page = client_logged_in.get(reverse("home")).content.decode()
    assert "3 planned days in a row" in page and "A short session today keeps it going" in page
    PracticeSessionFactory(
        owner=user, started_at=now, finished_at=now, stage="done", status="stopped"
    )
    page = client_logged_in.get(reverse("home")).content.decode()
    assert "Done today." in page and "4 planned days in a row" in page


def test_a_missed_day_is_never_scolded(client_logged_in, user):
    WeekPlanFactory(owner=user)
    when = timezone.now() - timedelta(days=3)
    PracticeSessionFactory(owner=user, started_at=when, finished_at=when, stage="done")
    page = client_logged_in.get(reverse("home")).content.decode().lower()
    assert "in a row" not in page
    for word in ("missed", "broke", "failed", "lost your"):
        assert word not in page


def test_the_page_is_for_the_signed_in_person_only(client):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_today_without_a_plan_offers_one(client_logged_in):
    page = client_logged_in.get(reverse("home")).content.decode()
    assert "Plan my week and get reminders" in page


def test_the_next_planned_day_is_named_on_a_day_off(client_logged_in, user, settings):
    settings.TIME_ZONE = "Europe/London"
    today = timezone.localdate()
    tomorrow = (today.weekday() + 1) % 7
    WeekPlanFactory(owner=user, days=[tomorrow], first_time=time(10, 15))
    page = client_logged_in.get(reverse("home")).content.decode()
    name = (datetime.combine(today, time()) + timedelta(days=1)).strftime("%A")
    assert f"Nothing planned today; next: {name} at 10:15" in page
