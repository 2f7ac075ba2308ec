"""Import jobs: stage a checked file, write it a chunk at a time, undo it all on failure.

After validation (``portability.reader``) the records are staged as ``ImportRecord``
rows of an ``ImportJob`` and written in order (profile, routines, plans, sessions, logs and
checks, then the week plan and reminder settings) by ``portability.writer``,
``IMPORT_BATCH_SIZE`` records (and at most ``IMPORT_BATCH_ROWS`` rows) per transaction,
for about ``IMPORT_TIME_BUDGET_SECONDS`` per request. Each batch moves the job's cursor
in the same transaction (row-locked), so it is written exactly once even with two tabs
open. A failed batch, or "Stop and undo", marks the job as being undone at once and then
deletes what it created a chunk per transaction, newest first, restoring the previous
profile, week plan and reminder settings last; the job's page carries on until it is
done. On SQLite every bulk step is followed by a short pause, so other people's writes
are never starved of the lock.
Records the account already has are skipped (README: "Merging").
"""

import json
import logging
import time
from collections.abc import Iterable, Iterator
from itertools import chain, groupby
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from portability.models import IN_PROGRESS, ImportJob, ImportRecord, ImportStatus, RecordKind
from portability.reader import KIND_OF_LIST, CheckedFile, records_of
from portability.schema import (
    RECORD_LIST_KINDS,
    SINGLE_RECORD_KINDS,
    ExportData,
    record_to_dict,
)
from portability.stream import RECORD_LISTS
from portability.writer import UNDONE_MODELS, ImportWriteError, Writer, restore_previous

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


class ImportAlreadyRunning(Exception):
    def __init__(self, job: ImportJob):
        super().__init__(f"Import {job.pk} is still running.")
        self.job = job


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

    # The profile first; the week plan and reminder settings last, after the routines
    # the week plan names.
    if data.profile is not None:
        yield row(0, RecordKind.PROFILE, record_to_dict(data.profile))
    start = 1 if data.profile is not None else 0
    lists_end = (
        start
        + data.record_count
        - sum(getattr(data, key) is not None for key in SINGLE_RECORD_KINDS)
    )
    trailing: list[tuple[str, Any]] = [
        (RecordKind.WEEK_PLAN, data.week_plan),
        (RecordKind.REMINDERS, data.reminders),
    ]
    for position, (kind, record) in enumerate(
        [(kind, record) for kind, record in trailing if record is not None], start=lists_end
    ):
        yield row(position, kind, record_to_dict(record))
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
            for kind, model, owner in UNDONE_MODELS:
                ids = [pk for _, _, of, pk, created in chunk if created and of == kind and pk]
                if ids:
                    model._default_manager.filter(**{owner: job.owner}, pk__in=ids).delete()
            ImportRecord.objects.filter(pk__in=[pk for pk, *_ in chunk]).delete()
            job.cursor = chunk[-1][1]
            job.save(update_fields=["cursor", "updated_at"])
        if deadline is not None and time.monotonic() + WRITE_LOCK_PAUSE_SECONDS >= deadline:
            return job
        _let_others_write()
    _purge_records(job.pk, deadline=deadline)
    return job


def _end_undo(job: ImportJob) -> None:
    restore_previous(job)
    job.status = job.ends_as or ImportStatus.CANCELLED
    job.ends_as = ""
    job.cursor = 0
    job.created_counts = {}
    job.skipped_counts = {}
    job.previous_profile = None
    job.previous_settings = {}
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
    writer = Writer(job)
    for kind, group in groupby(records, key=lambda record: record.kind):
        writer.write(kind, list(group))
    if records:
        job.cursor = records[-1].position + 1
    if job.cursor >= job.total:
        job.status = ImportStatus.DONE
        job.finished_at = timezone.now()
        job.previous_profile = None
        job.previous_settings = {}


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
