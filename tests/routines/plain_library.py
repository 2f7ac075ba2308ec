"""The exercise library as plain ``ExerciseInfo`` (what planning sees), without a database."""

from types import SimpleNamespace

from routines.library import EXERCISES
from routines.planning import ExerciseInfo, exercise_info

DOSE_DEFAULTS = {
    "sets": 1,
    "per_side": False,
    "ways": 1,
    "rep_unit": "repetitions",
    "seconds_per_rep": 4,
}
DOSE_KEYS = ("dose_kind", "reps", "sets", "hold_seconds", "duration_seconds")


def info_of(item: dict) -> ExerciseInfo:
    """As `exercise_info` builds it from the model, from the library's plain data."""
    fields = {key: None for key in DOSE_KEYS} | DOSE_DEFAULTS | item
    exercise = SimpleNamespace(
        **(fields | {"seated_alternative": None, "is_warm_up": item.get("is_warm_up", False)})
    )
    info = exercise_info(exercise, targets=item["targets"])
    return ExerciseInfo(**{**info.__dict__, "seated_alternative": item.get("seated_alternative")})


LIBRARY = {item["slug"]: info_of(item) for item in EXERCISES}
