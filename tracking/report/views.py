"""The report for a healthcare professional: a printable page and the same as a PDF."""

from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from tracking.checks import selectors as check_selectors
from tracking.report import clinical, pdf, selectors


@require_safe
def clinician_report(request):
    days = clinical.parse_days(request.GET.get("days"))
    if days is None:
        context = {"report": None, "error": clinical.DAYS_ERROR, "periods": clinical.PERIODS}
        return render(request, "tracking/clinician_report.html", context, status=400)
    report = selectors.clinician_report_data(request.user, request.profile, days)
    context = {
        "report": report,
        "periods": clinical.PERIODS,
        "checks": check_selectors.checks_in_last(request.user, days=days),
    }
    return render(request, "tracking/clinician_report.html", context)


@require_safe
def clinician_report_pdf(request):
    days = clinical.parse_days(request.GET.get("days"))
    if days is None:
        return HttpResponseBadRequest(
            clinical.DAYS_ERROR_TEXT, content_type="text/plain; charset=utf-8"
        )
    report = selectors.clinician_report_data(request.user, request.profile, days)
    checks = check_selectors.checks_in_last(request.user, days=days)
    response = HttpResponse(
        pdf.render_report(report, checks=checks), content_type="application/pdf"
    )
    filename = f"neuroapp-report-{days}-days-{report.period_end:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store"
    return response
