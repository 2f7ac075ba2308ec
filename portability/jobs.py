"""Import jobs: stage a checked file, write it a chunk at a time, undo it all on failure.

After validation (``portability.reader``) the records are staged as ``ImportRecord``
rows of an ``ImportJob`` and written in order (profile, routines, sessions, logs),
``IMPORT_BATCH_SIZE`` records (and at most ``IMPORT_BATCH_ROWS`` rows) per transaction,
for about ``IMPORT_TIME_BUDGET_SECONDS`` per request. Each batch moves the job's cursor
in the same transaction (row-locked), so it is written exactly once even with two tabs
open. A failed batch, or "Stop and undo", marks the job as being undone at once and then
deletes what it created a chunk per transaction, newest first, restoring the previous
profile last; the job's page carries on until it is done. On SQLite every bulk step is
followed by a short pause, so other people's writes are never starved of the lock.
Records the account already has are skipped (README: "Merging").
"""

import json
import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from itertools import chain, groupby
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, connection, transaction
from django.db.models import Field, Model
from django.utils import timezone

from accounts.models import Profile
from portability.models import IN_PROGRESS, ImportJob, ImportRecord, ImportStatus, RecordKind
from portability.reader import KIND_OF_LIST, CheckedFile, records_of
from portability.schema import (
    RECORD_LIST_KINDS,
    ExportData,
    ProfileData,
    record_from_dict,
    record_to_dict,
)
from portability.stream import RECORD_LISTS
from routines.dosing import DOSE_FIELDS
from routines.models import Exercise, Routine, RoutineStep
from tracking.checks import footcheck, mnsi, touch
from tracking.models import (
    FootCheck,
    NeuropathyScreen,
    PracticeSession,
    SessionStep,
    SymptomLog,
    TouchTest,
)

IMPORT_BATCH_SIZE = 500
# A batch is also bounded by the rows it writes (a session brings its steps), so no one
# transaction holds the write lock for long.
IMPORT_BATCH_ROWS = 1000
STAGING_CHUNK = 10_000
STAGING_CHUNK_BYTES = 2 * 1024 * 1024
IMPORT_TIME_BUDGET_SECONDS = 0.5
# SQLite has one writer at a time, and a write waiting for the lock retries only every
# 100 ms (SQLite's busy handler): back-to-back bulk transactions would starve it for
# seconds. Bulk work (staging, batches, purging) pauses this long between transactions so
# that another person's waiting write always gets its turn.
WRITE_LOCK_PAUSE_SECONDS = 0.12

logger = logging.getLogger(__name__)

PLURAL: dict[str, str] = {
    RecordKind.PROFILE: "profile",
    **{kind: key for key, kind in RECORD_LIST_KINDS.items()},
}
# What undo deletes, kind by kind (a session takes its steps with it).
UNDONE_MODELS: tuple[tuple[str, type[Model]], ...] = (
    (RecordKind.MNSI, NeuropathyScreen),
    (RecordKind.TOUCH_TEST, TouchTest),
    (RecordKind.FOOT_CHECK, FootCheck),
    (RecordKind.SYMPTOM_LOG, SymptomLog),
    (RecordKind.SESSION, PracticeSession),
    (RecordKind.ROUTINE, Routine),
)


class ImportAlreadyRunning(Exception):
    def __init__(self, job: ImportJob):
        super().__init__(f"Import {job.pk} is still running.")
        self.job = job


class ImportWriteError(Exception):
    """Something changed between checking the file and writing it."""


def _let_others_write() -> None:
    """Between two bulk transactions, leave the SQLite write lock free for a moment (not
    needed on PostgreSQL, whose row locks never block another account's writes)."""
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        time.sleep(WRITE_LOCK_PAUSE_SECONDS)


