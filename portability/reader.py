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
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

from pydantic import BaseModel, ValidationError

from portability.schema import (
    FORMAT,
    RECORD_LIST_KINDS,
    RECORD_MODELS,
    VERSION,
    Document,
    ExportData,
    ProfileData,
    SessionData,
    SymptomLogFields,
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

    @property
    def record_count(self) -> int:
        return (1 if self.profile else 0) + sum(self.counts.values())


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
    profile = None
    if document is not None and document.profile is not None:
        profile = validate(ProfileData, document.profile, "profile", errors)
    # With a broken record, a reference to it would look dangling: check those only then.
    if complete:
        links.check_references()
    errors.raise_if_any()
    return CheckedFile(
        opener=opener,
        profile=profile,
        counts=counts,
        exported_at=document.exported_at if document else None,
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
    if type(version) is not int or version != VERSION:
        raise ImportValidationError(
            [
                f"version: this file is version {shown(version)}; this neuroapp can import "
                f"version {VERSION} only."
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
        if isinstance(record, SessionData):
            self._unique(key, index, "start_key", record.start_key)
            if record.routine is not None:
                self.session_routines.append((index, record.routine))
        elif isinstance(record, SymptomLogFields):
            self._unique(key, index, "idempotency_key", record.idempotency_key)
            if record.session is not None:
                self.log_sessions.append((index, record.session, record.context))
        elif getattr(record, "session", None) is not None:
            self.check_sessions.append((key, index, record.session))

    def check_references(self) -> None:
        routine_ids = self.seen.get(("routines", "id"), {})
        session_ids = self.seen.get(("sessions", "id"), {})
        for index, routine in self.session_routines:
            if routine not in routine_ids:
                self.errors.add(
                    f"sessions[{index}].routine",
                    f"{shown(routine)} is not the id of a routine in this file",
                )
        for key, index, session in self.check_sessions:
            if session not in session_ids:
                self.errors.add(
                    f"{key}[{index}].session",
                    f"{shown(session)} is not the id of a session in this file",
                )
        check_ins: dict[tuple[str, str], int] = {}
        for index, session, context in self.log_sessions:
            if session not in session_ids:
                self.errors.add(
                    f"symptom_logs[{index}].session",
                    f"{shown(session)} is not the id of a session in this file",
                )
            elif (session, context) in check_ins:
                self.errors.add(
                    f"symptom_logs[{index}]",
                    f"a second {shown(context)} check-in for session {shown(session)} "
                    f"(the first is symptom_logs[{check_ins[session, context]}])",
                )
            else:
                check_ins[session, context] = index
