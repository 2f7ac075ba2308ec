"""The progress page and its charts as JSON."""

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from accounts.symptoms import BURDEN
from neuroapp.http import partial_or_page
from tracking.checks import selectors as check_selectors
from tracking.progress import charts, selectors
from tracking.progress.forms import ProgressForm


def _progress_choice(request) -> tuple[ProgressForm, int, str]:
    form = ProgressForm(
        request.GET or None, initial={"days": charts.DEFAULT_PERIOD, "symptom": BURDEN}
    )
    days, symptom = form.choice()
    return form, days, symptom


@require_safe
def progress(request):
    form, days, symptom = _progress_choice(request)
    report = selectors.progress_report(request.user, request.profile, days=days, symptom=symptom)
    template = partial_or_page(request, "tracking/progress.html", "report")
    context = {
        "form": form,
        "report": report,
        "periods": charts.PERIODS,
        "checks": check_selectors.checks_in_last(request.user, days=days),
    }
    return render(request, template, context, status=400 if form.errors else 200)


PROGRESS_JSON = {
    "symptoms": lambda report: report.trend.data,
    "before-after": lambda report: report.before_after.data,
    "adherence": lambda report: report.adherence.data,
    "time-of-day": lambda report: report.time_of_day.data,
    "movements": lambda report: charts.movements_json(report.movement_report, report.names),
}


@require_safe
def progress_json(request, chart):
    form, days, symptom = _progress_choice(request)
    if form.errors:
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        return JsonResponse({"errors": errors}, status=400)
    report = selectors.progress_report(request.user, request.profile, days=days, symptom=symptom)
    payload = {"days": days, "symptom": symptom, **PROGRESS_JSON[chart](report)}
    return JsonResponse(payload)
