"""Your data: downloads, import with its progress page, and deleting the account."""

from collections.abc import Iterator

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import throttle
from neuroapp.http import partial_or_page
from portability import deletion, export, jobs, selectors, slots
from portability.forms import DeleteAccountForm, ImportForm
from portability.models import ImportJob, ImportStatus
from portability.uploads import CappedUploadHandler

MAX_IMPORT_BYTES = 20 * 1024 * 1024
RETRY_BUSY_SECONDS = 60
GOODBYE_SESSION_KEY = "account_deleted"


def _download(chunks: Iterator[bytes], content_type: str, filename: str) -> StreamingHttpResponse:
    """Streamed: the file is written as it is sent, a piece at a time."""
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def your_data(request):
    """Downloads, the import form and the way to delete the account.

    The upload is cut off as soon as it passes the size limit, so a huge file
    is never stored. Upload handlers must be set before anything reads
    request.POST, hence csrf_exempt here and csrf_protect on the inner view.
    """
    if request.method != "POST":
        return _your_data(request, None)
    # Refused before the upload is read: reading and checking a file is the work.
    if throttle.exceeded(throttle.IMPORTS_PER_ACCOUNT, str(request.user.pk)):
        limit = throttle.IMPORTS_PER_ACCOUNT
        messages.error(
            request,
            f"You have imported {limit.count} files in the last "
            f"{throttle.minutes(limit)} minutes. Please wait before importing another.",
        )
        return _refused(request, status=429)
    if _content_length(request) <= slots.LARGE_UPLOAD_BYTES:
        return _checked_upload(request)
    with slots.import_check_slot() as free:
        if free:
            return _checked_upload(request)
    messages.error(
        request,
        "Another large file is being checked right now. Please try again in a minute: "
        "nothing was imported.",
    )
    response = _refused(request, status=503)
    response["Retry-After"] = str(RETRY_BUSY_SECONDS)
    return response


def _content_length(request) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def _refused(request, *, status: int):
    """The page with its message, after reading (and dropping) what the browser is still
    sending, so it gets to show the answer instead of a broken connection."""
    unread = MAX_IMPORT_BYTES + 1024 * 1024
    while unread > 0 and (chunk := request.read(min(unread, 64 * 1024))):
        unread -= len(chunk)
    return _page(request, ImportForm(max_bytes=MAX_IMPORT_BYTES), status=status)


def _checked_upload(request):
    throttle.record(throttle.IMPORTS_PER_ACCOUNT, str(request.user.pk))
    capped = CappedUploadHandler(request, MAX_IMPORT_BYTES)
    request.upload_handlers.insert(0, capped)
    return _your_data(request, capped)


@csrf_protect
def _your_data(request, capped):
    conflict = False
    if request.method == "POST":
        form = ImportForm(
            request.POST,
            request.FILES,
            max_bytes=MAX_IMPORT_BYTES,
            known_exercises=selectors.known_exercise_slugs(),
            too_large=capped.exceeded,
        )
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                job = jobs.start_import(
                    owner=request.user, data=form.checked, filename=upload.name or ""
                )
            except jobs.ImportAlreadyRunning:
                conflict = True
                form.add_error(
                    None,
                    "An import is still running. Let it finish (or stop it) before "
                    "importing another file.",
                )
            else:
                return redirect(job)
    else:
        form = ImportForm(max_bytes=MAX_IMPORT_BYTES)
    status = 200
    if form.errors:
        status = 413 if form.is_too_large else 409 if conflict else 400
    return _page(request, form, status=status)


def _page(request, form, *, status: int):
    context = {
        "form": form,
        "counts": selectors.data_counts(request.user),
        "running_job": selectors.running_import_for(request.user),
        "jobs": selectors.import_jobs_for(request.user),
    }
    return render(request, "portability/your_data.html", context, status=status)


@require_safe
def export_json(request):
    """The JSON export; ``?compressed=1`` gives it as a .json.gz file (a tenth of the size,
    and import reads it as it is)."""
    data = selectors.export_data_for(request.user)
    filename = f"neuroapp-export-{timezone.localdate():%Y-%m-%d}.json"
    if request.GET.get("compressed") == "1":
        return _download(
            export.gzipped(export.json_chunks(data)), "application/gzip", filename + ".gz"
        )
    return _download(export.json_chunks(data), "application/json", filename)


@require_safe
def export_csv(request):
    data = selectors.export_data_for(request.user)
    filename = f"neuroapp-spreadsheets-{timezone.localdate():%Y-%m-%d}.zip"
    return _download(export.csv_zip_chunks(data), "application/zip", filename)


@require_safe
def import_job(request, pk):
    """Progress of an import. Each visit (or htmx poll) writes the next chunk."""
    job = selectors.import_job_for(request.user, pk)
    if job.is_running:
        try:
            job = jobs.advance_import(job=job)
        except ImportJob.DoesNotExist:
            raise Http404("This import no longer exists.") from None
    else:
        jobs.purge_staged(job=job)
    template = partial_or_page(request, "portability/import_job.html", "progress")
    partial = template.endswith("#progress")
    response = render(request, template, {"job": job, "summary": selectors.import_summary(job)})
    if partial and not job.is_running:
        # Finished: reload the whole page for the summary. The poller swaps only the
        # bar, so keyboard focus on "Stop" is never lost while it runs.
        response["HX-Refresh"] = "true"
    return response


@require_POST
def import_cancel(request, pk):
    job = selectors.import_job_for(request.user, pk)
    if job.status == ImportStatus.RUNNING:
        job = jobs.cancel_import(job=job)
        if job.is_undoing:
            messages.success(request, "The import is stopped. What it had added is being removed.")
        else:
            messages.success(
                request, "The import is stopped and everything it had added is removed."
            )
    return redirect(job)


@require_http_methods(["GET", "HEAD", "POST"])
def delete_account(request):
    form = DeleteAccountForm(request.POST if request.method == "POST" else None, request=request)
    if request.method == "POST" and form.is_valid():
        user = request.user
        deletion.delete_account(user=user)
        logout(request)
        request.session[GOODBYE_SESSION_KEY] = True
        return redirect("portability:goodbye")
    return render(
        request,
        "portability/delete_account.html",
        {"form": form, "counts": selectors.data_counts(request.user)},
        status=400 if form.errors else 200,
    )


@login_not_required
@require_safe
def goodbye(request):
    if not request.session.pop(GOODBYE_SESSION_KEY, False):
        return redirect("home")
    return render(request, "portability/goodbye.html")
