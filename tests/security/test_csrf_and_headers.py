"""CSRF on every POST route, security headers on every page, HTTPS hardening in production."""

import json
import os
import re
import subprocess
import sys
import uuid

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.two_factor import services as two_factor
from portability import jobs
from tests.factories import PASSWORD
from tests.security.support import (
    APP_ROUTES,
    ID_ROUTES,
    MATRIX,
    NO_ID_ROUTES,
    SAMPLE_KWARGS,
    TOKEN_GUARDED,
    import_document,
    snapshot,
)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NEW_PASSWORD = "a-brand-new-passphrase-42"

# What each route without an object id is sent when it accepts POST. A route that
# is not listed must refuse POST with 405 (test_routes_not_listed_refuse_post).
POST_DATA = {
    "accounts:signup": lambda w: {
        "username": "newcomer",
        "email": "",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    },
    "accounts:safety": lambda w: {"understood": "on"},
    "accounts:profile": lambda w: {"main_symptoms": ["pain"], "preferred_time": "evening"},
    "accounts:coach_mode": lambda w: {"coach": "off"},
    "portability:your_data": lambda w: {
        "file": SimpleUploadedFile("backup.json", import_document("csrf"))
    },
    "portability:delete_account": lambda w: {"password": PASSWORD},
    "accounts:two_factor_set_up": lambda w: {"password": PASSWORD},
    "accounts:two_factor_off": lambda w: {"password": PASSWORD},
    "accounts:recovery_codes": lambda w: {"password": PASSWORD},
    "accounts:sign_in_code": lambda w: {"code": "123456"},
    "accounts:recover": lambda w: {
        "username": w.user.username,
        "recovery_code": two_factor.new_recovery_codes(user=w.user)[0],
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    },
    "logout": lambda w: {},
    "login": lambda w: {"username": w.user.username, "password": PASSWORD},
    "password_change": lambda w: {
        "old_password": PASSWORD,
        "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD,
    },
    "password_reset": lambda w: {"email": w.user.email},
    "password_reset_confirm": lambda w: {
        "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD,
    },
    "tracking:routine_create": lambda w: {"name": "Lunchtime"},
    "tracking:foot_check": lambda w: {"action": "found", "right": ["swelling"]},
    "tracking:foot_healed": lambda w: {},
    "tracking:neuropathy_screen": lambda w: {f"q{n}": "no" for n in range(1, 16)},
    "tracking:touch_test": lambda w: {
        "feet": "left",
        "left_touched": "toes,ball,arch,heel,top",
        "right_touched": "toes,ball,arch,heel,top",
        **{f"left_{n}": "heel" for n in range(1, 6)},
    },
    "tracking:routine_create_starter": lambda w: {"focus": "numbness"},
    "tracking:week_plan": lambda w: {
        "days": ["0", "3"],
        "first_time": "09:00",
        "routine": w.routine.pk,
    },
    "tracking:week_plan_clear": lambda w: {},
    "tracking:reminder_settings": lambda w: {"minutes_before": "10"},
    "tracking:calendar_on": lambda w: {},
    "tracking:calendar_off": lambda w: {},
    "tracking:device_subscribe": lambda w: {
        "endpoint": "https://push.example.org/csrf",
        "p256dh": "key",
        "auth": "secret",
    },
    "tracking:device_unsubscribe": lambda w: {"endpoint": "https://push.example.org/csrf"},
    "tracking:log_create": lambda w: {
        "numbness": "4",
        "foot": "both",
        "recorded_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "idempotency_key": str(uuid.uuid4()),
    },
}
# Pages someone uses before they have an account: tried without a login too.
ANONYMOUS_POSTS = {
    "accounts:signup",
    "accounts:sign_in_code",
    "accounts:recover",
    "login",
    "password_reset",
    "password_reset_confirm",
}

NO_ID = {route.key: route for route in NO_ID_ROUTES}
POST_CASES = sorted(
    [(name, "id") for name, spec in MATRIX.items() if "POST" in spec.methods]
    + [(name, "no_id") for name in POST_DATA]
)


