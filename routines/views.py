import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from routines import planning, selectors, services
from routines.dosing import DOSE_FIELDS
from routines.forms import (
    AddStepForm,
    ExerciseFilterForm,
    MoveStepForm,
    RoutineNameForm,
    StarterRoutineForm,
    StartSessionForm,
    StepActionForm,
    StepDoseForm,
)
from routines.models import Exercise
from tracking.forms import SymptomRatingsForm
from tracking.models import SessionStage, StepFeedback, StepStatus


@login_not_required
@require_GET
def exercise_list(request):
    form = ExerciseFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        exercises = selectors.exercise_list()
        status = 400
    else:
        exercises = (
            selectors.exercise_list(**form.filters())
            if form.is_bound
            else (selectors.exercise_list())
        )
        status = 200
    template = "routines/exercise_list.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#results"
    return render(request, template, {"form": form, "exercises": exercises}, status=status)


@login_not_required
@require_GET
def exercise_detail(request, slug):
    try:
        exercise = selectors.exercise_detail(slug)
    except Exercise.DoesNotExist:
        raise Http404("No exercise by that name.") from None
    return render(request, "routines/exercise_detail.html", {"exercise": exercise})


# --- Routines ---


def _partial_or_page(request, template: str, partial: str) -> str:
    if request.htmx and not request.htmx.history_restore_request:
        return f"{template}#{partial}"
    return template


def _seated_only(request) -> bool:
    return request.profile.balance_concerns


@require_GET
def routine_list(request):
    return _render_routine_list(request, RoutineNameForm(), status=200)


def _render_routine_list(request, name_form, status):
    profile = request.profile
    context = {
        "routines": [
            selectors.routine_plan(routine, with_growth=False)
            for routine in selectors.routines_for(request.user)
        ],
        "name_form": name_form,
        "starters": [(key, planning.starter_name(key)) for key in planning.STARTER_RECIPES],
        "suggested_focus": planning.suggested_focus(
            profile.main_symptoms, profile.balance_concerns
        ),
        "active_session": selectors.active_session(request.user),
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
        owner=request.user, focus=form.cleaned_data["focus"], seated_only=_seated_only(request)
    )
    messages.success(request, f"“{routine.name}” is ready. Adjust it to suit you.")
    return redirect(routine)


@require_GET
def routine_detail(request, pk):
    routine = selectors.routine_for(request.user, pk)
    return _render_routine_detail(request, routine)


def _render_routine_detail(request, routine, *, add_form=None, rename_form=None, status=200):
    context = {
        "plan": selectors.routine_plan(routine),
        "add_form": add_form or AddStepForm(seated_only=_seated_only(request)),
        "rename_form": rename_form or RoutineNameForm(initial={"name": routine.name}),
        "start_form": StartSessionForm(initial={"start_key": uuid.uuid4()}),
        "seated_only": _seated_only(request),
    }
    template = _partial_or_page(request, "routines/routine_detail.html", "steps")
    return render(request, template, context, status=status)


@require_POST
def routine_rename(request, pk):
    routine = selectors.routine_for(request.user, pk)
    form = RoutineNameForm(request.POST)
    if not form.is_valid():
        return _render_routine_detail(request, routine, rename_form=form, status=400)
    services.rename_routine(routine, form.cleaned_data["name"])
    messages.success(request, "Routine renamed.")
    return redirect(routine)


@require_http_methods(["GET", "POST"])
def routine_delete(request, pk):
    routine = selectors.routine_for(request.user, pk)
    if request.method == "POST":
        name = routine.name
        services.delete_routine(routine)
        messages.success(request, f"“{name}” deleted. Your past sessions and logs are kept.")
        return redirect("routines:routine_list")
    return render(request, "routines/routine_delete.html", {"routine": routine})


@require_POST
def step_add(request, pk):
    routine = selectors.routine_for(request.user, pk)
    form = AddStepForm(request.POST, seated_only=_seated_only(request))
    if not form.is_valid():
        return _render_routine_detail(request, routine, add_form=form, status=400)
    services.add_step(routine, form.cleaned_data["exercise"])
    return _after_step_change(request, routine.pk)


@require_POST
def step_move(request, pk, step_pk):
    step = selectors.step_for(request.user, pk, step_pk)
    form = MoveStepForm(request.POST)
    if form.is_valid():
        if form.cleaned_data["direction"] == "top":
            services.move_to_top(step)
        else:
            services.move_step(step, form.cleaned_data["direction"])
    else:
        messages.error(request, "Choose to move the step up or down.")
    return _after_step_change(request, pk, status=200 if form.is_valid() else 400)


@require_POST
def step_remove(request, pk, step_pk):
    step = selectors.step_for(request.user, pk, step_pk)
    services.remove_step(step)
    return _after_step_change(request, pk)


@require_POST
def step_grow(request, pk, step_pk):
    """Accept the growth suggestion currently shown for a step."""
    step = selectors.step_for(request.user, pk, step_pk)
    plan = selectors.routine_plan(step.routine)
    suggestion = next((v.growth for v in plan.steps if v.step.pk == step.pk), None)
    if suggestion is None:
        messages.info(request, "No change suggested for that exercise right now.")
        return _after_step_change(request, pk)
    overrides = {field: getattr(step.dose, field) for field in DOSE_FIELDS}
    overrides[suggestion.field] = suggestion.value
    services.update_step_dose(step, **overrides)
    messages.success(request, f"{step.exercise.name}: now {step.dose.describe()}.")
    return _after_step_change(request, pk)


