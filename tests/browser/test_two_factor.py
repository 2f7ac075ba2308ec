"""Recovery codes at sign-up, setting up two-step sign-in, the code step, recovery."""

import re

from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.accounts.test_two_factor_views import app_code

PASSWORD = "a quiet walk by the river"


def test_sign_up_without_email_then_two_step_sign_in(page, live_server, check_page):
    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_label("User name").fill("rosa")
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("The same password again").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    check_page("recovery-codes-at-sign-up")
    page.get_by_role("link", name="I have saved them: continue").click()
    page.get_by_label(re.compile("I understand")).check()
    page.get_by_role("button", name="Continue").click()

    page.goto(live_server.url + "/accounts/two-step/")
    check_page("two-step-off")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Set up two-step sign-in").click()
    expect(page.locator(".qr-code svg")).to_be_visible()
    check_page("two-step-set-up")
    device = TOTPDevice.objects.get(user__username="rosa")
    page.get_by_label("The 6-digit code your app shows").fill(app_code(device))
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    expect(page.get_by_text("The recovery codes you saved also work")).to_be_visible()
    check_page("two-step-on")

    page.get_by_role("button", name="Log out").click()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill("rosa")
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your sign-in code")
    check_page("sign-in-code")
    page.get_by_label("Your code").fill(codes[0])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("You used a recovery code; 9 left")).to_be_visible()


def test_recover_page(page, live_server, check_page):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_role("link", name="use a recovery code").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New password with a recovery code")
    page.get_by_role("button", name="Set the new password").click()
    expect(page.locator(".error-summary")).to_be_visible()
    check_page("recover-errors")
