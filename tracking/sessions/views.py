"""The guided player's pages: Today, starting a session, and the player itself.

One URL per session serves every stage (before check-in, each step, after check-in,
summary); each POST carries the stage its form was for, so a second tap or an old tab
is recognised and changes nothing.
"""

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect

from accounts.models import FootCheckTime
from neuroapp.http import entry_time, replay_safe
from routines import coaching, planning
from routines import selectors as routine_selectors
from routines.models import Exercise, Position
from tracking.checks import selectors as check_selectors
from tracking.checks import services as check_services
from tracking.checks import touch
from tracking.checks.forms import FootCheckForm
from tracking.logs import selectors as log_selectors
from tracking.logs.forms import SymptomRatingsForm, parse_key
from tracking.models import (
    PAINFUL_PREFIX,
    LogContext,
    SessionStage,
    StepFeedback,
    StepStatus,
    StopReason,
)
from tracking.reminders import selectors as reminder_selectors
from tracking.sessions import selectors, services
from tracking.sessions.forms import StartSessionForm, StepActionForm
from tracking.sessions.routine_pages import render_routine_detail


def _check_in_defaults(request) -> dict:
    return log_selectors.check_in_defaults(
        request.user, request.profile.main_symptoms
    ).form_kwargs()


@replay_safe
@require_http_methods(["GET", "HEAD", "POST"])
def later_check_in(request, pk):
    """A short "how are your feet now?" some hours after a finished session."""
    session = selectors.session_for(request.user, pk)
    if session.stage != SessionStage.DONE:
        return redirect(session)
    existing = next((log for log in session.check_ins.all() if log.context == "later"), None)
    form = SymptomRatingsForm(
        request.POST if request.method == "POST" else None, **_check_in_defaults(request)
    )
    if request.method == "POST" and existing is None and form.is_valid():
        key = parse_key(request.POST.get("idempotency_key")) or uuid.uuid4()
        services.record_later_check_in(
            session=session,
            check_in=services.CheckIn(
                ratings=form.ratings(),
                foot=form.cleaned_data["foot"],
                note=form.cleaned_data["note"],
            ),
            idempotency_key=key,
            at=entry_time(request, not_before=session.finished_at or session.started_at),
        )
        messages.success(request, "Thank you: that later check-in is saved with the session.")
        return redirect("home")
    context = {"session": session, "form": form, "existing": existing, "key": uuid.uuid4()}
    return render(
        request, "tracking/later_check_in.html", context, status=400 if form.errors else 200
    )


@login_not_required
@require_safe
def today(request):
    """The home page: for a signed-in person, carry on, start a routine, recent sessions."""
    if not request.user.is_authenticated:
        return render(request, "home_public.html")
    profile = request.profile
    context = {
        "profile": profile,
        "active_session": selectors.active_session(request.user),
        # One start key per button, so starting twice from one page makes one session.
        "routines": [
            (routine, uuid.uuid4()) for routine in routine_selectors.routines_for(request.user)
        ],
        "recent_sessions": selectors.recent_sessions(request.user),
        "later_due": selectors.later_check_in_due(request.user, profile, now=timezone.now()),
        "planned": reminder_selectors.planned_today(request.user, now=timezone.now()),
        "foot_status": check_selectors.foot_status(request.user),
        "mnsi": check_selectors.mnsi_offer(request.user),
        "suggested_focus": planning.suggested_focus(
            profile.main_symptoms, profile.balance_concerns
        ),
    }
    return render(request, "home.html", context)


@replay_safe
@require_POST
def session_start(request, pk):
    routine = routine_selectors.routine_for(request.user, pk)
    form = StartSessionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That start button was out of date. Please press Start again.")
        return render_routine_detail(request, routine, status=400)
    if not routine.steps.exists():
        messages.error(request, "Add at least one exercise before starting.")
        return render_routine_detail(request, routine, status=400)
    session = services.start_session(
        owner=request.user,
        routine=routine,
        start_key=form.cleaned_data["start_key"],
        seated_only=request.profile.balance_concerns,
    )
    return redirect(session)


