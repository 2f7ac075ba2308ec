"""The optional check-in some hours after a session."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.routines.factories import routine_with
from tracking.models import PracticeSession, SymptomLog
from tracking.sessions.selectors import later_check_in_due
from tracking.sessions.services import start_session


@pytest.fixture
def finished(user, library):
    routine = routine_with(user, "ankle-circles", "toe-pickups")
    session = start_session(owner=user, routine=routine, start_key=uuid.uuid4())
    ended = timezone.now() - timedelta(hours=4)
    PracticeSession.objects.filter(pk=session.pk).update(
        stage="done",
        status="completed",
        started_at=ended - timedelta(minutes=12),
        finished_at=ended,
    )
    session.refresh_from_db()
    return session


def url(session):
    return reverse("tracking:later_check_in", args=[session.pk])


def test_saving_a_later_check_in_links_it_to_the_session_once(client_logged_in, finished):
    key = str(uuid.uuid4())
    data = {"numbness": 3, "idempotency_key": key}
    assert client_logged_in.post(url(finished), data).status_code == 302
    assert client_logged_in.post(url(finished), data).status_code == 200  # already there
    log = SymptomLog.objects.get(session=finished, context="later")
    assert log.numbness == 3
    assert (
        "You already checked in after this session"
        in client_logged_in.get(url(finished)).content.decode()
    )


def test_a_later_check_in_without_a_rating_is_a_400_and_saves_nothing(client_logged_in, finished):
    response = client_logged_in.post(url(finished), {"idempotency_key": str(uuid.uuid4())})
    assert response.status_code == 400
    assert "Rate at least one symptom" in response.content.decode()
    assert not SymptomLog.objects.filter(context="later").exists()


def test_today_asks_when_the_profile_wants_it(client_logged_in, user, finished):
    assert later_check_in_due(user, user.profile, now=timezone.now()) is None  # not asked for
    user.profile.later_check_in = "evening"
    user.profile.save()
    assert later_check_in_due(user, user.profile, now=timezone.now()) == finished
    page = client_logged_in.get(reverse("home")).content.decode()
    assert "How are your feet now?" in page and url(finished) in page
    user.profile.later_check_in = "morning"
    user.profile.save()
    tomorrow_9 = timezone.localtime(finished.finished_at).replace(hour=9) + timedelta(days=1)
    assert later_check_in_due(user, user.profile, now=tomorrow_9) == finished
    assert later_check_in_due(user, user.profile, now=tomorrow_9 + timedelta(hours=6)) is None


def test_another_persons_session_is_404(other_client, finished):
    assert other_client.get(url(finished)).status_code == 404
    assert other_client.post(url(finished), {"numbness": 1}).status_code == 404


def test_a_later_check_in_sent_late_from_an_offline_phone_keeps_when_it_was_made(
    client_logged_in, finished
):
    made = timezone.now() - timedelta(hours=1)
    data = {"numbness": 2, "idempotency_key": str(uuid.uuid4()), "made_at": made.isoformat()}
    response = client_logged_in.post(url(finished), data, HTTP_X_OFFLINE_REPLAY="1")
    assert response.status_code == 302
    assert SymptomLog.objects.get(session=finished, context="later").recorded_at == made
