"""Grow a routine gradually: pure rules, no database.

After COMFORTABLE_SESSIONS sessions in a row where a step was done at its
current dose without "worse" or "painful" feedback, suggest a small increase.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from routines.dosing import Dose

COMFORTABLE_SESSIONS = 3
MAX_REPS = 20
MAX_SETS = 3
MAX_HOLD_SECONDS = 30  # stretches: 15-30 seconds, mild tension never pain
TIMED_STEP_SECONDS = {"short": 30, "long": 60}
MAX_DURATION_SECONDS = 15 * 60


@dataclass(frozen=True)
class StepOutcome:
    """How one past session went for this step (newest first when listed)."""

    dose: Dose
    status: str  # "done" | "skipped" | "pending"
    feedback: str  # "" | "helped" | "no_change" | "worse" | "painful"


@dataclass(frozen=True)
class GrowthSuggestion:
    field: str  # the RoutineStep override to set
    value: int
    message: str


def is_comfortable(outcome: StepOutcome) -> bool:
    return outcome.status == "done" and outcome.feedback in {"", "helped", "no_change"}


def suggest_growth(current: Dose, history: Sequence[StepOutcome]) -> GrowthSuggestion | None:
    """A small step up, when the last sessions at this dose were all comfortable."""
    recent = [outcome for outcome in history if outcome.status != "pending"]
    recent = recent[:COMFORTABLE_SESSIONS]
    if len(recent) < COMFORTABLE_SESSIONS:
        return None
    if not all(is_comfortable(outcome) and outcome.dose == current for outcome in recent):
        return None
    return next_dose_step(current)


def next_dose_step(dose: Dose) -> GrowthSuggestion | None:
    done = f"{COMFORTABLE_SESSIONS} comfortable sessions in a row"
    if dose.kind == "reps" and dose.reps is not None:
        if dose.reps < MAX_REPS:
            value = min(MAX_REPS, dose.reps + 2)
            return GrowthSuggestion("reps", value, f"{done}: try {value} instead of {dose.reps}.")
        if dose.sets < MAX_SETS:
            value = dose.sets + 1
            return GrowthSuggestion("sets", value, f"{done}: try {value} sets.")
        return None
    if dose.kind == "hold" and dose.hold_seconds is not None:
        if dose.hold_seconds < MAX_HOLD_SECONDS:
            value = min(MAX_HOLD_SECONDS, dose.hold_seconds + 5)
            return GrowthSuggestion(
                "hold_seconds", value, f"{done}: try holding {value} seconds (mild tension only)."
            )
        return None
    seconds = dose.duration_seconds
    if dose.kind == "timed" and seconds is not None and seconds < MAX_DURATION_SECONDS:
        step = TIMED_STEP_SECONDS["short" if seconds < 300 else "long"]
        value = min(MAX_DURATION_SECONDS, seconds + step)
        return GrowthSuggestion("duration_seconds", value, f"{done}: try {step} seconds more.")
    return None
