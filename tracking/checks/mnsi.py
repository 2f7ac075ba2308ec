"""The patient part of the Michigan Neuropathy Screening Instrument (MNSI): 15 yes/no items.

Scoring follows the original instrument (Feldman et al., Diabetes Care 1994; the
University of Michigan's published form, freely usable): "yes" to items 1-3, 5, 6, 8, 9,
11, 12, 14 and 15 scores one point each; "no" to items 7 and 13 scores one point each;
items 4 (cramps: circulation) and 10 (weakness all over: general) are not scored. The most
is 13 points, and 7 or more is a positive screen. It is a screen, not a diagnosis.

A person may answer twice on one day: both are kept, and the later one is that day's.
A score is "rising" when the latest is at least 2 points above the first in the series.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

ITEMS: tuple[str, ...] = (
    "Are your legs and/or feet numb?",
    "Do you ever have any burning pain in your legs and/or feet?",
    "Are your feet too sensitive to touch?",
    "Do you get muscle cramps in your legs and/or feet?",
    "Do you ever have any prickling feelings in your legs or feet?",
    "Does it hurt when the bed covers touch your skin?",
    "When you get into the tub or shower, are you able to tell the hot water from the cold water?",
    "Have you ever had an open sore on your foot?",
    "Has your doctor ever told you that you have diabetic neuropathy?",
    "Do you feel weak all over most of the time?",
    "Are your symptoms worse at night?",
    "Do your legs hurt when you walk?",
    "Are you able to sense your feet when you walk?",
    "Is the skin on your feet so dry that it cracks open?",
    "Have you ever had an amputation?",
)
NOT_SCORED = frozenset({4, 10})  # item numbers, from 1
NO_SCORES = frozenset({7, 13})
MAX_SCORE = len(ITEMS) - len(NOT_SCORED)
POSITIVE_AT = 7
RISING_BY = 2
RETAKE_DAYS = 30


@dataclass(frozen=True)
class MnsiScore:
    points: int
    positive: bool
    max_points: int = MAX_SCORE


def score(answers: Sequence[bool]) -> MnsiScore:
    """The score of 15 answers (True = yes), in item order."""
    if len(answers) != len(ITEMS):
        raise ValueError(f"The MNSI has {len(ITEMS)} items; {len(answers)} answers given.")
    points = 0
    for number, yes in enumerate(answers, start=1):
        if number in NOT_SCORED:
            continue
        points += (not yes) if number in NO_SCORES else bool(yes)
    return MnsiScore(points=points, positive=points >= POSITIVE_AT)


@dataclass(frozen=True)
class MnsiPoint:
    taken_at: datetime  # local time
    points: int

    @property
    def day(self) -> date:
        return self.taken_at.date()


@dataclass(frozen=True)
class MnsiTrend:
    points: tuple[MnsiPoint, ...]  # one per day (the later one that day), oldest first
    latest: MnsiPoint | None
    positive: bool
    rising: bool

    @property
    def show_a_clinician(self) -> bool:
        return self.positive or self.rising


def trend(taken: Sequence[MnsiPoint]) -> MnsiTrend:
    """One point per day (the later answer counts), oldest first, and what it means."""
    by_day: dict[date, MnsiPoint] = {}
    for point in sorted(taken, key=lambda p: p.taken_at):
        by_day[point.day] = point
    series = tuple(by_day[day] for day in sorted(by_day))
    latest = series[-1] if series else None
    return MnsiTrend(
        points=series,
        latest=latest,
        positive=latest is not None and latest.points >= POSITIVE_AT,
        rising=len(series) > 1 and series[-1].points - series[0].points >= RISING_BY,
    )


def due(last_taken: date | None, today: date) -> bool:
    """Offered when never taken, then monthly."""
    return last_taken is None or (today - last_taken).days >= RETAKE_DAYS
