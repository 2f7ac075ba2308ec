import uuid
from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError
from django.utils import timezone

from tests.tracking.factories import PracticeSessionFactory, SymptomLogFactory
from tracking.logs import services
from tracking.models import StopReason, SymptomLog

LONDON = ZoneInfo("Europe/London")
pytestmark = pytest.mark.django_db


def test_log_symptoms_saves_ratings_and_derives_time_of_day(user, settings):
    settings.TIME_ZONE = "Europe/London"
    moment = datetime(2025, 7, 1, 19, 15, tzinfo=LONDON)
    log, created = services.log_symptoms(
        owner=user,
        ratings={"numbness": 6, "balance_confidence": 8},
        recorded_at=moment,
        foot="right",
        note="after a walk",
    )
    assert created
    log.refresh_from_db()
    assert log.ratings() == {"numbness": 6, "balance_confidence": 8}
    assert log.tingling is None
    assert log.time_of_day == "evening"
    assert log.foot == "right"
    assert log.note == "after a walk"
    assert log.recorded_at == moment
    assert log.context == "anytime"


def test_log_symptoms_defaults_to_now(user):
    before = timezone.now()
    log, _ = services.log_symptoms(owner=user, ratings={"aching": 2})
    assert before <= log.recorded_at <= timezone.now()


def test_same_idempotency_key_saves_one_log(user):
    key = uuid.uuid4()
    first, created_first = services.log_symptoms(
        owner=user, ratings={"aching": 2}, idempotency_key=key
    )
    second, created_second = services.log_symptoms(
        owner=user, ratings={"aching": 9}, idempotency_key=key
    )
    assert (created_first, created_second) == (True, False)
    assert second.pk == first.pk
    assert SymptomLog.objects.filter(owner=user).count() == 1
    assert SymptomLog.objects.get().aching == 2


def test_idempotency_keys_are_per_owner(user, other_user):
    key = uuid.uuid4()
    mine, _ = services.log_symptoms(owner=user, ratings={"aching": 2}, idempotency_key=key)
    theirs, created = services.log_symptoms(
        owner=other_user, ratings={"aching": 3}, idempotency_key=key
    )
    assert created
    assert theirs.pk != mine.pk
    assert theirs.owner == other_user


def test_losing_a_race_returns_the_winner(user):
    key = uuid.uuid4()
    winner = SymptomLogFactory(owner=user, idempotency_key=key)
    # Simulate the check running before the winner committed.
    real_filter = SymptomLog.objects.filter
    calls = []

    def filter_missing_first(*args, **kwargs):
        calls.append(kwargs)
        queryset = real_filter(*args, **kwargs)
        return queryset.none() if len(calls) == 1 else queryset

    with mock.patch.object(SymptomLog.objects, "filter", side_effect=filter_missing_first):
        log, created = services.log_symptoms(owner=user, ratings={"sharp": 1}, idempotency_key=key)
    assert not created
    assert log.pk == winner.pk
    assert SymptomLog.objects.filter(owner=user).count() == 1


def test_a_log_without_any_rating_is_refused_by_the_database(user):
    with pytest.raises(IntegrityError):
        services.log_symptoms(owner=user, ratings={})


def test_one_check_in_per_session_and_context(user):
    session = PracticeSessionFactory(owner=user)
    before, created = services.log_symptoms(
        owner=user, ratings={"numbness": 5}, context="before", session=session
    )
    again, created_again = services.log_symptoms(
        owner=user, ratings={"numbness": 1}, context="before", session=session
    )
    after, created_after = services.log_symptoms(
        owner=user, ratings={"numbness": 3}, context="after", session=session
    )
    assert (created, created_again, created_after) == (True, False, True)
    assert again.pk == before.pk
    assert after.pk != before.pk


def test_update_recomputes_time_of_day_and_clears_dropped_ratings(user, settings):
    settings.TIME_ZONE = "Europe/London"
    log = SymptomLogFactory(
        owner=user,
        recorded_at=datetime(2025, 1, 10, 8, 0, tzinfo=LONDON),
        numbness=5,
        burning=4,
    )
    assert log.time_of_day == "morning"
    services.update_symptom_log(
        log=log,
        ratings={"numbness": 2, "burning": None},
        recorded_at=datetime(2025, 1, 10, 23, 30, tzinfo=LONDON),
        foot="left",
        note="late",
    )
    log.refresh_from_db()
    assert log.ratings() == {"numbness": 2}
    assert log.time_of_day == "night"
    assert (log.foot, log.note) == ("left", "late")


def test_delete_removes_only_that_log(user):
    keep, gone = SymptomLogFactory.create_batch(2, owner=user)
    services.delete_symptom_log(log=gone)
    assert list(SymptomLog.objects.filter(owner=user)) == [keep]


@pytest.mark.parametrize(
    ("stored", "reason"),
    [
        ("Painful: Ankle circles", StopReason.PAIN),
        ("Pain or discomfort", StopReason.PAIN),
        ("Too tired", StopReason.TIRED),
        ("Out of time", StopReason.NO_TIME),
        ("Stopped early", StopReason.OTHER),
        ("imported free text", StopReason.OTHER),
    ],
)
def test_a_stored_stop_reason_is_read_back(stored, reason):
    assert StopReason.of(stored) == reason
