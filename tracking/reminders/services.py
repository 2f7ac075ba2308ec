"""Writes for reminders: settings, the calendar token, push subscriptions, and sending.

Sending (``send_due_reminders``, run every minute or so by ``manage.py send_reminders``)
sends each reminder once per channel. A reminder is claimed by inserting its
``ReminderDelivery`` row, whose unique constraint (person, kind, channel, moment) lets one
run win; the send happens after the insert has committed, so two runs at once, or a run
repeated, never send it twice. A failed send is retried with a growing wait (at most
``MAX_ATTEMPTS``), claimed again by a compare-and-set on its attempt count. A run that dies
between the insert and the send loses that one reminder rather than risk sending it twice.
"""

import logging
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import Profile
from routines import weekly
from routines.models import WeekPlan
from tracking.models import (
    DeliveryStatus,
    LogContext,
    PracticeSession,
    PushSubscription,
    ReminderChannel,
    ReminderDelivery,
    ReminderKind,
    ReminderSettings,
    SessionStage,
)
from tracking.reminders import push, wording
from tracking.timeofday import later_check_in_window

logger = logging.getLogger(__name__)

LATEST_SEND = timedelta(hours=1)  # a reminder not sent within an hour of its time is dropped
MAX_ATTEMPTS = 4
FIRST_RETRY = timedelta(minutes=5)
QUIET_FROM, QUIET_UNTIL = 21 * 60 + 30, 8 * 60  # minutes of the day: no check-in reminders
STOP_SALT = "tracking.reminders.stop"


def save_reminder_settings(
    *,
    owner: User,
    by_email: bool,
    by_push: bool,
    check_in_reminder: bool,
    minutes_before: int,
    now: datetime,
) -> ReminderSettings:
    reminders, _ = ReminderSettings.objects.get_or_create(owner=owner)
    turned_on = (by_email and not reminders.by_email) or (by_push and not reminders.by_push)
    reminders.by_email = by_email
    reminders.by_push = by_push
    reminders.check_in_reminder = check_in_reminder
    reminders.minutes_before = minutes_before
    if turned_on:
        reminders.active_since = now
    reminders.save()
    return reminders


def new_calendar_token(*, owner: User) -> ReminderSettings:
    """Turn the calendar feed on, or give it a new address (the old one stops working)."""
    reminders, _ = ReminderSettings.objects.get_or_create(owner=owner)
    reminders.calendar_token = secrets.token_urlsafe(32)
    reminders.save(update_fields=["calendar_token", "updated_at"])
    return reminders


def stop_calendar(*, owner: User) -> None:
    ReminderSettings.objects.filter(owner=owner).update(calendar_token=None)


def stop_email(*, owner: User) -> None:
    ReminderSettings.objects.filter(owner=owner).update(by_email=False)


def email_stop_token(owner: User) -> str:
    return signing.dumps({"user": owner.pk}, salt=STOP_SALT, compress=True)


def owner_from_stop_token(token: str) -> User | None:
    try:
        data = signing.loads(token, salt=STOP_SALT)
    except signing.BadSignature:
        return None
    user_id = data.get("user") if isinstance(data, dict) else None
    return User.objects.filter(pk=user_id).first() if isinstance(user_id, int) else None


def subscribe_device(
    *, owner: User, endpoint: str, p256dh: str, auth: str, device: str, now: datetime
) -> PushSubscription:
    """Store a device's push subscription (again: the same endpoint is updated, and moves
    to this person if someone else had signed in on the device) and turn push on."""
    with transaction.atomic():
        subscription, _ = PushSubscription.objects.update_or_create(
            endpoint=endpoint,
            defaults={"owner": owner, "p256dh": p256dh, "auth": auth, "device": device[:120]},
        )
        reminders, _ = ReminderSettings.objects.get_or_create(owner=owner)
        if not reminders.by_push:
            reminders.by_push = True
            reminders.active_since = now
            reminders.save(update_fields=["by_push", "active_since", "updated_at"])
    return subscription


def unsubscribe_device(*, owner: User, endpoint: str) -> None:
    PushSubscription.objects.filter(owner=owner, endpoint=endpoint).delete()
    if not PushSubscription.objects.filter(owner=owner).exists():
        ReminderSettings.objects.filter(owner=owner).update(by_push=False)


def remove_device(*, subscription: PushSubscription) -> None:
    owner = subscription.owner
    subscription.delete()
    if not PushSubscription.objects.filter(owner=owner).exists():
        ReminderSettings.objects.filter(owner=owner).update(by_push=False)


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    given_up: int = 0
    already: int = 0  # claimed by another run, or sent before
    skipped_done: int = 0  # the session was already done
    removed_devices: int = 0
    errors: list[str] = field(default_factory=list)
    # Read at the start of a run (see send_due_reminders).
    claimed: set[tuple] = field(default_factory=set, repr=False)
    starts: dict[int, list[datetime]] = field(default_factory=dict, repr=False)


