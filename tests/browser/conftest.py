"""Browser tests: Playwright driving Debian's Chromium against the live server."""

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe

from bench.harness import CHROMIUM, CHROMIUM_FLAGS
from routines.library import sync_library
from routines.models import Exercise, Target

SCREENSHOT_DIR = os.environ.get("SCREENSHOT_DIR", "screenshots")


def pytest_collection_modifyitems(config, items):
    # The pages behave alike on both databases, and the rest of the suite runs on each:
    # the browser runs once, in the SQLite pass, which keeps CI inside its 12 minutes.
    once = pytest.mark.skip(reason="browser tests run once, in the SQLite pass of CI")
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if os.environ.get("DATABASE_URL"):
                item.add_marker(once)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's 'chromium' package.")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


@pytest.fixture(autouse=True)
def _library_for_live_server(live_server, transactional_db):
    sync_library(Exercise, Target)


@pytest.fixture
def csp_violations(page):
    """Console errors about the Content Security Policy, collected during the test."""
    found: list[str] = []
    page.on(
        "console",
        lambda msg: (
            found.append(msg.text)
            if msg.type == "error" and "Content Security Policy" in msg.text
            else None
        ),
    )
    return found


@pytest.fixture
def check_page(page, csp_violations):
    """Run axe-core on the current page, save a screenshot, and fail on any violation."""
    axe = Axe()
    os.makedirs(SCREENSHOT_DIR, exist_ok=True)

    def check(name: str):
        page.screenshot(path=os.path.join(SCREENSHOT_DIR, f"{name}.png"), full_page=True)
        results = axe.run(page)
        assert results.violations_count == 0, results.generate_report()
        assert csp_violations == [], csp_violations

    return check


@pytest.fixture
def login(page, live_server):
    def do_login(user, password):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password:", exact=True).fill(password)
        page.get_by_role("button", name="Log in").click()

    return do_login


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-GB", "timezone_id": "Europe/London"}
