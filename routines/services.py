"""Writes for routines: create, rename, delete, steps and their doses, starter routines."""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from routines import planning
from routines.dosing import DOSE_FIELDS
from routines.models import Exercise, Routine, RoutineFocus, RoutineStep


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


@transaction.atomic
def remove_step(*, step: RoutineStep) -> None:
    routine = step.routine
    step.delete()
    _renumber(routine)


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


@transaction.atomic
def create_starter_routine(*, owner: User, focus: str, seated_only: bool) -> Routine:
    exercises = {e.slug: e for e in Exercise.objects.select_related("seated_alternative")}
    library = {slug: planning.exercise_info(exercise) for slug, exercise in exercises.items()}
    plan = planning.starter_plan(focus, library, seated_only=seated_only or focus == "balance")
    name = planning.starter_name(focus)
    routine = Routine.objects.create(owner=owner, name=name, focus=focus)
    RoutineStep.objects.bulk_create(
        RoutineStep(routine=routine, exercise=exercises[slug], position=index)
        for index, slug in enumerate(plan)
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
