import re
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.tracking.factories import PracticeSessionFactory, SymptomLogFactory
from tracking.logs.forms import NO_RATING_ERROR, RATING_ERROR
from tracking.models import SymptomLog

LONDON = ZoneInfo("Europe/London")
CREATE = reverse("tracking:log_create")
HISTORY = reverse("tracking:log_list")


def local_input(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def create_data(**overrides) -> dict:
    data = {
        "numbness": "6",
        "balance_confidence": "7",
        "foot": "both",
        "note": "",
        "recorded_at": local_input(timezone.now()),
        "idempotency_key": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


# Create


def test_create_form_defaults_to_now_and_not_rated(client_logged_in):
    response = client_logged_in.get(CREATE + "?next=/exercises/")
    assert response.status_code == 200
    html = response.content.decode()
    shown = re.search(r'type="datetime-local" name="recorded_at" value="([^"]+)"', html)
    assert shown, "no datetime-local input with a value"
    default = datetime.fromisoformat(shown[1]).replace(tzinfo=timezone.get_current_timezone())
    assert abs(default - timezone.now()) < timedelta(minutes=2)
    assert 'value="" id="id_numbness_0" checked' in html
    assert 'name="idempotency_key"' in html
    assert 'name="next" value="/exercises/"' in html
    assert "Higher is better" in html


def test_create_saves_and_returns_to_the_page_it_came_from(client_logged_in, user):
    response = client_logged_in.post(CREATE, create_data(next="/exercises/", note="tired"))
    assert response.status_code == 302
    assert response["Location"] == "/exercises/"
    log = SymptomLog.objects.get(owner=user)
    assert log.ratings() == {"numbness": 6, "balance_confidence": 7}
    assert log.note == "tired"
    assert log.time_of_day in {"morning", "afternoon", "evening", "night"}
    follow = client_logged_in.get("/exercises/")
    assert "Your symptoms are logged." in follow.content.decode()


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/",
        "javascript:alert(1)",
        "exercises/",
        "/no-such-page/",
        CREATE,
    ],
)
def test_create_ignores_unsafe_or_pointless_next(client_logged_in, next_url):
    response = client_logged_in.post(CREATE, create_data(next=next_url))
    assert response.status_code == 302
    assert response["Location"] == HISTORY


def test_create_without_next_goes_to_history(client_logged_in):
    response = client_logged_in.post(CREATE, create_data())
    assert response["Location"] == HISTORY


def test_double_submit_creates_one_log(client_logged_in, user):
    data = create_data()
    first = client_logged_in.post(CREATE, data)
    second = client_logged_in.post(CREATE, data)
    assert first.status_code == second.status_code == 302
    assert SymptomLog.objects.filter(owner=user).count() == 1
    assert "already saved" in client_logged_in.get(HISTORY).content.decode()


@pytest.mark.parametrize("key", ["", "not-a-uuid", "{x}" * 50])
def test_bad_or_missing_key_still_saves_once(client_logged_in, user, key):
    response = client_logged_in.post(CREATE, create_data(idempotency_key=key))
    assert response.status_code == 302
    assert SymptomLog.objects.filter(owner=user).count() == 1


def test_missing_key_field_still_saves(client_logged_in, user):
    data = create_data()
    del data["idempotency_key"]
    assert client_logged_in.post(CREATE, data).status_code == 302
    assert SymptomLog.objects.filter(owner=user).count() == 1


