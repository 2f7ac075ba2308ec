import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from accounts.models import Profile
from tests.factories import PASSWORD, UserFactory


@pytest.mark.django_db
def test_sign_up_creates_user_and_profile_then_shows_safety_screen(client):
    response = client.post(
        reverse("accounts:signup"),
        {
            "username": "maria",
            "email": "maria@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:safety")
    user = get_user_model().objects.get(username="maria")
    assert Profile.objects.get(user=user).safety_acknowledged_at is None


@pytest.mark.django_db
def test_sign_up_errors_keep_input_and_return_400(client):
    response = client.post(
        reverse("accounts:signup"),
        {"username": "maria", "email": "not-an-email", "password1": "x", "password2": "y"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="maria"' in html
    assert "Enter a valid email address" in html
    assert not get_user_model().objects.filter(username="maria").exists()


@pytest.mark.django_db
def test_every_page_leads_to_the_safety_screen_until_acknowledged(client):
    user = UserFactory(profile__safety_acknowledged_at=None)
    client.force_login(user)
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:safety") + "?next=")

    htmx = client.get(reverse("home"), headers={"HX-Request": "true"})
    assert htmx["HX-Redirect"].startswith(reverse("accounts:safety"))

    refused = client.post(reverse("accounts:safety"), {})
    assert refused.status_code == 400
    assert "tick the box" in refused.content.decode()

    accepted = client.post(
        reverse("accounts:safety"), {"understood": "on", "next": reverse("accounts:profile")}
    )
    assert accepted["Location"] == reverse("accounts:profile")
    assert client.get(reverse("accounts:profile")).status_code == 200


@pytest.mark.django_db
def test_safety_next_ignores_other_hosts(client):
    user = UserFactory(profile__safety_acknowledged_at=None)
    client.force_login(user)
    response = client.post(
        reverse("accounts:safety"), {"understood": "on", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("home")


def test_profile_saves_symptoms_balance_and_time(client_logged_in, user):
    response = client_logged_in.post(
        reverse("accounts:profile"),
        {
            "main_symptoms": ["pain", "balance"],
            "balance_concerns": "on",
            "preferred_time": "evening",
        },
    )
    assert response.status_code == 302
    user.profile.refresh_from_db()
    assert user.profile.main_symptoms == ["pain", "balance"]
    assert user.profile.balance_concerns is True
    assert user.profile.preferred_time == "evening"


def test_profile_rejects_unknown_choices_without_saving(client_logged_in, user):
    response = client_logged_in.post(
        reverse("accounts:profile"), {"main_symptoms": ["flying"], "preferred_time": "never"}
    )
    assert response.status_code == 400
    user.profile.refresh_from_db()
    assert user.profile.main_symptoms == ["numbness"]


@pytest.mark.django_db
def test_pages_need_login_by_default(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_login_throttled_after_repeated_failures_then_cools_off(client, settings):
    user = UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": user.username, "password": "wrong"})
    locked = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert locked.status_code == 429
    assert "Too many attempts" in locked.content.decode()
    assert settings.AXES_COOLOFF_TIME > 0  # temporary, never a permanent lockout


@pytest.mark.django_db
def test_password_reset_sends_a_working_link(client):
    user = UserFactory(email="rosa@example.org")
    client.post(reverse("password_reset"), {"email": "rosa@example.org"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    new_password = "another-long-passphrase-7"
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)


def test_personal_pages_are_never_cached(client_logged_in):
    response = client_logged_in.get(reverse("accounts:profile"))
    assert "no-store" in response["Cache-Control"]
    assert "HX-Request" in response["Vary"]


def test_logout_is_post_only_and_ends_the_session(client_logged_in):
    assert client_logged_in.get(reverse("logout")).status_code == 405
    client_logged_in.post(reverse("logout"))
    assert client_logged_in.get(reverse("accounts:profile")).status_code == 302


def test_profile_save_leads_on_to_the_starter_routines(client_logged_in, user):
    data = {"main_symptoms": ["numbness"], "preferred_time": "evening", "coach_mode": "on"}
    response = client_logged_in.post(reverse("accounts:profile"), data)
    assert response["Location"] == reverse("tracking:routine_list")
    user.profile.refresh_from_db()
    assert user.profile.coach_mode is True
    # With a `next`, back to where the person came from.
    data["next"] = reverse("tracking:log_list")
    response = client_logged_in.post(reverse("accounts:profile"), data)
    assert response["Location"] == reverse("tracking:log_list")


def test_profile_shows_coach_mode_on_until_turned_off(client_logged_in, user):
    html = client_logged_in.get(reverse("accounts:profile")).content.decode()
    assert re.search(r'name="coach_mode"[^>]*checked', html)


@pytest.mark.parametrize(("choice", "stored"), [("on", True), ("off", False)])
def test_coach_switch_is_remembered(client_logged_in, user, choice, stored):
    url = reverse("accounts:coach_mode")
    response = client_logged_in.post(url, {"coach": choice, "next": "/log/history/"})
    assert response.status_code == 302 and response["Location"] == "/log/history/"
    user.profile.refresh_from_db()
    assert user.profile.coach_mode is stored
    # From the player (htmx or fetch): nothing to swap.
    assert client_logged_in.post(url, {"coach": choice}, HTTP_HX_REQUEST="true").status_code == 204


def test_coach_switch_refuses_a_bad_choice(client_logged_in, user):
    response = client_logged_in.post(reverse("accounts:coach_mode"), {"coach": "loud"})
    assert response.status_code == 400
    assert "Choose to turn the coach on or off." in response.content.decode()
    user.profile.refresh_from_db()
    assert user.profile.coach_mode is None


@pytest.mark.django_db
def test_sign_up_speaks_plainly_and_keeps_both_passwords_on_a_mismatch(client):
    page = client.get(reverse("accounts:signup")).content.decode()
    assert "@/./+/-/_" not in page
    assert "letters and numbers, no spaces" in page and "At least 8 characters" in page
    data = {"username": "ro sa", "email": "", "password1": PASSWORD, "password2": PASSWORD + "x"}
    response = client.post(reverse("accounts:signup"), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Use only letters and numbers in your user name" in html
    assert "The two passwords are not the same" in html
    assert f'value="{PASSWORD}"' in html and f'value="{PASSWORD}x"' in html


@pytest.mark.django_db
def test_a_login_error_is_said_once(client):
    UserFactory(username="maria")
    response = client.post(reverse("login"), {"username": "maria", "password": "wrong"})
    assert response.content.decode().count("Please enter a correct") == 1


def test_first_profile_set_up_offers_the_neuropathy_questionnaire_then_routines(
    client_logged_in, user
):
    user.profile.main_symptoms = []
    user.profile.save()
    data = {"main_symptoms": ["numbness"], "preferred_time": "evening", "foot_check": "after"}
    response = client_logged_in.post(reverse("accounts:profile"), data)
    routines = reverse("tracking:routine_list")
    assert response["Location"] == f"{reverse('tracking:neuropathy_screen')}?next={routines}"
    user.profile.refresh_from_db()
    assert user.profile.foot_check == "after"
    page = client_logged_in.get(response["Location"]).content.decode()
    assert f'name="next" value="{routines}"' in page
