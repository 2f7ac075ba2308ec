import datetime

import factory

from routines.models import DiscoveryPlan, Exercise, Routine, RoutineStep, WeekPlan
from tests.factories import UserFactory


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


class DiscoveryPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DiscoveryPlan

    routine = factory.SubFactory(RoutineFactory)
    seed = factory.Sequence(lambda n: 1000 + n)
    varied = factory.LazyFunction(
        lambda: ["toe-pickups", "seated-calf-raises", "textured-ball-roll", "wall-calf-stretch"]
    )


class WeekPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WeekPlan

    owner = factory.SubFactory(UserFactory)
    routine = factory.SubFactory(RoutineFactory, owner=factory.SelfAttribute("..owner"))
    days = factory.LazyFunction(lambda: list(range(7)))
    first_time = datetime.time(9, 0)
    second_time = None


def routine_with(owner, *slugs, name="Morning"):
    routine = RoutineFactory(owner=owner, name=name)
    for position, slug in enumerate(slugs):
        RoutineStepFactory(
            routine=routine, exercise=Exercise.objects.get(slug=slug), position=position
        )
    return routine
