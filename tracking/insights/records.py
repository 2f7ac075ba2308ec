"""The plain records insights work on, and the scores of one set of ratings.

Callers turn models into ``SessionRecord`` and ``LogPoint``; everything in
``tracking.insights`` is deterministic arithmetic on them, so it can be tested on
synthetic data with known effects.

Sign convention: *relief* is positive when the person feels better. For every symptom
but balance confidence a lower rating is better, so relief = before - after; for balance
confidence relief = after - before. The *burden* is the mean of the higher-is-worse
ratings given; balance confidence is left out rather than inverted (it measures
confidence, not a sensation, and mixing it in would let a change in one hide the other).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo

from accounts.symptoms import BURDEN, BURDEN_SYMPTOMS, higher_is_better

MEANINGFUL_POINTS = 2.0
MEANINGFUL_FRACTION = 0.30
EPS = 1e-9


@dataclass(frozen=True)
class SessionRecord:
    session_id: int
    started_at: datetime
    time_of_day: str
    exercises: frozenset[str]  # slugs of the movements actually done
    before: Mapping[str, int] = field(default_factory=dict)  # symptom -> 0-10
    after: Mapping[str, int] = field(default_factory=dict)
    feedback: Mapping[str, str] = field(default_factory=dict)  # slug -> helped/no_change/...
    later: Mapping[str, int] = field(default_factory=dict)  # a check-in hours afterwards
    minutes: float = 0.0
    completed: bool = False


@dataclass(frozen=True)
class LogPoint:
    recorded_at: datetime
    ratings: Mapping[str, int]


def symptom_burden(ratings: Mapping[str, float | None]) -> float | None:
    """Mean of the higher-is-worse ratings given; None when none of them was rated."""
    values = [v for s in BURDEN_SYMPTOMS if (v := ratings.get(s)) is not None]
    if not values:
        return None
    return sum(values) / len(values)


def symptom_value(ratings: Mapping[str, float | None], symptom: str) -> float | None:
    """One symptom's rating, or the burden when symptom is ``"burden"``."""
    if symptom == BURDEN:
        return symptom_burden(ratings)
    value = ratings.get(symptom)
    return None if value is None else float(value)


def paired_values(
    before: Mapping[str, float | None], after: Mapping[str, float | None], symptom: str
) -> tuple[float, float] | None:
    """Before and after of one symptom; for the burden, over the symptoms rated both times,
    so skipping a question afterwards does not count as a change."""
    if symptom == BURDEN:
        pairs = [
            (b, a)
            for s in BURDEN_SYMPTOMS
            if (b := before.get(s)) is not None and (a := after.get(s)) is not None
        ]
        if not pairs:
            return None
        return (
            sum(b for b, _ in pairs) / len(pairs),
            sum(a for _, a in pairs) / len(pairs),
        )
    b, a = before.get(symptom), after.get(symptom)
    if b is None or a is None:
        return None
    return float(b), float(a)


def relief_from(before: float, after: float, symptom: str) -> float:
    """Positive = better, in the symptom's own direction."""
    return after - before if higher_is_better(symptom) else before - after


def relief(
    before: Mapping[str, float | None], after: Mapping[str, float | None], symptom: str = BURDEN
) -> float | None:
    """How much better after than before (positive = better); None if not rated both times."""
    pair = paired_values(before, after, symptom)
    if pair is None:
        return None
    return relief_from(*pair, symptom)


def is_meaningful_change(before: float, after: float) -> bool:
    """Whether a change on the 0-10 scale is big enough to count, in either direction.

    Meaningful when |after - before| >= 2 points, OR when before > 0 and
    |after - before| >= 30% of before. A baseline of 0 only uses the 2-point rule (30% of
    nothing would make any change meaningful). No change is never meaningful. So at a low
    baseline (before <= 3) a single point counts; at 7 it takes 2.1, i.e. 2 points.
    """
    change = abs(after - before)
    if change < EPS:
        return False
    if change >= MEANINGFUL_POINTS - EPS:
        return True
    return before > 0 and change >= MEANINGFUL_FRACTION * before - EPS


def is_meaningful_relief(before: float, after: float, symptom: str) -> bool:
    """``is_meaningful_change`` measured from the bad end: for balance confidence the
    30% rule applies to the distance from 10, not from 0."""
    if higher_is_better(symptom):
        return is_meaningful_change(10 - before, 10 - after)
    return is_meaningful_change(before, after)


def local_date(moment: datetime, tz: tzinfo | None = None) -> date:
    """The calendar date in tz (aware datetimes); naive datetimes are taken as local."""
    if tz is not None and moment.tzinfo is not None:
        moment = moment.astimezone(tz)
    return moment.date()
