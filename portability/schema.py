"""The export file, version 1: one pydantic model per record, and the value types they use.

The JSON document ("format": "neuroapp-export", "version": 1) is described in README.md,
section "Your data: export and import". Records refer to each other by local ids that
exist only inside the file ("routine-1", "session-3"); database ids never leave the
server. Times are ISO 8601 with a time zone (exports write UTC, "...Z").

Validation is strict (no "5" for 5, no 1 for true) and unknown fields are refused, so a
typo is reported rather than ignored. Each constrained value type raises an error whose
message is written for people ("14 is not between 0 and 10"); ``portability.reader``
turns pydantic's errors into "symptom_logs[12].numbness: ..." lines. The ranges come
from the models' own definitions: ``routines.dosing.DOSE_LIMITS``, the TextChoices of
each field, ``accounts.symptoms.SYMPTOM_FIELDS``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, cast

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    PlainSerializer,
    create_model,
    model_validator,
)
from pydantic_core import PydanticCustomError

from accounts.models import FootCheckTime, LaterCheckIn, PreferredTime
from accounts.symptoms import SYMPTOM_FIELDS, MainSymptom
from routines.dosing import DOSE_LIMITS
from routines.models import DoseKind, RoutineFocus
from tracking.checks import footcheck, mnsi, touch
from tracking.models import (
    Foot,
    LogContext,
    SessionStage,
    SessionStatus,
    StepFeedback,
    StepStatus,
)
from tracking.timeofday import TimeOfDay, time_of_day_for

FORMAT = "neuroapp-export"
VERSION = 1
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


def shown(value: Any) -> str:
    """A short JSON rendering of a bad value, safe to print and to show in a page."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    text = text.encode("utf-8", "backslashreplace").decode()
    return text if len(text) <= 40 else text[:37] + "…"


def _problem(message: str, **context: Any) -> PydanticCustomError:
    # Braces in the message would be taken for placeholders: escape them.
    return PydanticCustomError("neuroapp", message.replace("{", "{{").replace("}", "}}"), context)


# ---------------------------------------------------------------------------
# Value types


def between(low: int, high: int) -> AfterValidator:
    def check(value: int | None) -> int | None:
        if value is not None and not low <= value <= high:
            raise _problem(f"{value} is not between {low} and {high}")
        return value

    return AfterValidator(check)


def one_of(values: Iterable[str]) -> AfterValidator:
    allowed = tuple(values)

    def check(value: str) -> str:
        if value not in allowed:
            listed = ", ".join(v or '""' for v in allowed)
            raise _problem(f"{shown(value)} is not one of: {listed}")
        return value

    return AfterValidator(check)


def _valid_text(value: str) -> str:
    """Text a database can store: no NUL characters, no unpaired surrogates."""
    if "\x00" in value:
        raise _problem("contains a NUL character, which is not allowed")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise _problem("contains characters that are not valid text") from None
    return value


def max_length(limit: int) -> AfterValidator:
    def check(value: str) -> str:
        _valid_text(value)
        if len(value) > limit:
            raise _problem(f"is {len(value)} characters long; the most is {limit}")
        return value

    return AfterValidator(check)


def at_most(limit: int, what: str) -> BeforeValidator:
    """A list of at most ``limit`` items, counted before any item is checked."""

    def check(value: Any) -> Any:
        if isinstance(value, list) and len(value) > limit:
            raise _problem(f"has {len(value)} {what}; the most is {limit}")
        return value

    return BeforeValidator(check)


def _not_blank(value: str) -> str:
    if not value.strip():
        raise _problem("must not be empty")
    return value


