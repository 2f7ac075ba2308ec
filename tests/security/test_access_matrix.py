"""Who may reach what: every route, discovered from the URL resolver.

A route with an object id must be in support.MATRIX (else
test_every_route_with_an_object_id_is_in_the_matrix fails), and then:
anonymous -> login, owner -> works, anybody else -> 404 with nothing changed.
Routes without ids are refused to anonymous visitors unless they are on the
PUBLIC allow-list, which must equal what is marked @login_not_required.
"""

import itertools
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.test import Client
from django.urls import get_resolver, include, path, re_path, reverse

from tests.security.conftest import ATTACKER_MARKER, OWNER_MARKER
from tests.security.support import (
    ADMIN_ROUTES,
    ID_ROUTES,
    LOGIN_PREFIX,
    MATRIX,
    NO_ID_ROUTES,
    ROUTES,
    SAMPLE_KWARGS,
    TOKEN_GUARDED,
    body_text,
    discover_routes,
    growth_is_suggested,
    snapshot,
)

# Deliberately public pages. Adding to this list is a decision, not a side effect.
PUBLIC = {
    "home",
    "healthz",
    "accounts:signup",
    "accounts:sign_in_code",
    "accounts:recover",
    "portability:goodbye",
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "routines:exercise_list",
    "routines:exercise_detail",
    "admin:login",
    # The installable app: manifest, service worker, offline page and what it keeps.
    "web_manifest",
    "service_worker",
    "offline",
    "routines:offline_urls",
    # A calendar program and a mail program reach these by their secret token alone.
    "calendar_feed",
    "tracking:reminders_stop_email",
}

CASES = [(name, method) for name in sorted(MATRIX) for method in MATRIX[name].methods]
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]


def send(client: Client, method: str, url: str, data: dict | None = None):
    return getattr(client, method.lower())(url, data or {})


def assert_no_leak(response, marker=OWNER_MARKER):
    assert marker not in body_text(response), "another user's data is in the response"


def assert_sent_to_login(response, url):
    assert response.status_code == 302, response.status_code
    assert response["Location"].startswith(LOGIN_PREFIX), response["Location"]
    assert response["Location"].split("?next=")[1].startswith(url.split("?")[0])


# --- The registry covers every route ---


def test_discovery_finds_the_routes_we_know_about():
    assert len(MULTI_ID_CASES) >= 5 and len(STEP_CASES) == len(MULTI_ID_CASES)
    names = {route.key for route in ROUTES}
    assert {"tracking:player", "tracking:log_edit", "portability:import_job", "home"} <= names
    ids = {route.key: route.id_kwargs for route in ID_ROUTES}
    assert ids["tracking:step_move"] == ("pk", "step_pk")
    assert "tracking:progress_json" not in ids  # chart name, not an object id
    assert "routines:exercise_detail" not in ids  # public slug, not an object id


def test_every_route_with_an_object_id_is_in_the_matrix():
    discovered = {route.key for route in ID_ROUTES}
    missing = sorted(discovered - MATRIX.keys())
    assert not missing, f"add these routes to support.MATRIX: {missing}"
    stale = sorted(MATRIX.keys() - discovered)
    assert not stale, f"support.MATRIX lists routes that no longer exist: {stale}"


def _view(request, **kwargs):
    return HttpResponse("")


def test_a_route_added_later_would_be_caught():
    """The guard itself: new routes with ids (also in a prefix) and new public views."""
    extra = [
        path("notes/<int:pk>/", _view, name="note"),
        path("groups/<uuid:group>/", include([path("members/", _view, name="members")])),
        re_path(r"^legacy/(?P<entry>[0-9]+)/$", _view, name="legacy"),
        path("about/", login_not_required(lambda request: HttpResponse("")), name="about"),
    ]
    routes = discover_routes([*get_resolver().url_patterns, *extra])
    ids = {route.key for route in routes if route.id_kwargs and not route.is_admin}
    assert ids - MATRIX.keys() == {"note", "members", "legacy"}
    assert {route.key for route in routes if route.is_public} - PUBLIC == {"about"}


def test_matrix_kwargs_fill_exactly_the_route_kwargs(world):
    for route in ID_ROUTES:
        assert set(MATRIX[route.key].kwargs(world)) == set(route.kwargs), route.key


def test_every_kwarg_of_the_other_routes_has_a_sample_value():
    for route in NO_ID_ROUTES:
        assert set(route.kwargs) <= SAMPLE_KWARGS.keys(), route.key


# --- Routes with an object id ---


