"""Export and import of one person's data: pure functions and dataclasses, no database.

The JSON document ("format": "neuroapp-export", "version": 1) is described in
README.md, section "Your data: export and import". In short::

    {"format": "neuroapp-export", "version": 1, "exported_at": "...Z",
     "profile": {...}, "routines": [...], "sessions": [...], "symptom_logs": [...]}

Records refer to each other by local ids that exist only inside the file
("routine-1", "session-3"); database ids never leave the server. Times are
ISO 8601 with a time zone (exports use UTC, "Z").

`parse_document` checks a whole file and either returns an `ExportData` or
raises `ImportValidationError` whose messages name the bad record, e.g.
"symptom_logs[12].numbness: 14 is not between 0 and 10".
"""

from __future__ import annotations

import csv
import io
import json
import uuid
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.utils import timezone

from accounts.models import MainSymptom, PreferredTime
from routines.dosing import DOSE_FIELDS
from routines.models import DoseKind, RoutineFocus
from tracking.models import (
    SYMPTOM_FIELDS,
    Foot,
    LogContext,
    SessionStage,
    SessionStatus,
    StepFeedback,
    StepStatus,
    TimeOfDay,
)
from tracking.timeofday import time_of_day_for

FORMAT = "neuroapp-export"
VERSION = 1
MAX_ERRORS = 20
SMALL_INT_MAX = 32767
INT_MAX = 2147483647
EARLIEST_YEAR = 1900
LATEST_YEAR = 2200


# --- Records ---


@dataclass(frozen=True)
class ProfileData:
    main_symptoms: tuple[str, ...] = ()
    balance_concerns: bool = False
    preferred_time: str = PreferredTime.ANY.value
    safety_acknowledged_at: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class RoutineStepData:
    """One exercise of a routine; a None dose field means "the exercise's usual amount"."""

    exercise: str
    reps: int | None = None
    sets: int | None = None
    hold_seconds: int | None = None
    duration_seconds: int | None = None
    sides: int | None = None


@dataclass(frozen=True)
class RoutineData:
    id: str | None
    name: str
    focus: str = RoutineFocus.CUSTOM.value
    created_at: datetime | None = None
    updated_at: datetime | None = None
    steps: tuple[RoutineStepData, ...] = ()


@dataclass(frozen=True)
class SessionStepData:
    """One exercise of a practice session, with the dose as it was then."""

    exercise: str
    dose_kind: str
    reps: int | None = None
    sets: int = 1
    hold_seconds: int | None = None
    duration_seconds: int | None = None
    sides: int = 1
    status: str = StepStatus.PENDING.value
    feedback: str = ""
    completed_at: datetime | None = None


@dataclass(frozen=True)
class SessionData:
    id: str | None
    routine: str | None  # local id of a routine in the same file
    routine_name: str
    started_at: datetime
    time_of_day: str
    status: str = SessionStatus.IN_PROGRESS.value
    stage: str = SessionStage.BEFORE.value
    current_index: int = 0
    finished_at: datetime | None = None
    stop_reason: str = ""
    start_key: str | None = None
    updated_at: datetime | None = None
    steps: tuple[SessionStepData, ...] = ()


@dataclass(frozen=True)
class SymptomLogData:
    id: str | None
    recorded_at: datetime
    time_of_day: str
    ratings: dict[str, int | None] = field(default_factory=dict)  # every SYMPTOM_FIELDS name
    foot: str = Foot.BOTH.value
    note: str = ""
    context: str = LogContext.ANYTIME.value
    session: str | None = None  # local id of a session in the same file
    idempotency_key: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class ExportData:
    profile: ProfileData | None
    routines: tuple[RoutineData, ...] = ()
    sessions: tuple[SessionData, ...] = ()
    symptom_logs: tuple[SymptomLogData, ...] = ()
    exported_at: datetime | None = None

    @property
    def record_count(self) -> int:
        return (
            (1 if self.profile else 0)
            + len(self.routines)
            + len(self.sessions)
            + len(self.symptom_logs)
        )


