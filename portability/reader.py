"""Reading an export file: decode, validate every record, check the links between them.

``parse_document`` checks a whole file and either returns an ``ExportData`` or raises
``ImportValidationError``, whose messages name each bad record and field, e.g.
"symptom_logs[12].numbness: 14 is not between 0 and 10" (the first ``MAX_ERRORS``, then
a count). Each record is validated on its own by its pydantic model in
``portability.schema``, so one bad record does not hide the problems of the others;
then ids, keys, references and exercise names are checked across the file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from portability.schema import (
    FORMAT,
    RECORD_MODELS,
    VERSION,
    Document,
    ExportData,
    ProfileData,
    RoutineData,
    SessionData,
    SymptomLogFields,
    shown,
)

MAX_ERRORS = 20


class ImportValidationError(Exception):
    """The file cannot be imported; ``messages`` says why, naming each bad record."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


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


def decode(raw: bytes) -> Any:
    """The file's JSON, or ImportValidationError saying why it is not JSON."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportValidationError(
            ["This is not a neuroapp export: it is not a text file (UTF-8 JSON)."]
        ) from None
    if not text.strip():
        raise ImportValidationError(["The file is empty."])

    def no_constants(name: str) -> None:
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
    document = decode(raw)
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
                f"version: this file is version {shown(version)}; this neuroapp can import "
                f"version {VERSION} only."
            ]
        )
    errors = Errors()
    top = validate(Document, document, "", errors)
    if top is None:
        errors.raise_if_any()
    profile = None
    if top.profile is not None:
        profile = validate(ProfileData, top.profile, "profile", errors)

    complete = True

    def read_all(key: str, kind: str) -> list[tuple[int, Any]]:
        """(index in the file, record) for each record that is valid on its own."""
        nonlocal complete
        records = []
        for index, raw_record in enumerate(getattr(top, key) or []):
            record = validate(RECORD_MODELS[kind], raw_record, f"{key}[{index}]", errors)
            if record is None:
                complete = False
            else:
                records.append((index, record))
        return records

    routines = read_all("routines", "routine")
    sessions = read_all("sessions", "session")
    logs = read_all("symptom_logs", "symptom_log")
    # With a broken record, a reference to it would look dangling: check those later.
    _check_links(routines, sessions, logs, set(known_exercises), errors, references=complete)
    errors.raise_if_any()
    return ExportData(
        profile=profile,
        routines=tuple(record for _, record in routines),
        sessions=tuple(record for _, record in sessions),
        symptom_logs=tuple(record for _, record in logs),
        exported_at=top.exported_at,
    )


def _check_links(
    routines: list[tuple[int, RoutineData]],
    sessions: list[tuple[int, SessionData]],
    logs: list[tuple[int, SymptomLogFields]],
    known_exercises: set[str],
    errors: Errors,
    *,
    references: bool,
) -> None:
    """Checks across records: unique ids and keys, references, known exercises.

    Each list holds (index in the file, record) pairs.
    """

    def unique(records: Sequence[tuple[int, Any]], key: str, attribute: str) -> set[str]:
        seen: dict[str, int] = {}
        for index, record in records:
            value = getattr(record, attribute)
            if value is None:
                continue
            if value in seen:
                errors.add(
                    f"{key}[{index}].{attribute}",
                    f"{shown(value)} is already the {attribute} of {key}[{seen[value]}]",
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
            errors.add(path, f"{shown(slug)} is not an exercise in this neuroapp's library")

    for index, routine in routines:
        for step_index, step in enumerate(routine.steps):
            exercise(f"routines[{index}].steps[{step_index}].exercise", step.exercise)
    for index, session in sessions:
        if references and session.routine is not None and session.routine not in routine_ids:
            errors.add(
                f"sessions[{index}].routine",
                f"{shown(session.routine)} is not the id of a routine in this file",
            )
        for step_index, session_step in enumerate(session.steps):
            exercise(f"sessions[{index}].steps[{step_index}].exercise", session_step.exercise)
    check_ins: dict[tuple[str, str], int] = {}
    for index, log in logs:
        if log.session is None:
            continue
        if log.session not in session_ids:
            if references:
                errors.add(
                    f"symptom_logs[{index}].session",
                    f"{shown(log.session)} is not the id of a session in this file",
                )
        elif (log.session, log.context) in check_ins:
            errors.add(
                f"symptom_logs[{index}]",
                f"a second {shown(log.context)} check-in for session {shown(log.session)} "
                f"(the first is symptom_logs[{check_ins[log.session, log.context]}])",
            )
        else:
            check_ins[log.session, log.context] = index
