"""An attacker's worst imports against gunicorn on SQLite, and what another user feels.

Two runs, each with one victim account writing symptom logs (POST /log/, one after
another) the whole time and recording each request's latency and status:

1. One attacker imports the worst files just under the 20 MB limit, one after the other:
   sessions of 100 steps each (the most work per record) and bare symptom logs (the most
   records), then polls the import page as fast as it answers until each is written.
2. Four new accounts upload the 20 MB bare-log file at the same moment.

Prints the victim's p50/p95/max latency and failures (anything but the redirect after a
saved log) per run, and the attacker's upload and write times. Target: every victim
request under 2 s, 0 failures.
"""

from __future__ import annotations

import http.client
import re
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import Client, Server, prepare_database, server_env
from imports import LIMIT, bare_logs, heavy_sessions
from web import log_form

IMPORT_URL = "/accounts/data/"
MARGIN = 64 * 1024  # the multipart envelope and the form's other fields
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def upload(client: Client, name: str, content: bytes):
    """POST the import form with `content` as the file; returns (status, headers, seconds)."""
    _, _, page = client.request("GET", IMPORT_URL)
    token = CSRF.search(page).group(1).decode()
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f"{token}\r\n--{boundary}\r\n"
            f'Content-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/json\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    started = time.perf_counter()
    status, headers, _ = client.request(
        "POST",
        IMPORT_URL,
        raw_body=body,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    return status, headers, time.perf_counter() - started


SAVED = re.compile(rb"Saved so far: (\d+)%")


def write_import(
    client: Client, location: str, until_percent: int = 101
) -> tuple[int, float, float]:
    """Poll the import page until the job is no longer in progress (or has saved
    `until_percent`): (polls, seconds, slowest poll)."""
    polls, slowest = 0, 0.0
    started = time.perf_counter()
    while time.perf_counter() - started < 600:
        t0 = time.perf_counter()
        status, _, page = client.request("GET", location)
        slowest = max(slowest, time.perf_counter() - t0)
        polls += 1
        if status != 200 or b'id="import-bar"' not in page:
            break
        saved = SAVED.search(page)
        if saved and int(saved.group(1)) >= until_percent:
            break
    return polls, time.perf_counter() - started, slowest


def stop_import(client: Client, location: str) -> tuple[float, int, float, float]:
    """Press "Stop and undo", then poll until it is undone: (stop POST seconds, polls,
    seconds to undo, slowest poll)."""
    _, _, page = client.request("GET", location)
    token = CSRF.search(page).group(1).decode()
    started = time.perf_counter()
    client.request("POST", location + "stop/", {"csrfmiddlewaretoken": token})
    posted = time.perf_counter() - started
    polls, seconds, slowest = write_import(client, location)
    return posted, polls, posted + seconds, slowest


class Victim(threading.Thread):
    """Writes a symptom log after another until stopped; keeps latencies and failures."""

    def __init__(self, port: int, username: str):
        super().__init__(daemon=True)
        self.client = Client(port, timeout=60)
        self.client.login(username)
        self.latencies: list[float] = []
        self.failures = 0
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            form = log_form()
            started = time.perf_counter()
            try:
                status, _, _ = self.client.request("POST", "/log/", form)
            except OSError:
                status = 0
            self.latencies.append(time.perf_counter() - started)
            self.failures += status != 302
            time.sleep(0.1)

    def report(self, label: str) -> dict:
        self.stopping.set()
        self.join()
        values = sorted(self.latencies)
        result = {
            "requests": len(values),
            "p50": values[len(values) // 2] * 1000,
            "p95": values[max(int(len(values) * 0.95) - 1, 0)] * 1000,
            "max": values[-1] * 1000,
            "failures": self.failures,
        }
        verdict = "under" if result["max"] < 2000 and not self.failures else "OVER"
        print(
            f"{label}: victim's log POST p50 {result['p50']:.0f} ms, p95 {result['p95']:.0f} ms, "
            f"max {result['max']:.0f} ms, {result['failures']} failed of {result['requests']} "
            f"({verdict} the 2 s target)"
        )
        return result


def main() -> dict:
    files = {
        "100-step sessions": heavy_sessions(LIMIT - MARGIN),
        "bare logs": bare_logs(LIMIT - MARGIN),
    }
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        env = server_env(Path(tmp) / "attack.sqlite3", settings="bench.settings")
        prepare_database(env, users=8)
        with Server(env, workers=4) as server:
            attacker = Client(server.port, timeout=120)
            attacker.login("load0")
            victim = Victim(server.port, "load1")
            victim.start()
            for label, content in files.items():
                status, headers, seconds = upload(attacker, f"{label}.json", content)
                size = len(content) / 1024 / 1024
                if status != 302:
                    print(f"attack: upload of {label} ({size:.1f} MB) answered {status}")
                    continue
                polls, written, slowest = write_import(attacker, headers["Location"])
                print(
                    f"attack: {label} ({size:.1f} MB): upload {seconds:.1f} s, written in "
                    f"{written:.1f} s over {polls} polls (slowest {slowest * 1000:.0f} ms)"
                )
            stopper = Client(server.port, timeout=120)
            stopper.login("load6")  # an empty account: everything it imports is new
            status, headers, _ = upload(stopper, "stopped.json", files["100-step sessions"])
            if status == 302:
                location = headers["Location"]
                write_import(stopper, location, until_percent=90)
                posted, polls, seconds, slowest = stop_import(stopper, location)
                print(
                    f"attack: 100-step sessions stopped at 90%: stop answered in {posted:.1f} s, "
                    f"undone in {seconds:.1f} s over {polls} polls "
                    f"(slowest {slowest * 1000:.0f} ms)"
                )
            results["worst imports"] = victim.report("attack: during the worst imports")

            victim = Victim(server.port, "load1")
            victim.start()
            outcomes: list[tuple[int, float]] = []

            def one_upload(number: int) -> None:
                client = Client(server.port, timeout=120)
                client.login(f"load{number}")
                started = time.perf_counter()
                try:
                    status, _, seconds = upload(client, "logs.json", files["bare logs"])
                except (OSError, http.client.HTTPException):
                    status, seconds = 0, time.perf_counter() - started  # dropped by the server
                outcomes.append((status, seconds))

            threads = [threading.Thread(target=one_upload, args=(n,)) for n in range(2, 6)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            statuses = sorted(status for status, _ in outcomes)
            slowest = max(seconds for _, seconds in outcomes)
            print(
                f"attack: four 20 MB uploads at once answered {statuses}, slowest {slowest:.1f} s"
            )
            results["four uploads"] = victim.report("attack: during four 20 MB uploads")
    return results


if __name__ == "__main__":
    main()