def start_import(*, owner: User, data: ExportData | CheckedFile, filename: str = "") -> ImportJob:
    """Stage a checked file as an ImportJob; `advance_import` then writes it.

    A ``CheckedFile`` is read again a record at a time, so memory stays bounded. Staging is
    one short transaction per ``STAGING_CHUNK`` records (plain INSERTs: a 20 MB file of
    small records is staged in seconds), so a big file never holds the write lock for long.
    Records are placed by kind (profile, routines, sessions, logs) whatever the file's
    order; until a run of them is staged from the job's cursor on, nothing past it is
    written, and "Stop and undo" still works.
    """
    # What earlier imports' last requests had no time left to remove.
    leftovers = ImportJob.objects.filter(owner=owner, records__isnull=False).exclude(
        status__in=IN_PROGRESS
    )
    for finished in leftovers.distinct():
        _purge_records(finished.pk)
    running = ImportJob.objects.filter(owner=owner, status__in=IN_PROGRESS).first()
    if running:
        raise ImportAlreadyRunning(running)
    try:
        with transaction.atomic():
            job = ImportJob.objects.create(
                owner=owner,
                filename=filename.replace("\x00", "")[:255],
                total=data.record_count,
            )
    except IntegrityError:
        # Lost the race with an upload sent at the same moment (one_running_import_per_account).
        winner = ImportJob.objects.filter(owner=owner, status__in=IN_PROGRESS).first()
        if winner is None:
            raise
        raise ImportAlreadyRunning(winner) from None
    try:
        _stage(job, _staged_rows(data))
    except Exception:
        logger.exception("Staging import %s failed", job.pk)
        return undo_import(
            job=job,
            status=ImportStatus.FAILED,
            message="Something went wrong while saving.",
            time_budget=IMPORT_TIME_BUDGET_SECONDS,
        )
    return job


StagedRow = tuple[int, str, str, str]  # position, kind, local id, the record as JSON


def _staged_rows(data: ExportData | CheckedFile) -> Iterator[StagedRow]:
    def row(position: int, kind: str, record: dict) -> StagedRow:
        return position, kind, record.get("id") or "", json.dumps(record, separators=(",", ":"))

    if data.profile is not None:
        yield row(0, RecordKind.PROFILE, record_to_dict(data.profile))
    start = 1 if data.profile is not None else 0
    if isinstance(data, ExportData):
        # Lazily, record by record: the data may come straight from another account's rows.
        records: Iterator[tuple[str, Any]] = chain.from_iterable(
            ((kind, record) for record in getattr(data, key))
            for key, kind in RECORD_LIST_KINDS.items()
        )
        for position, (kind, record) in enumerate(records, start=start):
            yield row(position, kind, record_to_dict(record))
        return
    offsets: dict[str, int] = {}
    for key in RECORD_LISTS:
        offsets[KIND_OF_LIST[key]] = start
        start += data.counts[key]
    for kind, index, raw in records_of(data):
        yield row(offsets[kind] + index, kind, raw)


def _stage(job: ImportJob, rows: Iterable[StagedRow]) -> None:
    table = ImportRecord._meta.db_table
    as_json = "%s::jsonb" if connection.vendor == "postgresql" else "%s"
    sql = (
        f"INSERT INTO {table} (job_id, position, kind, local_id, data, created) "
        f"VALUES (%s, %s, %s, %s, {as_json}, %s)"
    )
    chunk: list[tuple[int | str | bool, ...]] = []
    chunk_bytes = 0

    def flush() -> None:
        nonlocal chunk_bytes
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(sql, chunk)
        chunk.clear()
        chunk_bytes = 0

    for position, kind, local_id, data in rows:
        if chunk and chunk_bytes + len(data) > STAGING_CHUNK_BYTES:
            flush()
            _let_others_write()
        chunk.append((job.pk, position, kind, local_id, data, False))
        chunk_bytes += len(data)
        if len(chunk) >= STAGING_CHUNK:
            flush()
            _let_others_write()
    if chunk:
        flush()


