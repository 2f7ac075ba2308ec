"""The checks' pages: the daily foot check, the helper's touch test, the MNSI."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from neuroapp.http import replay_safe, safe_next
from routines.models import Exercise
from tracking.checks import footcheck, mnsi, selectors, services, touch, wording
from tracking.checks.forms import FootCheckForm, NeuropathyScreenForm, TouchTestForm
from tracking.models import PracticeSession

CHECK_PAGES = {"tracking:foot_check", "tracking:touch_test", "tracking:neuropathy_screen"}


def _session(request, raw) -> PracticeSession | None:
    """The person's own session named by a form or link (404 for anyone else's)."""
    if raw in (None, ""):
        return None
    try:
        pk = int(raw)
    except (TypeError, ValueError):
        return None
    return get_object_or_404(PracticeSession, owner=request.user, pk=pk)


def _result_url(name: str, pk: int, next_url: str) -> str:
    url = reverse(name, args=[pk])
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


@replay_safe  # the same check twice within a minute is saved once
@require_http_methods(["GET", "HEAD", "POST"])
def foot_check(request):
    next_url = safe_next(request, not_to=CHECK_PAGES)
    session = _session(request, request.POST.get("session") or request.GET.get("session"))
    form = FootCheckForm(
        request.POST if request.method == "POST" else None,
        initial={"session": session.pk if session else None},
    )
    if request.method == "POST" and form.is_valid():
        check = services.record_foot_check(
            owner=request.user,
            left=form.cleaned_data["left"],
            right=form.cleaned_data["right"],
            session=session,
        )
        if check.all_fine and next_url:
            messages.success(request, wording.ALL_FINE)
            return redirect(next_url)
        return redirect(_result_url("tracking:foot_check_result", check.pk, next_url))
    context = {
        "form": form,
        "next": next_url,
        "status": selectors.foot_status(request.user),
    }
    return render(request, "tracking/foot_check.html", context, status=400 if form.errors else 200)


@require_safe
def foot_check_result(request, pk):
    check = selectors.foot_check_for(request.user, pk)
    result = footcheck.assess({"left": check.left, "right": check.right})
    paused = []
    if check.session_id and not result.all_fine:
        names = dict(
            Exercise.objects.filter(slug__in=check.session.paused_for_feet).values_list(
                "slug", "name"
            )
        )
        paused = [names.get(slug, slug) for slug in check.session.paused_for_feet]
    context = {
        "paused": paused,
        "check": check,
        "result": result,
        "advice": wording.foot_check_advice(result),
        "next": safe_next(request, not_to=CHECK_PAGES),
    }
    return render(request, "tracking/foot_check_result.html", context)


@replay_safe  # marks what is not healed yet: a second run changes nothing
@require_POST
def foot_healed(request):
    healed = services.mark_healed(owner=request.user)
    if healed:
        messages.success(
            request,
            "Good to hear it has healed. The barefoot and textured moves are back from your "
            "next session. Keep checking your feet every day.",
        )
    else:
        messages.info(request, "There was no foot problem waiting to heal.")
    return redirect(safe_next(request) or "home")


@replay_safe  # the same check twice within a minute is saved once
@require_http_methods(["GET", "HEAD", "POST"])
def touch_test(request):
    next_url = safe_next(request, not_to=CHECK_PAGES)
    session = _session(request, request.POST.get("session") or request.GET.get("session"))
    if request.method == "POST":
        form = TouchTestForm(request.POST)
        if form.is_valid():
            results = form.results()
            test = services.record_touch_test(
                owner=request.user, left=results["left"], right=results["right"], session=session
            )
            return redirect(_result_url("tracking:touch_test_result", test.pk, next_url))
        if form.non_field_errors():
            # Out of date: fresh touches, but what was ticked is not worth keeping.
            messages.error(request, form.non_field_errors()[0])
            form = TouchTestForm(initial={"session": session.pk if session else None})
    else:
        form = TouchTestForm(initial={"session": session.pk if session else None})
    context = {
        "form": form,
        "next": next_url,
        "feet": [(foot, label, form.trials(foot)) for foot, label in touch.FEET],
        "spot_labels": touch.SPOT_LABELS,
        "paused": selectors.skin_work_paused(request.user),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "tracking/touch_test.html", context, status=status)


@require_safe
def touch_test_result(request, pk):
    test = selectors.touch_test_for(request.user, pk)
    scores = [
        touch.foot_score(foot, getattr(test, f"{foot}_touched"), getattr(test, f"{foot}_named"))
        for foot, _ in touch.FEET
        if getattr(test, f"{foot}_correct") is not None
    ]
    labels = dict(touch.FEET)
    trials = [
        (
            labels[score.foot],
            score,
            [
                (touch.SPOT_LABELS[a], touch.SPOT_LABELS.get(b, b), a == b)
                for a, b in zip(
                    getattr(test, f"{score.foot}_touched"),
                    getattr(test, f"{score.foot}_named"),
                    strict=True,
                )
            ],
        )
        for score in scores
    ]
    context = {
        "test": test,
        "trials": trials,
        "trend": selectors.touch_history(request.user),
        "next": safe_next(request, not_to=CHECK_PAGES),
    }
    return render(request, "tracking/touch_test_result.html", context)


@replay_safe  # the same check twice within a minute is saved once
@require_http_methods(["GET", "HEAD", "POST"])
def neuropathy_screen(request):
    next_url = safe_next(request, not_to=CHECK_PAGES)
    form = NeuropathyScreenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        screen = services.record_neuropathy_screen(owner=request.user, answers=form.answers())
        return redirect(_result_url("tracking:neuropathy_screen_result", screen.pk, next_url))
    context = {
        "form": form,
        "next": next_url,
        "intro": wording.MNSI_INTRO,
        "not_a_diagnosis": wording.MNSI_NOT_A_DIAGNOSIS,
    }
    return render(
        request, "tracking/neuropathy_screen.html", context, status=400 if form.errors else 200
    )


@require_safe
def neuropathy_screen_result(request, pk):
    screen = selectors.screen_for(request.user, pk)
    history = selectors.mnsi_history(request.user)
    context = {
        "screen": screen,
        "meaning": wording.mnsi_meaning(screen.points, rising=history.trend.rising),
        "positive": screen.points >= mnsi.POSITIVE_AT,
        "history": history,
        "not_a_diagnosis": wording.MNSI_NOT_A_DIAGNOSIS,
        "next": safe_next(request, not_to=CHECK_PAGES),
    }
    return render(request, "tracking/neuropathy_screen_result.html", context)
