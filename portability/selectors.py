"""Reads for "Your data": everything a person owns as export records, and import jobs."""

from collections import defaultdict
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import Profile
from accounts.symptoms import SYMPTOM_FIELDS
from portability.models import IN_PROGRESS, ImportJob
from portability.schema import (
    DiscoveryPlanData,
    ExportData,
    FootCheckData,
    NeuropathyScreenData,
    ProfileData,
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
from routines.dosing import DOSE_FIELDS
from routines.models import DiscoveryPlan, Exercise, Routine, RoutineStep, WeekPlan
from tracking.models import (
    FootCheck,
    NeuropathyScreen,
    PracticeSession,
    ReminderSettings,
    SessionStep,
    SymptomLog,
    TouchTest,
)

T = TypeVar("T")
SESSION_STEP_VALUES = tuple(name for name in SessionStepData.model_fields if name != "exercise")


EXPORT_CHUNK = 1000


class _Lazy(Collection[T]):
    """Records read from the database a chunk at a time, afresh on each iteration, so an
    export of any size needs memory for one chunk only. ``len`` is a COUNT query."""

    def __init__(self, rows: Callable[[], Iterator[T]], count: Callable[[], int]):
        self._rows = rows
        self._count = count

    def __iter__(self) -> Iterator[T]:
        return self._rows()

    def __len__(self) -> int:
        return self._count()

    def __contains__(self, item: object) -> bool:
        return any(record == item for record in self)


def _chunks(queryset: QuerySet, size: int = EXPORT_CHUNK) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for row in queryset.iterator(chunk_size=size):
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _profile_data(user: User) -> ProfileData:
    profile = Profile.objects.filter(user=user).first()
    # Rows from the database are valid already: build the records without checking again.
    return ProfileData.model_construct(
        display_name=profile.display_name if profile else "",
        main_symptoms=list(profile.main_symptoms) if profile else [],
        balance_concerns=profile.balance_concerns if profile else False,
        preferred_time=profile.preferred_time if profile else "any",
        later_check_in=profile.later_check_in if profile else "",
        coach_mode=profile.coach_mode if profile else None,
        foot_check=profile.foot_check if profile else "before",
        safety_acknowledged_at=profile.safety_acknowledged_at if profile else None,
        created_at=profile.created_at if profile else None,
        updated_at=profile.updated_at if profile else None,
    )


def _routine_numbers(user: User) -> dict[int, int]:
    ids = (
        Routine.objects.filter(owner=user).order_by("created_at", "id").values_list("id", flat=True)
    )
    return {pk: number for number, pk in enumerate(ids.iterator(), start=1)}


def _plans_of(user: User) -> QuerySet[DiscoveryPlan]:
    return DiscoveryPlan.objects.filter(routine__owner=user).order_by("started_at", "id")


def _plan_numbers(user: User) -> dict[int, int]:
    ids = _plans_of(user).values_list("id", flat=True)
    return {pk: number for number, pk in enumerate(ids.iterator(), start=1)}


def _session_numbers(user: User) -> dict[int, int]:
    ids = (
        PracticeSession.objects.filter(owner=user)
        .order_by("started_at", "id")
        .values_list("id", flat=True)
    )
    return {pk: number for number, pk in enumerate(ids.iterator(), start=1)}


def _steps_by_parent[S: (RoutineStepData, SessionStepData)](
    steps: QuerySet, parent: str, ids: list[int], fields: Sequence[str], record: type[S]
) -> defaultdict[int, list[S]]:
    """The steps of a chunk of routines or sessions, as records, by parent id."""
    found: defaultdict[int, list[S]] = defaultdict(list)
    for row in steps.filter(**{f"{parent}__in": ids}).values(parent, "exercise__slug", *fields):
        found[row[parent]].append(
            record.model_construct(exercise=row["exercise__slug"], **{f: row[f] for f in fields})
        )
    return found


def _routines(user: User) -> Iterator[RoutineData]:
    rows = Routine.objects.filter(owner=user).order_by("created_at", "id").values()
    number = 0
    for chunk in _chunks(rows):
        steps = _steps_by_parent(
            RoutineStep.objects.order_by("routine_id", "position", "id"),
            "routine_id",
            [r["id"] for r in chunk],
            DOSE_FIELDS,
            RoutineStepData,
        )
        for row in chunk:
            number += 1
            yield RoutineData.model_construct(
                id=f"routine-{number}",
                name=row["name"],
                focus=row["focus"],
                created_at=row["created_at"],
                updated_at=row["updated_at"],
                steps=steps[row["id"]],
            )


def _plans(user: User) -> Iterator[DiscoveryPlanData]:
    routine_numbers = _routine_numbers(user)
    for number, row in enumerate(_plans_of(user).values().iterator(EXPORT_CHUNK), start=1):
        yield DiscoveryPlanData.model_construct(
            id=f"plan-{number}",
            routine=f"routine-{routine_numbers[row['routine_id']]}",
            seed=row["seed"],
            length=row["length"],
            varied=list(row["varied"]),
            restarted_at_index=row["restarted_at_index"],
            started_at=row["started_at"],
            ended_at=row["ended_at"],
        )


def _sessions(user: User) -> Iterator[SessionData]:
    routine_numbers = _routine_numbers(user)
    plan_numbers = _plan_numbers(user)
    rows = PracticeSession.objects.filter(owner=user).order_by("started_at", "id").values()
    number = 0
    # A session brings up to 100 steps: fewer sessions per chunk.
    for chunk in _chunks(rows, size=EXPORT_CHUNK // 5):
        steps = _steps_by_parent(
            SessionStep.objects.order_by("session_id", "position"),
            "session_id",
            [r["id"] for r in chunk],
            SESSION_STEP_VALUES,
            SessionStepData,
        )
        for row in chunk:
            number += 1
            routine = routine_numbers.get(row["routine_id"])
            plan = plan_numbers.get(row["plan_id"])
            yield SessionData.model_construct(
                id=f"session-{number}",
                routine=f"routine-{routine}" if routine else None,
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
                plan=f"plan-{plan}" if plan else None,
                plan_index=row["plan_index"] if plan else None,
                left_out=list(row["left_out"]) if plan else [],
                paused_for_feet=list(row["paused_for_feet"]),
                steps=steps[row["id"]],
            )


def _symptom_logs(user: User) -> Iterator[SymptomLogFields]:
    session_numbers = _session_numbers(user)
    rows = SymptomLog.objects.filter(owner=user).order_by("recorded_at", "id").values()
    for number, row in enumerate(rows.iterator(chunk_size=EXPORT_CHUNK), start=1):
        ratings: dict[str, Any] = {name: row[name] for name in SYMPTOM_FIELDS}  # type: ignore[literal-required]
        session = session_numbers.get(row["session_id"])
        yield SymptomLogData.model_construct(
            id=f"log-{number}",
            recorded_at=row["recorded_at"],
            time_of_day=row["time_of_day"],
            **ratings,
            foot=row["foot"],
            note=row["note"],
            context=row["context"],
            session=f"session-{session}" if session else None,
            idempotency_key=str(row["idempotency_key"]) if row["idempotency_key"] else None,
            created_at=row["created_at"],
            updated_at=row["updated_at"],
        )


def _session_ref(numbers: dict[int, int], session_id: int | None) -> str | None:
    number = numbers.get(session_id) if session_id else None
    return f"session-{number}" if number else None


def _foot_checks(user: User) -> Iterator[FootCheckData]:
    numbers = _session_numbers(user)
    rows = FootCheck.objects.filter(owner=user).order_by("checked_at", "id").values()
    for number, row in enumerate(rows.iterator(chunk_size=EXPORT_CHUNK), start=1):
        yield FootCheckData.model_construct(
            id=f"foot-check-{number}",
            checked_at=row["checked_at"],
            left=list(row["left"]),
            right=list(row["right"]),
            healed_at=row["healed_at"],
            session=_session_ref(numbers, row["session_id"]),
        )


def _touch_tests(user: User) -> Iterator[TouchTestData]:
    numbers = _session_numbers(user)
    rows = TouchTest.objects.filter(owner=user).order_by("taken_at", "id").values()
    for number, row in enumerate(rows.iterator(chunk_size=EXPORT_CHUNK), start=1):
        yield TouchTestData.model_construct(
            id=f"touch-test-{number}",
            taken_at=row["taken_at"],
            session=_session_ref(numbers, row["session_id"]),
            left_touched=list(row["left_touched"]),
            left_named=list(row["left_named"]),
            right_touched=list(row["right_touched"]),
            right_named=list(row["right_named"]),
        )


def _neuropathy_screens(user: User) -> Iterator[NeuropathyScreenData]:
    rows = NeuropathyScreen.objects.filter(owner=user).order_by("taken_at", "id").values()
    for number, row in enumerate(rows.iterator(chunk_size=EXPORT_CHUNK), start=1):
        yield NeuropathyScreenData.model_construct(
            id=f"mnsi-{number}", taken_at=row["taken_at"], answers=list(row["answers"])
        )


def _week_plan(user: User) -> WeekPlanData | None:
    plan = WeekPlan.objects.filter(owner=user).first()
    if plan is None:
        return None
    routine = _routine_numbers(user).get(plan.routine_id) if plan.routine_id else None
    return WeekPlanData.model_construct(
        routine=f"routine-{routine}" if routine else None,
        days=sorted(plan.days),
        first_time=plan.first_time,
        second_time=plan.second_time,
        updated_at=plan.updated_at,
    )


def _reminders(user: User) -> ReminderSettingsData | None:
    reminders = ReminderSettings.objects.filter(owner=user).first()
    if reminders is None:
        return None
    return ReminderSettingsData.model_construct(
        by_email=reminders.by_email,
        by_push=reminders.by_push,
        check_in_reminder=reminders.check_in_reminder,
        minutes_before=reminders.minutes_before,
        updated_at=reminders.updated_at,
    )


def export_data_for(user: User) -> ExportData:
    """Everything `user` owns, with local ids ("routine-1") in place of database ids,
    read lazily: iterating a collection reads it from the database a chunk at a time."""
    return ExportData(
        profile=_profile_data(user),
        routines=_Lazy(lambda: _routines(user), Routine.objects.filter(owner=user).count),
        plans=_Lazy(lambda: _plans(user), _plans_of(user).count),
        sessions=_Lazy(lambda: _sessions(user), PracticeSession.objects.filter(owner=user).count),
        symptom_logs=_Lazy(
            lambda: _symptom_logs(user), SymptomLog.objects.filter(owner=user).count
        ),
        foot_checks=_Lazy(lambda: _foot_checks(user), FootCheck.objects.filter(owner=user).count),
        touch_tests=_Lazy(lambda: _touch_tests(user), TouchTest.objects.filter(owner=user).count),
        neuropathy_screens=_Lazy(
            lambda: _neuropathy_screens(user), NeuropathyScreen.objects.filter(owner=user).count
        ),
        week_plan=_week_plan(user),
        reminders=_reminders(user),
        exported_at=timezone.now(),
    )


def data_counts(user: User) -> dict[str, int]:
    return {
        "routines": Routine.objects.filter(owner=user).count(),
        "plans": _plans_of(user).count(),
        "sessions": PracticeSession.objects.filter(owner=user).count(),
        "symptom_logs": SymptomLog.objects.filter(owner=user).count(),
        "foot_checks": FootCheck.objects.filter(owner=user).count(),
        "touch_tests": TouchTest.objects.filter(owner=user).count(),
        "neuropathy_screens": NeuropathyScreen.objects.filter(owner=user).count(),
    }


def known_exercise_slugs() -> set[str]:
    return set(Exercise.objects.values_list("slug", flat=True))


def import_jobs_for(user: User, limit: int = 5) -> QuerySet[ImportJob]:
    return ImportJob.objects.filter(owner=user).order_by("-created_at", "-id")[:limit]


def running_import_for(user: User) -> ImportJob | None:
    return ImportJob.objects.filter(owner=user, status__in=IN_PROGRESS).first()


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
            ("plans", "“Find out what helps me” plans"),
            ("sessions", "Practice sessions"),
            ("symptom_logs", "Symptom logs"),
            ("foot_checks", "Foot checks"),
            ("touch_tests", "Touch tests"),
            ("neuropathy_screens", "Neuropathy questionnaires"),
        )
    ]
