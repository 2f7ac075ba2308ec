"""Memory and time of the biggest imports, and of exporting what they bring in.

Two files just under the 20 MB upload limit: the most records (bare symptom logs, the
cheapest record to write) and the heaviest ones (sessions of 100 steps). Each phase runs in
a fresh process, which prints its peak resident memory (ru_maxrss, the whole process with
Django loaded): checking and staging the upload (what the upload request does), writing it
(every batch), and downloading the account's export as JSON and as CSV. Also prints the
export's size, and checks that the export imports again (gzipped if it is over 20 MB).
Target: under 250 MB for a 20 MB import.
"""

import gzip
import json
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import PYTHON, ROOT, server_env

LIMIT = 20 * 1024 * 1024

PHASE = r"""
import resource, sys, time
from pathlib import Path
import django
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from django.contrib.auth import get_user_model
from accounts.services import register_user
from portability import export, jobs, selectors
from portability.forms import ImportForm
from portability.models import ImportJob

phase, path, username = sys.argv[1], sys.argv[2], sys.argv[3]
User = get_user_model()
started = time.perf_counter()
if phase == "stage":
    user = User.objects.filter(username=username).first() or register_user(
        username=username, email="", password="bench-password-9"
    )
    with open(path, "rb") as handle:
        upload = SimpleUploadedFile(Path(path).name, handle.read())
    form = ImportForm(
        {}, {"file": upload}, max_bytes=20 * 1024 * 1024,
        known_exercises=selectors.known_exercise_slugs(), too_large=False,
    )
    assert form.is_valid(), form.errors
    job = jobs.start_import(owner=user, data=form.checked, filename=Path(path).name)
    detail = f"{job.total} records staged"
elif phase == "write":
    job = ImportJob.objects.get(owner__username=username, status="running")
    batches = 0
    while job.is_running:
        job = jobs.advance_import(job=job)
        batches += 1
    detail = f"{batches} requests, status {job.status}"
elif phase in ("json", "csv"):
    user = User.objects.filter(username=username).first() or register_user(
        username=username, email="", password="bench-password-9"
    )
    data = selectors.export_data_for(user)
    chunks = export.json_chunks(data) if phase == "json" else export.csv_zip_chunks(data)
    size = 0
    with open(path, "wb") as out:
        for chunk in chunks:
            out.write(chunk)
            size += len(chunk)
    detail = f"{size / 1e6:.1f} MB"
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{phase:6} {time.perf_counter() - started:6.1f} s   peak {peak:5.0f} MB   {detail}")
"""


def bare_logs(limit: int) -> bytes:
    """As many minimal symptom logs as fit, one per minute, pretty-printed like a person's
    editor would."""
    logs = []
    size = 200
    minute = 0
    while True:
        day, rest = divmod(minute, 24 * 60)
        record = {
            "recorded_at": f"{2024 + day // 365}-{(day % 365) // 28 % 12 + 1:02d}-"
            f"{day % 28 + 1:02d}T{rest // 60:02d}:{rest % 60:02d}:00Z",
            "numbness": minute % 11,
        }
        size += len(json.dumps(record)) + 3
        if size > limit:
            break
        logs.append(record)
        minute += 1
    return json.dumps(
        {"format": "neuroapp-export", "version": 1, "symptom_logs": logs}, indent=None
    ).encode()


def heavy_sessions(limit: int) -> bytes:
    sessions = []
    size = 200
    n = 0
    step = {"exercise": "ankle-circles", "dose_kind": "reps", "status": "done", "reps": 10}
    while True:
        began = datetime(2019, 1, 1, 8, tzinfo=UTC) + timedelta(hours=12 * n)
        record = {
            "id": f"session-{n}",
            "routine_name": "Morning",
            "started_at": began.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "finished_at": (began + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "status": "completed",
            "steps": [dict(step) for _ in range(100)],
        }
        size += len(json.dumps(record)) + 2
        if size > limit:
            break
        sessions.append(record)
        n += 1
    return json.dumps({"format": "neuroapp-export", "version": 1, "sessions": sessions}).encode()


def run_phase(env: dict, phase: str, path: Path, username: str) -> str:
    result = subprocess.run(
        [PYTHON, "-c", PHASE, phase, str(path), username],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise RuntimeError(result.stderr[-3000:])
    return result.stdout.strip()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = server_env(folder / "imports.sqlite3")
        subprocess.run(
            [PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
        )
        subprocess.run(
            [PYTHON, "manage.py", "load_exercises"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        baseline = run_phase(env, "json", folder / "empty.json", "nobody-yet")
        for name, build in (("bare logs", bare_logs), ("100-step sessions", heavy_sessions)):
            started = time.perf_counter()
            content = build(LIMIT - 1024)
            path = folder / f"{name.replace(' ', '-')}.json"
            path.write_bytes(content)
            print(
                f"-- {name}: {len(content) / 1e6:.1f} MB file "
                f"(built in {time.perf_counter() - started:.1f} s)"
            )
            user = name.split()[0]
            for phase in ("stage", "write"):
                print("  ", run_phase(env, phase, path, user))
            exported = folder / f"{user}-export.json"
            print("  ", run_phase(env, "json", exported, user))
            print("  ", run_phase(env, "csv", folder / f"{user}-export.zip", user))
            again = exported.read_bytes()
            if len(again) > LIMIT:
                again = gzip.compress(again)
                print(f"   export over 20 MB: gzipped to {len(again) / 1e6:.1f} MB")
            again_path = folder / f"{user}-again.json"
            again_path.write_bytes(again)
            print("   re-import of the export into a new account:")
            print("  ", run_phase(env, "stage", again_path, f"{user}-again"))
        print(f"(for scale: an empty export in a fresh process: {baseline.split('peak')[1]})")


if __name__ == "__main__":
    main()
