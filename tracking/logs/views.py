"""Symptom log pages: the quick log, history, edit and delete."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.views.decorators.http import require_http_methods, require_safe

from accounts.symptoms import SYMPTOM_FIELDS
from neuroapp.http import partial_or_page, replay_safe, safe_next
from tracking.logs import selectors, services
from tracking.logs.forms import SymptomLogCreateForm, SymptomLogForm
from tracking.models import SymptomLog

# Pages that make no sense to return to after saving or deleting.
NOT_A_DESTINATION = {"tracking:log_create", "tracking:log_edit", "tracking:log_delete"}


def _next(request) -> str:
    return safe_next(request, not_to=NOT_A_DESTINATION)


def _history_url() -> str:
    return reverse("tracking:log_list")


@replay_safe
@require_http_methods(["GET", "HEAD", "POST"])
def log_create(request):
    next_url = _next(request)
    defaults = selectors.check_in_defaults(request.user, request.profile.main_symptoms)
    form = SymptomLogCreateForm(
        request.POST if request.method == "POST" else None, **defaults.form_kwargs()
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        _log, created = services.log_symptoms(
            owner=request.user,
            ratings=form.ratings(),
            recorded_at=data["recorded_at"],
            foot=data["foot"],
            note=data["note"],
            idempotency_key=form.key,
        )
        if created:
            messages.success(request, "Your symptoms are logged.")
        else:
            messages.info(request, "You had already saved this log, so it is saved once.")
        return redirect(next_url or _history_url())
    return render(
        request,
        "tracking/log_create.html",
        {"form": form, "next": next_url, "cancel_url": next_url or _history_url()},
        status=400 if form.errors else 200,
    )


@require_safe
def log_list(request):
    page = selectors.symptom_log_page(request.user, request.GET.get("page"))
    template = partial_or_page(request, "tracking/log_list.html", "log-list")
    return render(request, template, {"page": page})


@require_http_methods(["GET", "HEAD", "POST"])
def log_edit(request, pk):
    log = get_object_or_404(SymptomLog, pk=pk, owner=request.user)
    next_url = _next(request)
    initial = {
        **{name: getattr(log, name) for name in SYMPTOM_FIELDS},
        "foot": log.foot,
        "note": log.note,
        "recorded_at": log.recorded_at,
    }
    defaults = selectors.check_in_defaults(request.user, request.profile.main_symptoms)
    form = SymptomLogForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        shown=(*defaults.shown, *log.ratings()),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        recorded_at = data["recorded_at"]
        # The form shows whole minutes: an unchanged time keeps its seconds.
        if recorded_at == log.recorded_at.replace(second=0, microsecond=0):
            recorded_at = log.recorded_at
        services.update_symptom_log(
            log=log,
            ratings=form.ratings(),
            recorded_at=recorded_at,
            foot=data["foot"],
            note=data["note"],
        )
        messages.success(request, "Your changes are saved.")
        return redirect(next_url or _history_url())
    return render(
        request,
        "tracking/log_edit.html",
        {
            "form": form,
            "entry": selectors.log_entry(log),
            "next": next_url,
            "cancel_url": next_url or _history_url(),
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def log_delete(request, pk):
    """GET asks for confirmation; POST deletes."""
    log = get_object_or_404(SymptomLog, pk=pk, owner=request.user)
    next_url = _next(request)
    if request.method == "POST":
        when = dateformat.format(timezone.localtime(log.recorded_at), r"j F Y \a\t H:i")
        services.delete_symptom_log(log=log)
        messages.success(request, f"The log from {when} is deleted.")
        return redirect(next_url or _history_url())
    return render(
        request,
        "tracking/log_delete.html",
        {
            "entry": selectors.log_entry(log),
            "next": next_url,
            "cancel_url": next_url or _history_url(),
        },
    )
