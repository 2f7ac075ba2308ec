"""Writing a person's data: the JSON export (the only format import reads, also as .gz)
and a zip of CSV files for spreadsheets. Pure: records in, bytes out, a piece at a time."""

from __future__ import annotations

import csv
import io
import json
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from django.utils import timezone

from accounts.symptoms import SYMPTOM_FIELDS
from portability.schema import (
    FORMAT,
    RECORD_LIST_KINDS,
    SINGLE_RECORD_KINDS,
    VERSION,
    ExportData,
    format_clock_time,
    format_time,
)
from routines.weekly import WEEKDAY_NAMES
from tracking.checks import footcheck, mnsi, touch
from tracking.models import StepStatus


def to_document(data: ExportData) -> dict[str, Any]:
    """The JSON document for ``data``, keys in a stable, readable order."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": format_time(data.exported_at),
        **{key: _single(data, key) for key in SINGLE_RECORD_KINDS},
        **{key: [record.to_dict() for record in getattr(data, key)] for key in RECORD_LIST_KINDS},
    }


def _single(data: ExportData, key: str) -> dict[str, Any] | None:
    record = getattr(data, key)
    return record.to_dict() if record is not None else None


def _without_nulls(value: Any) -> Any:
    """A record without its null fields: absent and null mean the same on import."""
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(item) for item in value]
    return value


def _compact(value: Any) -> str:
    return json.dumps(_without_nulls(value), ensure_ascii=False, separators=(",", ":"))


CHUNK_BYTES = 64 * 1024


def json_chunks(data: ExportData) -> Iterator[bytes]:
    """The JSON document, one record per line (compact, and still readable line by line),
    in pieces of about ``CHUNK_BYTES``: records are read and written a few at a time, so
    memory stays bounded whatever the account holds."""
    pending: list[str] = []
    size = 0

    def put(text: str) -> bytes | None:
        nonlocal size
        pending.append(text)
        size += len(text)
        if size < CHUNK_BYTES:
            return None
        piece = "".join(pending).encode("utf-8")
        pending.clear()
        size = 0
        return piece

    head = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": format_time(data.exported_at),
        **{key: _single(data, key) for key in SINGLE_RECORD_KINDS},
    }
    lines = [f"{json.dumps(key)}: {_compact(value)}" for key, value in head.items()]
    put("{\n" + ",\n".join(lines))
    for key in RECORD_LIST_KINDS:
        records = getattr(data, key)
        put(f",\n{json.dumps(key)}: [")
        first = True
        for record in records:
            piece = put(("\n" if first else ",\n") + _compact(record.to_dict()))
            first = False
            if piece:
                yield piece
        put("]" if first else "\n]")
    put("\n}\n")
    yield "".join(pending).encode("utf-8")


def to_json_bytes(data: ExportData) -> bytes:
    """The whole JSON document at once (small data and tests; downloads stream)."""
    return b"".join(json_chunks(data))


def gzipped(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The same bytes as a .gz file, compressed as they pass."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, 31)
    for chunk in chunks:
        packed = compressor.compress(chunk)
        if packed:
            yield packed
    yield compressor.flush()


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
        "plan",
        "left_out",
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
    "plans.csv": ("id", "routine", "started_at", "ended_at", "length", "varied"),
    "week_plan.csv": ("routine", "days", "first_time", "second_time"),
    "reminders.csv": ("by_email", "by_push", "check_in_reminder", "minutes_before"),
    "profile.csv": (
        "display_name",
        "main_symptoms",
        "balance_concerns",
        "preferred_time",
        "later_check_in",
        "coach_mode",
        "foot_check",
        "safety_acknowledged_at",
        "created_at",
        "updated_at",
    ),
    "foot_checks.csv": ("id", "checked_at", "left", "right", "urgent", "healed_at", "session"),
    "touch_tests.csv": (
        "id",
        "taken_at",
        "left_correct",
        "left_total",
        "right_correct",
        "right_total",
        "left_touched",
        "left_named",
        "right_touched",
        "right_named",
        "session",
    ),
    "neuropathy_screens.csv": (
        "id",
        "taken_at",
        "points",
        "positive",
        *(f"q{number}" for number in range(1, len(mnsi.ITEMS) + 1)),
    ),
}

CSV_README = """neuroapp export: spreadsheets (CSV, UTF-8)

symptom_logs.csv   one row per symptom log; ratings 0-10, blank = not rated
                   (balance_confidence: higher is better; the others: higher is worse)
