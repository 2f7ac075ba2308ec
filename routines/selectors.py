from django.db.models import QuerySet

from routines.models import Exercise, Target


def exercise_list(*, category: str = "", target: str = "", position: str = "") -> QuerySet:
    exercises = Exercise.objects.prefetch_related("targets").select_related("seated_alternative")
    if category:
        exercises = exercises.filter(category=category)
    if target:
        exercises = exercises.filter(targets__code=target)
    if position:
        exercises = exercises.filter(position=position)
    return exercises


def exercise_detail(slug: str) -> Exercise:
    return (
        Exercise.objects.prefetch_related("targets", "standing_versions")
        .select_related("seated_alternative")
        .get(slug=slug)
    )


def all_targets() -> QuerySet:
    return Target.objects.all()
