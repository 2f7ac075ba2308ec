import factory
from django.utils import timezone

from routines.models import Exercise
from tests.factories import UserFactory
from tracking.models import PracticeSession, SessionStep, SymptomLog
from tracking.timeofday import time_of_day_for


class PracticeSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PracticeSession

    owner = factory.SubFactory(UserFactory)
    routine_name = "Morning routine"
    started_at = factory.LazyFunction(timezone.now)
    time_of_day = factory.LazyAttribute(lambda s: time_of_day_for(s.started_at))


class SessionStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionStep

    session = factory.SubFactory(PracticeSessionFactory)
    exercise = factory.LazyFunction(lambda: Exercise.objects.get(slug="ankle-circles"))
    position = factory.Sequence(lambda n: n)
    dose_kind = "reps"
    reps = 10


class SymptomLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SymptomLog

    owner = factory.SubFactory(UserFactory)
    recorded_at = factory.LazyFunction(timezone.now)
    time_of_day = factory.LazyAttribute(lambda log: time_of_day_for(log.recorded_at))
    numbness = 5
