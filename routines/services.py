"""Writes for routines: create, rename, delete, steps and their doses, starter routines."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import time

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from routines import discovery, planning, selectors
from routines.dosing import DOSE_FIELDS
from routines.models import (
    DiscoveryPlan,
    Exercise,
    Routine,
    RoutineFocus,
    RoutineStep,
    WeekPlan,
)


def create_routine(*, owner: User, name: str, focus: str = RoutineFocus.CUSTOM) -> Routine:
    return Routine.objects.create(owner=owner, name=name.strip(), focus=focus)


def rename_routine(*, routine: Routine, name: str) -> Routine:
    routine.name = name.strip()
    routine.save(update_fields=["name", "updated_at"])
    return routine


def delete_routine(*, routine: Routine) -> None:
    routine.delete()


@transaction.atomic
def add_step(*, routine: Routine, exercise: Exercise) -> RoutineStep:
    last = routine.steps.aggregate(last=Max("position"))["last"]
    step = RoutineStep.objects.create(
        routine=routine, exercise=exercise, position=0 if last is None else last + 1
    )
    _touch(routine)
    return step


@dataclass(frozen=True)
class RemovedStep:
    """Enough to put a removed step back where it was, with its dose."""

    routine_id: int
    exercise_id: int
    position: int
    overrides: dict[str, int | None]

    def as_dict(self) -> dict:
        return asdict(self)


@transaction.atomic
def remove_step(*, step: RoutineStep) -> RemovedStep:
    routine = step.routine
    removed = RemovedStep(
        routine_id=routine.pk,
        exercise_id=step.exercise_id,
        position=step.position,
        overrides={field: getattr(step, field) for field in DOSE_FIELDS},
    )
    step.delete()
    _renumber(routine)
    return removed


@transaction.atomic
def restore_step(*, routine: Routine, removed: RemovedStep) -> RoutineStep | None:
    """Undo a removal: the exercise goes back at its old position with its old dose.

    Returns None (and changes nothing) when the removal was from another routine or the
    exercise no longer exists.
    """
    if removed.routine_id != routine.pk:
        return None
    exercise = Exercise.objects.filter(pk=removed.exercise_id).first()
    if exercise is None:
        return None
    steps = list(routine.steps.order_by("position", "id"))
    overrides = {f: removed.overrides.get(f) for f in DOSE_FIELDS}
    step = RoutineStep(routine=routine, exercise=exercise, position=len(steps), **overrides)
    step.save()
    steps.insert(min(max(removed.position, 0), len(steps)), step)
    _save_order(steps)
    _touch(routine)
    return step


@transaction.atomic
def move_step(*, step: RoutineStep, direction: str) -> None:
    """Swap with the neighbour above ("up") or below ("down"); no-op at the ends."""
    steps = list(step.routine.steps.order_by("position", "id"))
    index = next(i for i, s in enumerate(steps) if s.pk == step.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(steps):
        steps[index], steps[other] = steps[other], steps[index]
        _save_order(steps)
    _touch(step.routine)


@transaction.atomic
def move_to_top(*, step: RoutineStep) -> None:
    steps = [s for s in step.routine.steps.order_by("position", "id") if s.pk != step.pk]
    _save_order([step, *steps])
    _touch(step.routine)


def update_step_dose(*, step: RoutineStep, overrides: Mapping[str, int | None]) -> RoutineStep:
    """Set dose overrides; a value equal to the exercise default is stored as None."""
    default = step.exercise.dose
    for field in DOSE_FIELDS:
        value = overrides.get(field)
        default_value = default.sides if field == "sides" else getattr(default, field)
        setattr(step, field, None if value == default_value else value)
    step.save(update_fields=list(DOSE_FIELDS))
    _touch(step.routine)
    return step


def swap_step(*, step: RoutineStep, exercise: Exercise) -> RoutineStep:
    """Put `exercise` in the step's place, at its own usual dose."""
    step.exercise = exercise
    for field in DOSE_FIELDS:
        setattr(step, field, None)
    step.save(update_fields=["exercise", *DOSE_FIELDS])
    _touch(step.routine)
    return step


