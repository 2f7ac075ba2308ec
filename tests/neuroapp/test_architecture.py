"""The layers hold: import-linter's contracts (pyproject.toml) pass on the code as it is,
and fail the moment a lower app imports a higher one."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ("neuroapp", "accounts", "routines", "tracking", "portability")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(tree / "pyproject.toml"), "--no-cache"],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def copy_of_the_code(tmp_path):
    for app in APPS:
        shutil.copytree(ROOT / app, tmp_path / app, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_contracts_are_kept(copy_of_the_code):
    result = lint_imports(copy_of_the_code)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout


@pytest.mark.parametrize(
    ("module", "line"),
    [
        ("routines/uses_tracking.py", "from tracking.models import PracticeSession\n"),
        ("accounts/uses_routines.py", "from routines.models import Routine\n"),
        ("tracking/uses_portability.py", "from portability import export\n"),
        ("tracking/insights/uses_models.py", "from tracking.models import SymptomLog\n"),
    ],
)
def test_an_import_against_the_layers_fails_the_lint(copy_of_the_code, module, line):
    (copy_of_the_code / module).write_text(line)
    result = lint_imports(copy_of_the_code)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