def _moment(value: Any) -> Any:
    if isinstance(value, datetime):  # already checked (records built by the exporter)
        return value
    if not isinstance(value, str):
        raise _problem(f"{shown(value)} is not a date and time")
    try:
        moment = datetime.fromisoformat(value)
    except (ValueError, OverflowError):
        raise _problem(f"{shown(value)} is not a date and time like 2026-03-01T08:30:00Z") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise _problem(f"{shown(value)} needs a time zone, like 2026-03-01T08:30:00Z")
    try:
        moment = moment.astimezone(UTC)
    except (ValueError, OverflowError):
        raise _problem(f"{shown(value)} is not a date and time like 2026-03-01T08:30:00Z") from None
    now = datetime.now(UTC)
    if moment > now + CLOCK_SKEW:
        raise _problem(f"{shown(value)} is in the future")
    if moment.year < now.year - YEARS_BACK:
        raise _problem(f"{shown(value)} is more than {YEARS_BACK} years ago")
    return moment


def format_time(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _uuid(value: Any) -> Any:
    if not isinstance(value, str | uuid.UUID):
        raise _problem(f"{shown(value)} is not a UUID")
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        raise _problem(f"{shown(value)} is not a UUID") from None


def _local_id(value: Any) -> Any:
    if not isinstance(value, str) or not 1 <= len(_valid_text(value)) <= LOCAL_ID_MAX:
        raise _problem(f'{shown(value)} is not an id: use short text such as "routine-1"')
    return value


def _exercise_slug(value: Any) -> Any:
    if not isinstance(value, str) or not 1 <= len(_valid_text(value)) <= SLUG_MAX:
        raise _problem(f'{shown(value)} is not an exercise name such as "ankle-circles"')
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


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, as in the file; ``id`` left out when the record has none."""
        data = self.model_dump(mode="json")
        if data.get("id", "") is None:
            del data["id"]
        return data


# ---------------------------------------------------------------------------
# Records


def _no_repeats(codes: list[str]) -> list[str]:
    for index, code in enumerate(codes):
        if code in codes[:index]:
            raise _problem(f"{shown(code)} is listed twice", at=f"[{index}]")
    return codes


class ProfileData(Record):
    display_name: Annotated[str, max_length(DISPLAY_NAME_MAX)] = ""
    main_symptoms: Annotated[
        list[Annotated[str, one_of(MainSymptom.values)]], AfterValidator(_no_repeats)
    ] = []
    balance_concerns: bool = False
    preferred_time: Annotated[str, one_of(PreferredTime.values)] = PreferredTime.ANY.value
    later_check_in: Annotated[str, one_of(LaterCheckIn.values)] = LaterCheckIn.OFF.value
    coach_mode: bool | None = None
    foot_check: Annotated[str, one_of(FootCheckTime.values)] = FootCheckTime.BEFORE.value
    safety_acknowledged_at: Moment | None = None
    created_at: Moment | None = None
    updated_at: Moment | None = None


class RoutineStepData(Record):
    """One exercise of a routine; a None dose field means "the exercise's usual amount"."""

    exercise: ExerciseSlug
    reps: Reps = None
    sets: Sets = None
    hold_seconds: HoldSeconds = None
    duration_seconds: DurationSeconds = None
    sides: Sides = None


class RoutineData(Record):
    id: LocalId | None = None
    name: Annotated[RoutineName, AfterValidator(_not_blank)]
    focus: Annotated[str, one_of(RoutineFocus.values)] = RoutineFocus.CUSTOM.value
    created_at: Moment | None = None
    updated_at: Moment | None = None
    steps: Annotated[list[RoutineStepData], at_most(MAX_STEPS, "steps")] = []


class SessionStepData(Record):
    """One exercise of a practice session, with the dose as it was then."""

    exercise: ExerciseSlug
    dose_kind: Annotated[str, one_of(DoseKind.values)]
    reps: Reps = None
    sets: Annotated[int, between(*DOSE_LIMITS["sets"])] = 1
    hold_seconds: HoldSeconds = None
    duration_seconds: DurationSeconds = None
    sides: Annotated[int, between(1, 2)] = 1
    status: Annotated[str, one_of(StepStatus.values)] = StepStatus.PENDING.value
    feedback: Annotated[str, one_of(["", *StepFeedback.values])] = ""
    completed_at: Moment | None = None


class SessionData(Record):
    id: LocalId | None = None
    routine: LocalId | None = None  # local id of a routine in the same file
    routine_name: RoutineName
    status: Annotated[str, one_of(SessionStatus.values)] = SessionStatus.IN_PROGRESS.value
    stage: Annotated[str, one_of(SessionStage.values)] = SessionStage.BEFORE.value
    current_index: Annotated[int, between(0, SMALL_INT_MAX)] = 0
    started_at: Moment
    finished_at: Moment | None = None
    time_of_day: TimeOfDayCode | None = None
    stop_reason: Annotated[str, max_length(STOP_REASON_MAX)] = ""
    start_key: Key | None = None
    updated_at: Moment | None = None
    steps: Annotated[list[SessionStepData], at_most(MAX_STEPS, "steps")] = []

    @model_validator(mode="after")
    def _index_and_time_of_day(self) -> SessionData:
        if self.finished_at is not None and not (
            self.started_at <= self.finished_at <= self.started_at + LONGEST_SESSION
        ):
            raise _problem(
                "ends before it starts"
                if self.finished_at < self.started_at
                else "lasts more than a day",
                at=".finished_at",
            )
        if self.current_index > max(len(self.steps) - 1, 0):
            raise _problem(
                f"{self.current_index} is past the last step "
                f"(the session has {len(self.steps)} steps)",
                at=".current_index",
            )
        if self.time_of_day is None:
            self.time_of_day = time_of_day_for(self.started_at)
        return self


class SymptomLogFields(Record):
    """A symptom log; its six 0-10 ratings are added from ``SYMPTOM_FIELDS`` below."""

    id: LocalId | None = None
    recorded_at: Moment
    time_of_day: TimeOfDayCode | None = None
    foot: Annotated[str, one_of(Foot.values)] = Foot.BOTH.value
    context: Annotated[str, one_of(LogContext.values)] = LogContext.ANYTIME.value
    note: Annotated[str, max_length(NOTE_MAX)] = ""
    session: LocalId | None = None  # local id of a session in the same file
    idempotency_key: Key | None = None
    created_at: Moment | None = None
    updated_at: Moment | None = None

    @property
    def ratings(self) -> dict[str, int | None]:
        return {name: getattr(self, name) for name in SYMPTOM_FIELDS}

    @model_validator(mode="after")
    def _a_rating_and_time_of_day(self) -> SymptomLogFields:
        if all(value is None for value in self.ratings.values()):
            raise _problem("needs at least one rating (" + ", ".join(SYMPTOM_FIELDS) + ")")
        if self.time_of_day is None:
            self.time_of_day = time_of_day_for(self.recorded_at)
        return self


SymptomLogData = cast(
    type[SymptomLogFields],
    create_model(
        "SymptomLogData",
        __base__=SymptomLogFields,
        **{name: (Rating, None) for name in SYMPTOM_FIELDS},  # type: ignore[call-overload]
    ),
)

FootFinding = Annotated[str, one_of(footcheck.FINDING_CODES)]


class FootCheckData(Record):
    """A daily foot check: what was found on each foot (nothing on both: all fine)."""

    id: LocalId | None = None
    checked_at: Moment
    left: Annotated[list[FootFinding], AfterValidator(_no_repeats)] = []
    right: Annotated[list[FootFinding], AfterValidator(_no_repeats)] = []
    healed_at: Moment | None = None
    session: LocalId | None = None  # local id of a session in the same file

    @model_validator(mode="after")
    def _healed_after_found(self) -> FootCheckData:
        if self.healed_at is not None:
            if not (self.left or self.right):
                raise _problem("nothing was found, so nothing can have healed", at=".healed_at")
            if self.healed_at < self.checked_at:
                raise _problem("is before the foot check", at=".healed_at")
        return self


Spot = Annotated[str, one_of(touch.SPOT_CODES)]
NamedSpot = Annotated[str, one_of([*touch.SPOT_CODES, touch.NOTHING])]


class TouchTestData(Record):
    """A helper's touch test: per foot tested, every spot once (touched) and what the
    person named for each, in order; a foot not tested has empty lists."""

    id: LocalId | None = None
    taken_at: Moment
    session: LocalId | None = None
    left_touched: list[Spot] = []
    left_named: list[NamedSpot] = []
    right_touched: list[Spot] = []
    right_named: list[NamedSpot] = []

    @model_validator(mode="after")
    def _each_foot_complete(self) -> TouchTestData:
        for foot, touched, named in (
            ("left", self.left_touched, self.left_named),
            ("right", self.right_touched, self.right_named),
        ):
            if touched and sorted(touched) != sorted(touch.SPOT_CODES):
                raise _problem(
                    "should name every spot once: " + ", ".join(touch.SPOT_CODES),
                    at=f".{foot}_touched",
                )
            if len(named) != len(touched):
                raise _problem(
                    f"has {len(named)} answers for {len(touched)} touches", at=f".{foot}_named"
                )
        if not self.left_touched and not self.right_touched:
            raise _problem("needs the touches of at least one foot")
        return self


class NeuropathyScreenData(Record):
    """The MNSI patient questionnaire: 15 answers in item order, true = yes."""

    id: LocalId | None = None
    taken_at: Moment
    answers: list[bool]

    @model_validator(mode="after")
    def _all_answers(self) -> NeuropathyScreenData:
        if len(self.answers) != len(mnsi.ITEMS):
            raise _problem(
                f"has {len(self.answers)} answers; the questionnaire has {len(mnsi.ITEMS)}",
                at=".answers",
            )
        return self


RECORD_MODELS: dict[str, type[Record]] = {
    "profile": ProfileData,
    "routine": RoutineData,
    "session": SessionData,
    "symptom_log": SymptomLogData,
    "foot_check": FootCheckData,
    "touch_test": TouchTestData,
    "mnsi": NeuropathyScreenData,
}


class Document(BaseModel):
    """The top level; each record is checked on its own (``portability.reader``)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    format: str
    version: int
    exported_at: Moment | None = None
    profile: dict[str, Any] | None = None
    routines: list[Any] | None = None
    sessions: list[Any] | None = None
    symptom_logs: list[Any] | None = None
    foot_checks: list[Any] | None = None
    touch_tests: list[Any] | None = None
    neuropathy_screens: list[Any] | None = None


@dataclass(frozen=True)
class ExportData:
    """A person's records. The collections are tuples when read from a file, and lazy
    (read from the database a chunk at a time, each time they are iterated) for export."""

    profile: ProfileData | None
    routines: Collection[RoutineData] = ()
    sessions: Collection[SessionData] = ()
    symptom_logs: Collection[SymptomLogFields] = ()
    exported_at: datetime | None = None
    foot_checks: Collection[FootCheckData] = ()
    touch_tests: Collection[TouchTestData] = ()
    neuropathy_screens: Collection[NeuropathyScreenData] = ()

    @property
    def record_count(self) -> int:
        return (1 if self.profile else 0) + sum(
            len(getattr(self, key)) for key in RECORD_LIST_KINDS
        )


# The lists of a file, in the order they are written, and the kind of their records.
RECORD_LIST_KINDS = {
    "routines": "routine",
    "sessions": "session",
    "symptom_logs": "symptom_log",
    "foot_checks": "foot_check",
    "touch_tests": "touch_test",
    "neuropathy_screens": "mnsi",
}


def record_to_dict(record: Record) -> dict[str, Any]:
    return record.to_dict()


def record_from_dict(kind: str, data: Any) -> Any:
    """A staged record (as written by ``record_to_dict``) back into its model."""
    return RECORD_MODELS[kind].model_validate(data)
