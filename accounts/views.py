from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import portability, selectors, services
from accounts.forms import (
    DeleteAccountForm,
    ImportForm,
    ProfileForm,
    SafetyAcknowledgementForm,
    SignUpForm,
)
from accounts.uploads import CappedUploadHandler

GOODBYE_SESSION_KEY = "account_deleted"


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    # Only a path on this site: a bare word would be taken for a URL name by redirect().
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@login_not_required
@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = services.register_user(
            username=form.cleaned_data["username"],
            email=form.cleaned_data.get("email", ""),
            password=form.cleaned_data["password1"],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("accounts:safety")
    return render(
        request, "accounts/signup.html", {"form": form}, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
def safety(request):
    profile = services.get_or_create_profile(request.user)
    form = SafetyAcknowledgementForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.acknowledge_safety(profile)
        fallback = "home" if profile.main_symptoms else "accounts:profile"
        return redirect(_safe_next(request, fallback))
    return render(
        request,
        "accounts/safety.html",
        {"form": form, "profile": profile, "next": _safe_next(request, "")},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def profile(request):
    profile = services.get_or_create_profile(request.user)
    initial = {
        "main_symptoms": profile.main_symptoms,
        "balance_concerns": profile.balance_concerns,
        "preferred_time": profile.preferred_time,
    }
    form = ProfileForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.update_profile(profile, **form.cleaned_data)
        messages.success(request, "Your profile is saved.")
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "profile": profile},
        status=400 if form.errors else 200,
    )


# --- Your data: export, import, delete ---


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt
@require_http_methods(["GET", "POST"])
def your_data(request):
    """Downloads, the import form and the way to delete the account.

    The upload is cut off as soon as it passes the size limit, so a huge file
    is never stored. Upload handlers must be set before anything reads
    request.POST, hence csrf_exempt here and csrf_protect on the inner view.
    """
    capped = None
    if request.method == "POST":
        capped = CappedUploadHandler(request, services.MAX_IMPORT_BYTES)
        request.upload_handlers.insert(0, capped)
    return _your_data(request, capped)


@csrf_protect
def _your_data(request, capped):
    running = selectors.running_import_for(request.user)
    conflict = False
    if request.method == "POST":
        form = ImportForm(
            request.POST,
            request.FILES,
            max_bytes=services.MAX_IMPORT_BYTES,
            known_exercises=selectors.known_exercise_slugs(),
            too_large=capped.exceeded,
        )
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                job = services.start_import(
                    owner=request.user, data=form.data_to_import, filename=upload.name or ""
                )
            except services.ImportAlreadyRunning:
                conflict = True
                form.add_error(
                    None,
                    "An import is still running. Let it finish (or stop it) before "
                    "importing another file.",
                )
            else:
                return redirect(job)
    else:
        form = ImportForm(max_bytes=services.MAX_IMPORT_BYTES)
    status = 200
    if form.errors:
        status = 413 if form.is_too_large else 409 if conflict else 400
    context = {
        "form": form,
        "counts": selectors.data_counts(request.user),
        "running_job": running,
        "jobs": selectors.import_jobs_for(request.user),
    }
    return render(request, "accounts/your_data.html", context, status=status)


@require_GET
def export_json(request):
    data = selectors.export_data_for(request.user)
    filename = f"neuroapp-export-{timezone.localdate():%Y-%m-%d}.json"
    return _download(portability.to_json_bytes(data), "application/json", filename)


@require_GET
def export_csv(request):
    data = selectors.export_data_for(request.user)
    filename = f"neuroapp-spreadsheets-{timezone.localdate():%Y-%m-%d}.zip"
    return _download(portability.to_csv_zip(data), "application/zip", filename)


@require_GET
def import_job(request, pk):
    """Progress of an import. Each visit (or htmx poll) writes the next chunk."""
    job = selectors.import_job_for(request.user, pk)
    if job.is_running:
        job = services.advance_import(job)
    template = "accounts/import_job.html"
    partial = request.htmx and not request.htmx.history_restore_request
    if partial:
        template += "#progress"
    response = render(request, template, {"job": job, "summary": selectors.import_summary(job)})
    if partial and not job.is_running:
        # Finished: reload the whole page for the summary. The poller swaps only the
        # bar, so keyboard focus on "Stop" is never lost while it runs.
        response["HX-Refresh"] = "true"
    return response


@require_POST
def import_cancel(request, pk):
    job = selectors.import_job_for(request.user, pk)
    if job.is_running:
        services.cancel_import(job)
        messages.success(request, "The import is stopped and everything it had added is removed.")
    return redirect(job)


@require_http_methods(["GET", "POST"])
def delete_account(request):
    form = DeleteAccountForm(request.POST if request.method == "POST" else None, request=request)
    if request.method == "POST" and form.is_valid():
        user = request.user
        services.delete_account(user)
        logout(request)
        request.session[GOODBYE_SESSION_KEY] = True
        return redirect("accounts:goodbye")
    return render(
        request,
        "accounts/delete_account.html",
        {"form": form, "counts": selectors.data_counts(request.user)},
        status=400 if form.errors else 200,
    )


@login_not_required
@require_GET
def goodbye(request):
    if not request.session.pop(GOODBYE_SESSION_KEY, False):
        return redirect("home")
    return render(request, "accounts/goodbye.html")