@pytest.mark.parametrize(("name", "method"), CASES)
def test_owner_can_use_their_own_objects(client_logged_in, world, name, method):
    spec = MATRIX[name]
    url = spec.url(name, world)
    before = snapshot()
    response = send(client_logged_in, method, url, spec.methods[method](world))
    assert 200 <= response.status_code < 400, (response.status_code, url)
    if method == "POST" and spec.owner_changes:
        # The same request that must change nothing for anybody else does change
        # something for the owner: the "nothing changed" checks below are not vacuous.
        assert snapshot() != before, f"POST {url} changed nothing for its owner"


def test_growth_route_is_exercised_with_a_suggestion(world):
    assert growth_is_suggested(world)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_methods_a_route_does_not_accept_are_405(client_logged_in, world, unchanged, name):
    spec = MATRIX[name]
    url = spec.url(name, world)
    for method in METHODS:
        if method in spec.methods:
            continue
        response = unchanged(lambda m=method: send(client_logged_in, m, url))
        assert response.status_code == 405, (method, url, response.status_code)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_anonymous_visitors_are_sent_to_login(anonymous, world, unchanged, name):
    spec = MATRIX[name]
    url = spec.url(name, world)
    for method in METHODS:
        data = spec.methods.get(method, lambda w: {})(world)
        response = unchanged(lambda m=method, d=data: send(anonymous, m, url, d))
        assert_sent_to_login(response, url)
        assert_no_leak(response)


@pytest.mark.parametrize(("name", "method"), CASES)
def test_another_user_gets_404_and_changes_nothing(
    other_client, world, attacker_world, unchanged, name, method
):
    spec = MATRIX[name]
    url = spec.url(name, world)
    response = unchanged(lambda: send(other_client, method, url, spec.methods[method](world)))
    assert response.status_code == 404, (method, url, response.status_code)
    assert_no_leak(response)


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize(("name", "method"), [c for c in CASES if c[1] == "POST"])
def test_another_user_gets_404_from_htmx_and_json_requests_too(
    other_client, world, attacker_world, unchanged, name, method, htmx
):
    spec = MATRIX[name]
    headers = {"HX-Request": "true"} if htmx else {"Accept": "application/json"}
    response = unchanged(
        lambda: other_client.post(
            spec.url(name, world), spec.methods[method](world), headers=headers
        )
    )
    assert response.status_code == 404
    assert "HX-Redirect" not in response
    assert_no_leak(response)


ID_KWARGS = {route.key: route.id_kwargs for route in ID_ROUTES}
MULTI_ID_CASES = [c for c in CASES if len(ID_KWARGS.get(c[0], ())) >= 2]
STEP_CASES = [c for c in CASES if "step_pk" in ID_KWARGS.get(c[0], ())]


def _mixed_kwargs(owner_kwargs: dict, attacker_kwargs: dict):
    """Every mix of the two users' ids with at least one of the owner's."""
    keys = sorted(owner_kwargs)
    for picks in itertools.product((True, False), repeat=len(keys)):
        if any(picks) and not all(picks):
            yield {
                k: (owner_kwargs if own else attacker_kwargs)[k]
                for k, own in zip(keys, picks, strict=True)
            }


@pytest.mark.parametrize(("name", "method"), MULTI_ID_CASES)
def test_mixing_own_and_victim_ids_is_404(
    other_client, world, attacker_world, unchanged, name, method
):
    spec = MATRIX[name]
    own, victim = spec.kwargs(attacker_world), spec.kwargs(world)
    for kwargs in _mixed_kwargs(victim, own):
        url = reverse(name, kwargs=kwargs)
        response = unchanged(
            lambda u=url: send(other_client, method, u, spec.methods[method](attacker_world))
        )
        assert response.status_code == 404, (url, response.status_code)
        assert_no_leak(response)


@pytest.mark.parametrize(("name", "method"), STEP_CASES)
def test_a_step_of_another_of_my_routines_is_404(client_logged_in, world, unchanged, name, method):
    spec = MATRIX[name]
    kwargs = spec.kwargs(world)
    url = reverse(name, kwargs={**kwargs, "step_pk": world.other_step.pk})
    response = unchanged(lambda: send(client_logged_in, method, url, spec.methods[method](world)))
    assert response.status_code == 404


# Beyond 64 bits too: a related-field lookup (routine_id=...) is not range-checked by
# Django, and SQLite then raised OverflowError (a 500) until selectors.step_for was fixed.
OUT_OF_RANGE_IDS = [0, 2**31, 2**63 - 1, 2**63, 10**30]


