"""The routine pages: the list, one routine with its builder, Start and growth suggestions.

They show a routine together with its sessions (the "carry on" link, Start, growth from
past sessions), so they live here, above ``routines``, which holds the routine data and
rules (models, services, selectors, forms, planning) these views call.
"""

import uuid

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from neuroapp.http import partial_or_page
from routines import selectors as routine_selectors
from routines import services
from routines.dosing import DOSE_FIELDS
from routines.forms import (
    AddStepForm,
    MoveStepForm,
    RoutineNameForm,
    StarterRoutineForm,
    StepDoseForm,
)
from routines.models import Routine
from routines.selectors import RoutinePlan
from tracking.checks import selectors as check_selectors
from tracking.sessions import selectors as session_selectors
from tracking.sessions.forms import StartSessionForm


def _plan_with_growth(routine: Routine) -> RoutinePlan:
    return routine_selectors.routine_plan(routine, history=session_selectors.step_history(routine))


def _seated_only(request) -> bool:
    return request.profile.balance_concerns


@require_safe
def routine_list(request):
    return _render_routine_list(request, RoutineNameForm(), status=200)


def _render_routine_list(request, name_form, status):
    profile = request.profile
    context = {
        "routines": [
            routine_selectors.routine_plan(routine)
            for routine in routine_selectors.routines_for(request.user)
        ],
        "name_form": name_form,
        "starters": routine_selectors.starter_options(
            main_symptoms=profile.main_symptoms, balance_concerns=profile.balance_concerns
        ),
        "active_session": session_selectors.active_session(request.user),
    }
    return render(request, "routines/routine_list.html", context, status=status)


@require_POST
def routine_create(request):
    form = RoutineNameForm(request.POST)
    if not form.is_valid():
        return _render_routine_list(request, form, status=400)
    routine = services.create_routine(owner=request.user, name=form.cleaned_data["name"])
    messages.success(request, f"“{routine.name}” created. Now add exercises, warm-up first.")
    return redirect(routine)


@require_POST
def routine_create_starter(request):
    form = StarterRoutineForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose one of the starter routines listed.")
        return _render_routine_list(request, RoutineNameForm(), status=400)
    routine = services.create_starter_routine(
        owner=request.user,
        focus=form.cleaned_data["focus"],
        seated_only=_seated_only(request),
        main_symptoms=request.profile.main_symptoms,
    )
    messages.success(request, f"“{routine.name}” is ready. Adjust it to suit you.")
    return redirect(routine)


@require_safe
def routine_detail(request, pk):
    routine = routine_selectors.routine_for(request.user, pk)
    return render_routine_detail(request, routine)


def _removed_here(request, routine) -> dict | None:
    """The step just removed from this routine, if any: the page offers to undo it."""
    removed = request.session.get(REMOVED_STEP)
    if isinstance(removed, dict) and removed.get("routine_id") == routine.pk:
        return removed
    return None


def render_routine_detail(request, routine, *, add_form=None, rename_form=None, status=200):
    plan = _plan_with_growth(routine)
    foot_status = check_selectors.foot_status(request.user)
    context = {
        "foot_status": foot_status,
        "paused_here": [
            view.step.exercise.name
            for view in plan.steps
            if foot_status.paused and view.step.exercise.barefoot_or_textured
        ],
        "plan": plan,
        "add_form": add_form or AddStepForm(seated_only=_seated_only(request)),
        "rename_form": rename_form or RoutineNameForm(initial={"name": routine.name}),
        "start_form": StartSessionForm(initial={"start_key": uuid.uuid4()}),
        "seated_only": _seated_only(request),
        "discovery": session_selectors.plan_overview(routine, seated_only=_seated_only(request)),
        "removed_step": _removed_here(request, routine),
        "get_ready": routine_selectors.get_ready(
            [view.step.exercise.slug for view in plan.steps], seated_only=_seated_only(request)
        ),
    }
    template = partial_or_page(request, "routines/routine_detail.html", "steps")
    return render(request, template, context, status=status)


@require_POST
def routine_rename(request, pk):
    routine = routine_selectors.routine_for(request.user, pk)
    form = RoutineNameForm(request.POST)
    if not form.is_valid():
        return render_routine_detail(request, routine, rename_form=form, status=400)
    services.rename_routine(routine=routine, name=form.cleaned_data["name"])
    messages.success(request, "Routine renamed.")
    return redirect(routine)


@require_http_methods(["GET", "HEAD", "POST"])
def routine_delete(request, pk):
    routine = routine_selectors.routine_for(request.user, pk)
    if request.method == "POST":
        name = routine.name
        services.delete_routine(routine=routine)
        messages.success(request, f"“{name}” deleted. Your past sessions and logs are kept.")
        return redirect("tracking:routine_list")
    return render(request, "routines/routine_delete.html", {"routine": routine})


@require_POST
def step_add(request, pk):
    routine = routine_selectors.routine_for(request.user, pk)
    form = AddStepForm(request.POST, seated_only=_seated_only(request))
    if not form.is_valid():
        return render_routine_detail(request, routine, add_form=form, status=400)
    services.add_step(routine=routine, exercise=form.cleaned_data["exercise"])
    return _after_step_change(request, routine.pk)


