"""The exercise library pages: the filterable list and one exercise; and the list of what
the service worker keeps for offline use (these pages among them).

The routine pages (list, builder, Start, growth suggestions) show sessions too, so they
live in ``tracking.sessions.routine_pages``.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_safe

from neuroapp.http import partial_or_page
from routines import selectors
from routines.forms import ExerciseFilterForm
from routines.models import Exercise


@login_not_required
@require_safe
def exercise_list(request):
    form = ExerciseFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        exercises = selectors.exercise_list()
        status = 400
    else:
        exercises = (
            selectors.exercise_list(**form.filters())
            if form.is_bound
            else (selectors.exercise_list())
        )
        status = 200
    template = partial_or_page(request, "routines/exercise_list.html", "results")
    return render(request, template, {"form": form, "exercises": exercises}, status=status)


@login_not_required
@require_safe
def exercise_detail(request, slug):
    try:
        exercise = selectors.exercise_detail(slug)
    except Exercise.DoesNotExist:
        raise Http404("No exercise by that name.") from None
    return render(request, "routines/exercise_detail.html", {"exercise": exercise})


OFFLINE_STATIC = (
    "css/app.css",
    "js/app.js",
    "js/offline.js",
    "tracking/ratings.js",
    "tracking/player.js",
    "favicon.svg",
    "icons/neuroapp-192.png",
)


@login_not_required
@require_safe
def offline_urls(request):
    """What the service worker keeps for offline use: the app shell and the exercise pages."""
    pages = [reverse("offline"), reverse("routines:exercise_list")]
    pages += [e.get_absolute_url() for e in Exercise.objects.order_by("pk")]
    if request.user.is_authenticated:
        pages += [reverse("home"), reverse("tracking:log_create")]
    assets = [static(name) for name in OFFLINE_STATIC]
    assets += sorted({e.picture.url for e in Exercise.objects.order_by("pk")})
    return JsonResponse({"pages": pages, "assets": assets})
