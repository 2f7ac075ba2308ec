"""Reads for the checks: open foot problems, what is due today, the trends."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth.models import User
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from tracking.checks import footcheck, mnsi, touch, wording
from tracking.models import FootCheck, NeuropathyScreen, TouchTest

TREND_POINTS = 60  # the most touch tests shown (newest first)
# Questionnaires shown: a year of monthly answers; older ones are counted, not listed.
MNSI_POINTS = 13


def open_foot_problems(owner: User) -> QuerySet[FootCheck]:
    return (
        FootCheck.objects.filter(owner=owner, healed_at__isnull=True)
        .exclude(left=[], right=[])
        .order_by("-checked_at", "-id")
    )


def skin_work_paused(owner: User) -> bool:
    return open_foot_problems(owner).exists()


@dataclass(frozen=True)
class FootStatus:
    """What the Today page, the routine page and the player say about the feet."""

    checked_today: bool
    problems: tuple[str, ...]  # e.g. "Left foot: blister (since 2 Dec)"
    urgent: bool

    @property
    def paused(self) -> bool:
        return bool(self.problems)


def foot_status(owner: User, *, today: date | None = None) -> FootStatus:
    today = today or timezone.localdate()
    start = local_midnight(today)
    checked_today = FootCheck.objects.filter(
        owner=owner, checked_at__gte=start, checked_at__lt=start + timedelta(days=1)
    ).exists()
    problems = []
    urgent = False
    for check in open_foot_problems(owner)[:5]:
        result = footcheck.assess({"left": check.left, "right": check.right})
        since = timezone.localtime(check.checked_at)
        problems.append(f"{result.text} (since {since:%-d %b})")
        urgent = urgent or check.urgent
    return FootStatus(checked_today=checked_today, problems=tuple(problems), urgent=urgent)


def local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def foot_check_for(owner: User, pk: int) -> FootCheck:
    return get_object_or_404(FootCheck, owner=owner, pk=pk)


def touch_test_for(owner: User, pk: int) -> TouchTest:
    return get_object_or_404(TouchTest, owner=owner, pk=pk)


def screen_for(owner: User, pk: int) -> NeuropathyScreen:
    return get_object_or_404(NeuropathyScreen, owner=owner, pk=pk)


@dataclass(frozen=True)
class MnsiOffer:
    due: bool
    next_on: date | None  # when it is offered again, if not due now


def mnsi_offer(owner: User, *, today: date | None = None) -> MnsiOffer:
    """Offered when never taken, then monthly."""
    today = today or timezone.localdate()
    last = (
        NeuropathyScreen.objects.filter(owner=owner)
        .order_by("-taken_at")
        .values_list("taken_at", flat=True)
        .first()
    )
    last_day = timezone.localdate(last) if last else None
    due = mnsi.due(last_day, today)
    next_on = None if due or last_day is None else last_day + timedelta(days=mnsi.RETAKE_DAYS)
    return MnsiOffer(due=due, next_on=next_on)


@dataclass(frozen=True)
class MnsiHistory:
    trend: mnsi.MnsiTrend
    summary: str
    older: int  # answers before the ones shown


def mnsi_history(owner: User, *, until: datetime | None = None) -> MnsiHistory:
    screens = NeuropathyScreen.objects.filter(owner=owner)
    if until is not None:
        screens = screens.filter(taken_at__lt=until)
    rows = list(
        screens.order_by("-taken_at", "-id").values_list("taken_at", "points")[:MNSI_POINTS]
    )
    points = [mnsi.MnsiPoint(taken_at=timezone.localtime(at), points=p) for at, p in rows]
    trend = mnsi.trend(points)
    return MnsiHistory(
        trend=trend,
        summary=wording.mnsi_summary(trend),
        older=screens.count() - len(rows),
    )


def touch_history(
    owner: User, *, since: datetime | None = None, until: datetime | None = None
) -> touch.TouchTrend:
    tests = TouchTest.objects.filter(owner=owner)
    if since is not None:
        tests = tests.filter(taken_at__gte=since)
    if until is not None:
        tests = tests.filter(taken_at__lt=until)
    points = [
        touch.TouchPoint(
            taken_at=timezone.localtime(test.taken_at),
            left=_score("left", test.left_correct, test.left_touched),
            right=_score("right", test.right_correct, test.right_touched),
        )
        for test in tests.order_by("-taken_at", "-id")[:TREND_POINTS]
    ]
    return touch.trend(points)


def _score(foot: str, correct: int | None, touched: list) -> touch.FootScore | None:
    if correct is None:
        return None
    return touch.FootScore(foot=foot, correct=correct, total=len(touched))


@dataclass(frozen=True)
class FootCheckLine:
    checked_at: datetime  # local
    text: str
    urgent: bool
    healed_at: datetime | None  # local


@dataclass(frozen=True)
class FootCheckLog:
    lines: tuple[FootCheckLine, ...]  # the checks with findings, newest first
    checks: int  # all checks in the period
    all_fine: int


def foot_checks_between(owner: User, start: datetime, end: datetime) -> FootCheckLog:
    checks = FootCheck.objects.filter(owner=owner, checked_at__gte=start, checked_at__lt=end)
    with_findings = checks.exclude(left=[], right=[]).order_by("-checked_at", "-id")[:100]
    lines = tuple(
        FootCheckLine(
            checked_at=timezone.localtime(check.checked_at),
            text=footcheck.assess({"left": check.left, "right": check.right}).text,
            urgent=check.urgent,
            healed_at=timezone.localtime(check.healed_at) if check.healed_at else None,
        )
        for check in with_findings
    )
    counts = checks.aggregate(total=Count("id"), fine=Count("id", filter=Q(left=[], right=[])))
    return FootCheckLog(lines=lines, checks=counts["total"], all_fine=counts["fine"])


@dataclass(frozen=True)
class ChecksOverview:
    """The checks for the progress page and the report: touch tests and foot checks in
    the period; every neuropathy questionnaire (monthly, so a period shows too few)."""

    mnsi: MnsiHistory
    touch: touch.TouchTrend
    foot_checks: FootCheckLog
    mnsi_not_a_diagnosis: str = wording.MNSI_NOT_A_DIAGNOSIS

    @property
    def touch_rows(self) -> list[tuple[datetime, str, str]]:
        return [
            (
                point.taken_at,
                point.left.text if point.left else "Not tested",
                point.right.text if point.right else "Not tested",
            )
            for point in reversed(self.touch.points)
        ]


def checks_overview(owner: User, start: datetime, end: datetime) -> ChecksOverview:
    return ChecksOverview(
        mnsi=mnsi_history(owner, until=end),
        touch=touch_history(owner, since=start, until=end),
        foot_checks=foot_checks_between(owner, start, end),
    )


def checks_in_last(owner: User, *, days: int) -> ChecksOverview:
    """The checks of the last ``days`` local days, today included (the progress page's and
    the report's period)."""
    today = timezone.localdate()
    start = local_midnight(today - timedelta(days=days - 1))
    return checks_overview(owner, start, local_midnight(today + timedelta(days=1)))
