import os
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOT_DIR
from tests.factories import PASSWORD, UserFactory
from tests.tracking.factories import SymptomLogFactory
from tracking.demo import seed_history

TITLE = "Report for your healthcare professional"


def test_clinician_report_prints_and_downloads(page, live_server, check_page, login):
    user = UserFactory()
    seed_history(user, days=40, seed=2)
    now = timezone.now()
    SymptomLogFactory(owner=user, recorded_at=now - timedelta(days=2), note="Burning at night.")
    SymptomLogFactory(
        owner=user, recorded_at=now - timedelta(hours=3), note="Feet warmer after the ball roll."
    )
    login(user, PASSWORD)
    page.goto(live_server.url + "/progress/")
    page.get_by_role("link", name="Print a report for your healthcare professional").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(
        page.get_by_role(
            "table", name="Every movement, with the number of sessions behind each estimate"
        )
    ).to_be_visible()
    expect(page.get_by_text("Feet warmer after the ball roll.")).to_be_visible()
    check_page("clinician-report")

    # The Print button appears with JavaScript and calls window.print().
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    page.get_by_role("button", name="Print").click()
    assert page.evaluate("window.printed") == 1

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download PDF").click()
    download = download_info.value
    assert download.suggested_filename.startswith("neuroapp-report-30-days-")
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    page.get_by_role("link", name="Last 90 days").click()
    expect(page.get_by_role("link", name="Last 90 days")).to_have_attribute("aria-current", "page")
    expect(page.locator("main dl").first).to_contain_text("(90 days)")

    # Printed: no site navigation, footer or buttons; a running head instead.
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("button", name="Print")).to_be_hidden()
    expect(page.get_by_role("link", name="Download PDF")).to_be_hidden()
    expect(page.get_by_text(f"neuroapp report for {user.username}")).to_be_visible()
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    page.screenshot(path=os.path.join(SCREENSHOT_DIR, "clinician-report-print.png"), full_page=True)
    printed = page.pdf(format="A4", prefer_css_page_size=True)
    assert printed.startswith(b"%PDF-")
    with open(os.path.join(SCREENSHOT_DIR, "clinician-report-print.pdf"), "wb") as handle:
        handle.write(printed)


def test_clinician_report_on_a_phone_and_with_a_bad_period(page, live_server, check_page, login):
    user = UserFactory()
    seed_history(user, days=10, seed=3)
    page.set_viewport_size({"width": 320, "height": 700})
    login(user, PASSWORD)
    page.goto(live_server.url + "/report/")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    check_page("clinician-report-320")

    response = page.goto(live_server.url + "/report/?days=12")
    assert response.status == 400
    expect(page.get_by_role("alert")).to_contain_text(
        "A report covers the last 30 or the last 90 days"
    )
    check_page("clinician-report-bad-period")
