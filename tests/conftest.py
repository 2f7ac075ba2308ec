import pytest
from django.test import Client

from routines.library import sync_library
from routines.models import Exercise, Target
from tests.factories import UserFactory


@pytest.fixture
def library(db):
    """The built-in exercises. Loaded by a migration, but transactional tests flush it."""
    sync_library(Exercise, Target)
    return {exercise.slug: exercise for exercise in Exercise.objects.all()}


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def other_user(db):
    return UserFactory()


@pytest.fixture
def client_logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def other_client(other_user) -> Client:
    client = Client()
    client.force_login(other_user)
    return client
