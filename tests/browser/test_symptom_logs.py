import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.support import open_foot_and_note, scale
from tests.factories import PASSWORD, UserFactory
from tracking.models import SymptomLog


def local_input(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_quick_log_then_history_edit_and_delete(page, live_server, check_page, login):
    user = UserFactory()
    login(user, PASSWORD)

    # Quick log from another page, through the main navigation.
    page.get_by_role("navigation").get_by_role("link", name="Exercises").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Exercise library")
    page.get_by_role("navigation").get_by_role("link", name="Log symptoms").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log your symptoms")
    expect(scale(page, "Numbness").get_by_label("Not rated")).to_be_checked()
    open_foot_and_note(page)
    expect(page.get_by_label("Both feet")).to_be_checked()
    check_page("symptom-log-create")

    scale(page, "Numbness").get_by_label("6", exact=True).check()
    scale(page, "Burning pain").get_by_label("3", exact=True).check()
    scale(page, "Balance confidence").get_by_label("8", exact=True).check()
    page.get_by_label("Left foot").check()
    page.get_by_label("Note (optional)").fill("Feet cold after gardening")
    check_page("symptom-log-create-filled")
    page.get_by_role("button", name="Save log").click()

    expect(page).to_have_url(re.compile(r"/exercises/$"))
    expect(page.get_by_text("Your symptoms are logged.")).to_be_visible()
    log = SymptomLog.objects.get(owner=user)
    assert log.ratings() == {"numbness": 6, "burning": 3, "balance_confidence": 8}
    assert log.foot == "left"

    # History shows it.
    page.get_by_role("navigation").get_by_role("link", name="History").click()
    card = page.locator(".log-card")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("Numbness")
    expect(card).to_contain_text("Left foot")
    expect(card).to_contain_text("Feet cold after gardening")
    expect(card).to_contain_text("(higher is better)")
    check_page("symptom-history")

    # Edit: change a rating and the time.
    card.get_by_role("link", name=re.compile("^Edit")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Edit your log")
    expect(scale(page, "Numbness").get_by_label("6", exact=True)).to_be_checked()
    check_page("symptom-log-edit")
    scale(page, "Numbness").get_by_label("4", exact=True).check()
    earlier = timezone.now() - timedelta(hours=3)
    page.get_by_label("When did you feel this?").fill(local_input(earlier))

    # A future time is refused with the message and everything kept.
    future = local_input(timezone.now() + timedelta(days=1))
    page.get_by_label("When did you feel this?").fill(future)
    page.get_by_role("button", name="Save changes").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("The time cannot be in the future.")
    expect(page.locator("#id_recorded_at_error")).to_have_text("The time cannot be in the future.")
    expect(page.get_by_label("When did you feel this?")).to_have_value(future)
    expect(scale(page, "Numbness").get_by_label("4", exact=True)).to_be_checked()
    expect(page.get_by_label("Note (optional)")).to_have_value("Feet cold after gardening")
    check_page("symptom-log-edit-error")

    page.get_by_label("When did you feel this?").fill(local_input(earlier))
    page.get_by_role("button", name="Save changes").click()
    expect(page).to_have_url(re.compile(r"/log/history/"))
    expect(page.get_by_text("Your changes are saved.")).to_be_visible()
    expect(card).to_contain_text(timezone.localtime(earlier).strftime("%H:%M"))
    log.refresh_from_db()
    assert log.numbness == 4
    assert local_input(log.recorded_at) == local_input(earlier)

    # Delete, after confirming.
    card.get_by_role("link", name=re.compile("^Delete")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete this log?")
    check_page("symptom-log-delete")
    page.get_by_role("button", name="Yes, delete it").click()
    expect(page.get_by_text(re.compile("is deleted"))).to_be_visible()
    expect(page.get_by_text("You have not logged any symptoms yet.")).to_be_visible()
    assert not SymptomLog.objects.filter(owner=user).exists()
    check_page("symptom-history-empty")


def test_rating_scale_is_keyboard_usable_and_large(page, live_server, login):
    user = UserFactory()
    login(user, PASSWORD)
    page.goto(live_server.url + "/log/")
    not_rated = scale(page, "Numbness").get_by_label("Not rated")
    not_rated.focus()
    page.keyboard.press("ArrowRight")
    expect(scale(page, "Numbness").get_by_label("0", exact=True)).to_be_checked()
    page.keyboard.press("ArrowRight")
    expect(scale(page, "Numbness").get_by_label("1", exact=True)).to_be_checked()
    for radio in scale(page, "Numbness").get_by_role("radio").all():
        box = radio.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, box


def test_no_rating_error_and_narrow_screen(page, live_server, check_page, login):
    user = UserFactory()
    login(user, PASSWORD)
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + "/log/")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"log form scrolls sideways by {overflow}px at 320px wide"
    open_foot_and_note(page)
    page.get_by_label("Note (optional)").fill("Nothing to rate")
    page.get_by_role("button", name="Save log").click()
    expect(page.get_by_role("alert")).to_contain_text("Rate at least one symptom.")
    expect(page.get_by_label("Note (optional)")).to_have_value("Nothing to rate")
    check_page("symptom-log-create-320-error")
    assert not SymptomLog.objects.filter(owner=user).exists()


def test_delete_confirmation_works_without_javascript(browser, live_server):
    user = UserFactory()
    log = SymptomLog.objects.create(
        owner=user, recorded_at=timezone.now(), time_of_day="morning", aching=2
    )
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server.url + "/log/history/")
    page.get_by_role("link", name=re.compile("^Delete")).click()
    page.get_by_role("button", name="Yes, delete it").click()
    expect(page.get_by_text("You have not logged any symptoms yet.")).to_be_visible()
    assert not SymptomLog.objects.filter(pk=log.pk).exists()
    context.close()


def test_a_time_shown_long_ago_is_brought_up_to_now_unless_it_was_changed(page, live_server, login):
    """A log page opened from the phone's copy, or left open for hours, shows when it was
    loaded; the untouched time moves to now when the page is shown again."""
    login(UserFactory(), PASSWORD)
    page.goto(live_server.url + "/log/")
    when = page.get_by_label("When did you feel this?")
    loaded = when.input_value()
    an_hour_ago = (timezone.now() - timedelta(hours=1)).isoformat()
    shown_again = """at => {
      const input = document.querySelector("input[data-now-in]");
      input.value = "2026-01-01T08:00";  // as if rendered long ago
      input.dataset.renderedAt = at;
      document.dispatchEvent(new Event("visibilitychange"));
    }"""
    page.evaluate(shown_again, an_hour_ago)
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    assert when.input_value() in (loaded, now) and when.input_value() >= loaded

    # Changed by the person: left as they set it.
    page.reload()
    page.get_by_text("Was this earlier? Change the time").click()
    when.fill("2026-01-01T07:30")
    page.evaluate(
        """at => {
      document.querySelector("input[data-now-in]").dataset.renderedAt = at;
      document.dispatchEvent(new Event("visibilitychange"));
    }""",
        an_hour_ago,
    )
    expect(when).to_have_value("2026-01-01T07:30")