def _reset_link(client: Client, user) -> str:
    """Follow a real reset link, which leads to .../set-password/ with the token in the session."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    response = client.get(reverse("password_reset_confirm", args=[uid, token]))
    assert response.status_code == 302
    return response["Location"]


def target(name: str, kind: str, world, client: Client) -> tuple[str, dict]:
    if kind == "id":
        spec = MATRIX[name]
        return spec.url(name, world), spec.methods["POST"](world)
    if name == "password_reset_confirm":
        return _reset_link(client, world.user), POST_DATA[name](world)
    if name == "portability:your_data":
        jobs.cancel_import(job=world.job)  # one import at a time
    route = NO_ID[name]
    url = reverse(name, kwargs={k: SAMPLE_KWARGS[k] for k in route.kwargs})
    return url, POST_DATA[name](world)


def csrf_client(user=None) -> Client:
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


def token_for(client: Client) -> str:
    client.get(reverse("routines:exercise_list"))  # a page with a form sets the cookie
    return client.cookies["csrftoken"].value


def test_post_data_names_real_routes():
    assert set(POST_DATA) <= set(NO_ID)
    assert POST_CASES, "no POST routes found"


# --- CSRF ---


@pytest.mark.parametrize(
    ("name", "kind", "signed_in"),
    [(name, kind, True) for name, kind in POST_CASES]
    + [(name, kind, False) for name, kind in POST_CASES if name in ANONYMOUS_POSTS],
)
def test_post_without_csrf_token_is_403_and_writes_nothing(world, name, kind, signed_in):
    client = csrf_client(world.user if signed_in else None)
    url, data = target(name, kind, world, client)
    before = snapshot()
    response = client.post(url, data)
    assert response.status_code == 403, (url, response.status_code)
    assert "the form you sent had expired" in response.content.decode()
    assert snapshot() == before
    if signed_in:
        assert client.session.get("_auth_user_id") == str(world.user.pk), "logged out"


@pytest.mark.parametrize(("name", "kind"), POST_CASES)
def test_a_wrong_token_or_a_foreign_origin_is_403_too(world, name, kind):
    client = csrf_client(world.user)
    token = token_for(client)
    url, data = target(name, kind, world, client)
    before = snapshot()
    wrong = client.post(url, {**data, "csrfmiddlewaretoken": "x" * 32})
    htmx_wrong = client.post(url, data, headers={"X-CSRFToken": "y" * 32, "HX-Request": "true"})
    foreign = client.post(
        url, {**data, "csrfmiddlewaretoken": token}, headers={"Origin": "https://evil.example"}
    )
    assert (wrong.status_code, htmx_wrong.status_code, foreign.status_code) == (403, 403, 403)
    assert snapshot() == before


@pytest.mark.parametrize(("name", "kind"), POST_CASES)
def test_the_same_post_with_its_token_is_accepted(world, name, kind):
    """So the 403s above come from the CSRF check, not from bad data."""
    client = csrf_client(None if name in ANONYMOUS_POSTS else world.user)
    token = token_for(client)
    url, data = target(name, kind, world, client)
    response = client.post(url, {**data, "csrfmiddlewaretoken": token})
    assert response.status_code in (200, 302), (url, response.status_code)


def test_htmx_posts_with_the_header_token_are_accepted(world):
    client = csrf_client(world.user)
    token = token_for(client)
    response = client.post(
        reverse("tracking:routine_create"),
        {"name": "Via htmx"},
        headers={"X-CSRFToken": token, "HX-Request": "true"},
    )
    assert response.status_code == 302


# Authorised by a signed token in the address, not a session: a mail program posts to it
# (RFC 8058 one-click unsubscribe). Tested in tests/tracking/test_views_week_plan.py.
CSRF_EXEMPT = {"tracking:reminders_stop_email"}


@pytest.mark.parametrize(
    "name",
    sorted(
        route.key
        for route in NO_ID_ROUTES
        if route.key not in POST_DATA and route.key not in CSRF_EXEMPT
    ),
)
def test_routes_not_listed_refuse_post(client_logged_in, world, name):
    route = NO_ID[name]
    url = reverse(name, kwargs={k: SAMPLE_KWARGS[k] for k in route.kwargs})
    assert client_logged_in.post(url, {"name": "x"}).status_code == 405


# --- Headers ---


def assert_security_headers(response):
    policy = response["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        name, _, value = part.strip().partition(" ")
        directives[name] = value.split()
    for unsafe in ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "http:", "https:"):
        assert unsafe not in policy.split(), f"{unsafe} in CSP: {policy}"
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    assert "data:" not in directives["script-src"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] in ("same-origin", "no-referrer", "strict-origin")
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def assert_private(response):
    cache = [part.strip() for part in response["Cache-Control"].split(",")]
    assert "no-store" in cache, response["Cache-Control"]
    assert "public" not in cache


def assert_no_inline_code(response):
    """With this CSP an inline script, style or handler would silently not work."""
    if not response.get("Content-Type", "").startswith("text/html"):
        return
    html = response.content.decode()
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    for tag in re.findall(r"<script\b[^>]*>", html):
        if 'type="application/json"' in tag:
            continue  # data, never run
        assert "src=" in tag or (nonce and f'nonce="{nonce[1]}"' in tag), tag
    assert not re.search(r"<style\b", html)
    assert not re.search(r"\sstyle\s*=", html)
    assert not re.search(r"\son[a-z]+\s*=", html)
    assert "javascript:" not in html.lower()


GET_ID_CASES = sorted(name for name, spec in MATRIX.items() if "GET" in spec.methods)
GET_NO_ID = sorted(
    route.key for route in NO_ID_ROUTES if route.key not in {"logout", "portability:goodbye"}
)


@pytest.mark.parametrize("name", GET_ID_CASES)
def test_object_pages_carry_security_headers_and_are_never_stored(client_logged_in, world, name):
    response = client_logged_in.get(MATRIX[name].url(name, world))
    assert response.status_code == 200
    assert_security_headers(response)
    assert_private(response)
    assert_no_inline_code(response)


@pytest.mark.parametrize("name", GET_NO_ID)
def test_every_page_carries_security_headers_signed_in(client_logged_in, world, name):
    route = NO_ID[name]
    response = client_logged_in.get(
        reverse(name, kwargs={k: SAMPLE_KWARGS[k] for k in route.kwargs})
    )
    allowed = (404,) if name in TOKEN_GUARDED else (200, 302, 405)  # 405: POST only
    assert response.status_code in allowed, response.status_code
    assert_security_headers(response)
    assert_private(response)
    assert_no_inline_code(response)


@pytest.mark.parametrize("name", sorted(r.key for r in NO_ID_ROUTES if r.is_public))
def test_public_pages_carry_security_headers(anonymous, library, name):
    route = NO_ID[name]
    response = anonymous.get(reverse(name, kwargs={k: SAMPLE_KWARGS[k] for k in route.kwargs}))
    assert response.status_code == 404 if name in TOKEN_GUARDED else response.status_code < 400
    assert_security_headers(response)
    assert_no_inline_code(response)


def test_errors_redirects_and_writes_are_never_stored_either(client_logged_in, world):
    responses = [
        client_logged_in.get("/no-such-page/"),  # 404
        client_logged_in.get(reverse("tracking:routine_detail", args=[10**9])),  # 404
        client_logged_in.post(reverse("healthz")),  # 405
        client_logged_in.post(reverse("tracking:routine_create"), {"name": "Noon"}),  # 302
        client_logged_in.post(reverse("tracking:routine_create"), {"name": ""}),  # 400
        client_logged_in.get(reverse("tracking:progress_json", args=["symptoms"])),  # JSON
        client_logged_in.get(reverse("portability:export_csv")),  # download
        client_logged_in.get(reverse("tracking:routine_list"), headers={"HX-Request": "true"}),
    ]
    assert [r.status_code for r in responses] == [404, 404, 405, 302, 400, 200, 200, 200]
    for response in responses:
        assert_security_headers(response)
        assert_private(response)
        assert "HX-Request" in response["Vary"]


def test_a_csrf_failure_page_carries_the_headers_too(world):
    response = csrf_client(world.user).post(reverse("tracking:routine_create"), {"name": "x"})
    assert response.status_code == 403
    assert_security_headers(response)
    assert_private(response)


def test_every_app_route_was_looked_at():
    looked_at = set(GET_ID_CASES) | set(GET_NO_ID) | {name for name, _ in POST_CASES}
    looked_at |= {"portability:goodbye"}
    assert {route.key for route in APP_ROUTES} <= looked_at | {r.key for r in ID_ROUTES}


# --- Production settings: HTTPS hardening ---

PRODUCTION_SCRIPT = r"""
import json

