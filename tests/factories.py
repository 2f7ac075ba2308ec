import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.models import Profile

PASSWORD = "correct-horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"walker{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password(PASSWORD)
    profile = factory.RelatedFactory("tests.factories.ProfileFactory", factory_related_name="user")


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory, profile=None)
    main_symptoms = factory.LazyFunction(lambda: ["numbness"])
    balance_concerns = False
    preferred_time = "morning"
    safety_acknowledged_at = factory.LazyFunction(timezone.now)
