"""Reads for the exercise library and routines, and a routine's plan with its checks."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from routines import discovery, equipment, planning, progression
from routines.dosing import Dose, format_minutes
from routines.models import (
    DiscoveryPlan,
    Exercise,
    Position,
    Routine,
    RoutineStep,
    Target,
    WeekPlan,
)
from routines.progression import GrowthSuggestion, StepOutcome


def exercise_list(
    *, category: str = "", target: str = "", position: str = ""
) -> QuerySet[Exercise]:
    exercises = Exercise.objects.prefetch_related("targets").select_related("seated_alternative")
    if category:
        exercises = exercises.filter(category=category)
    if target:
        exercises = exercises.filter(targets__code=target)
    if position:
        exercises = exercises.filter(position=position)
    return exercises


def exercise_detail(slug: str) -> Exercise:
    return (
        Exercise.objects.prefetch_related("targets", "standing_versions")
        .select_related("seated_alternative")
        .get(slug=slug)
    )


def all_targets() -> QuerySet[Target]:
    return Target.objects.all()


def starter_library() -> dict[str, planning.ExerciseInfo]:
    """The library as planning needs it, targets included (two queries)."""
    exercises = Exercise.objects.select_related("seated_alternative").prefetch_related("targets")
    return {
        exercise.slug: planning.exercise_info(
            exercise, targets=[target.code for target in exercise.targets.all()]
        )
        for exercise in exercises
    }


@dataclass(frozen=True)
class ThingToGet:
    label: str
    preparation: str
    optional: bool
    used_by: list[str]  # exercise names


@dataclass(frozen=True)
class SwapOffer:
    slug: str
    name: str
    missing: str  # what it needs, e.g. "A light resistance band (or a long towel)"
    replacement_slug: str
    replacement_name: str


@dataclass(frozen=True)
class GetReady:
    things: list[ThingToGet]
    swaps: list[SwapOffer]

    @property
    def to_prepare(self) -> list[ThingToGet]:
        return [thing for thing in self.things if thing.preparation]


def get_ready(slugs: Sequence[str], *, seated_only: bool) -> GetReady:
    """What a session of these exercises needs, each thing once, with how to prepare it,
    and for each exercise that needs something, one that needs nothing instead."""
    library = starter_library()
    steps = [library[slug] for slug in slugs if slug in library]
    things = [
        ThingToGet(
            thing.label,
            thing.preparation,
            thing.optional,
            [library[slug].name for slug in thing.used_by],
        )
        for thing in equipment.get_ready(steps)
        if thing.key not in equipment.TAKEN_AS_GIVEN
    ]
    swaps: list[SwapOffer] = []
    for info in steps:
        missing = equipment.missing_things(info)
        offered = [swap.replacement_slug for swap in swaps]
        instead = equipment.swaps_for(
            info.slug, library, in_routine=[*slugs, *offered], seated_only=seated_only, limit=1
        )
        if missing and instead:
            swaps.append(
                SwapOffer(info.slug, info.name, missing[0], instead[0], library[instead[0]].name)
            )
    return GetReady(things, swaps)


def swap_allowed(
    slug: str, replacement: str, *, in_routine: Sequence[str], seated_only: bool
) -> bool:
    """Whether `replacement` could stand in for `slug`: it needs nothing, is not in the
    routine yet, and adds no balance demand."""
    library = starter_library()
    if slug not in library:
        return False
    return replacement in equipment.swaps_for(
        slug, library, in_routine=in_routine, seated_only=seated_only, limit=len(library)
    )


@dataclass(frozen=True)
class StarterOption:
    key: str
    name: str
    minutes: str  # "about 13 minutes"
    suggested: bool


def starter_options(*, main_symptoms: Sequence[str], balance_concerns: bool) -> list[StarterOption]:
    """Every starter routine this person can create, with its name and length; the one
    made from their own concerns only when the profile names some."""
    library = starter_library()
    suggested = planning.suggested_focus(list(main_symptoms), balance_concerns)
    options = []
    for key, starter in planning.STARTERS.items():
        if (starter.from_profile and not main_symptoms) or (starter.seated and balance_concerns):
            continue  # nothing to make it from; or the same as the general one, seated
        plan = planning.plan_starter(
            key, library, seated_only=balance_concerns, main_symptoms=main_symptoms
        )
        options.append(
            StarterOption(key, plan.name, format_minutes(plan.seconds), key == suggested)
        )
    return options


def routines_for(owner: User) -> QuerySet[Routine]:
    return (
        Routine.objects.filter(owner=owner)
        .prefetch_related(
            Prefetch(
                "steps",
                queryset=RoutineStep.objects.select_related("exercise__seated_alternative"),
            )
        )
        .order_by("name", "id")
    )


def routine_for(owner: User, pk: int) -> Routine:
    """The owner's routine with its steps and exercises; 404 for anyone else."""
    return get_object_or_404(routines_for(owner), pk=pk)


def step_for(owner: User, routine_pk: int, step_pk: int) -> RoutineStep:
    return get_object_or_404(
        RoutineStep.objects.select_related("exercise", "routine"),
        pk=step_pk,
        routine__pk=routine_pk,  # not routine_id: pk lookups treat out-of-range ids as absent
        routine__owner=owner,
    )


@dataclass(frozen=True)
class StepView:
    step: RoutineStep
    dose: Dose
    growth: GrowthSuggestion | None


@dataclass(frozen=True)
class RoutinePlan:
    routine: Routine
    steps: list[StepView]
    duration: planning.DurationCheck
    warm_up: planning.WarmUpCheck
    standing_count: int

    @property
    def warm_up_candidate(self) -> RoutineStep | None:
        index = self.warm_up.candidate_index
        return None if index is None else self.steps[index].step


def routine_plan(
    routine: Routine, *, history: Mapping[int, Sequence[StepOutcome]] | None = None
) -> RoutinePlan:
    """Steps with doses and the duration and warm-up checks; with ``history`` (recent
    outcomes per exercise id, newest first, from the routine's past sessions) also a growth
    suggestion per step. The caller reads the history, since sessions are another layer's."""
    steps = list(routine.steps.all())
    views = []
    for step in steps:
        dose = step.dose
        growth = (
            progression.suggest_growth(dose, history.get(step.exercise_id, [])) if history else None
        )
        views.append(StepView(step, dose, growth))
    return RoutinePlan(
        routine=routine,
        steps=views,
        duration=planning.check_duration([view.dose for view in views]),
        warm_up=planning.check_warm_up([planning.exercise_info(step.exercise) for step in steps]),
        standing_count=sum(1 for step in steps if step.exercise.position == "standing"),
    )


def running_plan(routine: Routine) -> DiscoveryPlan | None:
    return routine.plans.filter(ended_at__isnull=True).first()


def last_plan(routine: Routine) -> DiscoveryPlan | None:
    return routine.plans.first()


def plan_steps(routine: Routine, *, seated_only: bool) -> list[discovery.PlanStep]:
    """The routine's steps as a plan varies them: the opening warm-up is always kept; with
    seated-only on, standing movements are not part of the plan (never done)."""
    steps = []
    for position, step in enumerate(routine.steps.all()):
        if seated_only and step.exercise.position == Position.STANDING:
            continue
        fixed = position == 0 and step.exercise.is_warm_up
        steps.append(discovery.PlanStep(step.exercise.slug, step.exercise.name, step.dose, fixed))
    return steps


def week_plan_for(owner: User) -> WeekPlan | None:
    return WeekPlan.objects.filter(owner=owner).select_related("routine").first()
