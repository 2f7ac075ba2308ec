"""Two identical requests released together, against gunicorn, for every "check, then
write" path: each must leave exactly one record, and neither may be a 5xx.

Runs on a SQLite file, and in the PostgreSQL pass of CI on a fresh database of the CI
server (READ COMMITTED: both requests can pass a plain "does it exist?" read, so only a
constraint or a row lock keeps the second one out).
"""

import json
import os
import re
import threading
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bench.harness import Client, Server, prepare_database, server_env
from tests.reliability.support import Rows, database

pytestmark = pytest.mark.reliability

PAIRS = 2  # each race is run this many times
KEY = re.compile(rb'name="(?:idempotency_key|start_key)" value="([0-9a-f-]{36})"')
VAPID_KEY = "-LQhfzXsI-i9rxJYQ2qksj_VmaoIWfG7VO1I6ZwGiD0"  # tests only


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("races")
    with database(tmp_path) as (where, _):
        env = server_env(
            where.get("db_path"),
            where.get("database_url", ""),
            settings="bench.settings_quick_login",
            GUNICORN_LOG=str(tmp_path / "gunicorn.log"),
            NEUROAPP_VAPID_PRIVATE_KEY=VAPID_KEY,
        )
        prepare_database(env, users=1)
        with Server(env, workers=2) as running:
            yield running, Rows(where), tmp_path / "gunicorn.log"


def signed_in(server):
    """A client signed in as the test's person."""
    client = Client(server.port)
    client.login("load0")
    return client


def stored(key: str) -> str:
    """A UUID as the database holds it (SQLite: 32 hex digits, no dashes)."""
    return key if os.environ.get("DATABASE_URL") else key.replace("-", "")