@replay_safe
@require_http_methods(["GET", "HEAD", "POST"])
def player(request, pk):
    session = selectors.session_for(request.user, pk)
    if session.stage == SessionStage.STEPS and session.current_index >= len(session.steps.all()):
        # Only reachable through imported or hand-edited data: carry on to the check-in.
        session = services.repair_position(session=session)
    if request.method == "GET":
        return _render_player(request, session)
    try:
        if request.POST.get("form_stage") != session.stage:
            # A second tap, an old tab, or the back button: the page was for another stage.
            raise services.StaleAction
        if session.stage == SessionStage.BEFORE and request.POST.get("action") == "add_back":
            services.add_back(session=session, slug=request.POST.get("exercise", ""))
            messages.success(request, "Added to the end of today's session.")
            return redirect(session)
        if session.stage == SessionStage.BEFORE and request.POST.get("action") == "swap":
            return _swap_step(request, session)
        if session.stage in (SessionStage.BEFORE, SessionStage.AFTER):
            return _post_check_in(request, session)
        if session.stage == SessionStage.STEPS:
            return _post_step_action(request, session)
    except services.StaleAction:
        messages.info(request, "That was already saved. Here is where you are now.")
    return redirect(session)


def _swap_step(request, session):
    """Today only: a movement that needs nothing in the place of one whose things are
    missing (the routine stays as it is)."""
    slug, replacement = request.POST.get("exercise", ""), request.POST.get("replacement", "")
    slugs = [step.exercise.slug for step in session.steps.all()]
    if not routine_selectors.swap_allowed(
        slug, replacement, in_routine=slugs, seated_only=request.profile.balance_concerns
    ):
        messages.error(request, "That swap is no longer on offer: the session has changed.")
        return _render_player(request, session, status=400)
    step = services.swap_step(
        session=session, slug=slug, exercise=routine_selectors.exercise_detail(replacement)
    )
    messages.success(request, f"Today: {step.exercise.name.lower()} instead.")
    return redirect(session)


def _render_player(request, session, *, form=None, confirm_stop=None, status=200):
    context = {
        "session": session,
        "steps": list(session.steps.all()),
        "coach": request.profile.coach_mode,
        "stop_kind": StopReason.of(session.stop_reason) if session.stop_reason else None,
    }
    if session.stage in (SessionStage.BEFORE, SessionStage.AFTER):
        context["form"] = form or SymptomRatingsForm(**_check_in_defaults(request))
        context["idempotency_key"] = uuid.uuid4()
        context["context"] = "before" if session.stage == SessionStage.BEFORE else "after"
        if session.stage == SessionStage.BEFORE and session.left_out:
            names = dict(
                Exercise.objects.filter(slug__in=session.left_out).values_list("slug", "name")
            )
            context["left_out"] = [(slug, names.get(slug, slug)) for slug in session.left_out]
        if session.stage == SessionStage.BEFORE:
            _add_foot_check(request, session, context, when=FootCheckTime.BEFORE)
            context["get_ready"] = routine_selectors.get_ready(
                [step.exercise.slug for step in context["steps"]],
                seated_only=request.profile.balance_concerns,
            )
    elif session.stage == SessionStage.STEPS:
        step = context["steps"][session.current_index]
        context["step"] = step
        context["step_form"] = form or StepActionForm(initial={"index": session.current_index})
        context["after_pain"] = step.feedback == StepFeedback.PAINFUL
        context["next_step"] = next(
            (s for s in context["steps"] if s.position == step.position + 1), None
        )
        context["cue"] = coaching.cue_for(step.exercise.slug)
        context["key_safety"] = coaching.key_safety_note(
            slug=step.exercise.slug,
            standing=step.exercise.position == Position.STANDING,
            safety_notes=step.exercise.safety_list,
        )
        if step.exercise.slug == touch.TOUCH_TEST_SLUG:
            context["touch_test_url"] = (
                reverse("tracking:touch_test")
                + "?"
                + urlencode({"session": session.pk, "next": session.get_absolute_url()})
            )
        if confirm_stop is not None:
            context["confirm_stop"] = confirm_stop
            context["stop_reasons"] = StopReason.choices
    else:
        context["summary"] = selectors.session_summary(session)
        _add_foot_check(request, session, context, when=FootCheckTime.AFTER)
    return render(request, "tracking/player.html", context, status=status)


