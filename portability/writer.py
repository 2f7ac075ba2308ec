"""Writing staged import records to the account, a group of one kind at a time.

``Writer.write`` turns a group of staged records (``ImportRecord``) into rows, skipping
what the account already has (README: "Merging") and linking references to the records
written before (routines before plans, plans before sessions, sessions before logs). The
profile, the week plan and the reminder settings are replaced by the file's; what they
were before is kept on the job (``previous_profile``, ``previous_settings``) so an undo can
put it back (``restore_previous``).
"""

from collections.abc import Iterable, Sequence
from datetime import datetime, time
from typing import Any

from django.contrib.auth.models import User
from django.db import connection
from django.db.models import Field, Model
from django.utils import timezone

from accounts.models import Profile
from portability.models import ImportJob, ImportRecord, RecordKind
from portability.schema import (
    RECORD_LIST_KINDS,
    SINGLE_RECORD_KINDS,
    ProfileData,
    record_from_dict,
    record_to_dict,
)
from routines.dosing import DOSE_FIELDS
from routines.models import DiscoveryPlan, Exercise, Routine, RoutineStep, WeekPlan
from tracking.checks import footcheck, mnsi, touch
from tracking.models import (
    FootCheck,
    NeuropathyScreen,
    PracticeSession,
    PushSubscription,
    ReminderSettings,
    SessionStep,
    SymptomLog,
    TouchTest,
)

# The key of each kind in a job's counts (as in the file).
PLURAL: dict[str, str] = {
    **{kind: key for key, kind in SINGLE_RECORD_KINDS.items()},
    **{kind: key for key, kind in RECORD_LIST_KINDS.items()},
}
# What undo deletes, kind by kind, and how a row names its owner (a session takes its
# steps with it; a plan belongs to its routine's owner).
UNDONE_MODELS: tuple[tuple[str, type[Model], str], ...] = (
    (RecordKind.MNSI, NeuropathyScreen, "owner"),
    (RecordKind.TOUCH_TEST, TouchTest, "owner"),
    (RecordKind.FOOT_CHECK, FootCheck, "owner"),
    (RecordKind.SYMPTOM_LOG, SymptomLog, "owner"),
    (RecordKind.SESSION, PracticeSession, "owner"),
    (RecordKind.PLAN, DiscoveryPlan, "routine__owner"),
    (RecordKind.ROUTINE, Routine, "owner"),
)
WEEK_PLAN_FIELDS = ("routine_id", "days", "first_time", "second_time", "updated_at")
REMINDER_FIELDS = (
    "by_email",
    "by_push",
    "check_in_reminder",
    "minutes_before",
    "active_since",
    "updated_at",
)
NO_DEVICE_NOTE = (
    "Notifications were on in the file, but they go to devices, and none of yours is set up "
    "here yet: turn them on again on each phone or computer."
)


class ImportWriteError(Exception):
    """Something changed between checking the file and writing it."""


def apply_profile(owner: User, data: ProfileData) -> Profile:
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


def update_each(objects: Sequence[Model], field_names: list[str]) -> None:
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


def _snapshot(obj: Model, fields: Sequence[str]) -> dict[str, Any]:
    """The fields of `obj` as JSON values, to put back with ``_put_back``."""

    def plain(value: Any) -> Any:
        return value.isoformat() if isinstance(value, datetime | time) else value

    return {name: plain(getattr(obj, name)) for name in fields}


def _put_back(
    owner: User,
    model: type[WeekPlan] | type[ReminderSettings],
    snapshot: dict[str, Any] | None,
) -> None:
    """Make the owner's one row of `model` what `snapshot` says (None: no row at all)."""
    rows = model._default_manager.filter(owner=owner)
    if snapshot is None:
        rows.delete()
        return
    values = {
        name: model._meta.get_field(name).to_python(value)  # type: ignore[union-attr]
        for name, value in snapshot.items()
    }
    routine_id = values.get("routine_id")
    if routine_id and not Routine.objects.filter(pk=routine_id, owner=owner).exists():
        values["routine_id"] = None  # deleted since
    # update() leaves auto_now alone, so updated_at is put back too.
    if not rows.update(**values):
        model._default_manager.create(owner=owner, **values)


def restore_previous(job: ImportJob) -> None:
    """Put back the profile, week plan and reminder settings the import had replaced."""
    if job.previous_profile is not None:
        apply_profile(job.owner, record_from_dict("profile", job.previous_profile))
    for kind, model in ((RecordKind.WEEK_PLAN, WeekPlan), (RecordKind.REMINDERS, ReminderSettings)):
        if kind in job.previous_settings:
            _put_back(job.owner, model, job.previous_settings[kind])


def _earliest(*moments: datetime | None) -> datetime | None:
    present = [moment for moment in moments if moment is not None]
    return min(present) if present else None