@require_POST
def step_swap(request, pk):
    """Put a movement that needs nothing in the place of one whose things are missing."""
    routine = routine_selectors.routine_for(request.user, pk)
    slug, replacement = request.POST.get("exercise", ""), request.POST.get("replacement", "")
    slugs = [step.exercise.slug for step in routine.steps.select_related("exercise")]
    step = routine.steps.filter(exercise__slug=slug).first()
    if step is None or not routine_selectors.swap_allowed(
        slug, replacement, in_routine=slugs, seated_only=_seated_only(request)
    ):
        messages.error(request, "That swap is no longer on offer: the routine has changed.")
        return render_routine_detail(request, routine, status=400)
    old_name = step.exercise.name
    step = services.swap_step(step=step, exercise=routine_selectors.exercise_detail(replacement))
    messages.success(request, f"{step.exercise.name} is in the place of {old_name.lower()}.")
    return _after_step_change(request, pk)


@require_POST
def step_move(request, pk, step_pk):
    step = routine_selectors.step_for(request.user, pk, step_pk)
    form = MoveStepForm(request.POST)
    if form.is_valid():
        if form.cleaned_data["direction"] == "top":
            services.move_to_top(step=step)
        else:
            services.move_step(step=step, direction=form.cleaned_data["direction"])
    else:
        messages.error(request, "Choose to move the step up or down.")
    return _after_step_change(request, pk, status=200 if form.is_valid() else 400)


REMOVED_STEP = "removed_step"


@require_POST
def step_remove(request, pk, step_pk):
    """Remove at once, and keep what was removed so the next page can offer Undo."""
    step = routine_selectors.step_for(request.user, pk, step_pk)
    name = step.exercise.name
    removed = services.remove_step(step=step)
    request.session[REMOVED_STEP] = {**removed.as_dict(), "name": name}
    return _after_step_change(request, pk, keep_undo=True)


@require_POST
def step_undo_remove(request, pk):
    routine = routine_selectors.routine_for(request.user, pk)
    stored = request.session.pop(REMOVED_STEP, None) or {}
    restored = None
    try:
        removed = services.RemovedStep(
            routine_id=int(stored["routine_id"]),
            exercise_id=int(stored["exercise_id"]),
            position=int(stored["position"]),
            overrides=dict(stored["overrides"]),
        )
    except (KeyError, TypeError, ValueError):
        removed = None
    if removed is not None:
        restored = services.restore_step(routine=routine, removed=removed)
    if restored is None:
        messages.info(request, "There is nothing to undo on this routine.")
        return _after_step_change(request, pk, status=400)
    messages.success(request, f"{restored.exercise.name} is back in the routine.")
    return _after_step_change(request, pk)


@require_POST
def step_grow(request, pk, step_pk):
    """Accept the growth suggestion currently shown for a step."""
    step = routine_selectors.step_for(request.user, pk, step_pk)
    plan = _plan_with_growth(step.routine)
    suggestion = next((v.growth for v in plan.steps if v.step.pk == step.pk), None)
    if suggestion is None:
        messages.info(request, "No change suggested for that exercise right now.")
        return _after_step_change(request, pk)
    overrides = {field: getattr(step.dose, field) for field in DOSE_FIELDS}
    overrides[suggestion.field] = suggestion.value
    services.update_step_dose(step=step, overrides=overrides)
    messages.success(request, f"{step.exercise.name}: now {step.dose.describe()}.")
    return _after_step_change(request, pk)


def _after_step_change(request, pk, status=200, *, keep_undo=False):
    if not keep_undo:
        request.session.pop(REMOVED_STEP, None)
    if request.htmx:
        routine = routine_selectors.routine_for(request.user, pk)
        return render_routine_detail(request, routine, status=status)
    return redirect("tracking:routine_detail", pk=pk)


@require_http_methods(["GET", "HEAD", "POST"])
def step_dose(request, pk, step_pk):
    step = routine_selectors.step_for(request.user, pk, step_pk)
    form = StepDoseForm(
        request.POST if request.method == "POST" else None, exercise=step.exercise, dose=step.dose
    )
    if request.method == "POST" and form.is_valid():
        services.update_step_dose(step=step, overrides=form.overrides())
        messages.success(request, f"{step.exercise.name}: {step.dose.describe()}.")
        return redirect("tracking:routine_detail", pk=pk)
    return render(
        request,
        "routines/step_dose.html",
        {"step": step, "form": form, "default_dose": step.exercise.dose},
        status=400 if form.errors else 200,
    )


# --- "Find out what helps me" plans ---


@require_POST
def plan_start(request, pk):
    routine = routine_selectors.routine_for(request.user, pk)
    steps = routine_selectors.plan_steps(routine, seated_only=_seated_only(request))
    try:
        services.start_plan(routine=routine, steps=steps)
    except services.PlanRefused as refusal:
        messages.error(request, str(refusal))
        return render_routine_detail(request, routine, status=400)
    messages.success(
        request,
        "Your plan has started. Each session now leaves out some movements, so that days "
        "with and without each one can be compared.",
    )
    return redirect(routine)


@require_POST
def plan_stop(request, pk):
    routine = routine_selectors.routine_for(request.user, pk)
    plan = routine_selectors.running_plan(routine)
    if plan is not None:
        services.end_plan(plan=plan)
        messages.success(request, "The plan is stopped. Your sessions and logs are kept.")
    return redirect(routine)


@require_POST
def plan_keep_helpers(request, pk):
    """A new routine of the warm-up and the movements the plan found helpful."""
    routine = routine_selectors.routine_for(request.user, pk)
    overview = session_selectors.plan_overview(routine, seated_only=_seated_only(request))
    if not overview.helpers:
        messages.info(request, "The plan has not found a movement that likely helps yet.")
        return redirect(routine)
    kept = services.routine_from(
        owner=request.user,
        routine=routine,
        name=f"{routine.name}: what helps"[:80],
        keep=set(overview.helper_slugs),
    )
    messages.success(request, f"“{kept.name}” is ready: the warm-up and what helps you.")
    return redirect(kept)
