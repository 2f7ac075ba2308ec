"""The records of the export file, one pydantic model each (see ``portability.schema``)."""

from __future__ import annotations

from typing import Annotated, Any, cast

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    create_model,
    model_validator,
)

from accounts.models import FootCheckTime, LaterCheckIn, PreferredTime
from accounts.symptoms import SYMPTOM_FIELDS, MainSymptom
from portability.schema.values import (
    DISPLAY_NAME_MAX,
    LONGEST_SESSION,
    MAX_STEPS,
    NOTE_MAX,
    PLAN_LENGTH_MAX,
    PLAN_SEED_MAX,
    SMALL_INT_MAX,
    STOP_REASON_MAX,
    ClockTime,
    DurationSeconds,
    ExerciseSlug,
    ExerciseSlugs,
    HoldSeconds,
    Key,
    LocalId,
    Moment,
    Rating,
    Reps,
    RoutineName,
    Sets,
    Sides,
    TimeOfDayCode,
    Weekday,
    at_most,
    between,
    max_length,
    no_repeats,
    not_blank,
    not_empty,
    one_of,
    problem,
)
from routines.discovery import DEFAULT_LENGTH
from routines.dosing import DOSE_LIMITS
from routines.models import DoseKind, RoutineFocus
from tracking.checks import footcheck, mnsi, touch
from tracking.models import (
    REMINDER_LEADS,
    Foot,
    LogContext,
    SessionStage,
    SessionStatus,
    StepFeedback,
    StepStatus,
)
from tracking.timeofday import time_of_day_for


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


class ProfileData(Record):
    display_name: Annotated[str, max_length(DISPLAY_NAME_MAX)] = ""
    main_symptoms: Annotated[
        list[Annotated[str, one_of(MainSymptom.values)]], AfterValidator(no_repeats)
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
    name: Annotated[RoutineName, AfterValidator(not_blank)]
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
    # Of a "find out what helps me" plan: which plan and turn, and what it left out.
    plan: LocalId | None = None  # local id of a plan in the same file
    plan_index: Annotated[int | None, between(0, SMALL_INT_MAX)] = None
    left_out: ExerciseSlugs = []
    # Barefoot or textured moves left out while a foot healed.
    paused_for_feet: ExerciseSlugs = []
    steps: Annotated[list[SessionStepData], at_most(MAX_STEPS, "steps")] = []

    @model_validator(mode="after")
    def _index_and_time_of_day(self) -> SessionData:
        if self.finished_at is not None and not (
            self.started_at <= self.finished_at <= self.started_at + LONGEST_SESSION
        ):
            raise problem(
                "ends before it starts"
                if self.finished_at < self.started_at
                else "lasts more than a day",
                at=".finished_at",
            )
        if self.current_index > max(len(self.steps) - 1, 0):
            raise problem(
                f"{self.current_index} is past the last step "
                f"(the session has {len(self.steps)} steps)",
                at=".current_index",
            )
        if self.plan is None and (self.plan_index is not None or self.left_out):
            raise problem(
                "is set, but the session has no plan",
                at=".plan_index" if self.plan_index is not None else ".left_out",
            )
        if self.time_of_day is None:
            self.time_of_day = time_of_day_for(self.started_at)
        return self


class DiscoveryPlanData(Record):
    """A "find out what helps me" plan on a routine of the file (``routines.discovery``):
    its seed and its varied movements fix what each of its sessions leaves out."""

    id: LocalId | None = None
    routine: LocalId  # local id of a routine in the same file
    seed: Annotated[int, between(0, PLAN_SEED_MAX)]
    length: Annotated[int, between(1, PLAN_LENGTH_MAX)] = DEFAULT_LENGTH
    varied: ExerciseSlugs = []
    restarted_at_index: Annotated[int, between(0, SMALL_INT_MAX)] = 0
    started_at: Moment
    ended_at: Moment | None = None

    @model_validator(mode="after")
    def _ends_after_it_starts(self) -> DiscoveryPlanData:
        if self.ended_at is not None and self.ended_at < self.started_at:
            raise problem("ends before it starts", at=".ended_at")
        return self


class WeekPlanData(Record):
    """When the person means to exercise, on the site's clock: weekdays (0 = Monday), one
    or two times a day, and the routine."""

    routine: LocalId | None = None  # local id of a routine in the same file
    days: Annotated[list[Weekday], AfterValidator(not_empty), AfterValidator(no_repeats)]
    first_time: ClockTime
    second_time: ClockTime | None = None
    updated_at: Moment | None = None

    @model_validator(mode="after")
    def _two_different_times(self) -> WeekPlanData:
        if self.second_time is not None and self.second_time == self.first_time:
            raise problem("is the same as first_time", at=".second_time")
        return self


class ReminderSettingsData(Record):
    """Which reminders the person asked for. Devices for notifications and the calendar
    feed's private address belong to one server and are not in the file."""

    by_email: bool = False
    by_push: bool = False
    check_in_reminder: bool = True
    minutes_before: Annotated[int, one_of(lead for lead, _ in REMINDER_LEADS)] = 10
    updated_at: Moment | None = None


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
            raise problem("needs at least one rating (" + ", ".join(SYMPTOM_FIELDS) + ")")
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
    left: Annotated[list[FootFinding], AfterValidator(no_repeats)] = []
    right: Annotated[list[FootFinding], AfterValidator(no_repeats)] = []
    healed_at: Moment | None = None
    session: LocalId | None = None  # local id of a session in the same file

    @model_validator(mode="after")
    def _healed_after_found(self) -> FootCheckData:
        if self.healed_at is not None:
            if not (self.left or self.right):
                raise problem("nothing was found, so nothing can have healed", at=".healed_at")
            if self.healed_at < self.checked_at:
                raise problem("is before the foot check", at=".healed_at")
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
                raise problem(
                    "should name every spot once: " + ", ".join(touch.SPOT_CODES),
                    at=f".{foot}_touched",
                )
            if len(named) != len(touched):
                raise problem(
                    f"has {len(named)} answers for {len(touched)} touches", at=f".{foot}_named"
                )
        if not self.left_touched and not self.right_touched:
            raise problem("needs the touches of at least one foot")
        return self


class NeuropathyScreenData(Record):
    """The MNSI patient questionnaire: 15 answers in item order, true = yes."""

    id: LocalId | None = None
    taken_at: Moment
    answers: list[bool]

    @model_validator(mode="after")
    def _all_answers(self) -> NeuropathyScreenData:
        if len(self.answers) != len(mnsi.ITEMS):
            raise problem(
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
    "plan": DiscoveryPlanData,
    "week_plan": WeekPlanData,
    "reminders": ReminderSettingsData,
}
