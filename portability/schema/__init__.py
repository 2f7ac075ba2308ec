"""The export file, version 2: one pydantic model per record, and the value types they use.

The JSON document ("format": "neuroapp-export", "version": 2) is described in README.md,
section "Your data: export and import". Records refer to each other by local ids that
exist only inside the file ("routine-1", "session-3"); database ids never leave the
server. Times are ISO 8601 with a time zone (exports write UTC, "...Z").

Validation is strict (no "5" for 5, no 1 for true) and unknown fields are refused, so a
typo is reported rather than ignored. The value types (``values``) raise errors written
for people ("14 is not between 0 and 10"); the records are in ``records``;
``portability.reader`` turns pydantic's errors into "symptom_logs[12].numbness: ..." lines.

Version 2 added what the first left out: "find out what helps me" plans (``plans``, and a
session's ``plan``, ``plan_index``, ``left_out`` and ``paused_for_feet``), the week plan
and the reminder settings. Every version 1 file is a valid version 2 file, and is read as
one.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from portability.schema.records import (
    RECORD_MODELS,
    DiscoveryPlanData,
    FootCheckData,
    NeuropathyScreenData,
    ProfileData,
    Record,
    ReminderSettingsData,
    RoutineData,
    RoutineStepData,
    SessionData,
    SessionStepData,
    SymptomLogData,
    SymptomLogFields,
    TouchTestData,
    WeekPlanData,
)
from portability.schema.values import Moment, format_clock_time, format_time, shown

__all__ = [
    "FORMAT",
    "READABLE_VERSIONS",
    "RECORD_LIST_KINDS",
    "RECORD_MODELS",
    "SINGLE_RECORD_KINDS",
    "VERSION",
    "DiscoveryPlanData",
    "Document",
    "ExportData",
    "FootCheckData",
    "NeuropathyScreenData",
    "ProfileData",
    "Record",
    "ReminderSettingsData",
    "RoutineData",
    "RoutineStepData",
    "SessionData",
    "SessionStepData",
    "SymptomLogData",
    "SymptomLogFields",
    "TouchTestData",
    "WeekPlanData",
    "format_clock_time",
    "format_time",
    "record_from_dict",
    "record_to_dict",
    "shown",
]

FORMAT = "neuroapp-export"
VERSION = 2
READABLE_VERSIONS = (1, 2)


class Document(BaseModel):
    """The top level; each record is checked on its own (``portability.reader``)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    format: str
    version: int
    exported_at: Moment | None = None
    profile: dict[str, Any] | None = None
    week_plan: dict[str, Any] | None = None
    reminders: dict[str, Any] | None = None
    routines: list[Any] | None = None
    plans: list[Any] | None = None
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
    plans: Collection[DiscoveryPlanData] = ()
    week_plan: WeekPlanData | None = None
    reminders: ReminderSettingsData | None = None

    @property
    def record_count(self) -> int:
        singles = sum(getattr(self, key) is not None for key in SINGLE_RECORD_KINDS)
        return singles + sum(len(getattr(self, key)) for key in RECORD_LIST_KINDS)


# The lists of a file, in the order they are written, and the kind of their records.
RECORD_LIST_KINDS = {
    "routines": "routine",
    "plans": "plan",
    "sessions": "session",
    "symptom_logs": "symptom_log",
    "foot_checks": "foot_check",
    "touch_tests": "touch_test",
    "neuropathy_screens": "mnsi",
}


# The single records of a file (top-level objects), and their kind.
SINGLE_RECORD_KINDS = {"profile": "profile", "week_plan": "week_plan", "reminders": "reminders"}


def record_to_dict(record: Record) -> dict[str, Any]:
    return record.to_dict()


def record_from_dict(kind: str, data: Any) -> Any:
    """A staged record (as written by ``record_to_dict``) back into its model."""
    return RECORD_MODELS[kind].model_validate(data)
