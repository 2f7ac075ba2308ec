"""Routine planning rules: pure functions over plain data, no database.

Rules from our seed text: 10-15 minutes daily, start with a warm-up, grow gradually;
numbness -> more sensory retraining; pain -> more gentle stretching; balance concerns ->
seated only.

A starter routine is built by rules, not listed by hand, so that any mix of main
concerns gets one that fits:

1. The pool: the library minus what needs setting up first (the contrast bath: two
   basins and a thermometer) or is best done on its own (a walk). With balance concerns
   every standing move is swapped for its seated alternative or left out.
2. Each exercise scores, for each concern it targets, that concern's weight (the first
   concern named counts most: n, n-1, ... 1), plus half of it when the exercise is of the
   kind that concern calls for (numbness and tingling: sensory retraining; pain:
   stretches; weakness and balance: strength). Ties go round the four kinds in turn
   (circulation, strength, sensory, stretch), so no concern named gives a balanced mix.
3. The warm-up that scores best goes first; then exercises in score order are added
   while the estimate stays within ``STARTER_FILL_SECONDS`` (a little under the 15
   minute aim, room to grow), then, if still under 10 minutes, up to 15. The bad-day
   routine does the same with 3-5 minutes and only low-effort seated moves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from accounts.symptoms import MainSymptom
from routines.dosing import Dose, format_minutes

TARGET_MIN_SECONDS = 10 * 60
TARGET_MAX_SECONDS = 15 * 60
STARTER_FILL_SECONDS = 13 * 60
BAD_DAY_MIN_SECONDS = 3 * 60
BAD_DAY_MAX_SECONDS = 5 * 60

CATEGORY_ORDER = ("circulation", "strength", "sensory", "stretch")
# The kind of exercise each main concern calls for most.
CONCERN_CATEGORY: dict[str, str] = {
    MainSymptom.NUMBNESS: "sensory",
    MainSymptom.TINGLING: "sensory",
    MainSymptom.PAIN: "stretch",
    MainSymptom.WEAKNESS: "strength",
    MainSymptom.BALANCE: "strength",
}
# Left out of starter routines (a person can still add them): why.
NOT_IN_STARTERS = {
    "contrast-foot-bath": "needs two basins and a thermometer set up first",
    "gentle-walking": "a walk is best on its own, outside the routine",
}


@dataclass(frozen=True)
class Starter:
    """A kind of starter routine: its name and the concerns it works on (none: the
    person's own, from the profile, when ``from_profile``)."""

    name: str
    concerns: tuple[str, ...] = ()
    seated: bool = False
    short: bool = False
    from_profile: bool = False


STARTERS: dict[str, Starter] = {
    "for_you": Starter("Made for you", from_profile=True),
    "general": Starter("Daily foot routine"),
    "numbness": Starter("Numbness focus", (MainSymptom.NUMBNESS, MainSymptom.TINGLING)),
    "pain": Starter("Pain focus: gentle stretching", (MainSymptom.PAIN,)),
    "weakness": Starter("Strength focus", (MainSymptom.WEAKNESS,)),
    "balance": Starter("Seated routine", seated=True),
    "bad_day": Starter("Bad-day routine (short)", short=True),
}


@dataclass(frozen=True)
class ExerciseInfo:
    slug: str
    name: str
    position: str
    is_warm_up: bool
    seated_alternative: str | None = None
    category: str = ""
    targets: tuple[str, ...] = ()
    balance_demand: str = "low"
    seconds: int = 0  # the estimate at its usual dose
    equipment: str = ""

    @property
    def needs_equipment(self) -> bool:
        return bool(self.equipment) and "optional" not in self.equipment.lower()


def exercise_info(exercise: Any, *, targets: Sequence[str] = ()) -> ExerciseInfo:
    """From an Exercise (or anything with the same attributes); `targets` are its target
    codes when the caller has them (starter planning needs them, step lists do not)."""
    alternative = exercise.seated_alternative
    return ExerciseInfo(
        slug=exercise.slug,
        name=exercise.name,
        position=exercise.position,
        is_warm_up=exercise.is_warm_up,
        seated_alternative=alternative.slug if alternative else None,
        category=exercise.category,
        targets=tuple(targets),
        balance_demand=exercise.balance_demand,
        seconds=Dose.for_exercise(exercise).estimated_seconds(),
        equipment=exercise.equipment,
    )


@dataclass(frozen=True)
class StarterPlan:
    name: str
    slugs: list[str] = field(default_factory=list)
    seconds: int = 0


def _pool(library: dict[str, ExerciseInfo], *, seated_only: bool) -> list[ExerciseInfo]:
    pool: list[ExerciseInfo] = []
    for info in library.values():
        if info.slug in NOT_IN_STARTERS:
            continue
        if seated_only and info.position != "seated":
            alternative = library.get(info.seated_alternative or "")
            if alternative is None or alternative.position != "seated":
                continue
            info = alternative
        if info not in pool:
            pool.append(info)
    return pool


def _ranked(pool: list[ExerciseInfo], concerns: Sequence[str]) -> list[ExerciseInfo]:
    weights = {concern: len(concerns) - index for index, concern in enumerate(concerns)}

    def score(info: ExerciseInfo) -> float:
        total = 0.0
        for concern, weight in weights.items():
            if concern in info.targets:
                total += weight
            if CONCERN_CATEGORY.get(concern) == info.category:
                total += weight / 2
        return total

    rank_in_category: dict[str, int] = {}
    turn: dict[str, int] = {}
    for info in pool:
        turn[info.slug] = rank_in_category.get(info.category, 0)
        rank_in_category[info.category] = turn[info.slug] + 1

    def order(item: tuple[int, ExerciseInfo]) -> tuple[float, int, int, int]:
        index, info = item
        category = CATEGORY_ORDER.index(info.category) if info.category in CATEGORY_ORDER else 9
        return (-score(info), turn[info.slug], category, index)

    return [info for _, info in sorted(enumerate(pool), key=order)]


def plan_starter(
    focus: str,
    library: dict[str, ExerciseInfo],
    *,
    seated_only: bool,
    main_symptoms: Sequence[str] = (),
) -> StarterPlan:
    """A starter routine for `focus` (a key of ``STARTERS``); "for_you" uses the
    person's `main_symptoms` in the order they were named."""
    starter = STARTERS[focus]
    concerns = tuple(main_symptoms) if starter.from_profile else starter.concerns
    seated_only = seated_only or starter.seated
    pool = _pool(library, seated_only=seated_only or starter.short)
    if starter.short:
        pool = [i for i in pool if i.balance_demand == "low" and not i.needs_equipment]
        fill, low, high = BAD_DAY_MAX_SECONDS, BAD_DAY_MIN_SECONDS, BAD_DAY_MAX_SECONDS
    else:
        fill, low, high = STARTER_FILL_SECONDS, TARGET_MIN_SECONDS, TARGET_MAX_SECONDS
    ranked = _ranked(pool, concerns)
    warm_ups = [info for info in ranked if info.is_warm_up]
    chosen = warm_ups[:1]
    total = sum(info.seconds for info in chosen)
    for topping_up, limit in ((False, fill), (True, high)):
        for info in ranked:
            if topping_up and total >= low:
                break
            if info not in chosen and total + info.seconds <= limit:
                chosen.append(info)
                total += info.seconds
    name = starter.name if not starter.from_profile else for_you_name(concerns, seated_only)
    slugs = [info.slug for info in chosen[:1] + _in_session_order(chosen[1:], concerns)]
    return StarterPlan(name=name, slugs=slugs, seconds=total)


def _in_session_order(chosen: list[ExerciseInfo], concerns: Sequence[str]) -> list[ExerciseInfo]:
    """After the warm-up: the first concern's kind of exercise, then circulation,
    strength and sensory work, stretches last (unless pain leads)."""
    lead = CONCERN_CATEGORY.get(concerns[0], "") if concerns else ""

    def place(info: ExerciseInfo) -> int:
        if info.category == lead:
            return -1
        return CATEGORY_ORDER.index(info.category) if info.category in CATEGORY_ORDER else 9

    return sorted(chosen, key=place)


# How a routine made for these concerns is named.
CONCERN_WORDS: dict[str, str] = {
    MainSymptom.NUMBNESS: "numbness",
    MainSymptom.TINGLING: "tingling",
    MainSymptom.PAIN: "pain",
    MainSymptom.WEAKNESS: "strength",
    MainSymptom.BALANCE: "balance",
}


def for_you_name(concerns: Sequence[str], seated_only: bool) -> str:
    """E.g. "Numbness and balance, seated"; "Daily foot routine" when none is named."""
    words = [CONCERN_WORDS[c] for c in concerns if c in CONCERN_WORDS][:2]
    name = " and ".join(words).capitalize() if words else "Daily foot routine"
    return f"{name}, seated" if seated_only else name


def starter_plan(focus: str, library: dict[str, ExerciseInfo], *, seated_only: bool) -> list[str]:
    """Slugs of a starter routine (see `plan_starter`)."""
    return plan_starter(focus, library, seated_only=seated_only).slugs


def starter_name(focus: str) -> str:
    return STARTERS[focus].name


def suggested_focus(main_symptoms: list[str], balance_concerns: bool) -> str:
    """Which starter to suggest first: the one made from the profile when it names a
    concern, else the general one (seated anyway with balance concerns)."""
    if main_symptoms:
        return "for_you"
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