def _after_step_change(request, pk, status=200):
    if request.htmx:
        routine = selectors.routine_for(request.user, pk)
        return _render_routine_detail(request, routine, status=status)
    return redirect("routines:routine_detail", pk=pk)


@require_http_methods(["GET", "POST"])
def step_dose(request, pk, step_pk):
    step = selectors.step_for(request.user, pk, step_pk)
    form = StepDoseForm(
        request.POST if request.method == "POST" else None, exercise=step.exercise, dose=step.dose
    )
    if request.method == "POST" and form.is_valid():
        services.update_step_dose(step, **form.overrides())
        messages.success(request, f"{step.exercise.name}: {step.dose.describe()}.")
        return redirect("routines:routine_detail", pk=pk)
    return render(
        request,
        "routines/step_dose.html",
        {"step": step, "form": form, "default_dose": step.exercise.dose},
        status=400 if form.errors else 200,
    )


@require_POST
def session_start(request, pk):
    routine = selectors.routine_for(request.user, pk)
    form = StartSessionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That start button was out of date. Please press Start again.")
        return _render_routine_detail(request, routine, status=400)
    if not routine.steps.exists():
        messages.error(request, "Add at least one exercise before starting.")
        return _render_routine_detail(request, routine, status=400)
    session = services.start_session(
        owner=request.user, routine=routine, start_key=form.cleaned_data["start_key"]
    )
    return redirect(session)


# --- Guided player ---


@require_http_methods(["GET", "POST"])
def player(request, pk):
    session = selectors.session_for(request.user, pk)
    if session.stage == SessionStage.STEPS and session.current_index >= len(session.steps.all()):
        # Only reachable through imported or hand-edited data: carry on to the check-in.
        session = services.repair_position(session)
    if request.method == "GET":
        return _render_player(request, session)
    try:
        if request.POST.get("form_stage") != session.stage:
            # A second tap, an old tab, or the back button: the page was for another stage.
            raise services.StaleAction
        if session.stage in (SessionStage.BEFORE, SessionStage.AFTER):
            return _post_check_in(request, session)
        if session.stage == SessionStage.STEPS:
            return _post_step_action(request, session)
    except services.StaleAction:
        messages.info(request, "That was already saved. Here is where you are now.")
    return redirect(session)


def _render_player(request, session, *, form=None, status=200):
    context = {"session": session, "steps": list(session.steps.all())}
    if session.stage in (SessionStage.BEFORE, SessionStage.AFTER):
        context["form"] = form or SymptomRatingsForm()
        context["idempotency_key"] = uuid.uuid4()
        context["context"] = "before" if session.stage == SessionStage.BEFORE else "after"
    elif session.stage == SessionStage.STEPS:
        step = context["steps"][session.current_index]
        context["step"] = step
        context["step_form"] = form or StepActionForm(initial={"index": session.current_index})
        context["after_pain"] = step.feedback == StepFeedback.PAINFUL
    else:
        context["summary"] = selectors.session_summary(session)
    return render(request, "routines/player.html", context, status=status)


def _post_check_in(request, session):
    context = "before" if session.stage == SessionStage.BEFORE else "after"
    try:
        key = uuid.UUID(request.POST.get("idempotency_key", ""))
    except ValueError:
        key = uuid.uuid4()
    if request.POST.get("action") == "skip":
        services.record_check_in(session, context=context, form_data=None, idempotency_key=key)
        return redirect(session)
    form = SymptomRatingsForm(request.POST)
    if not form.is_valid():
        return _render_player(request, session, form=form, status=400)
    data = {
        "ratings": form.ratings(),
        "foot": form.cleaned_data.get("foot"),
        "note": form.cleaned_data.get("note", ""),
    }
    services.record_check_in(session, context=context, form_data=data, idempotency_key=key)
    return redirect(session)


def _post_step_action(request, session):
    form = StepActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Something was missing from that button. Please try again.")
        return redirect(session)
    index = form.cleaned_data["index"]
    action = form.cleaned_data["action"]
    feedback = form.cleaned_data["feedback"]
    if action == "done":
        services.finish_step(session, index=index, status=StepStatus.DONE, feedback=feedback)
    elif action == "skip":
        services.finish_step(session, index=index, status=StepStatus.SKIPPED, feedback=feedback)
    elif action == "back":
        services.go_back(session, index=index)
    elif action == "continue":
        services.continue_after_pain(session, index=index)
    elif action == "stop":
        if index != session.current_index:
            raise services.StaleAction
        step = session.steps.get(position=index)
        painful = step.feedback == StepFeedback.PAINFUL or feedback == StepFeedback.PAINFUL
        if feedback and not step.feedback:
            services.finish_step(session, index=index, status=StepStatus.DONE, feedback=feedback)
        reason = f"Painful: {step.exercise.name}" if painful else "Stopped early"
        services.stop_session(session, reason=reason)
    return redirect(session)
