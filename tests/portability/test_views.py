import gzip
import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts import throttle
from portability import jobs, selectors, slots, views
from portability.models import ImportJob, ImportStatus
from routines.models import Routine, WeekPlan
from tests.factories import PASSWORD
from tests.portability.conftest import NOTE
from tracking.models import ReminderSettings, SymptomLog

DATA_URL = "/accounts/data/"


def upload(client, content: bytes, name="backup.json", **extra):
    return client.post(
        reverse("portability:your_data"), {"file": SimpleUploadedFile(name, content)}, **extra
    )


@pytest.fixture
def export_bytes(filled_account, client_logged_in):
    return client_logged_in.get(reverse("portability:export_json")).getvalue()


def test_profile_page_links_to_your_data(client_logged_in):
    html = client_logged_in.get(reverse("accounts:profile")).content.decode()
    assert f'href="{DATA_URL}"' in html


def test_your_data_page_offers_downloads_import_and_deletion(client_logged_in, filled_account):
    response = client_logged_in.get(DATA_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("portability:export_json") in html
    assert reverse("portability:export_csv") in html
    assert 'enctype="multipart/form-data"' in html
    assert reverse("portability:delete_account") in html
    assert (
        "2 routines, 3 practice sessions, 5 symptom logs, 2 foot checks, 1 touch test and "
        "1 neuropathy questionnaire" in html
    )


def test_json_download_is_a_private_attachment(client_logged_in, filled_account):
    response = client_logged_in.get(reverse("portability:export_json"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="neuroapp-export-')
    assert "no-store" in response["Cache-Control"]
    assert response.streaming  # written as it is sent
    content = response.getvalue()
    document = json.loads(content)
    assert document["format"] == "neuroapp-export" and document["version"] == 2
    assert len(document["symptom_logs"]) == 5
    assert NOTE in content.decode()


def test_the_compressed_download_imports_as_it_is(
    client_logged_in, filled_account, other_client, other_user
):
    response = client_logged_in.get(reverse("portability:export_json") + "?compressed=1")
    assert response["Content-Type"] == "application/gzip"
    assert response["Content-Disposition"].endswith('.json.gz"')
    packed = response.getvalue()
    assert json.loads(gzip.decompress(packed))["format"] == "neuroapp-export"
    reply = upload(other_client, packed, name="backup.json.gz")
    assert reply.status_code == 302
    job = ImportJob.objects.get(owner=other_user)
    other_client.get(reverse("portability:import_job", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert SymptomLog.objects.filter(owner=other_user).count() == 5


def test_a_damaged_compressed_file_gets_a_clear_400(client_logged_in, user, export_bytes):
    packed = gzip.compress(export_bytes)
    response = upload(client_logged_in, packed[: len(packed) // 2], name="cut.json.gz")
    assert response.status_code == 400
    assert "damaged or incomplete" in response.content.decode()
    assert not ImportJob.objects.filter(owner=user).exists()


def test_a_file_that_unpacks_too_large_is_a_413(client_logged_in, user, monkeypatch):
    monkeypatch.setattr("portability.stream.MAX_UNPACKED_BYTES", 100_000)
    bomb = gzip.compress(b'{"format": "neuroapp-export", "version": 1, "x": "' + b"a" * 10**6)
    response = upload(client_logged_in, bomb, name="bomb.json.gz")
    assert response.status_code == 413
    assert "Unpacked, this file is more than" in response.content.decode()


def test_too_many_records_is_a_413(client_logged_in, user, monkeypatch):
    monkeypatch.setattr("portability.reader.MAX_RECORDS", 3)
    logs = [{"recorded_at": f"2026-01-0{day}T08:00:00Z", "numbness": 2} for day in range(1, 6)]
    content = json.dumps({"format": "neuroapp-export", "version": 1, "symptom_logs": logs})
    response = upload(client_logged_in, content.encode())
    assert response.status_code == 413
    assert "more than 3 records" in response.content.decode()
    assert not ImportJob.objects.filter(owner=user).exists()


def test_csv_download_is_a_zip_of_spreadsheets(client_logged_in, filled_account):
    response = client_logged_in.get(reverse("portability:export_csv"))
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment; ")
    assert "no-store" in response["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(response.getvalue()))
    logs = archive.read("symptom_logs.csv").decode("utf-8-sig").splitlines()
    assert len(logs) == 6  # header + five logs
    assert any(NOTE in line for line in logs)


def test_downloads_need_a_login(client):
    response = client.get(reverse("portability:export_json"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_upload_imports_and_the_progress_page_finishes_it(export_bytes, other_client, other_user):
    response = upload(other_client, export_bytes)
    job = ImportJob.objects.get(owner=other_user)
    assert response.status_code == 302
    assert response["Location"] == reverse("portability:import_job", args=[job.pk])
    assert SymptomLog.objects.filter(owner=other_user).count() == 0  # nothing yet

    page = other_client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "The import is finished" in html
    assert "hx-trigger" not in html and "http-equiv" not in html
    assert SymptomLog.objects.filter(owner=other_user, note=NOTE).count() == 1
    assert job.filename == "backup.json"


def test_progress_page_polls_and_refreshes_while_running(
    export_bytes, other_client, other_user, monkeypatch
):
    monkeypatch.setattr(jobs, "IMPORT_BATCH_SIZE", 2)
    monkeypatch.setattr(jobs, "IMPORT_TIME_BUDGET_SECONDS", 0)
    upload(other_client, export_bytes)
    job = ImportJob.objects.get(owner=other_user)
    url = reverse("portability:import_job", args=[job.pk])

    html = other_client.get(url).content.decode()
    assert '<noscript><meta http-equiv="refresh" content="1"></noscript>' in html
    assert 'hx-trigger="every 1s"' in html
    assert '<progress id="import-bar" class="import-bar" max="19" value="2">' in html

    partial = other_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<div id="import-progress"')
    assert "<html" not in partial
    assert 'value="4"' in partial

    assert "Stop and undo" not in partial  # outside the swapped part: focus stays put
    assert "HX-Refresh" not in partial

    for _ in range(10):
        polled = other_client.get(url, headers={"HX-Request": "true"})
    assert polled["HX-Refresh"] == "true"
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE


def test_stop_button_undoes_the_import(export_bytes, other_client, other_user, monkeypatch):
    monkeypatch.setattr(jobs, "IMPORT_BATCH_SIZE", 3)
    monkeypatch.setattr(jobs, "IMPORT_TIME_BUDGET_SECONDS", 0)
    upload(other_client, export_bytes)
    job = ImportJob.objects.get(owner=other_user)
    other_client.get(reverse("portability:import_job", args=[job.pk]))
    assert Routine.objects.filter(owner=other_user).exists()

    response = other_client.post(reverse("portability:import_cancel", args=[job.pk]), follow=True)
    assert "Nothing was imported" in response.content.decode()
    assert not Routine.objects.filter(owner=other_user).exists()


def test_another_users_import_job_is_a_404(export_bytes, other_client, other_user, user):
    upload(other_client, export_bytes)
    job = ImportJob.objects.get(owner=other_user)
    intruder = Client()
    intruder.force_login(user)
    assert intruder.get(reverse("portability:import_job", args=[job.pk])).status_code == 404
    assert intruder.post(reverse("portability:import_cancel", args=[job.pk])).status_code == 404
    job.refresh_from_db()
    assert job.status == ImportStatus.RUNNING and job.cursor == 0


def test_a_second_upload_while_one_runs_is_refused(export_bytes, other_client, other_user):
    upload(other_client, export_bytes)
    response = upload(other_client, export_bytes)
    assert response.status_code == 409
    assert "An import is still running" in response.content.decode()
    assert ImportJob.objects.filter(owner=other_user).count() == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"hello", "it is not valid JSON"),
        (b"", "The file is empty."),
        (b'{"format": "neuroapp-export", "version": 7}', "this file is version 7"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "it is not a text file"),
    ],
)
def test_files_that_are_not_exports_get_a_clear_400(client_logged_in, user, content, message):
    response = upload(client_logged_in, content)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'role="alert"' in html
    assert not ImportJob.objects.filter(owner=user).exists()


def test_a_bad_record_is_named_and_nothing_is_imported(export_bytes, other_client, other_user):
    document = json.loads(export_bytes)
    document["symptom_logs"][3]["numbness"] = 14
    document["routines"][1]["steps"][0]["exercise"] = "space-walk"
    response = upload(other_client, json.dumps(document).encode())
    html = response.content.decode()
    assert response.status_code == 400
    assert "symptom_logs[3].numbness: 14 is not between 0 and 10" in html
    assert "routines[1].steps[0].exercise: &quot;space-walk&quot; is not an exercise" in html
    assert not ImportJob.objects.exists()
    assert not Routine.objects.filter(owner=other_user).exists()


def test_missing_file_is_a_400(client_logged_in):
    response = client_logged_in.post(reverse("portability:your_data"), {})
    assert response.status_code == 400
    assert "Choose the file to import." in response.content.decode()


def test_a_huge_file_is_cut_off_with_a_clear_413(client_logged_in, user, monkeypatch):
    monkeypatch.setattr(views, "MAX_IMPORT_BYTES", 100 * 1024)
    response = upload(client_logged_in, b" " * (300 * 1024))
    assert response.status_code == 413
    assert "the largest file you can import is 0.1 MB" in response.content.decode()
    assert not ImportJob.objects.filter(owner=user).exists()


def test_upload_without_csrf_token_is_refused(user, export_bytes):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = upload(client, export_bytes)
    assert response.status_code == 403


def test_delete_account_needs_the_password(client_logged_in, filled_account):
    page = client_logged_in.get(reverse("portability:delete_account"))
    assert page.status_code == 200
    assert "5 symptom logs" in page.content.decode()
    response = client_logged_in.post(reverse("portability:delete_account"), {"password": "wrong"})
    assert response.status_code == 400
    assert "That is not your password. Nothing has been deleted." in response.content.decode()
    assert SymptomLog.objects.filter(owner=filled_account).count() == 5


def test_delete_account_removes_everything_logs_out_and_says_goodbye(
    client_logged_in, filled_account
):
    username = filled_account.username
    response = client_logged_in.post(reverse("portability:delete_account"), {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("portability:goodbye")
    assert not get_user_model().objects.filter(username=username).exists()
    assert not SymptomLog.objects.filter(note=NOTE).exists()
    goodbye = client_logged_in.get(response["Location"])
    assert "Your account is deleted" in goodbye.content.decode()
    assert client_logged_in.get(reverse("accounts:profile")).status_code == 302  # logged out
    # Visiting the goodbye page again (or by chance) just goes home.
    assert client_logged_in.get(reverse("portability:goodbye"))["Location"] == reverse("home")


def test_export_selector_never_mixes_users(filled_account, other_user):
    data = selectors.export_data_for(other_user)
    assert list(data.routines) == list(data.sessions) == list(data.symptom_logs) == []
    assert len(selectors.export_data_for(filled_account).symptom_logs) == 5


def test_a_file_in_any_order_keeps_its_links(client_logged_in, user, library):
    """Logs before sessions before routines: still written routines first."""
    document = {
        "symptom_logs": [
            {
                "recorded_at": "2026-03-01T07:00:00Z",
                "numbness": 5,
                "session": "s1",
                "context": "before",
            }
        ],
        "sessions": [
            {
                "id": "s1",
                "routine": "r1",
                "routine_name": "Morning",
                "started_at": "2026-03-01T07:01:00Z",
                "status": "completed",
                "stage": "done",
            }
        ],
        "routines": [{"id": "r1", "name": "Morning", "steps": [{"exercise": "ankle-circles"}]}],
        "version": 1,
        "format": "neuroapp-export",
    }
    response = upload(client_logged_in, json.dumps(document).encode())
    assert response.status_code == 302
    client_logged_in.get(response["Location"])
    log = SymptomLog.objects.get(owner=user)
    assert log.session.routine.name == "Morning"


def test_password_guessing_on_the_delete_page_is_throttled(client_logged_in, filled_account):
    statuses = [
        client_logged_in.post(
            reverse("portability:delete_account"), {"password": "guess"}
        ).status_code
        for _ in range(6)
    ]
    assert statuses[:4] == [400] * 4
    assert statuses[-1] == 429
    right = client_logged_in.post(reverse("portability:delete_account"), {"password": PASSWORD})
    assert right.status_code == 429
    assert SymptomLog.objects.filter(owner=filled_account).count() == 5


def test_imports_are_limited_per_account(client_logged_in, export_bytes, user, monkeypatch):
    limit = throttle.Limit("import-account", 3, timedelta(hours=1))
    monkeypatch.setattr(throttle, "IMPORTS_PER_ACCOUNT", limit)
    for _ in range(limit.count):
        upload(client_logged_in, b"not json")
    response = upload(client_logged_in, export_bytes)
    assert response.status_code == 429
    assert f"imported {limit.count} files" in response.content.decode()


def test_a_large_upload_waits_its_turn_while_another_is_checked(
    client_logged_in, export_bytes, user, settings, tmp_path, monkeypatch
):
    settings.LOCK_DIR = tmp_path
    monkeypatch.setattr(slots, "LARGE_UPLOAD_BYTES", len(export_bytes) - 1)
    with slots.import_check_slot() as free:
        assert free  # another request is checking its file
        busy = upload(client_logged_in, export_bytes)
    assert busy.status_code == 503
    assert busy["Retry-After"] == "60"
    assert "Another large file is being checked right now" in busy.content.decode()
    assert not ImportJob.objects.filter(owner=user).exists()

    response = upload(client_logged_in, export_bytes)
    assert response.status_code == 302  # the slot is free again
    assert ImportJob.objects.filter(owner=user).count() == 1


def test_small_uploads_need_no_slot(client_logged_in, export_bytes, user, settings, tmp_path):
    settings.LOCK_DIR = tmp_path
    with slots.import_check_slot():
        response = upload(client_logged_in, export_bytes)
    assert response.status_code == 302


def test_a_large_import_is_undone_a_chunk_at_a_time(
    export_bytes, other_client, other_user, monkeypatch
):
    monkeypatch.setattr(jobs, "IMPORT_TIME_BUDGET_SECONDS", 0)
    monkeypatch.setattr(jobs, "UNDO_CHUNK", 2)
    upload(other_client, export_bytes)
    job = ImportJob.objects.get(owner=other_user)
    page = reverse("portability:import_job", args=[job.pk])
    monkeypatch.setattr(jobs, "IMPORT_BATCH_SIZE", 1)
    while job.cursor < job.total - 1:  # stopped just before the end
        assert b"Saved so far" in other_client.get(page).content
        job.refresh_from_db()
    assert SymptomLog.objects.filter(owner=other_user).count() == 5
    assert WeekPlan.objects.filter(owner=other_user).exists()
    assert not ReminderSettings.objects.filter(owner=other_user).exists()  # the last record

    response = other_client.post(reverse("portability:import_cancel", args=[job.pk]), follow=True)
    html = response.content.decode()
    assert "What it had added is being removed" in html
    assert "entries left to remove" in html and "Stop and undo" not in html
    assert upload(other_client, export_bytes).status_code == 409  # still in progress
    assert "Carry on removing what" in other_client.get(DATA_URL).content.decode()

    visits = 0
    while "Nothing was imported" not in other_client.get(page).content.decode():
        visits += 1
        assert visits < 20
    assert visits >= 3  # 18 records, two at a time
    assert not SymptomLog.objects.filter(owner=other_user).exists()
    assert not Routine.objects.filter(owner=other_user).exists()
    assert not WeekPlan.objects.filter(owner=other_user).exists()  # it had none before
    job.refresh_from_db()
    assert job.status == ImportStatus.CANCELLED and not job.records.exists()


def test_the_finished_import_says_what_else_it_replaced(export_bytes, other_client, other_user):
    document = json.loads(export_bytes)
    document["reminders"]["by_push"] = True
    response = upload(other_client, json.dumps(document).encode(), follow=True)
    html = response.content.decode()
    assert "The import is finished" in html
    assert "So does your week plan. So do your reminder settings." in html
    assert "turn them on again on each phone or computer" in html
    assert f'href="{reverse("tracking:reminder_settings")}"' in html
    assert '<th scope="row">“Find out what helps me” plans</th><td>2</td>' in html