import django

django.setup()
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

call_command("migrate", verbosity=0)
get_user_model().objects.create_user("prod-walker", password="correct-horse-battery-9")


def cookies(response):
    return {
        name: {
            "secure": bool(morsel["secure"]),
            "httponly": bool(morsel["httponly"]),
            "samesite": morsel["samesite"],
        }
        for name, morsel in response.cookies.items()
        if morsel.value
    }


client = Client()
plain = client.get("/healthz")
secure = client.get("/healthz", secure=True)
proxied = client.get("/healthz", headers={"X-Forwarded-Proto": "https"})
plain_post = client.post("/accounts/login/", {"username": "x", "password": "y"})
login = Client().post(
    "/accounts/login/",
    {"username": "prod-walker", "password": "correct-horse-battery-9"},
    secure=True,
)
print(json.dumps({
    "debug": settings.DEBUG,
    "plain": [plain.status_code, plain.get("Location")],
    "plain_post": [plain_post.status_code, plain_post.get("Location")],
    "secure": [secure.status_code, secure.get("Strict-Transport-Security")],
    "proxied": [proxied.status_code, proxied.get("Strict-Transport-Security")],
    "login": [login.status_code, login.get("Location")],
    "cookies": cookies(login),
}))
"""


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "NEUROAPP_", "DATABASE_URL", "AXES_"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="neuroapp.settings",
        DJANGO_SECRET_KEY="a-long-random-production-secret-" + "k7Qz" * 10,
        DJANGO_ALLOWED_HOSTS="testserver",
        NEUROAPP_SQLITE_PATH=str(tmp_path_factory.mktemp("prod") / "db.sqlite3"),
    )
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_SCRIPT],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_redirects_plain_http_to_https(production):
    assert production["debug"] is False
    assert production["plain"] == [301, "https://testserver/healthz"]
    assert production["plain_post"] == [301, "https://testserver/accounts/login/"]


def test_production_sends_hsts_for_a_year_with_subdomains_and_preload(production):
    status, hsts = production["secure"]
    assert status == 200
    parts = {part.strip() for part in hsts.split(";")}
    assert "includeSubDomains" in parts and "preload" in parts
    max_age = next(int(p.split("=")[1]) for p in parts if p.startswith("max-age="))
    assert max_age >= 31536000


def test_production_trusts_the_proxys_https_header(production):
    status, hsts = production["proxied"]
    assert status == 200 and hsts


def test_production_cookies_are_secure_httponly_and_same_site(production):
    assert production["login"] == [302, "/"]
    cookies = production["cookies"]
    assert set(cookies) >= {"sessionid", "csrftoken"}
    for name, flags in cookies.items():
        assert flags["secure"], name
        assert flags["samesite"] in ("Lax", "Strict"), name
    assert cookies["sessionid"]["httponly"]
    assert cookies["csrftoken"]["httponly"]
