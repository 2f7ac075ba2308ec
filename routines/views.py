from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from routines import selectors
from routines.forms import ExerciseFilterForm
from routines.models import Exercise


@login_not_required
@require_GET
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
    template = "routines/exercise_list.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#results"
    return render(request, template, {"form": form, "exercises": exercises}, status=status)


@login_not_required
@require_GET
def exercise_detail(request, slug):
    try:
        exercise = selectors.exercise_detail(slug)
    except Exercise.DoesNotExist:
        raise Http404("No exercise by that name.") from None
    return render(request, "routines/exercise_detail.html", {"exercise": exercise})


def routine_list(request):
    from django.http import HttpResponse

    return HttpResponse("Not yet")


routine_detail = player = routine_list
