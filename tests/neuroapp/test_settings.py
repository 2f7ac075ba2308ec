import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run_manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.pop("NEUROAPP_TESTING", None)
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="neuroapp.settings",
        DJANGO_SECRET_KEY="a-long-random-production-secret-" + "k7Qz" * 10,
        DJANGO_ALLOWED_HOSTS="neuroapp.example.org",
        NEUROAPP_SQLITE_PATH=str(tmp_path / "db.sqlite3"),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    result = run_manage(
        "check",
        DJANGO_SETTINGS_MODULE="neuroapp.settings",
        NEUROAPP_SQLITE_PATH=str(tmp_path / "db.sqlite3"),
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_debug_is_off_unless_asked():
    assert settings.DEBUG is False


@pytest.mark.django_db
def test_sqlite_runs_in_wal_with_full_sync_and_immediate_transactions():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite-only settings")
    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] == 2  # FULL
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"


@pytest.mark.django_db
def test_csp_has_no_unsafe_inline_and_forbids_framing(client):
    response = client.get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "script-src 'self' 'nonce-" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_htmx_script_carries_the_csp_nonce(client):
    response = client.get(reverse("home"))
    nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()


@pytest.mark.django_db
def test_healthz_is_public(client):
    assert client.get(reverse("healthz")).json() == {"status": "ok"}
