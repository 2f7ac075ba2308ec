"""The exercise library pages: the filterable list and one exercise.

The routine pages (list, builder, Start, growth suggestions) show sessions too, so they
live in ``tracking.sessions.routine_pages``.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import render
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
