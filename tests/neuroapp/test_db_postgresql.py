"""The PostgreSQL backend waits a little for a database that is restarting."""

from unittest import mock

import pytest
from psycopg import OperationalError

from neuroapp.db.postgresql import base


@pytest.fixture
def wrapper(monkeypatch):
    monkeypatch.setattr(base, "RETRY_SECONDS", 1.0)
    monkeypatch.setattr(base, "RETRY_PAUSE_SECONDS", 0.01)
    return base.DatabaseWrapper({"NAME": "neuroapp", "OPTIONS": {}}, alias="restart-test")


def connects_after(failures):
    calls = []

    def connect(self, conn_params):
        calls.append(1)
        if len(calls) <= failures:
            raise OperationalError("the database system is starting up")
        return "a connection"

    connect.calls = calls
    return connect


def test_a_database_back_within_the_wait_is_connected_to(wrapper):
    connect = connects_after(3)
    with mock.patch.object(base.base.DatabaseWrapper, "get_new_connection", connect):
        assert wrapper.get_new_connection({}) == "a connection"
    assert len(connect.calls) == 4
    assert wrapper.gave_up_connecting is False


def test_a_database_still_down_after_the_wait_fails_and_says_so(wrapper):
    connect = connects_after(10_000)
    with (
        mock.patch.object(base.base.DatabaseWrapper, "get_new_connection", connect),
        pytest.raises(OperationalError),
    ):
        wrapper.get_new_connection({})
    assert wrapper.gave_up_connecting is True
    assert 10 < len(connect.calls) < 200  # about a second of 10 ms pauses

    with mock.patch.object(base.base.DatabaseWrapper, "get_new_connection", connects_after(0)):
        wrapper.get_new_connection({})
    assert wrapper.gave_up_connecting is False
