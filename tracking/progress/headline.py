"""The progress page's answer first: at most three sentences, before any chart.

1. How the chosen symptom is trending: the mean of the daily means of the last 7 days
   against the 7 days a month earlier (days 28-34 back), when both have ratings; else
   against the first 7 days of the period; else just the recent mean. A change under
   ``STEADY`` points reads as "about the same".
2. What seems to help: the movements the analysis judges "likely helps" (as chips), or,
   failing that, that nothing stands out yet and why.
3. This week's practice: sessions and minutes since Monday.
Pure: built from the results the page already computed; numbers by ``tracking.numbers``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from accounts.symptoms import BURDEN, SERIES_LABELS, higher_is_better
from tracking.insights.effects import LIKELY_HELPS, MovementReport
from tracking.insights.series import AdherenceReport, DailyPoint
from tracking.numbers import points

WINDOW = 7
MONTH_BACK = 28
STEADY = 0.2  # a change smaller than this is "about the same"


@dataclass(frozen=True)
class Chip:
    name: str
    slug: str


@dataclass(frozen=True)
class Headline:
    trend: str
    helps: str
    chips: tuple[Chip, ...]
    practice: str


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _window_mean(series: Sequence[DailyPoint], end: date) -> float | None:
    start = end - timedelta(days=WINDOW - 1)
    return _mean([p.mean for p in series if start <= p.date <= end and p.mean is not None])


def trend_sentence(series: Sequence[DailyPoint], symptom: str, today: date) -> str:
    label = SERIES_LABELS[symptom]
    name = "symptoms (average)" if symptom == BURDEN else label.lower()
    now = _window_mean(series, today)
    if now is None:
        return f"No ratings of {name} in the last week yet: a quick log takes seconds."
    then, when = _window_mean(series, today - timedelta(days=MONTH_BACK)), "a month ago"
    if then is None and series:
        first = series[0].date
        then, when = _window_mean(series, first + timedelta(days=WINDOW - 1)), "at the start"
        if first + timedelta(days=WINDOW - 1) >= today - timedelta(days=WINDOW - 1):
            then = None
    subject = name[0].upper() + name[1:]
    if then is None:
        return f"{subject}: {points(now)} out of 10 on average this last week."
    change = now - then
    if abs(change) < STEADY:
        return f"{subject}: {points(now)}, about the same as {when} ({points(then)})."
    lower = change < 0
    better = lower != higher_is_better(symptom)
    word = "down" if lower else "up"
    verdict = "better" if better else "worse"
    return f"{subject}: {points(now)}, {word} from {points(then)} {when} ({verdict})."


def helps_sentence(
    report: MovementReport, names: Mapping[str, str]
) -> tuple[str, tuple[Chip, ...]]:
    helping = [e for e in report.effects if e.verdict == LIKELY_HELPS]
    chips = tuple(Chip(names.get(e.slug, e.slug), e.slug) for e in helping)
    if chips:  # the names are shown as chips after the sentence
        return "What seems to help you:", chips
    if report.n_sessions == 0:
        return (
            "What helps: not known yet. Rate your feet before and after a few sessions.",
            (),
        )
    return (
        f"What helps: nothing stands out yet from {report.n_sessions} sessions with before "
        "and after check-ins; varying the movements shows it sooner.",
        (),
    )


def practice_sentence(adherence: AdherenceReport) -> str:
    if not adherence.weeks:
        return "No sessions yet this week."
    week = adherence.weeks[-1]
    if not week.sessions:
        return "This week: no session yet. Even 5 minutes counts."
    sessions = f"{week.sessions} session{'s' if week.sessions != 1 else ''}"
    return f"This week: {sessions}, {round(week.minutes)} minutes."


def headline(
    *,
    series: Sequence[DailyPoint],
    symptom: str,
    today: date,
    movements: MovementReport,
    names: Mapping[str, str],
    adherence: AdherenceReport,
) -> Headline:
    helps, chips = helps_sentence(movements, names)
    return Headline(
        trend=trend_sentence(series, symptom, today),
        helps=helps,
        chips=chips,
        practice=practice_sentence(adherence),
    )
