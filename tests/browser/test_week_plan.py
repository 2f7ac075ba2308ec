"""The week plan in Chromium, the installable app, and logging without a connection."""

import json
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bench.harness import CHROMIUM, CHROMIUM_FLAGS
from routines.models import WeekPlan
from tests.browser.support import scale
from tests.factories import PASSWORD, UserFactory
from tests.routines.factories import routine_with
from tracking.models import ReminderSettings, SymptomLog

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture(autouse=True)
def service_worker(settings):
    settings.NEUROAPP_SERVICE_WORKER = True


@pytest.fixture
def person(library):
    user = UserFactory()
    routine_with(user, "ankle-circles", "toe-pickups", name="Gentle mornings")
    return user


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_planning_the_week_then_today_shows_it(page, live_server, check_page, login, person, size):
    page.set_viewport_size(size)
    login(person, PASSWORD)
    page.get_by_role("link", name="Plan my week and get reminders").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your week plan")
    check_page(f"week-plan-new-{size['width']}")
    for day in ("Tuesday", "Thursday", "Saturday"):
        page.get_by_label(day).uncheck()
    page.get_by_label("Time:", exact=True).fill("08:15")
    page.get_by_label("Second time (optional)").fill("17:45")
    page.get_by_role("button", name="Save my plan").click()
    expect(page.get_by_text("Your week plan is saved.")).to_be_visible()
    plan = WeekPlan.objects.get(owner=person)
    assert plan.days == [0, 2, 4, 6] and str(plan.first_time) == "08:15:00"

    page.get_by_role("button", name="Make my calendar address").click()
    expect(page.get_by_role("link", name="Add to my calendar")).to_have_attribute(
        "href", re.compile(r"^webcal://.+/calendar/[\w-]{40,}\.ics$")
    )
    expect(page.get_by_role("button", name="Copy the address")).to_be_visible()
    assert ReminderSettings.objects.get(owner=person).calendar_token
    check_page(f"week-plan-saved-{size['width']}")

    page.get_by_role("navigation").get_by_role("link", name="Today").click()
    expect(
        page.get_by_text(re.compile(r"This week: 0 days with exercise of 4 planned"))
    ).to_be_visible()
    check_page(f"today-with-plan-{size['width']}")


def test_a_plan_without_days_keeps_what_was_typed(page, live_server, check_page, login, person):
    login(person, PASSWORD)
    page.goto(f"{live_server.url}/week/")
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"):
        page.get_by_label(day).uncheck()
    page.get_by_label("Time:", exact=True).fill("07:40")
    page.get_by_role("button", name="Save my plan").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose at least one day")
    expect(page.get_by_label("Time:", exact=True)).to_have_value("07:40")
    check_page("week-plan-no-days")
    assert not WeekPlan.objects.exists()


def test_the_app_meets_chromiums_install_criteria(
    playwright, live_server, tmp_path, service_worker
):
    # A persistent profile: Chromium never offers to install from an incognito window.
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, args=CHROMIUM_FLAGS
    )
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/")
        scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
        assert scope == f"{live_server.url}/"
        cdp = context.new_cdp_session(page)
        assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
        manifest = cdp.send("Page.getAppManifest")
        assert manifest["errors"] == []
        assert '"display": "standalone"' in manifest["data"]
    finally:
        context.close()


# Runs a function with a getter for the outbox store (read-write) of static/js/offline.js.
OUTBOX = """(work => new Promise(done => {
  const open = indexedDB.open("neuroapp-offline", 1);
  open.onsuccess = () => {
    const tx = open.result.transaction("outbox", "readwrite");
    const result = work(() => tx.objectStore("outbox"));
    tx.oncomplete = () => Promise.resolve(result).then(done);
  };
}))("""