def advance_import(
    *,
    job: ImportJob,
    time_budget: float | None = None,
    batch_size: int | None = None,
) -> ImportJob:
    """Write batches of a running job for about `time_budget` seconds (at least one batch).

    Each batch is one transaction that also moves the job's cursor, so a batch is
    written exactly once even if two requests advance the same job. If a batch
    fails, everything the job had written is removed again (see `undo_import`).
    """
    if time_budget is None:
        time_budget = IMPORT_TIME_BUDGET_SECONDS
    batch_size = batch_size or IMPORT_BATCH_SIZE
    deadline = time.monotonic() + time_budget
    while True:
        if job.is_undoing:
            return _continue_undo(job, deadline)
        job = _write_batch(job.pk, batch_size)
        if job.status == ImportStatus.DONE:
            _purge_records(job.pk, deadline=deadline)
        if not job.is_running or time.monotonic() + WRITE_LOCK_PAUSE_SECONDS >= deadline:
            return job
        _let_others_write()


def purge_staged(*, job: ImportJob, time_budget: float | None = None) -> None:
    """Remove what a finished job staged (what its last request had no time left for)."""
    if job.is_running or not job.records.exists():
        return
    if time_budget is None:
        time_budget = IMPORT_TIME_BUDGET_SECONDS
    _purge_records(job.pk, deadline=time.monotonic() + time_budget)


def import_now(*, owner: User, data: ExportData | CheckedFile, filename: str = "") -> ImportJob:
    """Stage and write a whole file in one transaction (management command)."""
    with transaction.atomic():
        job = start_import(owner=owner, data=data, filename=filename)
        while job.status == ImportStatus.RUNNING:
            job = ImportJob.objects.get(pk=job.pk)
            _write_batch_unguarded(job, IMPORT_BATCH_SIZE)
            job.save()
        job = _continue_undo(job, deadline=None)  # if staging failed
        _purge_records(job.pk)
    return job


def cancel_import(*, job: ImportJob) -> ImportJob:
    return undo_import(
        job=job,
        status=ImportStatus.CANCELLED,
        message="You stopped the import.",
        time_budget=IMPORT_TIME_BUDGET_SECONDS,
    )


UNDO_CHUNK = 500


def undo_import(
    *, job: ImportJob, status: str, message: str, time_budget: float | None = None
) -> ImportJob:
    """Begin removing everything a running job has written, and carry on for about
    `time_budget` seconds (without one, to the end); its page carries on from there.

    The job is marked as being undone at once, so no more of it is written. Then
    ``UNDO_CHUNK`` records at a time, newest first, one short transaction each: their
    rows are deleted (a session with its steps), and the job's cursor moves back. The last
    step restores the previous profile and ends the job as `status`.
    """
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.status == ImportStatus.RUNNING:
            job.status, job.ends_as, job.message = ImportStatus.UNDOING, status, message
            job.save(update_fields=["status", "ends_as", "message", "updated_at"])
    deadline = None if time_budget is None else time.monotonic() + time_budget
    return _continue_undo(job, deadline)


def _continue_undo(job: ImportJob, deadline: float | None) -> ImportJob:
    while True:
        with transaction.atomic():
            job = ImportJob.objects.select_for_update().get(pk=job.pk)
            if not job.is_undoing:
                return job
            chunk = list(
                job.records.filter(position__lt=job.cursor)
                .order_by("-position")
                .values_list("pk", "position", "kind", "object_id", "created")[:UNDO_CHUNK]
            )
            if not chunk:
                _end_undo(job)
                break
            for kind, model in UNDONE_MODELS:
                ids = [pk for _, _, of, pk, created in chunk if created and of == kind and pk]
                if ids:
                    model._default_manager.filter(owner=job.owner, pk__in=ids).delete()
            ImportRecord.objects.filter(pk__in=[pk for pk, *_ in chunk]).delete()
            job.cursor = chunk[-1][1]
            job.save(update_fields=["cursor", "updated_at"])
        if deadline is not None and time.monotonic() + WRITE_LOCK_PAUSE_SECONDS >= deadline:
            return job
        _let_others_write()
    _purge_records(job.pk, deadline=deadline)
    return job


