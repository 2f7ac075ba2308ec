"""The value types of the export file; each error message is written for people.

A constrained value raises ``PydanticCustomError("neuroapp", ...)`` with a message such as
"14 is not between 0 and 10"; ``portability.reader`` puts the record's path in front.
The ranges come from the models' own definitions: ``routines.dosing.DOSE_LIMITS``, the
TextChoices of each field, ``accounts.symptoms.SYMPTOM_FIELDS``.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime, time, timedelta
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BeforeValidator,
    PlainSerializer,
)
from pydantic_core import PydanticCustomError

from routines.dosing import DOSE_LIMITS
from tracking.timeofday import TimeOfDay

SMALL_INT_MAX = 32767
# Times in a file: within the last 20 years, and not in the future (a clock may run a
# little fast). A session lasts at most a day.
YEARS_BACK = 20
CLOCK_SKEW = timedelta(minutes=5)
LONGEST_SESSION = timedelta(days=1)
# Steps in one routine or session: far more than any real routine, few enough that one
# record is a small piece of work.
MAX_STEPS = 100
ROUTINE_NAME_MAX = 80
DISPLAY_NAME_MAX = 80
STOP_REASON_MAX = 200
NOTE_MAX = 2000
LOCAL_ID_MAX = 100
SLUG_MAX = 60
PLAN_SEED_MAX = 2**31 - 1
PLAN_LENGTH_MAX = 365  # sessions
CLOCK_TIME = re.compile(r"(?P<hours>\d\d):(?P<minutes>\d\d)(?::(?P<seconds>[0-5]\d))?")


def shown(value: Any) -> str:
    """A short JSON rendering of a bad value, safe to print and to show in a page."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    text = text.encode("utf-8", "backslashreplace").decode()
    return text if len(text) <= 40 else text[:37] + "…"


def problem(message: str, **context: Any) -> PydanticCustomError:
    # Braces in the message would be taken for placeholders: escape them.
    return PydanticCustomError("neuroapp", message.replace("{", "{{").replace("}", "}}"), context)


# ---------------------------------------------------------------------------
# Value types


def between(low: int, high: int) -> AfterValidator:
    def check(value: int | None) -> int | None:
        if value is not None and not low <= value <= high:
            raise problem(f"{value} is not between {low} and {high}")
        return value

    return AfterValidator(check)


def one_of[V: (str, int)](values: Iterable[V]) -> AfterValidator:
    allowed = tuple(values)

    def check(value: V) -> V:
        if value not in allowed:
            listed = ", ".join(str(v) if v != "" else '""' for v in allowed)
            raise problem(f"{shown(value)} is not one of: {listed}")
        return value

    return AfterValidator(check)


def no_repeats[V](values: list[V]) -> list[V]:
    for index, value in enumerate(values):
        if value in values[:index]:
            raise problem(f"{shown(value)} is listed twice", at=f"[{index}]")
    return values


def not_empty[V](values: list[V]) -> list[V]:
    if not values:
        raise problem("needs at least one")
    return values


def _valid_text(value: str) -> str:
    """Text a database can store: no NUL characters, no unpaired surrogates."""
    if "\x00" in value:
        raise problem("contains a NUL character, which is not allowed")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise problem("contains characters that are not valid text") from None
    return value


def max_length(limit: int) -> AfterValidator:
    def check(value: str) -> str:
        _valid_text(value)
        if len(value) > limit:
            raise problem(f"is {len(value)} characters long; the most is {limit}")
        return value

    return AfterValidator(check)


def at_most(limit: int, what: str) -> BeforeValidator:
    """A list of at most ``limit`` items, counted before any item is checked."""

    def check(value: Any) -> Any:
        if isinstance(value, list) and len(value) > limit:
            raise problem(f"has {len(value)} {what}; the most is {limit}")
        return value

    return BeforeValidator(check)


