import json
import re

import pytest
from playwright.sync_api import expect

from portability import export, jobs, selectors
from portability.models import ImportJob, ImportStatus
from tests.factories import PASSWORD, UserFactory
from tests.portability.conftest import NOTE, fill_account
from tracking.models import SymptomLog


@pytest.fixture
def slow_import(monkeypatch):
    """Small chunks, so the progress page is seen part-way through."""
    monkeypatch.setattr(jobs, "IMPORT_BATCH_SIZE", 3)
    monkeypatch.setattr(jobs, "IMPORT_TIME_BUDGET_SECONDS", 0)


def no_sideways_scroll(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


def log_out(page):
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="You are logged out")).to_be_visible()


def test_export_import_with_progress_then_delete_account(
    page, live_server, check_page, login, tmp_path, slow_import
):
    owner = UserFactory()
    fill_account(owner)
    login(owner, PASSWORD)
    page.get_by_role("navigation").get_by_role("link", name="Profile").click()
    page.get_by_role("link", name=re.compile("^Your data")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your data")
    expect(
        page.get_by_text("2 routines, 3 practice sessions, 5 symptom logs, 2 foot checks")
    ).to_be_visible()
    check_page("your-data")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download everything (JSON)").click()
    download = download_info.value
    assert re.fullmatch(r"neuroapp-export-\d{4}-\d{2}-\d{2}\.json", download.suggested_filename)
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    document = json.loads(saved.read_text())
    assert document["format"] == "neuroapp-export"
    assert len(document["symptom_logs"]) == 5
    log_out(page)

    # A new account imports the file.
    newcomer = UserFactory()
    login(newcomer, PASSWORD)
    page.goto(live_server.url + "/accounts/data/")

    broken = tmp_path / "broken.json"
    document["symptom_logs"][2]["numbness"] = 14
    broken.write_text(json.dumps(document))
    page.get_by_label(re.compile("Your neuroapp file")).set_input_files(broken)
    page.get_by_role("button", name="Check and import").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("symptom_logs[2].numbness: 14 is not between 0 and 10")
    check_page("your-data-import-error")

    page.get_by_label(re.compile("Your neuroapp file")).set_input_files(saved)
    page.get_by_role("button", name="Check and import").click()
    expect(page).to_have_url(re.compile(r"/accounts/data/imports/\d+/$"))
    expect(page.get_by_role("progressbar")).to_be_visible()
    check_page("import-progress")
    expect(page.get_by_text("The import is finished.")).to_be_visible(timeout=15000)
    expect(page.get_by_role("row", name="Symptom logs 5 0")).to_be_visible()
    expect(page.get_by_role("row", name="Neuropathy questionnaires 1 0")).to_be_visible()
    check_page("import-done")
    assert SymptomLog.objects.filter(owner=newcomer, note=NOTE).count() == 1

    # Delete the new account.
    page.goto(live_server.url + "/accounts/data/")
    page.get_by_role("link", name="Delete my account…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete your account?")
    expect(page.get_by_text("5 symptom logs")).to_be_visible()
    check_page("delete-account")
    page.get_by_label("Your password").fill("not my password")
    page.get_by_role("button", name="Delete my account and all my data").click()
    expect(page.get_by_role("alert")).to_contain_text("That is not your password")
    check_page("delete-account-error")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account and all my data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account is deleted")
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    check_page("goodbye")
    assert not SymptomLog.objects.filter(owner_id=newcomer.pk).exists()
    assert SymptomLog.objects.filter(owner=owner).count() == 5


def test_import_progresses_without_javascript(browser, live_server, tmp_path, slow_import):
    owner = UserFactory()
    fill_account(owner)
    path = tmp_path / "backup.json"
    path.write_bytes(export.to_json_bytes(selectors.export_data_for(owner)))
    newcomer = UserFactory()

    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill(newcomer.username)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server.url + "/accounts/data/")
    page.get_by_label(re.compile("Your neuroapp file")).set_input_files(path)
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_role("progressbar")).to_be_visible()
    # The <noscript> meta refresh reloads the page, one chunk per load.
    expect(page.get_by_text("The import is finished.")).to_be_visible(timeout=20000)
    assert ImportJob.objects.get(owner=newcomer).status == ImportStatus.DONE
    context.close()


def test_your_data_pages_fit_a_narrow_phone(page, live_server, login, check_page, slow_import):
    user = UserFactory()
    fill_account(user)
    job = jobs.start_import(owner=user, data=selectors.export_data_for(user))
    login(user, PASSWORD)
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ["/accounts/data/", "/accounts/delete/", f"/accounts/data/imports/{job.pk}/"]:
        page.goto(live_server.url + path)
        no_sideways_scroll(page)
    check_page("import-progress-320")
    page.goto(live_server.url + "/accounts/data/")
    check_page("your-data-320")