def together(server, method, path, data=None, **kwargs):
    """Send the same request from two signed-in clients at the same moment (``data`` may
    be a function, called for each client: two tabs, each with its own form)."""
    clients = []
    for _ in range(2):
        client = signed_in(server)
        client.request("GET", "/")  # a fresh CSRF cookie on this connection
        clients.append(client)
    barrier = threading.Barrier(2)
    statuses = []

    def send(client):
        body = data() if callable(data) else data
        barrier.wait(timeout=10)
        statuses.append(client.request(method, path, body, **kwargs)[0])

    threads = [threading.Thread(target=send, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for client in clients:
        client.close()
    return sorted(statuses)


def page_key(server, path):
    client = signed_in(server)
    key = KEY.search(client.request("GET", path)[2]).group(1).decode()
    client.close()
    return key


def no_server_errors(statuses, log):
    assert len(statuses) == 2 and all(s < 500 for s in statuses), (statuses, log.read_text())
    assert all(s in (200, 302, 409) for s in statuses), statuses


def routine_id(rows):
    return rows.one(
        "SELECT r.id FROM routines_routine r JOIN auth_user u ON u.id = r.owner_id "
        "WHERE u.username = 'load0' ORDER BY r.id LIMIT 1"
    )[0]


@pytest.mark.parametrize("attempt", range(PAIRS))
def test_the_same_symptom_log_twice_at_once_is_one_log(server, attempt):
    running, rows, log = server
    key = page_key(running, "/log/")
    now = datetime.now(ZoneInfo("Europe/London")).strftime("%Y-%m-%dT%H:%M")
    data = {"numbness": "3", "foot": "both", "idempotency_key": key, "recorded_at": now}
    no_server_errors(together(running, "POST", "/log/", data), log)
    assert rows.one(
        "SELECT COUNT(*) FROM tracking_symptomlog WHERE idempotency_key = ?",
        stored(key),
    ) == (1,)


@pytest.mark.parametrize("attempt", range(PAIRS))
def test_the_same_start_twice_at_once_is_one_session_one_check_in_one_step(server, attempt):
    running, rows, log = server
    routine = routine_id(rows)
    key = page_key(running, f"/routines/{routine}/")
    stored_key = stored(key)
    no_server_errors(
        together(running, "POST", f"/routines/{routine}/start/", {"start_key": key}), log
    )
    found = rows.one(
        "SELECT COUNT(*), MAX(id) FROM tracking_practicesession WHERE start_key = ?", stored_key
    )
    assert found[0] == 1
    session = found[1]

    check_in = {
        "form_stage": "before",
        "action": "save",
        "numbness": "2",
        "idempotency_key": str(uuid.uuid4()),
    }
    no_server_errors(together(running, "POST", f"/sessions/{session}/", check_in), log)
    assert rows.one(
        "SELECT COUNT(*) FROM tracking_symptomlog WHERE session_id = ? AND context = 'before'",
        session,
    ) == (1,)

    step = {"form_stage": "steps", "index": "0", "action": "done"}
    no_server_errors(together(running, "POST", f"/sessions/{session}/", step), log)
    assert rows.one("SELECT current_index FROM tracking_practicesession WHERE id = ?", session) == (
        1,
    )
    assert rows.one(
        "SELECT COUNT(*) FROM tracking_sessionstep WHERE session_id = ? AND status = 'done'",
        session,
    ) == (1,)


@pytest.mark.parametrize("attempt", range(PAIRS))
def test_two_later_check_ins_at_once_from_two_tabs_are_one(server, attempt):
    running, rows, log = server
    routine = routine_id(rows)
    client = signed_in(running)
    key = page_key(running, f"/routines/{routine}/")
    assert client.request("POST", f"/routines/{routine}/start/", {"start_key": key})[0] == 302
    stored_key = stored(key)
    session = rows.one("SELECT id FROM tracking_practicesession WHERE start_key = ?", stored_key)[0]
    # Through the session quickly: no before check-in, stop, no after check-in.
    player = f"/sessions/{session}/"
    client.request("POST", player, {"form_stage": "before", "action": "skip"})
    stop = {"form_stage": "steps", "index": "0", "action": "stop_confirmed", "reason": "other"}
    client.request("POST", player, stop)
    client.request("POST", player, {"form_stage": "after", "action": "skip"})
    assert rows.one("SELECT stage FROM tracking_practicesession WHERE id = ?", session) == ("done",)
    client.close()

    # Two tabs: each its own key, so only the one-per-session constraint keeps one out.
    def tab_form():
        return {"numbness": "4", "foot": "both", "idempotency_key": str(uuid.uuid4())}

    statuses = together(running, "POST", f"{player}later/", tab_form)
    no_server_errors(statuses, log)
    assert rows.one(
        "SELECT COUNT(*) FROM tracking_symptomlog WHERE session_id = ? AND context = 'later'",
        session,
    ) == (1,)


@pytest.mark.parametrize("attempt", range(PAIRS))
def test_the_same_week_plan_and_device_twice_at_once_are_one_each(server, attempt):
    running, rows, log = server
    plan = {
        "days": ["0", str(attempt + 1)],
        "first_time": "09:00",
        "routine": str(routine_id(rows)),
    }
    no_server_errors(together(running, "POST", "/week/", plan), log)
    assert rows.one("SELECT COUNT(*) FROM routines_weekplan") == (1,)
    device = {"endpoint": f"https://push.example.org/{attempt}", "p256dh": "k", "auth": "a"}
    no_server_errors(together(running, "POST", "/week/devices/", device), log)
    assert rows.one(
        "SELECT COUNT(*) FROM tracking_pushsubscription WHERE endpoint = ?", device["endpoint"]
    ) == (1,)


@pytest.mark.parametrize("attempt", range(PAIRS))
def test_the_same_plan_start_twice_at_once_is_one_running_plan(server, attempt):
    running, rows, log = server
    routine = routine_id(rows)
    client = signed_in(running)
    for (slug,) in rows.all("SELECT slug FROM routines_exercise"):  # enough to vary
        client.request("POST", f"/routines/{routine}/steps/", {"exercise": slug})
    no_server_errors(together(running, "POST", f"/routines/{routine}/plan/", {}), log)
    assert rows.one(
        "SELECT COUNT(*) FROM routines_discoveryplan WHERE routine_id = ? AND ended_at IS NULL",
        routine,
    ) == (1,)
    assert client.request("POST", f"/routines/{routine}/plan/stop/", {})[0] == 302
    client.close()


def multipart(name: str, filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/json\r\n\r\n'
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


@pytest.mark.parametrize("attempt", range(PAIRS))
def test_the_same_import_twice_at_once_starts_one_import(server, attempt):
    running, rows, log = server
    logs = [
        {"recorded_at": f"2025-0{attempt + 1}-{day:02d}T08:00:00Z", "numbness": 3}
        for day in range(1, 29)
    ]
    document = json.dumps({"format": "neuroapp-export", "version": 1, "symptom_logs": logs})
    before_logs = rows.one("SELECT COUNT(*) FROM tracking_symptomlog")[0]
    before_jobs = rows.one("SELECT COUNT(*) FROM accounts_importjob")[0]
    body, content_type = multipart("file", "backup.json", document.encode())
    statuses = together(
        running, "POST", "/accounts/data/", raw_body=body, headers={"Content-Type": content_type}
    )
    no_server_errors(statuses, log)
    assert statuses == [302, 409]
    assert rows.one("SELECT COUNT(*) FROM accounts_importjob")[0] == before_jobs + 1
    # Let the one import finish through its page, then count what it wrote.
    job = rows.one("SELECT MAX(id) FROM accounts_importjob")[0]
    client = signed_in(running)
    for _ in range(50):
        client.request("GET", f"/accounts/data/imports/{job}/")
        if rows.one("SELECT status FROM accounts_importjob WHERE id = ?", job)[0] == "done":
            break
    client.close()
    assert rows.one("SELECT COUNT(*) FROM tracking_symptomlog")[0] == before_logs + len(logs)
