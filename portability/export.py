"""Writing a person's data: the JSON export (the only format import reads) and a zip of
CSV files for spreadsheets. Pure: records in, bytes out."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import datetime
from typing import Any

from django.utils import timezone

from accounts.symptoms import SYMPTOM_FIELDS
from portability.schema import FORMAT, VERSION, ExportData, format_time
from tracking.models import StepStatus


def to_document(data: ExportData) -> dict[str, Any]:
    """The JSON document for ``data``, keys in a stable, readable order."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": format_time(data.exported_at),
        "profile": data.profile.to_dict() if data.profile else None,
        "routines": [routine.to_dict() for routine in data.routines],
        "sessions": [session.to_dict() for session in data.sessions],
        "symptom_logs": [log.to_dict() for log in data.symptom_logs],
    }


def _without_nulls(value: Any) -> Any:
    """A record without its null fields: absent and null mean the same on import."""
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(item) for item in value]
    return value


def _compact(value: Any) -> str:
    return json.dumps(_without_nulls(value), ensure_ascii=False, separators=(",", ":"))


def to_json_bytes(data: ExportData) -> bytes:
    """The document with one record per line: compact (about half the size of indented
    JSON, so an account's own export stays well inside the import limit) and still
    readable line by line."""
    document = to_document(data)
    lines = ["{"]
    keys = list(document)
    for position, key in enumerate(keys):
        comma = "," if position < len(keys) - 1 else ""
        value = document[key]
        if isinstance(value, list) and value:
            lines.append(f"{json.dumps(key)}: [")
            lines += [
                _compact(item) + ("," if i < len(value) - 1 else "") for i, item in enumerate(value)
            ]
            lines.append("]" + comma)
        else:
            lines.append(f"{json.dumps(key)}: {_compact(value)}{comma}")
    lines.append("}")
    return ("\n".join(lines) + "\n").encode("utf-8")


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
        "later_check_in",
        "coach_mode",
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


FORMULA_STARTS = ("=", "+", "-", "@")


def _csv_text(value: str) -> str:
    """Neutralise spreadsheet formulas (CSV injection) in free text.

    Spreadsheets skip leading spaces and control characters before reading a formula, so
    the check looks past them too.
    """
    first = value.lstrip("".join(chr(c) for c in range(33)))[:1]
    if first in FORMULA_STARTS or value[:1] in ("\t", "\r", "\n"):
        return "'" + value
    return value


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


def csv_rows(data: ExportData) -> dict[str, list[tuple[Any, ...]]]:
    """Rows (without the header) of every CSV file, by file name."""
    rows: dict[str, list[tuple[Any, ...]]] = {name: [] for name in CSV_FILES}
    for log in data.symptom_logs:
        ratings = log.ratings
        rows["symptom_logs.csv"].append(
            (
                log.id,
                log.recorded_at,
                log.time_of_day,
                *(ratings[name] for name in SYMPTOM_FIELDS),
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
        for position, routine_step in enumerate(routine.steps):
            rows["routine_steps.csv"].append(
                (
                    routine.id,
                    position + 1,
                    routine_step.exercise,
                    routine_step.reps,
                    routine_step.sets,
                    routine_step.hold_seconds,
                    routine_step.duration_seconds,
                    routine_step.sides,
                )
            )
    if data.profile:
        profile = data.profile
        rows["profile.csv"].append(
            (
                " ".join(profile.main_symptoms),
                profile.balance_concerns,
                profile.preferred_time,
                profile.later_check_in,
                profile.coach_mode,
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
