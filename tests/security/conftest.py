import pytest
from django.test import Client

from tests.security.support import build_world, snapshot

OWNER_MARKER = "Zanzibar7731"
ATTACKER_MARKER = "Quokka4410"


@pytest.fixture
def world(user, library):
    """The owner's routines, steps, sessions, logs and a running import."""
    return build_world(user, OWNER_MARKER)


@pytest.fixture
def attacker_world(other_user, library):
    """The other user has data of their own, so their own ids exist too."""
    return build_world(other_user, ATTACKER_MARKER)


@pytest.fixture
def anonymous() -> Client:
    return Client()


@pytest.fixture
def unchanged():
    """Call with a thunk: asserts no row of anybody changed while it ran."""

    def check(thunk):
        before = snapshot()
        result = thunk()
        after = snapshot()
        for table in before:
            assert after[table] == before[table], f"{table} changed"
        return result

    return check
