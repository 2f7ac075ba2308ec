"""Doses and duration estimates: pure functions, no database.

``DOSE_LIMITS`` is the one definition of what a routine step may ask for; the model's
check constraint, the dose form and the import file's schema all read it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Protocol

# The per-step dose fields a routine step may override, with their allowed range.
DOSE_LIMITS: dict[str, tuple[int, int]] = {
    "reps": (1, 100),
    "sets": (1, 10),
    "hold_seconds": (5, 120),
    "duration_seconds": (10, 3600),
    "sides": (1, 2),
}
DOSE_FIELDS: tuple[str, ...] = tuple(DOSE_LIMITS)

REST_BETWEEN_SETS_SECONDS = 20
REST_BETWEEN_HOLDS_SECONDS = 5
SWITCH_SIDES_SECONDS = 5
TRANSITION_SECONDS = 20  # getting into position, reading the next step


class ExerciseDefaults(Protocol):
    """What an exercise says about its usual dose (``routines.models.Exercise``)."""

    dose_kind: str
    reps: int | None
    sets: int
    hold_seconds: int | None
    duration_seconds: int | None
    per_side: bool
    ways: int
    rep_unit: str
    seconds_per_rep: int


@dataclass(frozen=True)
class Dose:
    kind: str  # "reps" | "hold" | "timed"
    reps: int | None = None
    sets: int = 1
    hold_seconds: int | None = None
    duration_seconds: int | None = None
    sides: int = 1
    rep_unit: str = "repetitions"
    seconds_per_rep: int = 4
    ways: int = 1  # 2: the repetitions one way, then the same number the other way

    @classmethod
    def for_exercise(cls, exercise: ExerciseDefaults) -> Dose:
        return cls(
            kind=exercise.dose_kind,
            reps=exercise.reps,
            sets=exercise.sets,
            hold_seconds=exercise.hold_seconds,
            duration_seconds=exercise.duration_seconds,
            sides=2 if exercise.per_side else 1,
            rep_unit=exercise.rep_unit,
            seconds_per_rep=exercise.seconds_per_rep,
            ways=exercise.ways,
        )

    def with_overrides(self, **overrides: int | None) -> Dose:
        """A copy with every non-None override applied."""
        given: dict[str, Any] = {k: v for k, v in overrides.items() if v is not None}
        return replace(self, **given)

    @property
    def per_side(self) -> bool:
        return self.sides == 2

    def active_seconds(self) -> int:
        """Time spent moving or holding, for one pass over every side and set."""
        if self.kind == "timed":
            per_side = self.duration_seconds or 0
        elif self.kind == "hold":
            reps = self.reps or 1
            per_side = reps * (self.hold_seconds or 0) + (reps - 1) * REST_BETWEEN_HOLDS_SECONDS
        else:
            per_side = (self.reps or 0) * self.seconds_per_rep * self.ways
        return per_side * self.sides * self.sets

    @property
    def counted_per_side(self) -> int:
        """What the counter counts on one side in one set: every repetition, each way."""
        return (self.reps or 0) * self.ways if self.kind == "reps" else 0

    def estimated_seconds(self) -> int:
        """Active time plus rests, side switches and a transition."""
        rests = (self.sets - 1) * REST_BETWEEN_SETS_SECONDS
        switches = (self.sides - 1) * self.sets * SWITCH_SIDES_SECONDS
        return self.active_seconds() + rests + switches + TRANSITION_SECONDS

    def describe(self) -> str:
        """Plain words, e.g. '10 circles each way, each foot, 2 sets'."""
        if self.kind == "timed":
            text = format_duration(self.duration_seconds or 0)
        elif self.kind == "hold":
            reps = self.reps or 1
            hold = f"hold {self.hold_seconds} seconds"
            text = hold if reps == 1 else f"{reps} times, {hold}"
        else:
            text = f"{self.reps} {self.rep_unit}" + (" each way" if self.ways > 1 else "")
        if self.per_side:
            text += ", each side"
        if self.sets > 1:
            text += f", {self.sets} sets"
        return text


def format_duration(seconds: int) -> str:
    minutes, secs = divmod(int(seconds), 60)
    if minutes and secs:
        return f"{minutes} min {secs} s"
    if minutes:
        return f"{minutes} minute" + ("s" if minutes != 1 else "")
    return f"{secs} seconds"


def format_minutes(seconds: int) -> str:
    """Rounded for a total: 'about 12 minutes'."""
    minutes = max(1, round(seconds / 60))
    return f"about {minutes} minute" + ("s" if minutes != 1 else "")