def _end_undo(job: ImportJob) -> None:
    if job.previous_profile is not None:
        _apply_profile(job.owner, record_from_dict("profile", job.previous_profile))
    job.status = job.ends_as or ImportStatus.CANCELLED
    job.ends_as = ""
    job.cursor = 0
    job.created_counts = {}
    job.skipped_counts = {}
    job.previous_profile = None
    job.finished_at = timezone.now()
    job.save()


def _write_batch(job_pk: int, batch_size: int) -> ImportJob:
    try:
        with transaction.atomic():
            job = ImportJob.objects.select_for_update().get(pk=job_pk)
            if job.status == ImportStatus.RUNNING:
                _write_batch_unguarded(job, batch_size)
                job.save()
        return job
    except Exception as problem:
        # Never leave half an import behind, whatever went wrong.
        logger.exception("Import %s failed", job_pk)
        reason = (
            str(problem)
            if isinstance(problem, ImportWriteError)
            else "Something went wrong while saving."
        )
        failed = ImportJob.objects.filter(pk=job_pk).first()
        if failed is None:
            # The account (and its job) was deleted while importing: nothing left to undo.
            raise ImportJob.DoesNotExist(f"Import {job_pk} no longer exists") from None
        return undo_import(
            job=failed,
            status=ImportStatus.FAILED,
            message=reason,
            time_budget=IMPORT_TIME_BUDGET_SECONDS,
        )


def _rows(record: ImportRecord) -> int:
    """Rows a staged record writes: itself and its steps."""
    steps = record.data.get("steps") if isinstance(record.data, dict) else None
    return 1 + (len(steps) if isinstance(steps, list) else 0)


def _sized_by_work(records: list[ImportRecord]) -> list[ImportRecord]:
    """The longest prefix writing at most ``IMPORT_BATCH_ROWS`` rows (at least one record)."""
    total = 0
    for count, record in enumerate(records):
        total += _rows(record)
        if total > IMPORT_BATCH_ROWS and count:
            return records[:count]
    return records


def _staged_run(records: list[ImportRecord], cursor: int) -> list[ImportRecord]:
    """The records from `cursor` on without a gap: while a file is still being staged (out
    of order), nothing past a record not yet staged is written."""
    run = []
    for expected, record in enumerate(records, start=cursor):
        if record.position != expected:
            break
        run.append(record)
    return run


def _write_batch_unguarded(job: ImportJob, batch_size: int) -> None:
    records = _sized_by_work(
        _staged_run(
            list(job.records.filter(position__gte=job.cursor).order_by("position")[:batch_size]),
            job.cursor,
        )
    )
    writer = _Writer(job)
    for kind, group in groupby(records, key=lambda record: record.kind):
        writer.write(kind, list(group))
    if records:
        job.cursor = records[-1].position + 1
    if job.cursor >= job.total:
        job.status = ImportStatus.DONE
        job.finished_at = timezone.now()
        job.previous_profile = None


PURGE_CHUNK = 20_000


def _purge_records(job_pk: int, deadline: float | None = None) -> None:
    """Remove a finished job's staged records, a short transaction per chunk, until done or
    (after at least one chunk) past `deadline`."""
    while True:
        with transaction.atomic():
            chunk = list(
                ImportRecord.objects.filter(job_id=job_pk).values_list("pk", flat=True)[
                    :PURGE_CHUNK
                ]
            )
            if not chunk:
                return
            ImportRecord.objects.filter(pk__in=chunk).delete()
        if deadline is not None and time.monotonic() + WRITE_LOCK_PAUSE_SECONDS >= deadline:
            return
        _let_others_write()


