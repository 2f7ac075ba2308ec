"""Reads for guided sessions: the active one, recent ones, one with its steps, a summary,
and the step history a routine's growth suggestions are based on."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from accounts.models import Profile
from accounts.symptoms import BURDEN, Symptom
from routines import discovery
from routines import selectors as routine_selectors
from routines.models import DiscoveryPlan, Exercise, Routine
from routines.progression import StepOutcome
from tracking.insights.effects import LIKELY_HELPS, MovementReport
from tracking.insights.movements import movement_effects
from tracking.insights.records import is_meaningful_relief, relief_from
from tracking.models import (
    LogContext,
    PracticeSession,
    SessionStage,
    SessionStep,
    StepFeedback,
    StepStatus,
)
from tracking.progress.selectors import session_records
from tracking.timeofday import later_check_in_window

ACTIVE_STAGES = (SessionStage.BEFORE, SessionStage.STEPS, SessionStage.AFTER)


def active_session(owner: User) -> PracticeSession | None:
    return (
        PracticeSession.objects.filter(owner=owner, stage__in=ACTIVE_STAGES)
        .order_by("-started_at")
        .first()
    )


def recent_sessions(owner: User, limit: int = 5) -> list[PracticeSession]:
    return list(
        PracticeSession.objects.filter(owner=owner, stage=SessionStage.DONE).order_by(
            "-started_at"
        )[:limit]
    )


def session_for(owner: User, pk: int) -> PracticeSession:
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
    """Before/after changes of each symptom rated both times, and what was done."""
    check_ins = {log.context: log for log in session.check_ins.all()}
    before, after = check_ins.get(LogContext.BEFORE), check_ins.get(LogContext.AFTER)
    changes = []
    if before and after:
        for symptom in Symptom:
            b, a = getattr(before, symptom.value), getattr(after, symptom.value)
            if b is None or a is None:
                continue
            changes.append(
                SymptomChange(
                    symptom=symptom.value,
                    label=symptom.label,
                    before=b,
                    after=a,
                    relief=round(relief_from(b, a, symptom.value)),
                    meaningful=is_meaningful_relief(b, a, symptom.value),
                )
            )
    steps = list(session.steps.all())
    minutes = None
    if session.finished_at:
        minutes = max(1, round((session.finished_at - session.started_at).total_seconds() / 60))
    return SessionSummary(
        changes=changes,
        done=sum(1 for s in steps if s.status == StepStatus.DONE),
        skipped=sum(1 for s in steps if s.status == StepStatus.SKIPPED),
        painful=[s.exercise.name for s in steps if s.feedback == StepFeedback.PAINFUL],
        minutes=minutes,
    )


def step_history(routine: Routine) -> dict[int, list[StepOutcome]]:
    """Recent outcomes per exercise id in finished sessions of this routine, newest first:
    what ``routines.selectors.routine_plan`` needs for its growth suggestions."""
    exercise_ids = [step.exercise_id for step in routine.steps.all()]
    rows = (
        SessionStep.objects.filter(
            session__routine=routine,
            session__stage=SessionStage.DONE,
            exercise_id__in=exercise_ids,
        )
        .select_related("exercise")
        .order_by("-session__started_at", "-session_id")[: 10 * max(1, len(exercise_ids))]
    )
    history: dict[int, list[StepOutcome]] = {}
    for row in rows:
        history.setdefault(row.exercise_id, []).append(
            StepOutcome(dose=row.dose, status=row.status, feedback=row.feedback)
        )
    return history


@dataclass(frozen=True)
class PlanOverview:
    """What the routine page says about its "find out what helps me" plan."""

    plan: DiscoveryPlan | None  # the running plan, else the last one, else None
    can_start: bool
    refusal: str  # why a plan cannot start on this routine, for the person
    varied: int  # movements the plan varies
    done: int  # sessions of the plan started so far
    next_left_out: tuple[str, ...]  # names the next session leaves out
    adapted: bool  # the routine changed during the plan
    meter: discovery.Sufficiency | None
    report: MovementReport | None  # the plan's sessions analysed
    helpers: tuple[str, ...]  # names of the movements that likely help
    helper_slugs: tuple[str, ...] = ()

    @property
    def running(self) -> bool:
        return self.plan is not None and self.plan.is_running

    @property
    def finished(self) -> bool:
        return self.plan is not None and not self.plan.is_running

    @property
    def clear(self) -> bool:
        """The evidence is clear already: something likely helps."""
        return bool(self.helpers)


def plan_overview(routine: Routine, *, seated_only: bool) -> PlanOverview:
    steps = routine_selectors.plan_steps(routine, seated_only=seated_only)
    varied = discovery.varied_slugs(steps)
    refusal = ""
    if len(varied) < discovery.MIN_VARIED:
        refusal = (
            f"A plan needs at least {discovery.MIN_VARIED} movements besides the warm-up"
            f"{' (seated ones, as set in your profile)' if seated_only else ''}; this routine "
            f"has {len(varied)}."
        )
    plan = routine_selectors.last_plan(routine)
    if plan is None:
        return PlanOverview(None, not refusal, refusal, len(varied), 0, (), False, None, None, ())

    done = plan.sessions.count()
    next_left_out: tuple[str, ...] = ()
    adapted = plan.restarted_at_index > 0 or (plan.is_running and varied != plan.varied)
    if plan.is_running and not refusal:
        order = varied if varied != plan.varied else plan.varied
        start = done if varied != plan.varied else plan.restarted_at_index
        turn = discovery.planned_session(order, seed=plan.seed, index=done - start)
        next_left_out = tuple(step.name for step in discovery.compose(steps, turn.kept).left_out)
    names = dict(Exercise.objects.values_list("slug", "name"))
    finished = PracticeSession.objects.filter(plan=plan, stage=SessionStage.DONE)
    slug_of = dict(Exercise.objects.values_list("id", "slug"))
    records = session_records(finished, slug_of)
    report = movement_effects(records, BURDEN, names=names)
    analysed = report.n_sessions
    meter = discovery.sufficiency(analysed, len(plan.varied), report.residual_sd)
    helpers = tuple(names.get(e.slug, e.slug) for e in report.effects if e.verdict == LIKELY_HELPS)
    return PlanOverview(
        plan,
        not refusal,
        refusal,
        len(plan.varied),
        done,
        next_left_out,
        adapted,
        meter,
        report,
        helpers,
    )


def later_check_in_due(owner: User, profile: Profile, *, now: datetime) -> PracticeSession | None:
    """The session a later check-in is due for, as the profile asks: the same evening (from
    3 hours after it until 5 the next morning) or the next morning (5 to 14 o'clock)."""
    if not profile.later_check_in:
        return None
    session = (
        PracticeSession.objects.filter(
            owner=owner, stage=SessionStage.DONE, finished_at__gte=now - timedelta(hours=36)
        )
        .exclude(check_ins__context=LogContext.LATER)
        .order_by("-finished_at")
        .first()
    )
    if session is None or session.finished_at is None:
        return None
    start, end = later_check_in_window(session.finished_at, profile.later_check_in)
    return session if start <= now < end else None
