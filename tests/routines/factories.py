import uuid

import factory
from django.utils import timezone

from routines.models import Exercise, Routine, RoutineStep
from tests.factories import UserFactory
from tracking.models import PracticeSession, SessionStep


class RoutineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Routine

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Routine {n}")


class RoutineStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoutineStep

    routine = factory.SubFactory(RoutineFactory)
    exercise = factory.LazyFunction(lambda: Exercise.objects.get(slug="ankle-circles"))
    position = factory.Sequence(lambda n: n)


def routine_with(owner, *slugs, name="Morning"):
    routine = RoutineFactory(owner=owner, name=name)
    for position, slug in enumerate(slugs):
        RoutineStepFactory(
            routine=routine, exercise=Exercise.objects.get(slug=slug), position=position
        )
    return routine


class PracticeSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PracticeSession

    owner = factory.SubFactory(UserFactory)
    routine_name = "Morning"
    started_at = factory.LazyFunction(timezone.now)
    time_of_day = "morning"
    start_key = factory.LazyFunction(uuid.uuid4)


class SessionStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionStep

    session = factory.SubFactory(PracticeSessionFactory)
    exercise = factory.LazyFunction(lambda: Exercise.objects.get(slug="ankle-circles"))
    position = factory.Sequence(lambda n: n)
    dose_kind = "reps"
    reps = 10
