import datetime

import factory
from django.utils import timezone

from routines.models import Exercise
from tests.factories import UserFactory
from tracking.models import (
    FootCheck,
    NeuropathyScreen,
    PracticeSession,
    PushSubscription,
    ReminderDelivery,
    ReminderSettings,
    SessionStep,
    SymptomLog,
    TouchTest,
)
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


class FootCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FootCheck

    owner = factory.SubFactory(UserFactory)
    checked_at = factory.LazyFunction(timezone.now)


class TouchTestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TouchTest

    owner = factory.SubFactory(UserFactory)
    taken_at = factory.LazyFunction(timezone.now)
    left_touched = ["toes", "ball", "arch", "heel", "top"]
    left_named = ["toes", "ball", "arch", "heel", "nothing"]
    left_correct = 4


class NeuropathyScreenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NeuropathyScreen

    owner = factory.SubFactory(UserFactory)
    taken_at = factory.LazyFunction(timezone.now)
    answers = factory.LazyFunction(lambda: [False] * 15)
    points = 2


class ReminderSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReminderSettings

    owner = factory.SubFactory(UserFactory)
    minutes_before = 0
    active_since = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=30))


class PushSubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PushSubscription

    owner = factory.SubFactory(UserFactory)
    endpoint = factory.Sequence(lambda n: f"https://push.example.org/send/{n}")
    p256dh = (
        "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM"
    )
    auth = "tBHItJI5svbpez7KI4CCXg"
    device = "Chrome on Android"


class ReminderDeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReminderDelivery

    owner = factory.SubFactory(UserFactory)
    kind = "session"
    channel = "email"
    due_at = factory.LazyFunction(timezone.now)
