"""Pages outside the main journeys still get an axe check and a screenshot."""

import re

from playwright.sync_api import expect

from tests.factories import PASSWORD, UserFactory
from tests.routines.factories import routine_with


def test_password_reset_pages(page, live_server, check_page):
    UserFactory(email="rosa@example.org")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_role("link", name="Reset it by email").click()
    check_page("password-reset")
    page.get_by_label("Email").fill("rosa@example.org")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    check_page("password-reset-done")
    page.goto(live_server.url + "/accounts/reset/MQ/bad-token/")
    expect(page.get_by_text("This reset link has expired")).to_be_visible()
    check_page("password-reset-invalid")


def test_routine_delete_confirmation_and_missing_page(page, live_server, check_page, login):
    user = UserFactory()
    routine = routine_with(user, "ankle-circles", name="Evening")
    login(user, PASSWORD)
    page.goto(live_server.url + routine.get_absolute_url())
    page.get_by_role("link", name="Delete this routine").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete “Evening”?")
    check_page("routine-delete")
    page.get_by_role("button", name="Yes, delete it").click()
    expect(page.get_by_text("“Evening” deleted")).to_be_visible()

    page.goto(live_server.url + routine.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("We could not find that page")
    check_page("not-found")


def test_today_page_and_starter_routines(page, live_server, check_page, login):
    user = UserFactory(profile__main_symptoms=["pain"])
    login(user, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Hello"))
    check_page("today-empty")
    page.get_by_role("link", name="Choose a suggested routine or build your own").click()
    page.get_by_role("button", name="Create “Pain” (suggested)").click()
    expect(page.get_by_role("heading", name="Seated hamstring stretch")).to_be_visible()
    expect(page.get_by_role("heading", name="Get ready")).to_be_visible()
    page.get_by_role("link", name="Today").click()
    expect(page.get_by_role("button", name="Start Pain")).to_be_visible()
    check_page("today-with-routine")
