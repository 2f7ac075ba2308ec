"""Views that belong to no app: the health check, the CSRF failure page, and what makes the
site an installable app (manifest, service worker, offline page)."""

import sys

from django import db
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from neuroapp.middleware import RetryWhileDatabaseRestartsMiddleware


@login_not_required
@never_cache
@require_safe
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_not_required
def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)


# A database that is down, restarting or failing over (connection refused, terminated).
DatabaseUnavailable = (db.OperationalError, db.InterfaceError)


# --- The installable app: manifest, service worker, offline page ---

SERVICE_WORKER = settings.BASE_DIR / "static" / "sw.js"


@login_not_required
@require_safe
def service_worker(request):
    """``static/sw.js``, served from the site root so that its scope is the whole site."""
    response = HttpResponse(SERVICE_WORKER.read_bytes(), content_type="text/javascript")
    response["Cache-Control"] = "no-cache"  # browsers check for a new worker on each visit
    return response


@login_not_required
@require_safe
def web_manifest(request):
    icon = "icons/neuroapp-{}.png"
    manifest = {
        "name": "neuroapp: foot exercises",
        "short_name": "neuroapp",
        "description": "Gentle daily foot exercises for peripheral neuropathy, and what helps you.",
        "id": "/",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b5394",
        "icons": [
            {"src": static(icon.format(192)), "sizes": "192x192", "type": "image/png"},
            {"src": static(icon.format(512)), "sizes": "512x512", "type": "image/png"},
            {
                "src": static(icon.format("maskable-512")),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    response = JsonResponse(manifest, content_type="application/manifest+json")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@login_not_required
@require_safe
def offline_page(request):
    return render(request, "offline.html")


def server_error(request):
    """The 500 page; a 503 "back in a moment" when the database cannot be reached.

    Django calls this while handling the exception, so ``sys.exc_info()`` is that exception.
    Neither page touches the database (no session, no user): static templates, no context.
    """
    error = sys.exc_info()[1]
    if isinstance(error, DatabaseUnavailable):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        # Decided now, from the error and before the layers above use the database again.
        response.run_again = RetryWhileDatabaseRestartsMiddleware.may_run_again(request, error)
        return response
    return HttpResponse(loader.render_to_string("500.html"), status=500)
