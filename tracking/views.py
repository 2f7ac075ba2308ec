from urllib.parse import urlsplit

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils import dateformat, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods

from tracking import charts, selectors, services
from tracking.forms import ProgressForm, SymptomLogCreateForm, SymptomLogForm
from tracking.models import SYMPTOM_FIELDS, SymptomLog

# Pages that make no sense to return to after saving or deleting.
NOT_A_DESTINATION = {"tracking:log_create", "tracking:log_edit", "tracking:log_delete"}


def _safe_next(request) -> str:
    """The `next` page if it is on this site and worth returning to, else ""."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    try:
        match = resolve(urlsplit(target).path)
    except Resolver404:
        return ""
    return "" if match.view_name in NOT_A_DESTINATION else target


def _history_url() -> str:
    return reverse("tracking:log_list")


@require_http_methods(["GET", "POST"])
def log_create(request):
    next_url = _safe_next(request)
    form = SymptomLogCreateForm(request.POST if request.method == "POST" else None)
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


@require_GET
def log_list(request):
    page = selectors.symptom_log_page(request.user, request.GET.get("page"))
    template = "tracking/log_list.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#log-list"
    return render(request, template, {"page": page})


@require_http_methods(["GET", "POST"])
def log_edit(request, pk):
    log = get_object_or_404(SymptomLog, pk=pk, owner=request.user)
    next_url = _safe_next(request)
    initial = {
        **{name: getattr(log, name) for name in SYMPTOM_FIELDS},
        "foot": log.foot,
        "note": log.note,
        "recorded_at": log.recorded_at,
    }
    form = SymptomLogForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        recorded_at = data["recorded_at"]
        # The form shows whole minutes: an unchanged time keeps its seconds.
        if recorded_at == log.recorded_at.replace(second=0, microsecond=0):
            recorded_at = log.recorded_at
        services.update_symptom_log(
            log,
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


@require_http_methods(["GET", "POST"])
def log_delete(request, pk):
    """GET asks for confirmation; POST deletes."""
    log = get_object_or_404(SymptomLog, pk=pk, owner=request.user)
    next_url = _safe_next(request)
    if request.method == "POST":
        when = dateformat.format(timezone.localtime(log.recorded_at), r"j F Y \a\t H:i")
        services.delete_symptom_log(log)
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


# --- Progress ---


def _progress_choice(request) -> tuple[ProgressForm, int, str]:
    form = ProgressForm(
        request.GET or None, initial={"days": charts.DEFAULT_PERIOD, "symptom": charts.BURDEN}
    )
    days, symptom = form.choice()
    return form, days, symptom


@require_GET
def progress(request):
    form, days, symptom = _progress_choice(request)
    report = selectors.progress_report(request.user, request.profile, days=days, symptom=symptom)
    template = "tracking/progress.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#report"
    context = {"form": form, "report": report, "periods": charts.PERIODS}
    return render(request, template, context, status=400 if form.errors else 200)


PROGRESS_JSON = {
    "symptoms": lambda report: report.trend.data,
    "before-after": lambda report: report.before_after.data,
    "adherence": lambda report: report.adherence.data,
    "time-of-day": lambda report: report.time_of_day.data,
    "movements": lambda report: charts.movements_json(report.movement_report, report.names),
}


@require_GET
def progress_json(request, chart):
    form, days, symptom = _progress_choice(request)
    if form.errors:
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        return JsonResponse({"errors": errors}, status=400)
    report = selectors.progress_report(request.user, request.profile, days=days, symptom=symptom)
    payload = {"days": days, "symptom": symptom, **PROGRESS_JSON[chart](report)}
    return JsonResponse(payload)


# --- Report for a healthcare professional ---


@require_GET
def clinician_report(request):
    from tracking import clinical

    days = clinical.parse_days(request.GET.get("days"))
    if days is None:
        context = {"report": None, "error": clinical.DAYS_ERROR, "periods": clinical.PERIODS}
        return render(request, "tracking/clinician_report.html", context, status=400)
    report = selectors.clinician_report_data(request.user, request.profile, days)
    context = {"report": report, "periods": clinical.PERIODS}
    return render(request, "tracking/clinician_report.html", context)


@require_GET
def clinician_report_pdf(request):
    from django.http import HttpResponse, HttpResponseBadRequest
    from django.utils.http import content_disposition_header

    from tracking import clinical, pdf

    days = clinical.parse_days(request.GET.get("days"))
    if days is None:
        return HttpResponseBadRequest(
            clinical.DAYS_ERROR_TEXT, content_type="text/plain; charset=utf-8"
        )
    report = selectors.clinician_report_data(request.user, request.profile, days)
    response = HttpResponse(pdf.render_report(report), content_type="application/pdf")
    filename = f"neuroapp-report-{days}-days-{report.period_end:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store"
    return response