sessions.csv       one row per practice session
session_steps.csv  the exercises of each session (session = id in sessions.csv)
routines.csv       your routines
routine_steps.csv  the exercises of each routine (blank dose = the exercise's usual amount)
plans.csv          "find out what helps me" plans: the movements each varies (sessions.csv
                   names each session's plan and what it left out)
week_plan.csv      the days (Monday to Sunday) and times you mean to exercise
reminders.csv      the reminders you asked for (minutes_before: how early)
profile.csv        your profile settings
foot_checks.csv    daily foot checks: what was found on each foot (blank = all fine)
touch_tests.csv    helper's touch tests: spots named correctly per foot
neuropathy_screens.csv  the MNSI questionnaire: score 0-13 (7 or more: a positive
                   screen, not a diagnosis) and each answer (q1-q15, yes or no)

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


def _symptom_log_rows(data: ExportData) -> Iterator[tuple[Any, ...]]:
    for log in data.symptom_logs:
        ratings = log.ratings
        yield (
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


def _session_rows(data: ExportData) -> Iterator[tuple[Any, ...]]:
    for session in data.sessions:
        statuses = [step.status for step in session.steps]
        yield (
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
            session.plan,
            " ".join(session.left_out),
        )


def _session_step_rows(data: ExportData) -> Iterator[tuple[Any, ...]]:
    for session in data.sessions:
        for position, step in enumerate(session.steps):
            yield (
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


def _routine_rows(data: ExportData) -> Iterator[tuple[Any, ...]]:
    for routine in data.routines:
        yield (
            routine.id,
            routine.name,
            routine.focus,
            len(routine.steps),
            routine.created_at,
            routine.updated_at,
        )


def _routine_step_rows(data: ExportData) -> Iterator[tuple[Any, ...]]:
    for routine in data.routines:
        for position, routine_step in enumerate(routine.steps):
            yield (
                routine.id,
                position + 1,
                routine_step.exercise,
                routine_step.reps,
                routine_step.sets,
                routine_step.hold_seconds,
                routine_step.duration_seconds,
                routine_step.sides,
            )


def _profile_rows(data: ExportData) -> Iterator[tuple[Any, ...]]:
    if data.profile:
        profile = data.profile
        yield (
            profile.display_name,
            " ".join(profile.main_symptoms),
            profile.balance_concerns,
            profile.preferred_time,
            profile.later_check_in,
            profile.coach_mode,
            profile.foot_check,
            profile.safety_acknowledged_at,
            profile.created_at,
            profile.updated_at,
        )


def _plan_rows(data: ExportData) -> Iterator[tuple[Any, ...]]:
    for plan in data.plans:
        yield (
            plan.id,
            plan.routine,
            plan.started_at,
            plan.ended_at,
            plan.length,
            " ".join(plan.varied),
        )


def _week_plan_rows(data: ExportData) -> Iterator[tuple[Any, ...]]:
    if data.week_plan:
        plan = data.week_plan
        yield (
            plan.routine,
            " ".join(WEEKDAY_NAMES[day] for day in sorted(plan.days)),
            format_clock_time(plan.first_time),
            format_clock_time(plan.second_time) if plan.second_time else None,
        )


def _reminder_rows(data: ExportData) -> Iterator[tuple[Any, ...]]:
    if data.reminders:
        reminders = data.reminders
        yield (
            reminders.by_email,
            reminders.by_push,
            reminders.check_in_reminder,
            reminders.minutes_before,
        )


def _foot_check_rows(data: ExportData) -> Iterator[tuple[Any, ...]]:
    for check in data.foot_checks:
        result = footcheck.assess({"left": check.left, "right": check.right})
        yield (
            check.id,
            check.checked_at,
            " ".join(check.left),
            " ".join(check.right),
            result.urgent,
            check.healed_at,
            check.session,
        )


def _touch_test_rows(data: ExportData) -> Iterator[tuple[Any, ...]]:
    for test in data.touch_tests:
        scores: list[int | None] = []
        for touched, named in (
            (test.left_touched, test.left_named),
            (test.right_touched, test.right_named),
        ):
            score = touch.foot_score("", touched, named) if touched else None
            scores += [score.correct, score.total] if score else [None, None]
        yield (
            test.id,
            test.taken_at,
            *scores,
            " ".join(test.left_touched),
            " ".join(test.left_named),
            " ".join(test.right_touched),
            " ".join(test.right_named),
            test.session,
        )


def _screen_rows(data: ExportData) -> Iterator[tuple[Any, ...]]:
    for screen in data.neuropathy_screens:
        result = mnsi.score(screen.answers)
        yield (screen.id, screen.taken_at, result.points, result.positive, *screen.answers)


CSV_ROWS = {
    "foot_checks.csv": _foot_check_rows,
    "touch_tests.csv": _touch_test_rows,
    "neuropathy_screens.csv": _screen_rows,
    "symptom_logs.csv": _symptom_log_rows,
    "sessions.csv": _session_rows,
    "session_steps.csv": _session_step_rows,
    "routines.csv": _routine_rows,
    "routine_steps.csv": _routine_step_rows,
    "plans.csv": _plan_rows,
    "week_plan.csv": _week_plan_rows,
    "reminders.csv": _reminder_rows,
    "profile.csv": _profile_rows,
}


def csv_rows(data: ExportData) -> dict[str, list[tuple[Any, ...]]]:
    """Rows (without the header) of every CSV file, by file name."""
    return {name: list(CSV_ROWS[name](data)) for name in CSV_FILES}


class _Pipe(io.RawIOBase):
    """Where the zip is written: bytes collect here until taken, so nothing is kept."""

    def __init__(self) -> None:
        self.pending: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.pending.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        piece = b"".join(self.pending)
        self.pending.clear()
        return piece


def csv_zip_chunks(data: ExportData) -> Iterator[bytes]:
    """A zip of CSV files (UTF-8 with a byte order mark, so spreadsheets read accents),
    written a few hundred rows at a time."""
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", CSV_README.format(tz=timezone.get_current_timezone_name()))
        for name in CSV_FILES:
            with archive.open(name, "w") as member:
                text = io.StringIO()
                writer = csv.writer(text)
                text.write("\ufeff")
                writer.writerow(CSV_FILES[name])
                for count, row in enumerate(CSV_ROWS[name](data), start=1):
                    writer.writerow(tuple(_csv_value(value) for value in row))
                    if count % 500 == 0:
                        member.write(text.getvalue().encode("utf-8"))
                        text.seek(0)
                        text.truncate()
                        yield pipe.take()
                member.write(text.getvalue().encode("utf-8"))
            yield pipe.take()
    yield pipe.take()


def to_csv_zip(data: ExportData) -> bytes:
    """The whole zip at once (small data and tests; downloads stream)."""
    return b"".join(csv_zip_chunks(data))