def send_due_reminders(*, now: datetime) -> SendReport:
    report = SendReport()
    active = ReminderSettings.objects.filter(Q(by_email=True) | Q(by_push=True)).select_related(
        "owner"
    )
    owners = active.values("owner")
    plans = {
        p.owner_id: p for p in WeekPlan.objects.filter(owner__in=owners).select_related("routine")
    }
    profiles = {p.user_id: p for p in Profile.objects.filter(user__in=owners)}
    # Read once, so a run with nothing new to send costs a few queries, not a few per person:
    # what is already claimed (the insert stays the real guard), and recent session starts.
    recent = now - LATEST_SEND - timedelta(days=1)
    report.claimed = set(
        ReminderDelivery.objects.filter(due_at__gte=recent).values_list(
            "owner_id", "kind", "channel", "due_at"
        )
    )
    report.starts = {}
    for owner_id, started_at in PracticeSession.objects.filter(
        owner__in=owners, started_at__gte=recent, started_at__lte=now + timedelta(days=1)
    ).values_list("owner_id", "started_at"):
        report.starts.setdefault(owner_id, []).append(started_at)
    for reminders in active:
        channels = _channels(reminders)
        since = max(now - LATEST_SEND, reminders.active_since)
        plan = plans.get(reminders.owner_id)
        if plan is not None:
            _session_reminders(reminders, plan, channels, since=since, now=now, report=report)
        profile = profiles.get(reminders.owner_id)
        if reminders.check_in_reminder and profile is not None and profile.later_check_in:
            _check_in_reminder(reminders, profile, channels, since=since, now=now, report=report)
    _retry_failed(now=now, report=report)
    return report


def _channels(reminders: ReminderSettings) -> list[str]:
    return [
        channel
        for channel, wanted in (
            (ReminderChannel.EMAIL, reminders.by_email),
            (ReminderChannel.PUSH, reminders.by_push),
        )
        if wanted
    ]


def _session_reminders(reminders, plan, channels, *, since, now, report) -> None:
    tz = timezone.get_current_timezone()
    lead = timedelta(minutes=reminders.minutes_before)
    moments = weekly.occurrences(
        days=plan.days,
        times=plan.times,
        tz=tz,
        start=since + lead,
        end=now + lead + timedelta(microseconds=1),
    )
    for moment in moments:
        started = report.starts.get(reminders.owner_id, [])
        if _session_already_done(started, moment, plan, tz):
            report.skipped_done += 1
            continue
        routine_name = plan.routine.name if plan.routine_id else None
        title, body = wording.session_reminder(routine_name, timezone.localtime(moment, tz))
        for channel in channels:
            _claim_and_send(
                owner=reminders.owner,
                kind=ReminderKind.SESSION,
                channel=channel,
                due_at=moment,
                session=None,
                message=(title, body, reverse("home")),
                now=now,
                report=report,
            )


def _session_already_done(starts: list[datetime], moment: datetime, plan: WeekPlan, tz) -> bool:
    """True when today has as many sessions started as planned moments up to this one."""
    local = timezone.localtime(moment, tz)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    todays = weekly.occurrences(
        days=plan.days,
        times=plan.times,
        tz=tz,
        start=midnight,
        end=midnight + timedelta(days=1, hours=1),
    )
    position = sum(1 for m in todays if m <= moment and m.date() == local.date())
    tomorrow = midnight + timedelta(days=1)
    started = sum(1 for at in starts if midnight <= at < tomorrow)
    return started >= max(position, 1)


def _check_in_reminder(reminders, profile, channels, *, since, now, report) -> None:
    session = (
        PracticeSession.objects.filter(
            owner=reminders.owner,
            stage=SessionStage.DONE,
            finished_at__gte=now - timedelta(hours=36),
        )
        .exclude(check_ins__context=LogContext.LATER)
        .order_by("-finished_at")
        .first()
    )
    if session is None or session.finished_at is None:
        return
    start, end = later_check_in_window(session.finished_at, profile.later_check_in)
    send_at = _outside_quiet_hours(start)
    if not (since <= send_at <= now < end):
        return
    title, body = wording.check_in_reminder(session.routine_name)
    for channel in channels:
        _claim_and_send(
            owner=reminders.owner,
            kind=ReminderKind.CHECK_IN,
            channel=channel,
            due_at=start,
            session=session,
            message=(title, body, reverse("tracking:later_check_in", args=[session.pk])),
            now=now,
            report=report,
        )


def _outside_quiet_hours(moment: datetime) -> datetime:
    """Check-in reminders wait for 08:00 rather than come late in the evening or at night."""
    local = timezone.localtime(moment)
    minute = local.hour * 60 + local.minute
    if minute >= QUIET_FROM:
        local = (local + timedelta(days=1)).replace(hour=8, minute=0, second=0, microsecond=0)
    elif minute < QUIET_UNTIL:
        local = local.replace(hour=8, minute=0, second=0, microsecond=0)
    return local