def _apply_profile(owner: User, data: ProfileData) -> Profile:
    profile, _ = Profile.objects.get_or_create(user=owner)
    Profile.objects.filter(pk=profile.pk).update(
        display_name=data.display_name.strip(),
        main_symptoms=list(data.main_symptoms),
        balance_concerns=data.balance_concerns,
        preferred_time=data.preferred_time,
        later_check_in=data.later_check_in,
        coach_mode=data.coach_mode,
        foot_check=data.foot_check,
        safety_acknowledged_at=data.safety_acknowledged_at,
        created_at=data.created_at or profile.created_at,
        updated_at=data.updated_at or timezone.now(),
    )
    return profile


def _update_each(objects: Sequence[Model], field_names: list[str]) -> None:
    """UPDATE each object's fields by primary key, as one executemany.

    Much faster than bulk_update's CASE expressions for hundreds of rows, and
    it leaves auto_now fields alone, so imported timestamps can be restored.
    """
    if not objects:
        return
    meta = type(objects[0])._meta
    fields = [field for name in field_names if isinstance(field := meta.get_field(name), Field)]
    quote = connection.ops.quote_name
    assert meta.pk is not None
    sql = (
        f"UPDATE {quote(meta.db_table)} SET "
        + ", ".join(f"{quote(str(field.column))} = %s" for field in fields)
        + f" WHERE {quote(str(meta.pk.column))} = %s"
    )
    params = [
        [field.get_db_prep_save(getattr(obj, field.attname), connection) for field in fields]
        + [obj.pk]
        for obj in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _earliest(*moments: datetime | None) -> datetime | None:
    present = [moment for moment in moments if moment is not None]
    return min(present) if present else None


class _Writer:
    """Writes groups of staged records of one kind, skipping what the account already has."""

    def __init__(self, job: ImportJob):
        self.job = job
        self.owner = job.owner
        self._exercises: dict[str, int] | None = None

    def write(self, kind: str, records: list[ImportRecord]) -> None:
        items = [(record, record_from_dict(kind, record.data)) for record in records]
        getattr(self, f"_write_{kind}")(items)
        _update_each(records, ["object_id", "created"])
        created = sum(record.created for record in records)
        key = PLURAL[kind]
        self.job.created_counts[key] = self.job.created_counts.get(key, 0) + created
        skipped = len(records) - created
        if skipped:
            self.job.skipped_counts[key] = self.job.skipped_counts.get(key, 0) + skipped

    def exercise(self, slug: str) -> int:
        if self._exercises is None:
            self._exercises = dict(Exercise.objects.values_list("slug", "pk"))
        try:
            return self._exercises[slug]
        except KeyError:
            raise ImportWriteError(
                f"The exercise “{slug}” is no longer in the library, so nothing was imported."
            ) from None

    def resolve(self, kind: str, local_ids: Iterable[str | None]) -> dict[str, int]:
        wanted = {local_id for local_id in local_ids if local_id}
        if not wanted:
            return {}
        return dict(
            ImportRecord.objects.filter(  # type: ignore[arg-type]
                job=self.job, kind=kind, local_id__in=wanted, object_id__isnull=False
            ).values_list("local_id", "object_id")
        )

    def _write_profile(self, items) -> None:
        for record, data in items:
            current, _ = Profile.objects.get_or_create(user=self.owner)
            self.job.previous_profile = record_to_dict(
                ProfileData.model_construct(
                    display_name=current.display_name,
                    main_symptoms=list(current.main_symptoms),
                    balance_concerns=current.balance_concerns,
                    preferred_time=current.preferred_time,
                    later_check_in=current.later_check_in,
                    coach_mode=current.coach_mode,
                    foot_check=current.foot_check,
                    safety_acknowledged_at=current.safety_acknowledged_at,
                    created_at=current.created_at,
                    updated_at=current.updated_at,
                )
            )
            merged = data.model_copy(
                update={
                    "safety_acknowledged_at": _earliest(
                        data.safety_acknowledged_at, current.safety_acknowledged_at
                    ),
                    "created_at": _earliest(data.created_at, current.created_at),
                }
            )
            record.object_id = _apply_profile(self.owner, merged).pk
            record.created = True

    def _write_routine(self, items) -> None:
        stamps = [data.created_at for _, data in items if data.created_at]
        existing = {
            (name, created_at): pk
            for name, created_at, pk in Routine.objects.filter(
                owner=self.owner, created_at__in=stamps
            ).values_list("name", "created_at", "pk")
        }
        new = []
        for record, data in items:
            record.object_id = existing.get((data.name, data.created_at))
            if record.object_id is None:
                new.append((record, data))
        now = timezone.now()
        routines = Routine.objects.bulk_create(
            Routine(owner=self.owner, name=data.name, focus=data.focus) for _, data in new
        )
        for routine, (record, data) in zip(routines, new, strict=True):
            routine.created_at = data.created_at or now
            routine.updated_at = data.updated_at or now
            record.object_id, record.created = routine.pk, True
        _update_each(routines, ["created_at", "updated_at"])
        RoutineStep.objects.bulk_create(
            RoutineStep(
                routine=routine,
                exercise_id=self.exercise(step.exercise),
                position=position,
                **{name: getattr(step, name) for name in DOSE_FIELDS},
            )
            for routine, (_, data) in zip(routines, new, strict=True)
            for position, step in enumerate(data.steps)
        )

    def _write_session(self, items) -> None:
        keys = [data.start_key for _, data in items if data.start_key]
        by_key = {
            str(key): pk
            for key, pk in PracticeSession.objects.filter(
                owner=self.owner, start_key__in=keys
            ).values_list("start_key", "pk")
        }
        by_start = {
            (started_at, name): pk
            for started_at, name, pk in PracticeSession.objects.filter(
                owner=self.owner, started_at__in=[data.started_at for _, data in items]
            ).values_list("started_at", "routine_name", "pk")
        }
        routines = self.resolve(RecordKind.ROUTINE, (data.routine for _, data in items))
        new = []
        for record, data in items:
            record.object_id = by_key.get(data.start_key) or by_start.get(
                (data.started_at, data.routine_name)
            )
            if record.object_id is None:
                new.append((record, data))
        sessions = PracticeSession.objects.bulk_create(
            PracticeSession(
                owner=self.owner,
                routine_id=routines.get(data.routine),
                routine_name=data.routine_name,
                status=data.status,
                stage=data.stage,
                current_index=data.current_index,
                started_at=data.started_at,
                finished_at=data.finished_at,
                time_of_day=data.time_of_day,
                stop_reason=data.stop_reason,
                start_key=data.start_key,
            )
            for _, data in new
        )
        now = timezone.now()
        for session, (record, data) in zip(sessions, new, strict=True):
            session.updated_at = data.updated_at or now
            record.object_id, record.created = session.pk, True
        _update_each(sessions, ["updated_at"])
        SessionStep.objects.bulk_create(
            SessionStep(
                session=session,
                exercise_id=self.exercise(step.exercise),
                position=position,
                dose_kind=step.dose_kind,
                reps=step.reps,
                sets=step.sets,
                hold_seconds=step.hold_seconds,
                duration_seconds=step.duration_seconds,
                sides=step.sides,
                status=step.status,
                feedback=step.feedback,
                completed_at=step.completed_at,
            )
            for session, (_, data) in zip(sessions, new, strict=True)
            for position, step in enumerate(data.steps)
        )

    def _write_symptom_log(self, items) -> None:
        keys = [data.idempotency_key for _, data in items if data.idempotency_key]
        by_key = {
            str(key): pk
            for key, pk in SymptomLog.objects.filter(
                owner=self.owner, idempotency_key__in=keys
            ).values_list("idempotency_key", "pk")
        }
        by_time = {
            (recorded_at, created_at): pk
            for recorded_at, created_at, pk in SymptomLog.objects.filter(
                owner=self.owner, recorded_at__in=[data.recorded_at for _, data in items]
            ).values_list("recorded_at", "created_at", "pk")
        }
        sessions = self.resolve(RecordKind.SESSION, (data.session for _, data in items))
        check_ins = {
            (session_id, context): pk
            for session_id, context, pk in SymptomLog.objects.filter(
                session_id__in=set(sessions.values())
            ).values_list("session_id", "context", "pk")
        }
        new = []
        for record, data in items:
            session_id = sessions.get(data.session)
            record.object_id = (
                by_key.get(data.idempotency_key)
                or (data.created_at and by_time.get((data.recorded_at, data.created_at)))
                or (session_id and check_ins.get((session_id, data.context)))
                or None
            )
            if record.object_id is None:
                new.append((record, data, session_id))
        logs = SymptomLog.objects.bulk_create(
            SymptomLog(
                owner=self.owner,
                recorded_at=data.recorded_at,
                time_of_day=data.time_of_day,
                foot=data.foot,
                note=data.note.strip(),
                context=data.context,
                session_id=session_id,
                idempotency_key=data.idempotency_key,
                **data.ratings,
            )
            for _, data, session_id in new
        )
        now = timezone.now()
        for log, (record, data, _) in zip(logs, new, strict=True):
            log.created_at = data.created_at or now
            log.updated_at = data.updated_at or now
            record.object_id, record.created = log.pk, True
        _update_each(logs, ["created_at", "updated_at"])

    def _new(self, model: type[Model], items, stamp: str) -> list[tuple[ImportRecord, Any]]:
        """The items the account does not have yet: the same record is the same moment
        (checked_at, taken_at); those already there are linked, not written again."""
        existing = dict(
            model._default_manager.filter(
                owner=self.owner, **{f"{stamp}__in": [getattr(data, stamp) for _, data in items]}
            ).values_list(stamp, "pk")
        )
        new = []
        for record, data in items:
            record.object_id = existing.get(getattr(data, stamp))
            if record.object_id is None:
                new.append((record, data))
        return new

    def _created(self, objects: Sequence[Model], new: list[tuple[ImportRecord, Any]]) -> None:
        for obj, (record, _) in zip(objects, new, strict=True):
            record.object_id, record.created = obj.pk, True

    def _write_foot_check(self, items) -> None:
        new = self._new(FootCheck, items, "checked_at")
        sessions = self.resolve(RecordKind.SESSION, (data.session for _, data in new))
        checks = FootCheck.objects.bulk_create(
            FootCheck(
                owner=self.owner,
                checked_at=data.checked_at,
                left=list(data.left),
                right=list(data.right),
                urgent=footcheck.assess({"left": data.left, "right": data.right}).urgent,
                healed_at=data.healed_at,
                session_id=sessions.get(data.session),
            )
            for _, data in new
        )
        self._created(checks, new)

    def _write_touch_test(self, items) -> None:
        new = self._new(TouchTest, items, "taken_at")
        sessions = self.resolve(RecordKind.SESSION, (data.session for _, data in new))

        def correct(touched: list[str], named: list[str]) -> int | None:
            return touch.foot_score("", touched, named).correct if touched else None

        tests = TouchTest.objects.bulk_create(
            TouchTest(
                owner=self.owner,
                taken_at=data.taken_at,
                session_id=sessions.get(data.session),
                left_touched=list(data.left_touched),
                left_named=list(data.left_named),
                right_touched=list(data.right_touched),
                right_named=list(data.right_named),
                left_correct=correct(data.left_touched, data.left_named),
                right_correct=correct(data.right_touched, data.right_named),
            )
            for _, data in new
        )
        self._created(tests, new)

    def _write_mnsi(self, items) -> None:
        new = self._new(NeuropathyScreen, items, "taken_at")
        screens = NeuropathyScreen.objects.bulk_create(
            NeuropathyScreen(
                owner=self.owner,
                taken_at=data.taken_at,
                answers=list(data.answers),
                points=mnsi.score(data.answers).points,
            )
            for _, data in new
        )
        self._created(screens, new)
