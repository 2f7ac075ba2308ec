import uuid

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from routines import planning
from routines import selectors as routine_selectors


@login_not_required
@require_GET
def home(request):
    if not request.user.is_authenticated:
        return render(request, "home_public.html")
    context = {
        "profile": request.profile,
        "active_session": routine_selectors.active_session(request.user),
        # One start key per button, so starting twice from one page makes one session.
        "routines": [
            (routine, uuid.uuid4()) for routine in routine_selectors.routines_for(request.user)
        ],
        "recent_sessions": routine_selectors.recent_sessions(request.user),
        "suggested_focus": planning.suggested_focus(
            request.profile.main_symptoms, request.profile.balance_concerns
        ),
    }
    return render(request, "home.html", context)


@login_not_required
@never_cache
@require_GET
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_not_required
def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
