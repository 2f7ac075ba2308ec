"""Reading an export file: validate every record, check the links between them.

``check_file`` reads a file (JSON, or gzipped JSON) a record at a time
(``portability.stream``) and either returns a ``CheckedFile`` or raises
``ImportValidationError``, whose messages name each bad record and field, e.g.
"symptom_logs[12].numbness: 14 is not between 0 and 10" (the first ``MAX_ERRORS``, then
a count). Each record is validated on its own by its pydantic model in
``portability.schema``, so one bad record does not hide the problems of the others; ids,
keys, references and exercise names are checked across the file from what each record
leaves behind (its id and references, never the record itself), so memory stays bounded
whatever the file holds. ``records_of`` then reads the checked file again for staging.
``parse_document`` does both for a file in memory and returns an ``ExportData``.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

from pydantic import BaseModel, ValidationError

from portability.schema import (
    FORMAT,
    READABLE_VERSIONS,
    RECORD_LIST_KINDS,
    RECORD_MODELS,
    SINGLE_RECORD_KINDS,
    VERSION,
    DiscoveryPlanData,
    Document,
    ExportData,
    ProfileData,
    ReminderSettingsData,
    SessionData,
    SymptomLogFields,
    WeekPlanData,
    shown,
)
from portability.stream import (
    RECORD_LISTS,
    TOO_LARGE,
    UNKNOWN,
    StreamError,
    open_source,
    top_level,
)

MAX_ERRORS = 20


# More records than a 20 MB file of the smallest ones holds (about 370,000).
MAX_RECORDS = 500_000
KIND_OF_LIST = RECORD_LIST_KINDS


class ImportValidationError(Exception):
    """The file cannot be imported; ``messages`` says why, naming each bad record.
    ``too_large``: it is over a size limit (HTTP 413)."""

    def __init__(self, messages: list[str], *, too_large: bool = False):
        super().__init__("\n".join(messages))
        self.messages = messages
        self.too_large = too_large


class Errors:
    """Problems found so far, the first ``limit`` kept word for word."""

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


FIELD_NAME_SHOWN = 40


def path_of(prefix: str, loc: Sequence[int | str]) -> str:
    """("steps", 0, "reps") under "routines[1]" -> "routines[1].steps[0].reps"."""
    path = prefix
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            # A field name comes from the file: show at most a short piece of it.
            name = str(part) if len(str(part)) <= FIELD_NAME_SHOWN else str(part)[:37] + "…"
            path = f"{path}.{name}" if path else name
    return path


def describe(error: Any) -> str:
    """A pydantic error in our words; our own value types already speak for themselves."""
    kind, value, context = error["type"], error.get("input"), error.get("ctx") or {}
    if kind == "neuroapp":
        return error["msg"]
    messages = {
        "missing": "is missing",
        "extra_forbidden": "is not a field neuroapp knows",
        "int_type": f"{shown(value)} is not a whole number",
        "bool_type": f"{shown(value)} is not true or false",
        "string_type": f"{shown(value)} is not text",
        "list_type": f"{shown(value)} is not a list ([...])",
        "model_type": f"{shown(value)} is not an object ({{...}})",
        "model_attributes_type": f"{shown(value)} is not an object ({{...}})",
        "dict_type": f"{shown(value)} is not an object ({{...}})",
    }
    if kind in messages:
        return messages[kind]
    if kind == "string_too_long":
        return f"is {len(value)} characters long; the most is {context.get('max_length')}"
    return str(error["msg"])


def validate(model: type[BaseModel], raw: Any, prefix: str, errors: Errors) -> Any:
    """The record, or None after adding each of its problems to ``errors``."""
    try:
        return model.model_validate(raw)
    except ValidationError as problem:
        for error in problem.errors():
            at = (error.get("ctx") or {}).get("at", "")
            errors.add(path_of(prefix, error["loc"]) + at, describe(error))
        return None


Opener = Callable[[], IO[bytes]]


@dataclass(frozen=True)
class CheckedFile:
    """A file that passed every check; ``records_of`` reads its records again."""

    opener: Opener
    profile: ProfileData | None
    counts: Mapping[str, int]  # records per list ("routines", "sessions", "symptom_logs")
    exported_at: datetime | None
    week_plan: WeekPlanData | None = None
    reminders: ReminderSettingsData | None = None

    @property
    def record_count(self) -> int:
        singles = sum(getattr(self, key) is not None for key in SINGLE_RECORD_KINDS)
        return singles + sum(self.counts.values())


def _stream(opener: Opener) -> Iterator[tuple[str, int | None, Any]]:
    try:
        yield from top_level(open_source(opener))
    except StreamError as problem:
        raise ImportValidationError([str(problem)], too_large=problem.too_large) from None


def check_file(opener: Opener, *, known_exercises: Iterable[str]) -> CheckedFile:
    """Check a whole file (`opener` gives its bytes from the start, each time it is called);
    return what it holds or raise ImportValidationError."""
    errors = Errors()
    links = _Links(set(known_exercises), errors)
    top: dict[str, Any] = {}
    counts = dict.fromkeys(RECORD_LISTS, 0)
    complete = True
    for key, index, value in _stream(opener):
        if index is None:
            top[key] = None if value is UNKNOWN else value
            continue
        counts[key] += 1
        if sum(counts.values()) > MAX_RECORDS:
            raise ImportValidationError(
                [f"This file holds more than {MAX_RECORDS:,} records: the most one import takes."],
                too_large=True,
            )
        path = f"{key}[{index}]"
        if value is TOO_LARGE:
            errors.add(path, "is far too large for one record (a session has at most 100 steps)")
            complete = False
            continue
        record = validate(RECORD_MODELS[KIND_OF_LIST[key]], value, path, errors)
        if record is None:
            complete = False
        else:
            links.add(key, index, record)
    _check_format(top)
    document = validate(Document, top, "", errors)
    singles: dict[str, Any] = dict.fromkeys(SINGLE_RECORD_KINDS)
    for key, kind in SINGLE_RECORD_KINDS.items():
        raw = getattr(document, key) if document is not None else None
        if raw is not None:
            singles[key] = validate(RECORD_MODELS[kind], raw, key, errors)
            if singles[key] is None:
                complete = False
    if singles["week_plan"] is not None:
        links.add_week_plan(singles["week_plan"])
    # With a broken record, a reference to it would look dangling: check those only then.
    if complete:
        links.check_references()
    errors.raise_if_any()
    return CheckedFile(
        opener=opener,
        counts=counts,
        exported_at=document.exported_at if document else None,
        **singles,
    )


def records_of(checked: CheckedFile) -> Iterator[tuple[str, int, Any]]:
    """(kind, index in its list, the record as read) for each record of a checked file."""
    for key, index, value in _stream(checked.opener):
        if index is not None:
            yield KIND_OF_LIST[key], index, value


def _check_format(top: Mapping[str, Any]) -> None:
    if top.get("format") != FORMAT:
        raise ImportValidationError(
            [
                "This is not a neuroapp export: it should start with "
                '{"format": "neuroapp-export", …}.'
            ]
        )
    version = top.get("version")
    if type(version) is not int or version not in READABLE_VERSIONS:
        readable = " and ".join(str(v) for v in READABLE_VERSIONS)
        raise ImportValidationError(
            [
                f"version: this file is version {shown(version)}; this neuroapp can import "
                f"versions {readable} (it writes version {VERSION})."
            ]
        )


def parse_document(raw: bytes, *, known_exercises: Iterable[str]) -> ExportData:
    """Check a whole file held in memory; return its data or raise ImportValidationError."""
    checked = check_file(lambda: io.BytesIO(raw), known_exercises=known_exercises)
    records: dict[str, list[Any]] = {kind: [] for kind in KIND_OF_LIST.values()}
    for kind, _, value in records_of(checked):
        records[kind].append(RECORD_MODELS[kind].model_validate(value))
    return ExportData(
        profile=checked.profile,
        week_plan=checked.week_plan,
        reminders=checked.reminders,
        exported_at=checked.exported_at,
        **{key: tuple(records[kind]) for key, kind in KIND_OF_LIST.items()},
    )


class _Links:
    """Checks across records, from what each leaves behind: unique ids and keys, known
    exercises as records arrive; references once the whole file is read."""

    def __init__(self, known_exercises: set[str], errors: Errors):
        self.known_exercises = known_exercises
        self.errors = errors
        self.seen: dict[tuple[str, str], dict[str, int]] = {}
        self.session_routines: list[tuple[int, str]] = []
        self.log_sessions: list[tuple[int, str, str]] = []
        self.check_sessions: list[tuple[str, int, str]] = []  # foot checks, touch tests
        self.plan_routines: dict[str, str] = {}  # plan id -> routine id
        self.plan_routine_refs: list[tuple[int, str]] = []  # index of each plan, its routine
        self.running_plans: dict[str, int] = {}  # routine id -> index of its running plan
        self.session_plans: list[tuple[int, str, str | None]] = []  # index, plan, routine
        self.week_plan_routine: str | None = None

    def _unique(self, key: str, index: int, attribute: str, value: str | None) -> None:
        if value is None:
            return
        seen = self.seen.setdefault((key, attribute), {})
        if value in seen:
            self.errors.add(
                f"{key}[{index}].{attribute}",
                f"{shown(value)} is already the {attribute} of {key}[{seen[value]}]",
            )
        else:
            seen[value] = index

    def _exercise(self, path: str, slug: str) -> None:
        if slug not in self.known_exercises:
            self.errors.add(path, f"{shown(slug)} is not an exercise in this neuroapp's library")

    def add(self, key: str, index: int, record: Any) -> None:
        self._unique(key, index, "id", record.id)
        steps: Sequence[Any] = getattr(record, "steps", ())
        for step_index, step in enumerate(steps):
            self._exercise(f"{key}[{index}].steps[{step_index}].exercise", step.exercise)
        for field in ("varied", "left_out", "paused_for_feet"):
            for slug_index, slug in enumerate(getattr(record, field, ())):
                self._exercise(f"{key}[{index}].{field}[{slug_index}]", slug)
        if isinstance(record, DiscoveryPlanData):
            self._add_plan(index, record)
        elif isinstance(record, SessionData):
            self._unique(key, index, "start_key", record.start_key)
            if record.routine is not None:
                self.session_routines.append((index, record.routine))
            if record.plan is not None:
                self.session_plans.append((index, record.plan, record.routine))
        elif isinstance(record, SymptomLogFields):
            self._unique(key, index, "idempotency_key", record.idempotency_key)
            if record.session is not None:
                self.log_sessions.append((index, record.session, record.context))
        elif getattr(record, "session", None) is not None:
            self.check_sessions.append((key, index, record.session))

    def _add_plan(self, index: int, plan: DiscoveryPlanData) -> None:
        self.plan_routine_refs.append((index, plan.routine))
        if plan.id is not None:
            self.plan_routines.setdefault(plan.id, plan.routine)
        if plan.ended_at is None:
            if plan.routine in self.running_plans:
                self.errors.add(
                    f"plans[{index}].ended_at",
                    f"routine {shown(plan.routine)} already has a running plan "
                    f"(plans[{self.running_plans[plan.routine]}]); one may run at a time",
                )
            else:
                self.running_plans[plan.routine] = index

    def add_week_plan(self, week_plan: WeekPlanData) -> None:
        self.week_plan_routine = week_plan.routine

    def _known(self, path: str, ref: str, ids: Container[str], kind: str) -> bool:
        """Whether ``ref`` is one of ``ids``; if not, says so at ``path``."""
        if ref in ids:
            return True
        self.errors.add(path, f"{shown(ref)} is not the id of a {kind} in this file")
        return False

    def check_references(self) -> None:
        routine_ids = self.seen.get(("routines", "id"), {})
        session_ids = self.seen.get(("sessions", "id"), {})
        for index, routine in self.session_routines:
            self._known(f"sessions[{index}].routine", routine, routine_ids, "routine")
        for index, routine in self.plan_routine_refs:
            self._known(f"plans[{index}].routine", routine, routine_ids, "routine")
        if self.week_plan_routine is not None:
            self._known("week_plan.routine", self.week_plan_routine, routine_ids, "routine")
        for index, plan, session_routine in self.session_plans:
            if not self._known(f"sessions[{index}].plan", plan, self.plan_routines, "plan"):
                continue
            if session_routine != self.plan_routines[plan]:
                self.errors.add(
                    f"sessions[{index}].routine",
                    f"is {shown(session_routine)}, but its plan {shown(plan)} is on routine "
                    f"{shown(self.plan_routines[plan])}",
                )
        for key, index, session in self.check_sessions:
            self._known(f"{key}[{index}].session", session, session_ids, "session")
        check_ins: dict[tuple[str, str], int] = {}
        for index, session, context in self.log_sessions:
            if not self._known(f"symptom_logs[{index}].session", session, session_ids, "session"):
                continue
            if (session, context) in check_ins:
                self.errors.add(
                    f"symptom_logs[{index}]",
                    f"a second {shown(context)} check-in for session {shown(session)} "
                    f"(the first is symptom_logs[{check_ins[session, context]}])",
                )
            else:
                check_ins[session, context] = index
