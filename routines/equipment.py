"""What a session needs ready before Start, and swaps for a movement whose things are
missing: pure functions over plain data, no database.

Each exercise names the things it uses (``NEEDS``, by slug; an exercise added in the admin
without an entry falls back to its own equipment text). ``get_ready`` lists each thing
once, in the order the session first needs it, with how to prepare it and which
exercises use it. A chair is taken as given (every routine is done beside one), so it is
never a reason to swap. ``swaps_for`` offers, for a movement, others that need nothing:
those sharing the most of its targets first, then of the same kind, never one already in
the routine, and seated ones for a seated movement or when the person's routines are seated
(a swap never adds a balance demand).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from routines.planning import ExerciseInfo


@dataclass(frozen=True)
class Thing:
    label: str
    preparation: str = ""
    short: str = ""  # for "No resistance band today?"


THINGS: dict[str, Thing] = {
    "chair": Thing("A sturdy chair without wheels", short="chair"),
    "stool": Thing("A low stool or cushion for your foot", short="stool"),
    "shoes": Thing(
        "Supportive shoes (and your walking aid, if you use one)", short="supportive shoes"
    ),
    "band": Thing(
        "A light resistance band (or a long towel)",
        "Keep it by your chair; check it has no tears.",
        short="resistance band",
    ),
    "marbles": Thing(
        "About 10-20 marbles or other small soft objects, and a bowl",
        "Put them on the floor in front of your chair, the bowl beside them.",
        short="marbles",
    ),
    "ball_or_bottle": Thing(
        "A textured (spiky) massage ball, or a frozen bottle of water in a thin sock",
        "For the bottle: put a bottle of water in the freezer the night before (it takes "
        "several hours), and wrap it in a thin sock.",
        short="textured ball or frozen bottle",
    ),
    "textured_surface": Thing(
        "A textured mat, a folded towel or a tray of rice",
        "Lay it out beside a counter or a sturdy chair you can hold.",
        short="textured mat",
    ),
    "helper": Thing("A helper", "Ask someone to join you for the touch test.", short="helper"),
    "basins": Thing(
        "Two basins, a thermometer and a towel",
        "Fill one basin with warm water and one with cool; check the warm one with a "
        "thermometer: 32-35 °C, never hot. Put the towel on the floor.",
        short="basins and thermometer",
    ),
    "towel": Thing("A towel to loop around your toes", short="towel"),
    "wall": Thing("A clear stretch of wall", short="clear wall"),
}

# slug -> (thing, optional)
NEEDS: dict[str, tuple[tuple[str, bool], ...]] = {
    "ankle-circles": (("chair", False), ("stool", True)),
    "toe-curls-and-spreads": (("chair", False),),
    "gentle-walking": (("shoes", False),),
    "seated-marching": (("chair", False),),
    "resistance-band-ankle-press": (("chair", False), ("band", False)),
    "toe-pickups": (("chair", False), ("marbles", False)),
    "calf-raises-chair": (("chair", False),),
    "seated-calf-raises": (("chair", False),),
    "textured-surface-walking": (("textured_surface", False), ("chair", False)),
    "textured-ball-roll": (("chair", False), ("ball_or_bottle", False)),
    "finger-to-toe-touch": (("chair", False), ("helper", False)),
    "contrast-foot-bath": (("chair", False), ("basins", False)),
    "seated-hamstring-stretch": (("chair", False),),
    "plantar-fascia-stretch": (("chair", False), ("towel", True)),
    "figure-eight-ankle": (("chair", False),),
    "wall-calf-stretch": (("wall", False), ("chair", False)),
}
TAKEN_AS_GIVEN = frozenset({"chair"})


@dataclass(frozen=True)
class NeededThing:
    key: str
    label: str
    preparation: str
    optional: bool  # optional for every exercise that uses it
    used_by: tuple[str, ...]  # exercise slugs, in session order


def _needs(info: ExerciseInfo) -> tuple[tuple[str, bool], ...]:
    if info.slug in NEEDS:
        return NEEDS[info.slug]
    if not info.equipment:
        return ()
    return ((f"own:{info.equipment}", "optional" in info.equipment.lower()),)


def _thing(key: str) -> Thing:
    if key in THINGS:
        return THINGS[key]
    own = key.removeprefix("own:")
    return Thing(own, short=own.lower())


def get_ready(steps: Sequence[ExerciseInfo]) -> list[NeededThing]:
    """Everything the steps use, each once, in the order it is first needed."""
    used_by: dict[str, list[str]] = {}
    optional: dict[str, bool] = {}
    for info in steps:
        for key, is_optional in _needs(info):
            if info.slug not in used_by.setdefault(key, []):
                used_by[key].append(info.slug)
            optional[key] = optional.get(key, True) and is_optional
    return [
        NeededThing(key, _thing(key).label, _thing(key).preparation, optional[key], tuple(slugs))
        for key, slugs in used_by.items()
    ]


def missing_things(info: ExerciseInfo) -> list[str]:
    """The things (short names) without which this exercise cannot be done."""
    return [
        _thing(key).short
        for key, optional in _needs(info)
        if not optional and key not in TAKEN_AS_GIVEN
    ]


def needs_nothing(info: ExerciseInfo) -> bool:
    return not missing_things(info)


def swaps_for(
    slug: str,
    library: dict[str, ExerciseInfo],
    *,
    in_routine: Iterable[str],
    seated_only: bool,
    limit: int = 3,
) -> list[str]:
    """Up to `limit` exercises needing nothing that could stand in for `slug`."""
    wanted = library[slug]
    taken = set(in_routine) | {slug}
    candidates = [
        info
        for info in library.values()
        if info.slug not in taken
        and needs_nothing(info)
        and (info.position == "seated" or not (seated_only or wanted.position == "seated"))
    ]

    def closeness(item: tuple[int, ExerciseInfo]) -> tuple[int, int, int]:
        index, info = item
        shared = len(set(info.targets) & set(wanted.targets))
        return (-shared, info.category != wanted.category, index)

    ranked = sorted(enumerate(candidates), key=closeness)
    return [info.slug for _, info in ranked[:limit]]
