"""Routine planning rules: pure functions over plain data, no database.

Rules from our seed text: 10-15 minutes daily, start with a warm-up, grow
gradually; numbness -> more sensory retraining; pain -> more gentle
stretching; balance concerns -> seated only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from routines.dosing import Dose, format_minutes

TARGET_MIN_SECONDS = 10 * 60
TARGET_MAX_SECONDS = 15 * 60

# Starter recipes: exercise slugs in order, warm-up first. Standing moves are
# swapped for their seated alternative when the person has balance concerns.
STARTER_RECIPES: dict[str, tuple[str, list[str]]] = {
    "general": (
        "Daily foot routine",
        [
            "ankle-circles",
            "toe-curls-and-spreads",
            "seated-marching",
            "resistance-band-ankle-press",
            "calf-raises-chair",
            "textured-ball-roll",
            "plantar-fascia-stretch",
            "wall-calf-stretch",
        ],
    ),
    "numbness": (
        "Numbness focus",
        [
            "ankle-circles",
            "toe-curls-and-spreads",
            "textured-ball-roll",
            "finger-to-toe-touch",
            "textured-surface-walking",
            "toe-pickups",
            "plantar-fascia-stretch",
        ],
    ),
    "pain": (
        "Pain focus: gentle stretching",
        [
            "ankle-circles",
            "figure-eight-ankle",
            "seated-hamstring-stretch",
            "plantar-fascia-stretch",
            "wall-calf-stretch",
            "textured-ball-roll",
            "seated-marching",
        ],
    ),
    "balance": (
        "Seated routine",
        [
            "ankle-circles",
            "seated-marching",
            "toe-curls-and-spreads",
            "resistance-band-ankle-press",
            "seated-calf-raises",
            "textured-ball-roll",
            "finger-to-toe-touch",
            "seated-hamstring-stretch",
            "plantar-fascia-stretch",
        ],
    ),
    "bad_day": (
        "Bad-day routine (short)",
        ["ankle-circles", "toe-curls-and-spreads", "plantar-fascia-stretch", "textured-ball-roll"],
    ),
}


@dataclass(frozen=True)
class ExerciseInfo:
    slug: str
    name: str
    position: str
    is_warm_up: bool
    seated_alternative: str | None = None


def exercise_info(exercise: Any) -> ExerciseInfo:
    """From an Exercise (or anything with the same attributes)."""
    alternative = exercise.seated_alternative
    return ExerciseInfo(
        slug=exercise.slug,
        name=exercise.name,
        position=exercise.position,
        is_warm_up=exercise.is_warm_up,
        seated_alternative=alternative.slug if alternative else None,
    )


def starter_plan(focus: str, library: dict[str, ExerciseInfo], *, seated_only: bool) -> list[str]:
    """Slugs for a starter routine; standing moves swapped or dropped when seated_only."""
    _, recipe = STARTER_RECIPES[focus]
    plan: list[str] = []
    for wanted in recipe:
        info = library.get(wanted)
        if info is None:
            continue
        slug: str | None = wanted
        if seated_only and info.position != "seated":
            slug = info.seated_alternative
            if slug is None or library[slug].position != "seated":
                continue
        if slug is not None and slug not in plan:
            plan.append(slug)
    return plan


def starter_name(focus: str) -> str:
    return STARTER_RECIPES[focus][0]


def suggested_focus(main_symptoms: list[str], balance_concerns: bool) -> str:
    """Which starter to suggest first for a profile."""
    if balance_concerns:
        return "balance"
    if "numbness" in main_symptoms and "pain" not in main_symptoms:
        return "numbness"
    if "pain" in main_symptoms and "numbness" not in main_symptoms:
        return "pain"
    return "general"


@dataclass(frozen=True)
class DurationCheck:
    seconds: int
    status: str  # "short" | "on_target" | "long" | "empty"
    message: str


def check_duration(doses: list[Dose]) -> DurationCheck:
    seconds = sum(dose.estimated_seconds() for dose in doses)
    if not doses:
        return DurationCheck(0, "empty", "Add exercises to build your routine.")
    about = format_minutes(seconds)
    if seconds < TARGET_MIN_SECONDS:
        return DurationCheck(
            seconds,
            "short",
            f"Takes {about}: shorter than the 10-15 minute daily aim. "
            "That is fine on a bad day, or add an exercise when you feel ready.",
        )
    if seconds > TARGET_MAX_SECONDS:
        return DurationCheck(
            seconds,
            "long",
            f"Takes {about}: longer than the 10-15 minute daily aim. "
            "Build up to this gradually, or remove an exercise.",
        )
    return DurationCheck(seconds, "on_target", f"Takes {about}: within the 10-15 minute daily aim.")


@dataclass(frozen=True)
class WarmUpCheck:
    ok: bool
    message: str
    candidate_index: int | None  # a warm-up further down that could move to the top


def check_warm_up(steps: list[ExerciseInfo]) -> WarmUpCheck:
    if not steps or steps[0].is_warm_up:
        return WarmUpCheck(True, "", None)
    for index, info in enumerate(steps):
        if info.is_warm_up:
            return WarmUpCheck(
                False,
                f"Start with a gentle warm-up. Move {info.name.lower()} to the top?",
                index,
            )
    return WarmUpCheck(
        False, "Start with a gentle warm-up, such as ankle circles or seated marching.", None
    )