# --- Writing ---


def format_time(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def profile_to_dict(profile: ProfileData) -> dict[str, Any]:
    return {
        "main_symptoms": list(profile.main_symptoms),
        "balance_concerns": profile.balance_concerns,
        "preferred_time": profile.preferred_time,
        "safety_acknowledged_at": format_time(profile.safety_acknowledged_at),
        "created_at": format_time(profile.created_at),
        "updated_at": format_time(profile.updated_at),
    }


def routine_to_dict(routine: RoutineData) -> dict[str, Any]:
    return {
        **({"id": routine.id} if routine.id is not None else {}),
        "name": routine.name,
        "focus": routine.focus,
        "created_at": format_time(routine.created_at),
        "updated_at": format_time(routine.updated_at),
        "steps": [
            {
                "exercise": step.exercise,
                "reps": step.reps,
                "sets": step.sets,
                "hold_seconds": step.hold_seconds,
                "duration_seconds": step.duration_seconds,
                "sides": step.sides,
            }
            for step in routine.steps
        ],
    }


def session_to_dict(session: SessionData) -> dict[str, Any]:
    return {
        **({"id": session.id} if session.id is not None else {}),
        "routine": session.routine,
        "routine_name": session.routine_name,
        "status": session.status,
        "stage": session.stage,
        "current_index": session.current_index,
        "started_at": format_time(session.started_at),
        "finished_at": format_time(session.finished_at),
        "time_of_day": session.time_of_day,
        "stop_reason": session.stop_reason,
        "start_key": session.start_key,
        "updated_at": format_time(session.updated_at),
        "steps": [
            {
                "exercise": step.exercise,
                "dose_kind": step.dose_kind,
                "reps": step.reps,
                "sets": step.sets,
                "hold_seconds": step.hold_seconds,
                "duration_seconds": step.duration_seconds,
                "sides": step.sides,
                "status": step.status,
                "feedback": step.feedback,
                "completed_at": format_time(step.completed_at),
            }
            for step in session.steps
        ],
    }


def symptom_log_to_dict(log: SymptomLogData) -> dict[str, Any]:
    return {
        **({"id": log.id} if log.id is not None else {}),
        "recorded_at": format_time(log.recorded_at),
        "time_of_day": log.time_of_day,
        **{name: log.ratings.get(name) for name in SYMPTOM_FIELDS},
        "foot": log.foot,
        "context": log.context,
        "note": log.note,
        "session": log.session,
        "idempotency_key": log.idempotency_key,
        "created_at": format_time(log.created_at),
        "updated_at": format_time(log.updated_at),
    }


def to_document(data: ExportData) -> dict[str, Any]:
    """The JSON document for `data`, keys in a stable, readable order."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": format_time(data.exported_at),
        "profile": profile_to_dict(data.profile) if data.profile else None,
        "routines": [routine_to_dict(r) for r in data.routines],
        "sessions": [session_to_dict(s) for s in data.sessions],
        "symptom_logs": [symptom_log_to_dict(log) for log in data.symptom_logs],
    }


def to_json_bytes(data: ExportData) -> bytes:
    return (json.dumps(to_document(data), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# --- CSV ---

CSV_FILES = {
    "symptom_logs.csv": (
        "id",
        "recorded_at",
        "time_of_day",
        *SYMPTOM_FIELDS,
        "foot",
        "context",
        "session",
        "note",
        "created_at",
        "updated_at",
    ),
    "sessions.csv": (
        "id",
        "routine",
        "routine_name",
        "status",
        "stage",
        "current_index",
        "started_at",
        "finished_at",
        "time_of_day",
        "stop_reason",
        "steps_done",
        "steps_skipped",
        "steps_total",
    ),
    "session_steps.csv": (
        "session",
        "position",
        "exercise",
        "dose_kind",
        "reps",
        "sets",
        "hold_seconds",
        "duration_seconds",
        "sides",
        "status",
        "feedback",
        "completed_at",
    ),
    "routines.csv": ("id", "name", "focus", "steps_total", "created_at", "updated_at"),
    "routine_steps.csv": (
        "routine",
        "position",
        "exercise",
        "reps",
        "sets",
        "hold_seconds",
        "duration_seconds",
        "sides",
    ),
    "profile.csv": (
        "main_symptoms",
        "balance_concerns",
        "preferred_time",
        "safety_acknowledged_at",
        "created_at",
        "updated_at",
    ),
}

CSV_README = """neuroapp export: spreadsheets (CSV, UTF-8)

symptom_logs.csv   one row per symptom log; ratings 0-10, blank = not rated
                   (balance_confidence: higher is better; the others: higher is worse)
sessions.csv       one row per practice session
session_steps.csv  the exercises of each session (session = id in sessions.csv)
routines.csv       your routines
routine_steps.csv  the exercises of each routine (blank dose = the exercise's usual amount)
profile.csv        your profile settings

Times are in the {tz} time zone, ISO 8601 with the offset.
The ids (log-1, session-1, routine-1) link the files; they exist only in this export.
Text that starts with = + - or @ is prefixed with ' so spreadsheets do not run it as a formula.
To move your data to another neuroapp, use the JSON download instead: only it can be imported.
"""


def _csv_time(value: datetime | None) -> str:
    if value is None:
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def _csv_text(value: str) -> str:
    """Neutralise spreadsheet formulas (CSV injection) in free text."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return _csv_time(value)
    if isinstance(value, str):
        return _csv_text(value)
    return value


def csv_rows(data: ExportData) -> dict[str, list[tuple]]:
    """Rows (without the header) of every CSV file, by file name."""
    rows: dict[str, list[tuple]] = {name: [] for name in CSV_FILES}
    for log in data.symptom_logs:
        rows["symptom_logs.csv"].append(
            (
                log.id,
                log.recorded_at,
                log.time_of_day,
                *(log.ratings.get(name) for name in SYMPTOM_FIELDS),
                log.foot,
                log.context,
                log.session,
                log.note,
                log.created_at,
                log.updated_at,
            )
        )
    for session in data.sessions:
        statuses = [step.status for step in session.steps]
        rows["sessions.csv"].append(
            (
                session.id,
                session.routine,
                session.routine_name,
                session.status,
                session.stage,
                session.current_index,
                session.started_at,
                session.finished_at,
                session.time_of_day,
                session.stop_reason,
                statuses.count(StepStatus.DONE.value),
                statuses.count(StepStatus.SKIPPED.value),
                len(statuses),
            )
        )
        for position, step in enumerate(session.steps):
            rows["session_steps.csv"].append(
                (
                    session.id,
                    position + 1,
                    step.exercise,
                    step.dose_kind,
                    step.reps,
                    step.sets,
                    step.hold_seconds,
                    step.duration_seconds,
                    step.sides,
                    step.status,
                    step.feedback,
                    step.completed_at,
                )
            )
    for routine in data.routines:
        rows["routines.csv"].append(
            (
                routine.id,
                routine.name,
                routine.focus,
                len(routine.steps),
                routine.created_at,
                routine.updated_at,
            )
        )
        for position, step in enumerate(routine.steps):
            rows["routine_steps.csv"].append(
                (
                    routine.id,
                    position + 1,
                    step.exercise,
                    step.reps,
                    step.sets,
                    step.hold_seconds,
                    step.duration_seconds,
                    step.sides,
                )
            )
    if data.profile:
        profile = data.profile
        rows["profile.csv"].append(
            (
                " ".join(profile.main_symptoms),
                profile.balance_concerns,
                profile.preferred_time,
                profile.safety_acknowledged_at,
                profile.created_at,
                profile.updated_at,
            )
        )
    return rows


def to_csv_zip(data: ExportData) -> bytes:
    """A zip of CSV files (UTF-8 with a byte order mark, so spreadsheets read accents)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", CSV_README.format(tz=timezone.get_current_timezone_name()))
        for name, rows in csv_rows(data).items():
            text = io.StringIO()
            writer = csv.writer(text)
            writer.writerow(CSV_FILES[name])
            writer.writerows(tuple(_csv_value(value) for value in row) for row in rows)
            archive.writestr(name, "\ufeff" + text.getvalue())
    return buffer.getvalue()


# --- Reading ---


class ImportValidationError(Exception):
    """The file cannot be imported; `messages` says why, naming each bad record."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


class _Invalid(Exception):
    pass


class _Errors:
    def __init__(self, limit: int = MAX_ERRORS):
        self.messages: list[str] = []
        self.hidden = 0
        self.limit = limit

    def add(self, path: str, message: str) -> None:
        if len(self.messages) < self.limit:
            self.messages.append(f"{path}: {message}" if path else message)
        else:
            self.hidden += 1

    def __bool__(self) -> bool:
        return bool(self.messages)

    def raise_if_any(self) -> None:
        if self.messages:
            extra = [f"… and {self.hidden} more problems."] if self.hidden else []
            raise ImportValidationError(self.messages + extra)


def _shown(value: Any) -> str:
    """A short JSON rendering of a bad value, safe to print and to show in a page."""
    text = json.dumps(value, ensure_ascii=False).encode("utf-8", "backslashreplace").decode()
    return text if len(text) <= 40 else text[:37] + "…"


def _integer(low: int, high: int, *, nullable: bool = True) -> Callable[[Any], int | None]:
    def check(value):
        if value is None:
            if nullable:
                return None
            raise _Invalid("must be a whole number, not null")
        if isinstance(value, bool) or not isinstance(value, int):
            raise _Invalid(f"{_shown(value)} is not a whole number")
        if not low <= value <= high:
            raise _Invalid(f"{value} is not between {low} and {high}")
        return value

    return check


def _choice(values: Iterable[str], *, nullable: bool = False) -> Callable[[Any], str | None]:
    allowed = tuple(values)

    def check(value):
        if value is None and nullable:
            return None
        if not isinstance(value, str) or value not in allowed:
            raise _Invalid(
                f"{_shown(value)} is not one of: " + ", ".join(v or '""' for v in allowed)
            )
        return value

    return check


def _string(value: Any, what: str = "text") -> str:
    """Text a database can store: no NUL characters, no unpaired surrogates."""
    if not isinstance(value, str):
        raise _Invalid(f"{_shown(value)} is not {what}")
    if "\x00" in value:
        raise _Invalid("contains a NUL character, which is not allowed")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise _Invalid("contains characters that are not valid text") from None
    return value


def _text(max_length: int, *, blank: bool = True) -> Callable[[Any], str]:
    def check(value):
        value = _string(value)
        if not blank and not value.strip():
            raise _Invalid("must not be empty")
        if len(value) > max_length:
            raise _Invalid(f"is {len(value)} characters long; the most is {max_length}")
        return value

    return check


def _boolean(value):
    if not isinstance(value, bool):
        raise _Invalid(f"{_shown(value)} is not true or false")
    return value


def _moment(*, nullable: bool = True) -> Callable[[Any], datetime | None]:
    def check(value):
        if value is None:
            if nullable:
                return None
            raise _Invalid("must be a date and time, not null")
        if not isinstance(value, str):
            raise _Invalid(f"{_shown(value)} is not a date and time")
        try:
            moment = datetime.fromisoformat(value)
            if timezone.is_aware(moment):
                moment = moment.astimezone(UTC)
        except (ValueError, OverflowError):
            raise _Invalid(
                f"{_shown(value)} is not a date and time like 2026-03-01T08:30:00Z"
            ) from None
        if timezone.is_naive(moment):
            raise _Invalid(f"{_shown(value)} needs a time zone, like 2026-03-01T08:30:00Z")
        if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
            raise _Invalid(f"{_shown(value)} is not between {EARLIEST_YEAR} and {LATEST_YEAR}")
        return moment

    return check


def _uuid(value):
    if value is None:
        return None
    if not isinstance(value, str):
        raise _Invalid(f"{_shown(value)} is not a UUID")
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise _Invalid(f"{_shown(value)} is not a UUID") from None


def _local_id(value):
    if value is None:
        return None
    if not isinstance(value, str) or not 1 <= len(_string(value)) <= 100:
        raise _Invalid(f'{_shown(value)} is not an id: use short text such as "routine-1"')
    return value


_MISSING = object()


class _Reader:
    """Reads the fields of one JSON object, adding an error for each bad field."""

    def __init__(self, obj: dict, path: str, errors: _Errors, fields: Iterable[str]):
        self.obj = obj
        self.path = path
        self.errors = errors
        self.valid = True
        for key in obj:
            if key not in fields:
                self.fail(key, "is not a field neuroapp knows")

    def fail(self, key: str | None, message: str) -> None:
        self.valid = False
        path = ".".join(part for part in (self.path, key) if part)
        self.errors.add(path, message)

    def children(self, key: str, fields: Iterable[str]) -> Iterator[_Reader]:
        """A reader for each object in the array at ``key``; their errors make this invalid."""
        for index, raw in enumerate(_array(self.obj.get(key), f"{self.path}.{key}", self.errors)):
            child_path = f"{self.path}.{key}[{index}]"
            child_obj = _object(raw, child_path, self.errors)
            if child_obj is None:
                self.valid = False
                continue
            child = _Reader(child_obj, child_path, self.errors, fields)
            yield child  # the caller reads the child's fields before the next one
            self.valid = self.valid and child.valid

    def get(self, key: str, check: Callable, *, required: bool = False, default: Any = None):
        value = self.obj.get(key, _MISSING)
        if value is _MISSING:
            if required:
                self.fail(key, "is missing")
            return default
        try:
            return check(value)
        except _Invalid as problem:
            self.fail(key, str(problem))
            return default


def _object(value: Any, path: str, errors: _Errors) -> dict | None:
    if isinstance(value, dict):
        return value
    errors.add(path, f"{_shown(value)} is not an object ({{...}})")
    return None


def _array(value: Any, path: str, errors: _Errors) -> list:
    if value is None or value is _MISSING:
        return []
    if isinstance(value, list):
        return value
    errors.add(path, f"{_shown(value)} is not a list ([...])")
    return []


PROFILE_FIELDS = (
    "main_symptoms",
    "balance_concerns",
    "preferred_time",
    "safety_acknowledged_at",
    "created_at",
    "updated_at",
)


def read_profile(obj: Any, path: str, errors: _Errors) -> ProfileData | None:
    obj = _object(obj, path, errors)
    if obj is None:
        return None
    reader = _Reader(obj, path, errors, PROFILE_FIELDS)
    symptoms = []
    listed = _array(obj.get("main_symptoms"), f"{path}.main_symptoms", errors)
    for index, value in enumerate(listed):
        try:
            code = _choice(MainSymptom.values)(value)
        except _Invalid as problem:
            reader.fail(f"main_symptoms[{index}]", str(problem))
            continue
        if code in symptoms:
            reader.fail(f"main_symptoms[{index}]", f"{_shown(code)} is listed twice")
        else:
            symptoms.append(code)
    profile = ProfileData(
        main_symptoms=tuple(symptoms),
        balance_concerns=reader.get("balance_concerns", _boolean, default=False),
        preferred_time=reader.get(
            "preferred_time", _choice(PreferredTime.values), default=PreferredTime.ANY.value
        ),
        safety_acknowledged_at=reader.get("safety_acknowledged_at", _moment()),
        created_at=reader.get("created_at", _moment()),
        updated_at=reader.get("updated_at", _moment()),
    )
    return profile if reader.valid else None


ROUTINE_FIELDS = ("id", "name", "focus", "created_at", "updated_at", "steps")
ROUTINE_STEP_FIELDS = ("exercise", *DOSE_FIELDS)


def _exercise_slug(value):
    if not isinstance(value, str) or not 1 <= len(_string(value)) <= 60:
        raise _Invalid(f'{_shown(value)} is not an exercise name such as "ankle-circles"')
    return value


def read_routine(obj: Any, path: str, errors: _Errors) -> RoutineData | None:
    obj = _object(obj, path, errors)
    if obj is None:
        return None
    reader = _Reader(obj, path, errors, ROUTINE_FIELDS)
    steps = [
        RoutineStepData(
            exercise=step.get("exercise", _exercise_slug, required=True),
            reps=step.get("reps", _integer(1, 100)),
            sets=step.get("sets", _integer(1, 10)),
            hold_seconds=step.get("hold_seconds", _integer(5, 120)),
            duration_seconds=step.get("duration_seconds", _integer(10, 3600)),
            sides=step.get("sides", _integer(1, 2)),
        )
        for step in reader.children("steps", ROUTINE_STEP_FIELDS)
    ]
    routine = RoutineData(
        id=reader.get("id", _local_id),
        name=reader.get("name", _text(80, blank=False), required=True),
        focus=reader.get("focus", _choice(RoutineFocus.values), default=RoutineFocus.CUSTOM.value),
        created_at=reader.get("created_at", _moment()),
        updated_at=reader.get("updated_at", _moment()),
        steps=tuple(steps),
    )
    return routine if reader.valid else None


SESSION_FIELDS = (
    "id",
    "routine",
    "routine_name",
    "status",
    "stage",
    "current_index",
    "started_at",
    "finished_at",
    "time_of_day",
    "stop_reason",
    "start_key",
    "updated_at",
    "steps",
)
SESSION_STEP_VALUES = (
    "dose_kind",
    "reps",
    "sets",
    "hold_seconds",
    "duration_seconds",
    "sides",
    "status",
    "feedback",
    "completed_at",
)
SESSION_STEP_FIELDS = ("exercise", *SESSION_STEP_VALUES)


def read_session(obj: Any, path: str, errors: _Errors) -> SessionData | None:
    obj = _object(obj, path, errors)
    if obj is None:
        return None
    reader = _Reader(obj, path, errors, SESSION_FIELDS)
    steps = [
        SessionStepData(
            exercise=step.get("exercise", _exercise_slug, required=True),
            dose_kind=step.get("dose_kind", _choice(DoseKind.values), required=True),
            reps=step.get("reps", _integer(0, SMALL_INT_MAX)),
            sets=step.get("sets", _integer(1, SMALL_INT_MAX, nullable=False), default=1),
            hold_seconds=step.get("hold_seconds", _integer(0, SMALL_INT_MAX)),
            duration_seconds=step.get("duration_seconds", _integer(0, INT_MAX)),
            sides=step.get("sides", _integer(1, 2, nullable=False), default=1),
            status=step.get("status", _choice(StepStatus.values), default=StepStatus.PENDING.value),
            feedback=step.get("feedback", _choice(["", *StepFeedback.values]), default=""),
            completed_at=step.get("completed_at", _moment()),
        )
        for step in reader.children("steps", SESSION_STEP_FIELDS)
    ]
    started_at = reader.get("started_at", _moment(nullable=False), required=True)
    current_index = reader.get(
        "current_index", _integer(0, SMALL_INT_MAX, nullable=False), default=0
    )
    if current_index > max(len(steps) - 1, 0):
        reader.fail(
            "current_index",
            f"{current_index} is past the last step (the session has {len(steps)} steps)",
        )
    session = SessionData(
        id=reader.get("id", _local_id),
        routine=reader.get("routine", _local_id),
        routine_name=reader.get("routine_name", _text(80), required=True),
        status=reader.get(
            "status", _choice(SessionStatus.values), default=SessionStatus.IN_PROGRESS.value
        ),
        stage=reader.get("stage", _choice(SessionStage.values), default=SessionStage.BEFORE.value),
        current_index=current_index,
        started_at=started_at,
        finished_at=reader.get("finished_at", _moment()),
        time_of_day=reader.get("time_of_day", _choice(TimeOfDay.values))
        or (time_of_day_for(started_at) if started_at else ""),
        stop_reason=reader.get("stop_reason", _text(200), default=""),
        start_key=reader.get("start_key", _uuid),
        updated_at=reader.get("updated_at", _moment()),
        steps=tuple(steps),
    )
    return session if reader.valid else None


SYMPTOM_LOG_FIELDS = (
    "id",
    "recorded_at",
    "time_of_day",
    *SYMPTOM_FIELDS,
    "foot",
    "context",
    "note",
    "session",
    "idempotency_key",
    "created_at",
    "updated_at",
)


def read_symptom_log(obj: Any, path: str, errors: _Errors) -> SymptomLogData | None:
    obj = _object(obj, path, errors)
    if obj is None:
        return None
    reader = _Reader(obj, path, errors, SYMPTOM_LOG_FIELDS)
    ratings = {name: reader.get(name, _integer(0, 10)) for name in SYMPTOM_FIELDS}
    if reader.valid and all(value is None for value in ratings.values()):
        reader.fail(None, "needs at least one rating (" + ", ".join(SYMPTOM_FIELDS) + ")")
    recorded_at = reader.get("recorded_at", _moment(nullable=False), required=True)
    log = SymptomLogData(
        id=reader.get("id", _local_id),
        recorded_at=recorded_at,
        time_of_day=reader.get("time_of_day", _choice(TimeOfDay.values))
        or (time_of_day_for(recorded_at) if recorded_at else ""),
        ratings=ratings,
        foot=reader.get("foot", _choice(Foot.values), default=Foot.BOTH.value),
        note=reader.get("note", _text(2000), default=""),
        context=reader.get("context", _choice(LogContext.values), default="anytime"),
        session=reader.get("session", _local_id),
        idempotency_key=reader.get("idempotency_key", _uuid),
        created_at=reader.get("created_at", _moment()),
        updated_at=reader.get("updated_at", _moment()),
    )
    return log if reader.valid else None


READERS = {
    "profile": read_profile,
    "routine": read_routine,
    "session": read_session,
    "symptom_log": read_symptom_log,
}
TO_DICT = {
    ProfileData: profile_to_dict,
    RoutineData: routine_to_dict,
    SessionData: session_to_dict,
    SymptomLogData: symptom_log_to_dict,
}
TOP_LEVEL_FIELDS = ("format", "version", "exported_at", "profile", "routines", "sessions")
TOP_LEVEL_FIELDS += ("symptom_logs",)


def record_to_dict(record) -> dict[str, Any]:
    return TO_DICT[type(record)](record)


def record_from_dict(kind: str, obj: Any):
    """One record (as written by `record_to_dict`) back into its dataclass."""
    errors = _Errors()
    record = READERS[kind](obj, kind, errors)
    errors.raise_if_any()
    return record


def _decode(raw: bytes) -> Any:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportValidationError(
            ["This is not a neuroapp export: it is not a text file (UTF-8 JSON)."]
        ) from None
    if not text.strip():
        raise ImportValidationError(["The file is empty."])

    def no_constants(name):
        raise ValueError(f"{name} is not allowed")

    try:
        return json.loads(text, parse_constant=no_constants)
    except json.JSONDecodeError as problem:
        raise ImportValidationError(
            [
                f"This is not a neuroapp export: it is not valid JSON ({problem.msg} at line "
                f"{problem.lineno}, column {problem.colno})."
            ]
        ) from None
    except (ValueError, RecursionError) as problem:
        raise ImportValidationError(
            [f"This is not a neuroapp export: it is not valid JSON ({problem})."]
        ) from None


def parse_document(raw: bytes, *, known_exercises: Iterable[str]) -> ExportData:
    """Check a whole export file; return its data or raise ImportValidationError."""
    document = _decode(raw)
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ImportValidationError(
            [
                "This is not a neuroapp export: it should start with "
                '{"format": "neuroapp-export", …}.'
            ]
        )
    version = document.get("version")
    if type(version) is not int or version != VERSION:
        raise ImportValidationError(
            [
                f"version: this file is version {_shown(version)}; this neuroapp can import "
                f"version {VERSION} only."
            ]
        )
    errors = _Errors()
    top = _Reader(document, "", errors, TOP_LEVEL_FIELDS)
    exported_at = top.get("exported_at", _moment())
    profile = None
    if document.get("profile") is not None:
        profile = read_profile(document["profile"], "profile", errors)

    complete = True

    def read_all(key: str, reader) -> list[tuple[int, Any]]:
        """(index in the file, record) for each record that is valid on its own."""
        nonlocal complete
        records = []
        for index, raw_record in enumerate(_array(document.get(key, _MISSING), key, errors)):
            record = reader(raw_record, f"{key}[{index}]", errors)
            if record is None:
                complete = False
            else:
                records.append((index, record))
        return records

    routines = read_all("routines", read_routine)
    sessions = read_all("sessions", read_session)
    logs = read_all("symptom_logs", read_symptom_log)
    # With a broken record, a reference to it would look dangling: check those later.
    _check_links(routines, sessions, logs, set(known_exercises), errors, references=complete)
    errors.raise_if_any()
    return ExportData(
        profile=profile,
        routines=tuple(record for _, record in routines),
        sessions=tuple(record for _, record in sessions),
        symptom_logs=tuple(record for _, record in logs),
        exported_at=exported_at,
    )


def _check_links(
    routines, sessions, logs, known_exercises, errors: _Errors, *, references: bool
) -> None:
    """Checks across records: unique ids and keys, references, known exercises.

    Each list holds (index in the file, record) pairs.
    """

    def unique(records, key: str, attribute: str) -> set:
        seen: dict[str, int] = {}
        for index, record in records:
            value = getattr(record, attribute)
            if value is None:
                continue
            if value in seen:
                errors.add(
                    f"{key}[{index}].{attribute}",
                    f"{_shown(value)} is already the {attribute} of {key}[{seen[value]}]",
                )
            else:
                seen[value] = index
        return set(seen)

    routine_ids = unique(routines, "routines", "id")
    session_ids = unique(sessions, "sessions", "id")
    unique(logs, "symptom_logs", "id")
    unique(sessions, "sessions", "start_key")
    unique(logs, "symptom_logs", "idempotency_key")

    def exercise(path: str, slug: str) -> None:
        if slug not in known_exercises:
            errors.add(path, f"{_shown(slug)} is not an exercise in this neuroapp's library")

    for index, routine in routines:
        for step_index, step in enumerate(routine.steps):
            exercise(f"routines[{index}].steps[{step_index}].exercise", step.exercise)
    for index, session in sessions:
        if references and session.routine is not None and session.routine not in routine_ids:
            errors.add(
                f"sessions[{index}].routine",
                f"{_shown(session.routine)} is not the id of a routine in this file",
            )
        for step_index, step in enumerate(session.steps):
            exercise(f"sessions[{index}].steps[{step_index}].exercise", step.exercise)
    check_ins: dict[tuple[str, str], int] = {}
    for index, log in logs:
        if log.session is None:
            continue
        if log.session not in session_ids:
            if references:
                errors.add(
                    f"symptom_logs[{index}].session",
                    f"{_shown(log.session)} is not the id of a session in this file",
                )
        elif (log.session, log.context) in check_ins:
            errors.add(
                f"symptom_logs[{index}]",
                f"a second {_shown(log.context)} check-in for session {_shown(log.session)} "
                f"(the first is symptom_logs[{check_ins[log.session, log.context]}])",
            )
        else:
            check_ins[log.session, log.context] = index