@transaction.atomic
def create_starter_routine(
    *, owner: User, focus: str, seated_only: bool, main_symptoms: Sequence[str] = ()
) -> Routine:
    """A starter routine built by ``planning.plan_starter``: `focus` is a key of
    ``planning.STARTERS``; "for_you" is made from `main_symptoms`."""
    plan = planning.plan_starter(
        focus, selectors.starter_library(), seated_only=seated_only, main_symptoms=main_symptoms
    )
    exercises = Exercise.objects.in_bulk(plan.slugs, field_name="slug")
    routine = Routine.objects.create(owner=owner, name=plan.name, focus=focus)
    RoutineStep.objects.bulk_create(
        RoutineStep(routine=routine, exercise=exercises[slug], position=index)
        for index, slug in enumerate(plan.slugs)
    )
    return routine


def _renumber(routine: Routine) -> None:
    _save_order(list(routine.steps.order_by("position", "id")))
    _touch(routine)


def _save_order(steps: list[RoutineStep]) -> None:
    for position, step in enumerate(steps):
        step.position = position
    RoutineStep.objects.bulk_update(steps, ["position"])


def _touch(routine: Routine) -> None:
    Routine.objects.filter(pk=routine.pk).update(updated_at=timezone.now())


class PlanRefused(Exception):
    """The routine cannot carry a plan; the message says why, for the person."""


def start_plan(
    *, routine: Routine, steps: Sequence[discovery.PlanStep], length: int = discovery.DEFAULT_LENGTH
) -> DiscoveryPlan:
    """Start a "find out what helps me" plan varying ``steps`` (``selectors.plan_steps``)."""
    varied = discovery.varied_slugs(steps)
    if len(varied) < discovery.MIN_VARIED:
        raise PlanRefused(
            f"A plan needs at least {discovery.MIN_VARIED} movements besides the warm-up to "
            f"leave some out each day; this routine has {len(varied)}. Add a few first."
        )
    with transaction.atomic():
        # Lock the routine: under READ COMMITTED, locking "the running plan" locks nothing
        # while there is none, and two starts at once would both insert one.
        Routine.objects.select_for_update().get(pk=routine.pk)
        existing = DiscoveryPlan.objects.filter(routine=routine, ended_at__isnull=True).first()
        if existing is not None:
            return existing
        return DiscoveryPlan.objects.create(
            routine=routine, seed=secrets.randbelow(2**31), length=length, varied=varied
        )


def end_plan(*, plan: DiscoveryPlan) -> DiscoveryPlan:
    if plan.ended_at is None:
        plan.ended_at = timezone.now()
        plan.save(update_fields=["ended_at"])
    return plan


def adapt_plan(*, plan: DiscoveryPlan, varied: Sequence[str], index: int) -> DiscoveryPlan:
    """The routine changed: vary the new list from session ``index`` on, in fresh blocks."""
    plan.varied = list(varied)
    plan.restarted_at_index = index
    plan.save(update_fields=["varied", "restarted_at_index"])
    return plan


@transaction.atomic
def routine_from(*, owner: User, routine: Routine, name: str, keep: set[str]) -> Routine:
    """A new routine with the opening warm-up of ``routine`` and the steps in ``keep``."""
    new = Routine.objects.create(owner=owner, name=name, focus=RoutineFocus.CUSTOM)
    steps = [
        step
        for position, step in enumerate(routine.steps.select_related("exercise"))
        if step.exercise.slug in keep or (position == 0 and step.exercise.is_warm_up)
    ]
    RoutineStep.objects.bulk_create(
        RoutineStep(
            routine=new,
            exercise=step.exercise,
            position=index,
            **{field: getattr(step, field) for field in DOSE_FIELDS},
        )
        for index, step in enumerate(steps)
    )
    return new


def save_week_plan(
    *,
    owner: User,
    routine: Routine,
    days: Sequence[int],
    first_time: time,
    second_time: time | None,
) -> WeekPlan:
    """Create or replace the person's week plan (one per person)."""
    times = sorted({first_time, *([second_time] if second_time else [])})
    plan, _ = WeekPlan.objects.update_or_create(
        owner=owner,
        defaults={
            "routine": routine,
            "days": sorted(set(days)),
            "first_time": times[0],
            "second_time": times[1] if len(times) > 1 else None,
        },
    )
    return plan


def delete_week_plan(*, owner: User) -> None:
    WeekPlan.objects.filter(owner=owner).delete()