def wait_for_worker(page):
    page.evaluate("navigator.serviceWorker.ready")
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def test_a_log_made_offline_is_kept_then_saved_once(
    page, live_server, check_page, login, person, service_worker
):
    page.set_viewport_size(DESKTOP)
    login(person, PASSWORD)
    page.goto(f"{live_server.url}/log/")
    wait_for_worker(page)
    page.reload()  # now through the service worker, which keeps the page
    page.context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log your symptoms")
    scale(page, "Numbness").get_by_label("6", exact=True).check()
    page.get_by_role("button", name="Save log").click()
    expect(page.get_by_text("kept on this device and will be sent")).to_be_visible()
    expect(page.locator("[data-outbox]")).to_contain_text("Symptom log")
    expect(page.locator("[data-outbox]")).to_contain_text("waiting to send")
    check_page("log-offline-waiting")
    assert not SymptomLog.objects.filter(owner=person).exists()

    read_all = (
        "get => new Promise(r => { const q = get().getAll(); q.onsuccess = () => r(q.result); })"
    )
    kept = page.evaluate(OUTBOX + read_all + ")")
    assert len(kept) == 1 and kept[0]["state"] == "waiting"

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("[data-outbox]")).to_be_hidden(timeout=15000)
    log = SymptomLog.objects.get(owner=person)
    assert log.numbness == 6 and str(log.idempotency_key) == kept[0]["key"]
    assert f"idempotency_key={kept[0]['key']}" in kept[0]["body"]  # a fresh key, not the page's

    # The same entry sent again (a second tab, a retry after a lost answer): still one log.
    page.evaluate(
        OUTBOX + "outbox => { outbox().put(ENTRY); })".replace("ENTRY", json.dumps(kept[0]))
    )
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("[data-outbox]")).to_be_hidden(timeout=15000)
    assert SymptomLog.objects.filter(owner=person).count() == 1


def test_offline_pages_fall_back_to_the_offline_page(
    page, live_server, login, person, service_worker
):
    login(person, PASSWORD)
    page.goto(f"{live_server.url}/")
    wait_for_worker(page)
    page.context.set_offline(True)
    page.goto(f"{live_server.url}/progress/?period=365")  # never opened on this device
    expect(page.get_by_role("heading", level=1)).to_have_text("You are offline")
    page.goto(f"{live_server.url}/exercises/toe-pickups/")  # kept when the worker installed
    expect(page.get_by_role("heading", level=1)).to_contain_text("Toe")
    page.context.set_offline(False)


def test_a_session_open_in_the_player_keeps_its_check_in_and_steps_offline(
    page, live_server, check_page, login, person, service_worker
):
    from tracking.models import PracticeSession

    person.profile.coach_mode = False
    person.profile.save()
    page.set_viewport_size(DESKTOP)
    login(person, PASSWORD)
    page.goto(f"{live_server.url}/")
    wait_for_worker(page)
    page.get_by_role("button", name="Start Gentle mornings").click()
    expect(page.get_by_role("button", name="Save and start exercising")).to_be_visible()

    page.context.set_offline(True)
    scale(page, "Numbness").get_by_label("4", exact=True).check()
    page.get_by_role("button", name="Save and start exercising").click()
    expect(page.locator("[data-offline-status]")).to_contain_text("kept on this device")
    expect(page.locator("[data-outbox]")).to_contain_text("Check-in")
    check_page("player-offline-check-in")
    session = PracticeSession.objects.get(owner=person)
    assert session.stage == "before" and not session.check_ins.exists()

    back_online_at = timezone.now()
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("[data-outbox]")).to_be_hidden(timeout=15000)
    session.refresh_from_db()
    assert session.stage == "steps"
    check_in = session.check_ins.get()
    assert check_in.context == "before" and check_in.numbness == 4
    # Saved with the time it was made, not the time it arrived.
    assert session.started_at <= check_in.recorded_at < back_online_at

    page.reload()
    expect(page.get_by_text("Exercise 1 of 2")).to_be_visible()
    page.context.set_offline(True)
    page.get_by_role("button", name="Done, next").click()
    expect(page.locator("[data-offline-status]")).to_contain_text("the next exercise, Toe")
    back_online_at = timezone.now()
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("[data-outbox]")).to_be_hidden(timeout=15000)
    step = session.steps.get(position=0)
    assert step.status == "done"
    assert step.completed_at is not None and step.completed_at < back_online_at
    page.reload()
    expect(page.get_by_text("Exercise 2 of 2")).to_be_visible()