def not_blank(value: str) -> str:
    if not value.strip():
        raise problem("must not be empty")
    return value


def _moment(value: Any) -> Any:
    if isinstance(value, datetime):  # already checked (records built by the exporter)
        return value
    if not isinstance(value, str):
        raise problem(f"{shown(value)} is not a date and time")
    try:
        moment = datetime.fromisoformat(value)
    except (ValueError, OverflowError):
        raise problem(f"{shown(value)} is not a date and time like 2026-03-01T08:30:00Z") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise problem(f"{shown(value)} needs a time zone, like 2026-03-01T08:30:00Z")
    try:
        moment = moment.astimezone(UTC)
    except (ValueError, OverflowError):
        raise problem(f"{shown(value)} is not a date and time like 2026-03-01T08:30:00Z") from None
    now = datetime.now(UTC)
    if moment > now + CLOCK_SKEW:
        raise problem(f"{shown(value)} is in the future")
    if moment.year < now.year - YEARS_BACK:
        raise problem(f"{shown(value)} is more than {YEARS_BACK} years ago")
    return moment


def _clock_time(value: Any) -> Any:
    if isinstance(value, time):  # already checked (records built by the exporter)
        return value
    match = CLOCK_TIME.fullmatch(value) if isinstance(value, str) else None
    if match is None or int(match["hours"]) > 23 or int(match["minutes"]) > 59:
        raise problem(f'{shown(value)} is not a time of day like "09:00"')
    return time(int(match["hours"]), int(match["minutes"]), int(match["seconds"] or 0))


def format_clock_time(value: time) -> str:
    return f"{value:%H:%M:%S}" if value.second else f"{value:%H:%M}"


def format_time(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _uuid(value: Any) -> Any:
    if not isinstance(value, str | uuid.UUID):
        raise problem(f"{shown(value)} is not a UUID")
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        raise problem(f"{shown(value)} is not a UUID") from None


def _local_id(value: Any) -> Any:
    if not isinstance(value, str) or not 1 <= len(_valid_text(value)) <= LOCAL_ID_MAX:
        raise problem(f'{shown(value)} is not an id: use short text such as "routine-1"')
    return value


def _exercise_slug(value: Any) -> Any:
    if not isinstance(value, str) or not 1 <= len(_valid_text(value)) <= SLUG_MAX:
        raise problem(f'{shown(value)} is not an exercise name such as "ankle-circles"')
    return value


# The models are strict (``Record.model_config``): no "5" for 5, no 1 for true.
Moment = Annotated[datetime, BeforeValidator(_moment), PlainSerializer(format_time)]
Key = Annotated[str, BeforeValidator(_uuid)]
LocalId = Annotated[str, BeforeValidator(_local_id)]
ExerciseSlug = Annotated[str, BeforeValidator(_exercise_slug)]
RoutineName = Annotated[str, max_length(ROUTINE_NAME_MAX)]
Rating = Annotated[int | None, between(0, 10)]
Reps = Annotated[int | None, between(*DOSE_LIMITS["reps"])]
Sets = Annotated[int | None, between(*DOSE_LIMITS["sets"])]
HoldSeconds = Annotated[int | None, between(*DOSE_LIMITS["hold_seconds"])]
DurationSeconds = Annotated[int | None, between(*DOSE_LIMITS["duration_seconds"])]
Sides = Annotated[int | None, between(*DOSE_LIMITS["sides"])]
TimeOfDayCode = Annotated[str, one_of(TimeOfDay.values)]
# A time on the site's clock (the week plan's), "09:00" or "09:00:30".
ClockTime = Annotated[time, BeforeValidator(_clock_time), PlainSerializer(format_clock_time)]
Weekday = Annotated[int, between(0, 6)]  # 0 = Monday
ExerciseSlugs = Annotated[
    list[ExerciseSlug], at_most(MAX_STEPS, "exercises"), AfterValidator(no_repeats)
]