def _add_foot_check(request, session, context, *, when: str) -> None:
    """The daily foot check at the person's chosen end of the session, once a day; and
    what is paused while a foot heals."""
    status = check_selectors.foot_status(request.user)
    context["foot_status"] = status
    if session.paused_for_feet:
        names = dict(
            Exercise.objects.filter(slug__in=session.paused_for_feet).values_list("slug", "name")
        )
        context["paused_for_feet"] = [names.get(slug, slug) for slug in session.paused_for_feet]
    if request.profile.foot_check == when and not status.checked_today:
        context["foot_check_form"] = FootCheckForm(initial={"session": session.pk})


def _post_check_in(request, session):
    context = LogContext.BEFORE if session.stage == SessionStage.BEFORE else LogContext.AFTER
    key = parse_key(request.POST.get("idempotency_key")) or uuid.uuid4()
    at = entry_time(request, not_before=session.started_at)
    if request.POST.get("action") == "skip":
        services.record_check_in(
            session=session, context=context, check_in=None, idempotency_key=key, at=at
        )
        return redirect(session)
    form = SymptomRatingsForm(request.POST, **_check_in_defaults(request))
    if not form.is_valid():
        return _render_player(request, session, form=form, status=400)
    check_in = services.CheckIn(
        ratings=form.ratings(), foot=form.cleaned_data["foot"], note=form.cleaned_data["note"]
    )
    services.record_check_in(
        session=session, context=context, check_in=check_in, idempotency_key=key, at=at
    )
    if context == LogContext.BEFORE:
        return _after_foot_check_answer(request, session, request.POST.get("foot_check"))
    return redirect(session)


def _after_foot_check_answer(request, session, answer: str | None):
    """The before check-in's optional foot check: "fine" is saved at once; "found" goes
    on to the foot check page (before the first exercise), then back to the player."""
    if answer == "fine" and not check_selectors.foot_status(request.user).checked_today:
        check_services.record_foot_check(owner=request.user, left=[], right=[], session=session)
    if answer != "found":
        return redirect(session)
    url = (
        reverse("tracking:foot_check")
        + "?"
        + urlencode({"session": session.pk, "next": session.get_absolute_url()})
    )
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _post_step_action(request, session):
    form = StepActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Something was missing from that button. Please try again.")
        return redirect(session)
    index = form.cleaned_data["index"]
    action = form.cleaned_data["action"]
    feedback = form.cleaned_data["feedback"]
    at = entry_time(request, not_before=session.started_at)
    if action == "done":
        services.finish_step(
            session=session, index=index, status=StepStatus.DONE, feedback=feedback, at=at
        )
    elif action == "skip":
        services.finish_step(
            session=session, index=index, status=StepStatus.SKIPPED, feedback=feedback, at=at
        )
    elif action == "back":
        services.go_back(session=session, index=index)
    elif action == "continue":
        services.continue_after_pain(session=session, index=index)
    elif action in ("stop", "stop_confirmed"):
        if index != session.current_index:
            raise services.StaleAction
        step = session.steps.get(position=index)
        reason = form.cleaned_data["reason"]
        said_pain = StepFeedback.PAINFUL in (step.feedback, feedback)
        if action == "stop" and not said_pain:
            # Ask first (and why): a slip of the thumb must not end the session.
            return _render_player(request, session, confirm_stop=form)
        if feedback and not step.feedback:
            services.finish_step(
                session=session, index=index, status=StepStatus.DONE, feedback=feedback, at=at
            )
        if said_pain or reason == StopReason.PAIN:
            stored = f"{PAINFUL_PREFIX}: {step.exercise.name}"
        else:
            stored = StopReason(reason or StopReason.OTHER).label
        services.stop_session(session=session, reason=stored)
    return redirect(session)