def test_future_time_is_a_400_that_keeps_everything(client_logged_in, user):
    future = local_input(timezone.now() + timedelta(hours=2))
    key = str(uuid.uuid4())
    response = client_logged_in.post(
        CREATE,
        create_data(
            recorded_at=future,
            note="Feet <b>cold</b>",
            foot="left",
            idempotency_key=key,
            next="/exercises/",
        ),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "The time cannot be in the future." in html
    assert 'class="error-summary"' in html
    assert 'href="#id_recorded_at"' in html
    assert f'value="{future}"' in html
    assert "Feet &lt;b&gt;cold&lt;/b&gt;</textarea>" in html
    assert 'value="6" id="id_numbness_7" checked' in html
    assert 'value="left" id="id_foot_1" checked' in html
    assert f'name="idempotency_key" value="{key}"' in html
    assert 'name="next" value="/exercises/"' in html
    described = 'aria-describedby="id_recorded_at_helptext id_recorded_at_error"'
    assert f'aria-invalid="true" {described}' in html
    assert not SymptomLog.objects.filter(owner=user).exists()


def test_out_of_range_rating_is_a_400_with_message_beside_the_scale(client_logged_in, user):
    response = client_logged_in.post(CREATE, create_data(numbness="11", note="keep me"))
    assert response.status_code == 400
    html = response.content.decode()
    assert f'<ul class="errorlist" id="id_numbness_error"><li>{RATING_ERROR}</li></ul>' in html
    assert f'<a href="#id_numbness">Numbness: {RATING_ERROR}</a>' in html
    assert 'id="id_numbness" tabindex="-1"' in html  # the summary link has a target
    assert "keep me</textarea>" in html
    assert 'value="7" id="id_balance_confidence_8" checked' in html
    assert not SymptomLog.objects.filter(owner=user).exists()


def test_no_rating_is_a_400_asking_for_one(client_logged_in, user):
    response = client_logged_in.post(CREATE, create_data(numbness="", balance_confidence=""))
    assert response.status_code == 400
    assert NO_RATING_ERROR in response.content.decode()
    assert not SymptomLog.objects.filter(owner=user).exists()


def test_malformed_time_is_a_400(client_logged_in):
    response = client_logged_in.post(CREATE, create_data(recorded_at="2025-13-45T99:99"))
    assert response.status_code == 400
    assert "Enter a date and time" in response.content.decode()
    assert 'value="2025-13-45T99:99"' in response.content.decode()


def test_typed_time_is_read_in_the_site_time_zone(client_logged_in, user, settings):
    settings.TIME_ZONE = "Europe/London"
    client_logged_in.post(CREATE, create_data(recorded_at="2025-07-01T21:30"))
    log = SymptomLog.objects.get(owner=user)
    assert log.recorded_at == datetime(2025, 7, 1, 21, 30, tzinfo=LONDON)
    assert log.time_of_day == "evening"


def test_create_needs_login(client):
    response = client.get(CREATE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_log_pages_refuse_other_methods(client_logged_in, user):
    log = SymptomLogFactory(owner=user)
    assert client_logged_in.put(CREATE).status_code == 405
    assert client_logged_in.post(HISTORY).status_code == 405
    assert client_logged_in.delete(reverse("tracking:log_delete", args=[log.pk])).status_code == 405
    assert SymptomLog.objects.filter(pk=log.pk).exists()


# History


def test_history_lists_newest_first_with_details(client_logged_in, user):
    session = PracticeSessionFactory(owner=user, routine_name="Gentle start")
    SymptomLogFactory(
        owner=user,
        recorded_at=datetime(2025, 1, 5, 9, 0, tzinfo=LONDON),
        numbness=4,
        note="older one",
    )
    SymptomLogFactory(
        owner=user,
        recorded_at=datetime(2025, 1, 6, 19, 45, tzinfo=LONDON),
        numbness=None,
        burning=8,
        balance_confidence=3,
        foot="right",
        context="after",
        session=session,
    )
    SymptomLogFactory(note="someone else's")
    response = client_logged_in.get(HISTORY)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Monday 6 January 2025") < html.index("Sunday 5 January 2025")
    assert "19:45" in html
    assert "Evening" in html
    assert "Right foot" in html
    assert "After exercise: Gentle start" in html
    assert "<dt>Burning pain</dt>" in html
    assert "<dt>Numbness</dt>" in html  # from the older log only
    assert html.count("<dt>Numbness</dt>") == 1
    assert "(higher is better)" in html
    assert "older one" in html
    assert "someone else" not in html
    assert "2 logs, newest first" in html


def test_history_paginates_by_twenty(client_logged_in, user):
    now = timezone.now()
    for minutes in range(25):
        SymptomLogFactory(
            owner=user, recorded_at=now - timedelta(minutes=minutes), note=f"n{minutes}"
        )
    first = client_logged_in.get(HISTORY).content.decode()
    assert first.count('class="card log-card"') == 20
    assert "Page 1 of 2" in first
    assert 'href="?page=2"' in first
    second = client_logged_in.get(HISTORY + "?page=2").content.decode()
    assert second.count('class="card log-card"') == 5
    assert "n24" in second and "n0<" not in second


@pytest.mark.parametrize("page", ["abc", "0", "-3", "999", "9" * 30])
def test_history_tolerates_odd_page_numbers(client_logged_in, user, page):
    SymptomLogFactory(owner=user)
    assert client_logged_in.get(HISTORY + "?page=" + page).status_code == 200


def test_history_htmx_gets_the_list_partial(client_logged_in, user):
    SymptomLogFactory(owner=user)
    response = client_logged_in.get(HISTORY, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="log-list">')
    assert "<html" not in html
    restore = client_logged_in.get(
        HISTORY, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in restore.content.decode()


def test_empty_history_says_so(client_logged_in):
    html = client_logged_in.get(HISTORY).content.decode()
    assert "You have not logged any symptoms yet." in html


# Edit


def test_edit_shows_current_values_in_local_time(client_logged_in, user, settings):
    settings.TIME_ZONE = "Europe/London"
    log = SymptomLogFactory(
        owner=user, recorded_at=datetime(2025, 7, 1, 8, 5, tzinfo=LONDON), aching=3, foot="left"
    )
    html = client_logged_in.get(reverse("tracking:log_edit", args=[log.pk])).content.decode()
    assert 'value="2025-07-01T08:05"' in html
    assert 'value="3" id="id_aching_4" checked' in html
    assert 'value="left" id="id_foot_1" checked' in html
    assert 'value="" id="id_tingling_0" checked' in html


def test_edit_changes_ratings_and_time(client_logged_in, user, settings):
    settings.TIME_ZONE = "Europe/London"
    log = SymptomLogFactory(owner=user, recorded_at=datetime(2025, 7, 1, 8, 5, tzinfo=LONDON))
    response = client_logged_in.post(
        reverse("tracking:log_edit", args=[log.pk]),
        {
            "numbness": "",
            "sharp": "9",
            "foot": "right",
            "note": "changed",
            "recorded_at": "2025-07-01T22:40",
            "next": HISTORY + "?page=2",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == HISTORY + "?page=2"
    log.refresh_from_db()
    assert log.ratings() == {"sharp": 9}
    assert log.recorded_at == datetime(2025, 7, 1, 22, 40, tzinfo=LONDON)
    assert log.time_of_day == "night"
    assert (log.foot, log.note) == ("right", "changed")


def test_edit_without_changing_the_time_keeps_its_seconds(client_logged_in, user):
    moment = timezone.now().replace(second=42, microsecond=1234) - timedelta(hours=1)
    log = SymptomLogFactory(owner=user, recorded_at=moment)
    client_logged_in.post(
        reverse("tracking:log_edit", args=[log.pk]),
        {"numbness": "1", "foot": "both", "note": "", "recorded_at": local_input(moment)},
    )
    log.refresh_from_db()
    assert log.numbness == 1
    assert log.recorded_at == moment


def test_edit_errors_are_400_and_change_nothing(client_logged_in, user):
    log = SymptomLogFactory(owner=user, numbness=5)
    response = client_logged_in.post(
        reverse("tracking:log_edit", args=[log.pk]),
        {"numbness": "", "foot": "both", "note": "typed", "recorded_at": "soon"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert NO_RATING_ERROR in html
    assert "Enter a date and time" in html
    assert "typed</textarea>" in html
    log.refresh_from_db()
    assert log.numbness == 5


# Delete


def test_delete_asks_first_then_deletes(client_logged_in, user):
    log = SymptomLogFactory(owner=user, note="to go")
    url = reverse("tracking:log_delete", args=[log.pk])
    confirm = client_logged_in.get(url + "?next=" + HISTORY)
    assert confirm.status_code == 200
    html = confirm.content.decode()
    assert "Delete this log?" in html
    assert "to go" in html
    assert f'action="{url}"' in html
    assert SymptomLog.objects.filter(pk=log.pk).exists()

    response = client_logged_in.post(url, {"next": HISTORY})
    assert response.status_code == 302
    assert response["Location"] == HISTORY
    assert not SymptomLog.objects.filter(pk=log.pk).exists()
    assert "is deleted" in client_logged_in.get(HISTORY).content.decode()


def test_delete_does_not_return_to_the_deleted_logs_pages(client_logged_in, user):
    log = SymptomLogFactory(owner=user)
    edit_url = reverse("tracking:log_edit", args=[log.pk])
    response = client_logged_in.post(
        reverse("tracking:log_delete", args=[log.pk]), {"next": edit_url}
    )
    assert response["Location"] == HISTORY


# Ownership: every URL with an id is a 404 for someone else's log.


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("tracking:log_edit", "get"),
        ("tracking:log_edit", "post"),
        ("tracking:log_delete", "get"),
        ("tracking:log_delete", "post"),
    ],
)
def test_another_users_log_is_404(client_logged_in, other_user, name, method):
    theirs = SymptomLogFactory(owner=other_user, numbness=4, note="private")
    response = getattr(client_logged_in, method)(
        reverse(name, args=[theirs.pk]),
        {"numbness": "0", "foot": "both", "note": "", "recorded_at": "2025-01-01T10:00"},
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert (theirs.numbness, theirs.note) == (4, "private")


@pytest.mark.parametrize("name", ["tracking:log_edit", "tracking:log_delete"])
def test_missing_log_is_404(client_logged_in, name):
    assert client_logged_in.get(reverse(name, args=[999999])).status_code == 404


def test_quick_log_same_as_last_time_is_one_tap(client_logged_in, user):
    SymptomLog.objects.create(
        owner=user,
        recorded_at=timezone.now() - timedelta(hours=5),
        time_of_day="morning",
        numbness=5,
        tingling=2,
    )
    page = client_logged_in.get(CREATE).content.decode()
    assert "Same as last time" in page and "numbness 5, tingling or prickling 2" in page
    key = str(uuid.uuid4())
    for _ in range(2):  # a double tap saves once
        response = client_logged_in.post(CREATE, {"action": "same", "idempotency_key": key})
        assert response.status_code == 302
    latest = SymptomLog.objects.filter(owner=user).order_by("-recorded_at").first()
    assert SymptomLog.objects.filter(owner=user).count() == 2
    assert latest.ratings() == {"numbness": 5, "tingling": 2}
    assert abs(latest.recorded_at - timezone.now()) < timedelta(minutes=2)


def test_quick_log_shows_the_profile_symptoms_up_front(client_logged_in, user):
    user.profile.main_symptoms = ["tingling"]
    user.profile.save()
    page = client_logged_in.get(CREATE).content.decode()
    up_front = page.split("Rate another symptom")[0]
    assert "Tingling or prickling" in up_front and "Numbness" not in up_front
    assert "Same as last time" not in page
