"""The private calendar feed (iCalendar, RFC 5545) of a person's week plan.

One weekly repeating event per planned time (``RRULE:FREQ=WEEKLY;BYDAY=…``), in the site's
time zone with its ``VTIMEZONE``, 15 minutes long, with a display alarm at the time the
person chose. The feed says only when and which routine: no name, no symptoms, no notes.
"""

from datetime import date, datetime, timedelta

from django.utils import timezone
from icalendar import Alarm, Calendar, Event, vRecur

from routines import weekly
from routines.models import WeekPlan
from tracking.models import ReminderSettings
from tracking.reminders import wording

ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
EVENT_MINUTES = 15


def feed(*, plan: WeekPlan | None, reminders: ReminderSettings, now: datetime) -> bytes:
    tz = timezone.get_current_timezone()
    calendar = Calendar()
    calendar.add("prodid", "-//neuroapp//week plan//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", wording.CALENDAR_NAME)
    calendar.add("x-wr-timezone", str(tz))
    calendar.add("refresh-interval", timedelta(hours=12), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT12H")
    if plan is not None and plan.days:
        start_day = _first_planned_day(plan, timezone.localtime(plan.updated_at, tz).date())
        title = wording.calendar_event_title(plan.routine.name if plan.routine else None)
        for at in plan.times:
            event = Event()
            event.add("uid", f"week-plan-{plan.pk}-{at:%H%M}@neuroapp")
            event.add("dtstamp", now)
            event.add("dtstart", weekly.local_moment(start_day, at, tz))
            event.add("duration", timedelta(minutes=EVENT_MINUTES))
            event.add("summary", title)
            event.add("rrule", vRecur(freq="WEEKLY", byday=[ICAL_DAYS[d] for d in plan.days]))
            event.add("transp", "OPAQUE")
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", title)
            alarm.add("trigger", timedelta(minutes=-reminders.minutes_before))
            event.add_component(alarm)
            calendar.add_component(event)
        calendar.add_missing_timezones()
    return calendar.to_ical()


def _first_planned_day(plan: WeekPlan, since: date) -> date:
    for offset in range(7):
        day = since + timedelta(days=offset)
        if day.weekday() in plan.days:
            return day
    return since