@pytest.mark.parametrize(("name", "method"), CASES)
def test_unknown_and_out_of_range_ids_are_404(client_logged_in, world, unchanged, name, method):
    spec = MATRIX[name]
    kwargs = spec.kwargs(world)
    for key, value in itertools.product(kwargs, OUT_OF_RANGE_IDS):
        url = reverse(name, kwargs={**kwargs, key: value})
        response = unchanged(
            lambda u=url: send(client_logged_in, method, u, spec.methods[method](world))
        )
        assert response.status_code == 404, (url, response.status_code)


# --- Routes without an object id ---


def _no_id_url(route) -> str:
    return reverse(route.name, kwargs={k: SAMPLE_KWARGS[k] for k in route.kwargs})


def test_public_routes_are_exactly_the_allow_list():
    public = {route.key for route in ROUTES if route.is_public}
    assert public == PUBLIC, (
        f"made public by accident: {sorted(public - PUBLIC)}; "
        f"no longer public: {sorted(PUBLIC - public)}"
    )


PRIVATE_NO_ID = sorted(route.key for route in NO_ID_ROUTES if not route.is_public)
PUBLIC_NO_ID = sorted(route.key for route in NO_ID_ROUTES if route.is_public)
NO_ID = {route.key: route for route in NO_ID_ROUTES}


def test_the_app_has_private_routes_without_ids():
    assert {"tracking:routine_list", "tracking:log_create", "portability:export_json"} <= set(
        PRIVATE_NO_ID
    )


@pytest.mark.parametrize("name", PRIVATE_NO_ID)
def test_anonymous_visitors_are_refused_private_pages(anonymous, world, unchanged, name):
    url = _no_id_url(NO_ID[name])
    for method in METHODS:
        response = unchanged(lambda m=method: send(anonymous, m, url, {"name": "x", "note": "x"}))
        assert_sent_to_login(response, url)
        assert_no_leak(response)


@pytest.mark.parametrize("name", PUBLIC_NO_ID)
def test_public_pages_open_for_anonymous_and_show_nobodys_data(anonymous, world, name):
    response = anonymous.get(_no_id_url(NO_ID[name]))
    # A secret-token page answers a made-up token with 404, as for any unknown address.
    expected = (404,) if name in TOKEN_GUARDED else (200, 302)
    assert response.status_code in expected, response.status_code
    if response.status_code == 302:
        assert not response["Location"].startswith(LOGIN_PREFIX)
    assert_no_leak(response)


@pytest.mark.parametrize(
    "name", sorted(route.key for route in NO_ID_ROUTES if route.key != "logout")
)
def test_signed_in_pages_show_only_your_own_data(other_client, world, attacker_world, name):
    response = other_client.get(_no_id_url(NO_ID[name]))
    assert response.status_code < 500
    assert_no_leak(response)


def test_the_leak_check_would_see_a_leak(client_logged_in, world):
    """The markers do appear where they belong, so their absence above means something."""
    for name in ("tracking:routine_list", "tracking:log_list", "portability:export_csv"):
        assert OWNER_MARKER in body_text(client_logged_in.get(reverse(name)))
    assert ATTACKER_MARKER not in body_text(client_logged_in.get(reverse("tracking:routine_list")))


# --- The admin is for staff only ---

ADMIN_SAMPLES = {"object_id": None, "content_type_id": "1", "id": None, "app_label": "tracking"}


def _admin_url(route, world) -> str:
    values = {
        **ADMIN_SAMPLES,
        "object_id": str(world.log.pk),
        "id": str(world.user.pk),
        "pk": str(world.log.pk),  # django-otp's device pages
    }
    values["url"] = "tracking/symptomlog/"
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m[1]], route.route)
    path = re.sub(r"\(\?P<(\w+)>[^()]*\)", lambda m: values[m[1]], path)
    return "/" + path.replace("^", "").replace("$", "")


@pytest.mark.parametrize("who", ["anonymous", "signed_in"])
def test_the_admin_turns_away_everyone_but_staff(
    anonymous, client_logged_in, world, unchanged, who
):
    client = anonymous if who == "anonymous" else client_logged_in
    assert len(ADMIN_ROUTES) > 20
    for route in ADMIN_ROUTES:
        if route.key == "admin:login":
            continue
        url = _admin_url(route, world)
        for method in ("GET", "POST"):
            response = unchanged(lambda u=url, m=method: send(client, m, u, {"note": "x"}))
            assert response.status_code == 302, (method, url, response.status_code)
            assert response["Location"].startswith(("/admin/login/", LOGIN_PREFIX, "/admin/")), (
                response["Location"]
            )
            assert_no_leak(response)


def test_the_admin_still_works_for_staff(world):
    staff = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    client = Client()
    client.force_login(staff)
    route = next(r for r in ADMIN_ROUTES if r.key == "admin:tracking_symptomlog_change")
    assert client.get(_admin_url(route, world)).status_code == 200
