"""A real server for load, fault and benchmark runs: gunicorn on loopback, plus a small
cookie- and CSRF-aware HTTP client. Used by tests/reliability and by `make bench`.

Everything stays on 127.0.0.1 and every loop is bounded in time and count.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from glob import glob
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
PASSWORD = "load-test-password-9"
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
# Debian's Chromium, headless and quiet: for the browser tests and the page-weight bench.
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(db_path: Path | None, database_url: str = "", **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "NEUROAPP_"))}
    env.pop("DATABASE_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE=extra.pop("settings", "neuroapp.settings"),
        DJANGO_SECRET_KEY="load-test-secret-" + "q7" * 24,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL="0",
        NEUROAPP_TESTING="1",  # plain static files: no collectstatic needed
        AXES_ENABLED="0",  # many logins from one address on purpose
        DJANGO_CONN_MAX_AGE="60",
        PYTHONPATH=str(ROOT),
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    elif db_path is not None:
        env["NEUROAPP_SQLITE_PATH"] = str(db_path)
    env.update(extra)
    return env


SETUP_SCRIPT = """
import sys
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from accounts.services import acknowledge_safety, register_user
from routines.models import Exercise, Routine, RoutineStep

count = int(sys.argv[1])
User = get_user_model()
encoded = make_password(sys.argv[2])  # hashed once: the same password for every account
for i in range(count):
    name = f"load{i}"
    if User.objects.filter(username=name).exists():
        continue
    user = register_user(username=name, email="", password=None)
    User.objects.filter(pk=user.pk).update(password=encoded)
    acknowledge_safety(profile=user.profile)
    routine = Routine.objects.create(owner=user, name="Load routine")
    for position, slug in enumerate(["ankle-circles", "toe-curls-and-spreads", "seated-marching"]):
        RoutineStep.objects.create(
            routine=routine, exercise=Exercise.objects.get(slug=slug), position=position
        )
"""


def prepare_database(env: dict, users: int) -> None:
    """Migrate and create `users` accounts named load0..loadN-1, each with a routine."""
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    run_script(env, SETUP_SCRIPT, str(users), PASSWORD)


def run_script(env: dict, script: str, *args: str) -> None:
    """Run `script` with Django set up, in a subprocess with the server's settings."""
    subprocess.run(
        [PYTHON, "-c", "import django; django.setup(); exec(open(0).read())", *args],
        cwd=ROOT,
        env=env,
        input=script,
        text=True,
        check=True,
    )


@dataclass
class Postgres:
    url: str
    restart: Callable[[], None]  # pg_ctl restart -m fast: sessions are cut off


@contextmanager
def throwaway_postgres() -> Iterator[Postgres | None]:
    """A PostgreSQL server on loopback in a temporary directory, or None if unavailable
    (BENCH_DATABASE_URL names an existing one instead; it is never restarted)."""
    if os.environ.get("BENCH_DATABASE_URL"):
        yield Postgres(os.environ["BENCH_DATABASE_URL"], restart=lambda: None)
        return
    initdb = sorted(glob("/usr/lib/postgresql/*/bin/initdb"))
    if not initdb:
        yield None
        return
    bin_dir = Path(initdb[-1]).parent
    port = free_port()
    folder = Path(tempfile.mkdtemp(prefix="neuroapp-bench-pg-"))
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_user:
        shutil.chown(folder, "postgres", "postgres")
    data = folder / "data"
    subprocess.run(
        [*as_user, bin_dir / "initdb", "-D", data, "--auth=trust", "-U", "postgres"],
        check=True,
        capture_output=True,
    )
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c max_connections=100"
    pg_ctl = [*as_user, bin_dir / "pg_ctl", "-D", data]
    subprocess.run(
        [*pg_ctl, "-l", folder / "log", "-w", "-o", options, "start"],
        stdout=subprocess.DEVNULL,
        check=True,
    )

    def restart() -> None:
        # -l: the new server writes to the log, not to (and holding open) our pipes.
        subprocess.run(
            [*pg_ctl, "-l", folder / "log", "-m", "fast", "-w", "restart"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=True,
        )

    try:
        yield Postgres(f"postgres://postgres@127.0.0.1:{port}/postgres", restart=restart)
    finally:
        subprocess.run([*pg_ctl, "-m", "fast", "stop"], capture_output=True, check=False)
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class Server:
    env: dict
    workers: int = 4
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        self.log = open(self.env.get("GUNICORN_LOG", os.devnull), "w")
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "-c",
                "python:neuroapp.gunicorn",
                "neuroapp.wsgi",
                "--workers",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--graceful-timeout",
                "5",
                "--timeout",
                "30",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited early")
            try:
                status, _, _ = Client(self.port).request("GET", "/healthz")
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not become ready in 30 s")

    def worker_pids(self) -> list[int]:
        out = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True, check=False
        ).stdout
        return [int(pid) for pid in out.split()]

    def kill_worker(self) -> int | None:
        pids = self.worker_pids()
        if not pids:
            return None
        os.kill(pids[0], signal.SIGKILL)
        return pids[0]

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


STALE_CONNECTION = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)


class Client:
    """One browser-like client: keeps cookies, sends the CSRF token, one connection."""

    def __init__(self, port: int, timeout: float = 30):
        self.port = port
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.connection: http.client.HTTPConnection | None = None

    def request(
        self,
        method: str,
        path: str,
        data: dict | None = None,
        headers=None,
        raw_body: bytes | None = None,
    ):
        """`data` is sent as a form; `raw_body` as it is (give its Content-Type)."""
        body: str | bytes | None = raw_body
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True)
        all_headers = {"Host": "127.0.0.1"}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
            all_headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
            all_headers["Referer"] = f"http://127.0.0.1:{self.port}/"
        all_headers.update(headers or {})
        reused = self.connection is not None
        try:
            response, payload = self._send(method, path, body, all_headers)
        except STALE_CONNECTION:
            # A kept-alive connection the server had already closed when idle: like a
            # browser, send the request again once on a new one.
            self.close()
            if not reused:
                raise
            response, payload = self._send(method, path, body, all_headers)
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        return response.status, dict(response.getheaders()), payload

    def _send(self, method, path, body, headers):
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, self.timeout)
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            return response, response.read()
        except (OSError, http.client.HTTPException):
            self.close()
            raise

    def login(self, username: str, password: str = PASSWORD) -> None:
        _, _, page = self.request("GET", "/accounts/login/")
        token = CSRF_INPUT.search(page).group(1).decode()
        status, _, _ = self.request(
            "POST",
            "/accounts/login/",
            {"username": username, "password": password, "csrfmiddlewaretoken": token},
        )
        if status != 302:
            raise RuntimeError(f"login failed for {username}: {status}")

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None
