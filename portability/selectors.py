"""Reads for "Your data": everything a person owns as export records, and import jobs."""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import Profile
from accounts.symptoms import SYMPTOM_FIELDS
from portability.models import ImportJob, ImportStatus
from portability.schema import (
    ExportData,
    ProfileData,
    RoutineData,
    RoutineStepData,
    SessionData,
    SessionStepData,
    SymptomLogData,
    SymptomLogFields,
)
from routines.dosing import DOSE_FIELDS
from routines.models import Exercise, Routine, RoutineStep
from tracking.models import PracticeSession, SessionStep, SymptomLog

SESSION_STEP_VALUES = tuple(name for name in SessionStepData.model_fields if name != "exercise")


def export_data_for(user: User) -> ExportData:
    """Everything `user` owns, with local ids ("routine-1") in place of database ids."""
    profile = Profile.objects.filter(user=user).first()
    # Rows from the database are valid already: build the records without checking again.
    profile_data = ProfileData.model_construct(
        main_symptoms=list(profile.main_symptoms) if profile else [],
        balance_concerns=profile.balance_concerns if profile else False,
        preferred_time=profile.preferred_time if profile else "any",
        later_check_in=profile.later_check_in if profile else "",
        coach_mode=profile.coach_mode if profile else None,
        safety_acknowledged_at=profile.safety_acknowledged_at if profile else None,
        created_at=profile.created_at if profile else None,
        updated_at=profile.updated_at if profile else None,
    )

    routine_steps: defaultdict[int, list[RoutineStepData]] = defaultdict(list)
    for row in (
        RoutineStep.objects.filter(routine__owner=user)
        .order_by("routine_id", "position", "id")
        .values("routine_id", "exercise__slug", *DOSE_FIELDS)
    ):
        routine_steps[row["routine_id"]].append(
            RoutineStepData.model_construct(
                exercise=row["exercise__slug"], **{f: row[f] for f in DOSE_FIELDS}
            )
        )
    routine_ids: dict[int, str] = {}
    routines = []
    for row in Routine.objects.filter(owner=user).order_by("created_at", "id").values():
        local_id = routine_ids[row["id"]] = f"routine-{len(routine_ids) + 1}"
        routines.append(
            RoutineData.model_construct(
                id=local_id,
                name=row["name"],
                focus=row["focus"],
                created_at=row["created_at"],
                updated_at=row["updated_at"],
                steps=routine_steps[row["id"]],
            )
        )

    session_steps: defaultdict[int, list[SessionStepData]] = defaultdict(list)
    for row in (
        SessionStep.objects.filter(session__owner=user)
        .order_by("session_id", "position")
        .values("session_id", "exercise__slug", *SESSION_STEP_VALUES)
    ):
        session_steps[row["session_id"]].append(
            SessionStepData.model_construct(
                exercise=row["exercise__slug"], **{f: row[f] for f in SESSION_STEP_VALUES}
            )
        )
    session_ids: dict[int, str] = {}
    sessions = []
    for row in PracticeSession.objects.filter(owner=user).order_by("started_at", "id").values():
        local_id = session_ids[row["id"]] = f"session-{len(session_ids) + 1}"
        sessions.append(
            SessionData.model_construct(
                id=local_id,
                routine=routine_ids.get(row["routine_id"]),
                routine_name=row["routine_name"],
                status=row["status"],
                stage=row["stage"],
                current_index=row["current_index"],
                started_at=row["started_at"],
                finished_at=row["finished_at"],
                time_of_day=row["time_of_day"],
                stop_reason=row["stop_reason"],
                start_key=str(row["start_key"]) if row["start_key"] else None,
                updated_at=row["updated_at"],
                steps=session_steps[row["id"]],
            )
        )

    logs: list[SymptomLogFields] = []
    for number, row in enumerate(
        SymptomLog.objects.filter(owner=user).order_by("recorded_at", "id").values(), start=1
    ):
        ratings: dict[str, Any] = {name: row[name] for name in SYMPTOM_FIELDS}  # type: ignore[literal-required]
        logs.append(
            SymptomLogData.model_construct(
                id=f"log-{number}",
                recorded_at=row["recorded_at"],
                time_of_day=row["time_of_day"],
                **ratings,
                foot=row["foot"],
                note=row["note"],
                context=row["context"],
                session=session_ids.get(row["session_id"]),
                idempotency_key=str(row["idempotency_key"]) if row["idempotency_key"] else None,
                created_at=row["created_at"],
                updated_at=row["updated_at"],
            )
        )
    return ExportData(
        profile=profile_data,
        routines=tuple(routines),
        sessions=tuple(sessions),
        symptom_logs=tuple(logs),
        exported_at=timezone.now(),
    )


def data_counts(user: User) -> dict[str, int]:
    return {
        "routines": Routine.objects.filter(owner=user).count(),
        "sessions": PracticeSession.objects.filter(owner=user).count(),
        "symptom_logs": SymptomLog.objects.filter(owner=user).count(),
    }


def known_exercise_slugs() -> set[str]:
    return set(Exercise.objects.values_list("slug", flat=True))


def import_jobs_for(user: User, limit: int = 5) -> QuerySet[ImportJob]:
    return ImportJob.objects.filter(owner=user).order_by("-created_at", "-id")[:limit]


def running_import_for(user: User) -> ImportJob | None:
    return ImportJob.objects.filter(owner=user, status=ImportStatus.RUNNING).first()


def import_job_for(user: User, pk: int) -> ImportJob:
    """The user's own job; anybody else's id is a 404."""
    return get_object_or_404(ImportJob, pk=pk, owner=user)


@dataclass(frozen=True)
class ImportSummaryRow:
    label: str
    added: int
    skipped: int


def import_summary(job: ImportJob) -> list[ImportSummaryRow]:
    """What a job added and what it found already there, by kind of record."""
    return [
        ImportSummaryRow(label, job.created_counts.get(key, 0), job.skipped_counts.get(key, 0))
        for key, label in (
            ("routines", "Routines"),
            ("sessions", "Practice sessions"),
            ("symptom_logs", "Symptom logs"),
        )
    ]