def _claim_and_send(*, owner, kind, channel, due_at, session, message, now, report) -> None:
    if (owner.pk, kind, channel, due_at) in report.claimed:
        report.already += 1
        return
    try:
        with transaction.atomic():
            delivery = ReminderDelivery.objects.create(
                owner=owner,
                kind=kind,
                channel=channel,
                due_at=due_at,
                session=session,
                status=DeliveryStatus.SENDING,
            )
    except IntegrityError:
        report.already += 1
        return
    _send(delivery, message=message, now=now, report=report)


def _send(delivery: ReminderDelivery, *, message, now: datetime, report: SendReport) -> None:
    title, body, path = message
    if delivery.channel == ReminderChannel.EMAIL:
        ok, error, give_up = _send_email(delivery.owner, title=title, body=body, path=path)
    else:
        ok, error, give_up = _send_push(delivery.owner, title=title, body=body, path=path, r=report)
    if ok:
        delivery.status, delivery.sent_at, delivery.last_error = DeliveryStatus.SENT, now, ""
        report.sent += 1
    elif give_up or delivery.attempts >= MAX_ATTEMPTS:
        delivery.status, delivery.last_error = DeliveryStatus.GAVE_UP, error[:300]
        report.given_up += 1
    else:
        delivery.status, delivery.last_error = DeliveryStatus.FAILED, error[:300]
        delivery.next_try_at = now + FIRST_RETRY * 2 ** (delivery.attempts - 1)
        report.failed += 1
    if error:
        report.errors.append(f"{delivery}: {error}")
    delivery.save(update_fields=["status", "sent_at", "last_error", "next_try_at"])


def _send_email(owner: User, *, title: str, body: str, path: str) -> tuple[bool, str, bool]:
    if not owner.email:
        return False, "no email address", True
    stop_url = settings.NEUROAPP_SITE_URL + reverse(
        "tracking:reminders_stop_email", args=[email_stop_token(owner)]
    )
    text = (
        f"{body}\n\n{settings.NEUROAPP_SITE_URL}{path}\n\n{wording.SAFETY_LINE}\n\n"
        f"To stop these emails: {stop_url}\n"
    )
    mail = EmailMessage(
        subject=title,
        body=text,
        to=[owner.email],
        headers={
            "List-Unsubscribe": f"<{stop_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    try:
        mail.send()
    except Exception as error:  # SMTP down or refusing: logged, retried later
        logger.warning("Reminder email to user %s failed: %r", owner.pk, error)
        return False, repr(error), False
    return True, "", False


def _send_push(owner: User, *, title, body, path, r: SendReport) -> tuple[bool, str, bool]:
    if not push.is_configured():
        return False, "push is not set up on this server", True
    devices = list(PushSubscription.objects.filter(owner=owner))
    if not devices:
        return False, "no device subscribed", True
    sent, errors = 0, []
    for device in devices:
        result = push.send(device, title=title, body=body, url=path)
        if result.ok:
            sent += 1
            PushSubscription.objects.filter(pk=device.pk).update(last_sent_at=timezone.now())
        elif result.gone:
            remove_device(subscription=device)
            r.removed_devices += 1
        else:
            errors.append(result.error)
    if sent:
        return True, "", False
    if errors:
        return False, "; ".join(errors), False
    return False, "every device has unsubscribed", True


def _retry_failed(*, now: datetime, report: SendReport) -> None:
    due = ReminderDelivery.objects.filter(
        status=DeliveryStatus.FAILED, next_try_at__lte=now
    ).select_related("owner", "session")
    for delivery in due:
        claimed = ReminderDelivery.objects.filter(
            pk=delivery.pk, status=DeliveryStatus.FAILED, attempts=delivery.attempts
        ).update(status=DeliveryStatus.SENDING, attempts=F("attempts") + 1)
        if not claimed:
            report.already += 1
            continue
        delivery.attempts += 1
        if delivery.due_at < now - LATEST_SEND - timedelta(minutes=60):
            delivery.status, delivery.last_error = DeliveryStatus.GAVE_UP, "too late to send"
            delivery.save(update_fields=["status", "last_error"])
            report.given_up += 1
            continue
        _send(delivery, message=_message_for(delivery), now=now, report=report)


def _message_for(delivery: ReminderDelivery) -> tuple[str, str, str]:
    if delivery.kind == ReminderKind.CHECK_IN and delivery.session is not None:
        title, body = wording.check_in_reminder(delivery.session.routine_name)
        return title, body, reverse("tracking:later_check_in", args=[delivery.session.pk])
    plan = WeekPlan.objects.filter(owner=delivery.owner).select_related("routine").first()
    name = plan.routine.name if plan and plan.routine else None
    title, body = wording.session_reminder(name, timezone.localtime(delivery.due_at))
    return title, body, reverse("home")