class Writer:
    """Writes groups of staged records of one kind, skipping what the account already has."""

    def __init__(self, job: ImportJob):
        self.job = job
        self.owner = job.owner
        self._exercises: dict[str, int] | None = None

    def write(self, kind: str, records: list[ImportRecord]) -> None:
        items = [(record, record_from_dict(kind, record.data)) for record in records]
        getattr(self, f"_write_{kind}")(items)
        update_each(records, ["object_id", "created"])
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
            record.object_id = apply_profile(self.owner, merged).pk
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
        update_each(routines, ["created_at", "updated_at"])
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
        plans = self.resolve(RecordKind.PLAN, (data.plan for _, data in items))
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
                plan_id=plans.get(data.plan) if data.plan else None,
                plan_index=data.plan_index,
                left_out=list(data.left_out),
                paused_for_feet=list(data.paused_for_feet),
            )
            for _, data in new
        )
        now = timezone.now()
        for session, (record, data) in zip(sessions, new, strict=True):
            session.updated_at = data.updated_at or now
            record.object_id, record.created = session.pk, True
        update_each(sessions, ["updated_at"])
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

    def _write_plan(self, items) -> None:
        """The same plan is the same routine and start. A running plan on a routine that
        runs one of the account's own already is written as ended: the account's keeps
        running (one at a time), and the file's sessions still count."""
        routines = self.resolve(RecordKind.ROUTINE, (data.routine for _, data in items))
        # Lock the routines, as starting a plan does (``routines.services.start_plan``).
        locked = list(Routine.objects.select_for_update().filter(pk__in=set(routines.values())))
        plans_there = DiscoveryPlan.objects.filter(routine__in=locked)
        existing = {
            (routine_id, started_at): pk
            for routine_id, started_at, pk in plans_there.filter(
                started_at__in=[data.started_at for _, data in items]
            ).values_list("routine_id", "started_at", "pk")
        }
        running = set(
            plans_there.filter(ended_at__isnull=True).values_list("routine_id", flat=True)
        )
        now = timezone.now()
        new = []
        for record, data in items:
            routine_id = routines.get(data.routine)
            if routine_id is None:
                raise ImportWriteError(
                    "A plan's routine could not be saved, so nothing was imported."
                )
            record.object_id = existing.get((routine_id, data.started_at))
            if record.object_id is not None:
                continue
            ended_at = data.ended_at
            if ended_at is None and routine_id in running:
                ended_at = now
            elif ended_at is None:
                running.add(routine_id)
            new.append((record, data, routine_id, ended_at))
        plans = DiscoveryPlan.objects.bulk_create(
            DiscoveryPlan(
                routine_id=routine_id,
                seed=data.seed,
                length=data.length,
                varied=list(data.varied),
                restarted_at_index=data.restarted_at_index,
                ended_at=ended_at,
            )
            for _, data, routine_id, ended_at in new
        )
        for plan, (record, data, _, _) in zip(plans, new, strict=True):
            plan.started_at = data.started_at
            record.object_id, record.created = plan.pk, True
        update_each(plans, ["started_at"])

    def _keep_previous(self, kind: str, current: Model | None, fields: Sequence[str]) -> None:
        self.job.previous_settings.setdefault(
            kind, None if current is None else _snapshot(current, fields)
        )

    def _write_week_plan(self, items) -> None:
        for record, data in items:
            current = WeekPlan.objects.filter(owner=self.owner).first()
            self._keep_previous(RecordKind.WEEK_PLAN, current, WEEK_PLAN_FIELDS)
            routines = self.resolve(RecordKind.ROUTINE, [data.routine])
            times = sorted({data.first_time, *([data.second_time] if data.second_time else [])})
            plan, _ = WeekPlan.objects.update_or_create(
                owner=self.owner,
                defaults={
                    "routine_id": routines.get(data.routine) if data.routine else None,
                    "days": sorted(data.days),
                    "first_time": times[0],
                    "second_time": times[1] if len(times) > 1 else None,
                },
            )
            plan.updated_at = data.updated_at or timezone.now()
            update_each([plan], ["updated_at"])
            record.object_id, record.created = plan.pk, True

    def _write_reminders(self, items) -> None:
        """The file's choices; notifications stay on only if this account has a device
        for them here, and reminders already due are not sent (``active_since``)."""
        for record, data in items:
            current = ReminderSettings.objects.filter(owner=self.owner).first()
            self._keep_previous(RecordKind.REMINDERS, current, REMINDER_FIELDS)
            has_device = PushSubscription.objects.filter(owner=self.owner).exists()
            if data.by_push and not has_device:
                self.job.message = NO_DEVICE_NOTE
            reminders = current or ReminderSettings(owner=self.owner)
            by_push = data.by_push and has_device
            now = timezone.now()
            if (
                current is None
                or (data.by_email and not current.by_email)
                or (by_push and not current.by_push)
            ):
                reminders.active_since = now
            reminders.by_email = data.by_email
            reminders.by_push = by_push
            reminders.check_in_reminder = data.check_in_reminder
            reminders.minutes_before = data.minutes_before
            reminders.save()
            reminders.updated_at = data.updated_at or now
            update_each([reminders], ["updated_at"])
            record.object_id, record.created = reminders.pk, True

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
        update_each(logs, ["created_at", "updated_at"])

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
