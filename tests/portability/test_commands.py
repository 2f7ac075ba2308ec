import json

import pytest
from django.core.management import CommandError, call_command

from portability.models import ImportJob, ImportStatus
from routines.models import Routine
from tests.portability.conftest import NOTE
from tracking.models import SymptomLog


@pytest.fixture
def export_file(filled_account, tmp_path):
    path = tmp_path / "backup.json"
    call_command("export_data", "--user", filled_account.username, "--output", str(path))
    return path


def test_export_then_import_into_another_account(export_file, other_user, capsys):
    document = json.loads(export_file.read_text())
    assert document["format"] == "neuroapp-export"
    assert len(document["symptom_logs"]) == 5

    call_command("import_data", str(export_file), "--user", other_user.username)
    out = capsys.readouterr().out
    assert "Symptom logs: 5 added, 0 already there." in out
    assert SymptomLog.objects.filter(owner=other_user, note=NOTE).count() == 1
    job = ImportJob.objects.get(owner=other_user)
    assert job.status == ImportStatus.DONE and job.filename == "backup.json"


def test_export_to_standard_output(filled_account, capsys):
    call_command("export_data", "--user", filled_account.username)
    assert json.loads(capsys.readouterr().out)["version"] == 2


def test_csv_export_writes_a_zip(filled_account, tmp_path):
    path = tmp_path / "sheets.zip"
    call_command("export_data", "--user", filled_account.username, "--csv", "-o", str(path))
    assert path.read_bytes()[:2] == b"PK"


def test_invalid_file_lists_the_problems_and_changes_nothing(export_file, other_user):
    document = json.loads(export_file.read_text())
    document["symptom_logs"][1]["tingling"] = -1
    export_file.write_text(json.dumps(document))
    with pytest.raises(CommandError) as caught:
        call_command("import_data", str(export_file), "--user", other_user.username)
    assert "symptom_logs[1].tingling: -1 is not between 0 and 10" in str(caught.value)
    assert not Routine.objects.filter(owner=other_user).exists()
    assert not ImportJob.objects.filter(owner=other_user).exists()


def test_dry_run_writes_nothing(export_file, other_user, capsys):
    call_command("import_data", str(export_file), "--user", other_user.username, "--dry-run")
    assert "The file is valid: 19 records" in capsys.readouterr().out
    assert not Routine.objects.filter(owner=other_user).exists()


def test_unknown_user_and_missing_file_are_clear_errors(export_file, tmp_path, user):
    with pytest.raises(CommandError, match="No user called 'nobody'"):
        call_command("import_data", str(export_file), "--user", "nobody")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_data", str(tmp_path / "missing.json"), "--user", user.username)
