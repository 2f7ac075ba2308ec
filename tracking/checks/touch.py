"""The helper's touch test (sensory retraining, "finger-to-toe touch identification").

The helper touches the spot the app names, lightly, with a fingertip; the person, eyes
closed, says where they felt it; the helper marks the spot they named on the foot map.
Each foot gets every spot once, in a shuffled order, so a score is "correct out of 5"
per foot and tests on different days compare like with like. A trial counts as correct
when the named spot is the touched one; "felt nothing" is never correct.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

TOUCH_TEST_SLUG = "finger-to-toe-touch"  # the exercise whose player step offers the test
SPOTS: tuple[tuple[str, str], ...] = (
    ("toes", "Toes"),
    ("ball", "Ball of the foot"),
    ("arch", "Arch"),
    ("heel", "Heel"),
    ("top", "Top of the foot"),
)
NOTHING = "nothing"
NOTHING_LABEL = "Felt nothing"
SPOT_CODES = tuple(code for code, _ in SPOTS)
# "Touch ..." for the helper
SPOT_TARGETS = {
    "toes": "the toes",
    "ball": "the ball of the foot",
    "arch": "the arch",
    "heel": "the heel",
    "top": "the top of the foot",
}
SPOT_LABELS = dict(SPOTS) | {NOTHING: NOTHING_LABEL}
FEET: tuple[tuple[str, str], ...] = (("left", "Left foot"), ("right", "Right foot"))


def new_sequence(rng: random.Random | None = None) -> tuple[str, ...]:
    """Every spot once, shuffled: the order the helper touches one foot in."""
    spots = list(SPOT_CODES)
    (rng or random.SystemRandom()).shuffle(spots)
    return tuple(spots)


@dataclass(frozen=True)
class FootScore:
    foot: str
    correct: int
    total: int

    @property
    def text(self) -> str:
        return f"{self.correct} out of {self.total}"


def foot_score(foot: str, touched: Sequence[str], named: Sequence[str]) -> FootScore:
    if len(touched) != len(named):
        raise ValueError("Every touch needs the spot the person named.")
    correct = sum(1 for spot, answer in zip(touched, named, strict=True) if spot == answer)
    return FootScore(foot=foot, correct=correct, total=len(touched))


@dataclass(frozen=True)
class TouchPoint:
    taken_at: datetime  # local time
    left: FootScore | None
    right: FootScore | None


@dataclass(frozen=True)
class TouchTrend:
    points: tuple[TouchPoint, ...]  # oldest first
    summary: str


def trend(points: Sequence[TouchPoint]) -> TouchTrend:
    ordered = tuple(sorted(points, key=lambda p: p.taken_at))
    return TouchTrend(points=ordered, summary=_summary(ordered))


def _share(score: FootScore | None) -> float | None:
    return None if score is None or not score.total else score.correct / score.total


def _summary(points: Sequence[TouchPoint]) -> str:
    if not points:
        return "No touch tests yet. A helper can run one from the touch identification exercise."
    latest = points[-1]
    parts = [
        f"{label.lower()}: {score.text}"
        for label, score in (("Left foot", latest.left), ("Right foot", latest.right))
        if score is not None
    ]
    text = (
        f"Latest touch test, {latest.taken_at.day} {latest.taken_at:%b %Y}: "
        + "; ".join(parts)
        + "."
    )
    if len(points) > 1:
        first = points[0]
        changes = []
        for foot in ("left", "right"):
            before, after = _share(getattr(first, foot)), _share(getattr(latest, foot))
            if before is None or after is None or before == after:
                continue
            direction = "more" if after > before else "fewer"
            changes.append(f"{direction} spots named correctly on the {foot} foot")
        if changes:
            text += f" Since the first of {len(points)} tests: " + " and ".join(changes) + "."
        else:
            text += f" The same as the first of {len(points)} tests."
    return text
