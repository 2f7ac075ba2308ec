from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from routines import planning, progression
from routines.dosing import Dose
from routines.models import Exercise, Routine, RoutineStep, Target
from routines.progression import GrowthSuggestion
from tracking import insights
from tracking.models import (
    HIGHER_IS_BETTER,
    SYMPTOM_FIELDS,
    PracticeSession,
    SessionStage,
    SessionStep,
    Symptom,
)

ACTIVE_STAGES = (SessionStage.BEFORE, SessionStage.STEPS, SessionStage.AFTER)


def exercise_list(*, category: str = "", target: str = "", position: str = "") -> QuerySet:
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


def all_targets() -> QuerySet:
    return Target.objects.all()


def routines_for(owner) -> QuerySet:
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


def routine_for(owner, pk: int) -> Routine:
    """The owner's routine with its steps and exercises; 404 for anyone else."""
    return get_object_or_404(routines_for(owner), pk=pk)


def step_for(owner, routine_pk: int, step_pk: int) -> RoutineStep:
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


def routine_plan(routine: Routine, *, with_growth: bool = True) -> RoutinePlan:
    """Steps with doses, growth suggestions and the duration and warm-up checks.

    Lists of routines pass with_growth=False: growth needs a query per routine.
    """
    steps = list(routine.steps.all())
    history = _step_history(routine, [step.exercise_id for step in steps]) if with_growth else {}
    views = []
    for step in steps:
        dose = step.dose
        outcomes = history.get(step.exercise_id, [])
        views.append(StepView(step, dose, progression.suggest_growth(dose, outcomes)))
    return RoutinePlan(
        routine=routine,
        steps=views,
        duration=planning.check_duration([view.dose for view in views]),
        warm_up=planning.check_warm_up([planning.exercise_info(step.exercise) for step in steps]),
        standing_count=sum(1 for step in steps if step.exercise.position == "standing"),
    )


def _step_history(routine: Routine, exercise_ids: list[int]) -> dict[int, list]:
    """Recent outcomes per exercise in finished sessions of this routine, newest first."""
    rows = (
        SessionStep.objects.filter(
            session__routine=routine,
            session__stage=SessionStage.DONE,
            exercise_id__in=exercise_ids,
        )
        .select_related("exercise")
        .order_by("-session__started_at", "-session_id")[: 10 * max(1, len(exercise_ids))]
    )
    history: dict[int, list] = {}
    for row in rows:
        history.setdefault(row.exercise_id, []).append(
            progression.StepOutcome(dose=row.dose, status=row.status, feedback=row.feedback)
        )
    return history


def active_session(owner) -> PracticeSession | None:
    return (
        PracticeSession.objects.filter(owner=owner, stage__in=ACTIVE_STAGES)
        .order_by("-started_at")
        .first()
    )


def recent_sessions(owner, limit: int = 5) -> list[PracticeSession]:
    return list(
        PracticeSession.objects.filter(owner=owner, stage=SessionStage.DONE).order_by(
            "-started_at"
        )[:limit]
    )


def session_for(owner, pk: int) -> PracticeSession:
    return get_object_or_404(
        PracticeSession.objects.select_related("routine").prefetch_related(
            Prefetch("steps", queryset=SessionStep.objects.select_related("exercise")),
            "check_ins",
        ),
        pk=pk,
        owner=owner,
    )


@dataclass(frozen=True)
class SymptomChange:
    symptom: str
    label: str
    before: int
    after: int
    relief: int  # positive = better
    meaningful: bool

    @property
    def size(self) -> int:
        return abs(self.relief)


@dataclass(frozen=True)
class SessionSummary:
    changes: list[SymptomChange]
    done: int
    skipped: int
    painful: list[str]
    minutes: int | None


def session_summary(session: PracticeSession) -> SessionSummary:
    check_ins = {log.context: log for log in session.check_ins.all()}
    before, after = check_ins.get("before"), check_ins.get("after")
    changes = []
    if before and after:
        labels = dict(Symptom.choices)
        for name in SYMPTOM_FIELDS:
            b, a = getattr(before, name), getattr(after, name)
            if b is None or a is None:
                continue
            if name in HIGHER_IS_BETTER:
                meaningful = insights.is_meaningful_change(10 - b, 10 - a)
            else:
                meaningful = insights.is_meaningful_change(b, a)
            changes.append(
                SymptomChange(
                    name,
                    labels[name],
                    b,
                    a,
                    round(insights.relief({name: b}, {name: a}, name)),
                    meaningful,
                )
            )
    steps = list(session.steps.all())
    minutes = None
    if session.finished_at:
        minutes = max(1, round((session.finished_at - session.started_at).total_seconds() / 60))
    return SessionSummary(
        changes=changes,
        done=sum(1 for s in steps if s.status == "done"),
        skipped=sum(1 for s in steps if s.status == "skipped"),
        painful=[s.exercise.name for s in steps if s.feedback == "painful"],
        minutes=minutes,
    )
