"""Shared pieces of the security tests.

- `discover_routes()` walks the URL resolver, so a route added later is seen here
  without anyone remembering to list it;
- `MATRIX` says, for every route that takes an object id, how to build its kwargs
  from a user's `World` and which methods it accepts (with plausible data);
- `build_world()` gives a user one of everything a URL can point at;
- `snapshot()` captures every row a request could change, for "nothing changed".
"""

from __future__ import annotations

import io
import json
import re
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, UUIDConverter
from django.urls.resolvers import RegexPattern
from django.utils import timezone

from accounts.models import Profile
from accounts.symptoms import SYMPTOM_FIELDS
from portability import jobs, reader
from portability.models import ImportJob, ImportRecord
from routines import selectors as routine_selectors
from routines import services as routine_services
from routines.models import DiscoveryPlan, Exercise, Routine, RoutineStep, WeekPlan
from tests.routines.factories import routine_with
from tests.tracking.factories import PushSubscriptionFactory, SymptomLogFactory
from tracking.checks import services as check_services
from tracking.models import (
    FootCheck,
    NeuropathyScreen,
    PracticeSession,
    PushSubscription,
    ReminderSettings,
    SessionStep,
    SymptomLog,
    TouchTest,
)
from tracking.sessions import selectors as session_selectors
from tracking.sessions import services as session_services

LOGIN_PREFIX = "/accounts/login/?next="

# --- Route discovery ---

ID_KWARG_NAMES = {"pk", "id", "object_id"}
DIGITS_OR_HEX = re.compile(r"(?:\\d|\[(?:0-9|a-f|A-F|\\d|-)+\]|-|[+*?]|\{\d+(?:,\d*)?\})+")


@dataclass(frozen=True)
class Route:
    name: str | None  # namespaced, e.g. "tracking:player"; None for unnamed patterns
    route: str  # the whole pattern, prefixes included
    kwargs: tuple[str, ...]
    id_kwargs: tuple[str, ...]
    callback: Callable

    @property
    def key(self) -> str:
        return self.name or self.route

    @property
    def is_admin(self) -> bool:
        return self.route.startswith("admin/")

    @property
    def is_public(self) -> bool:
        """Marked with @login_not_required (LoginRequiredMiddleware lets anonymous in)."""
        return getattr(self.callback, "login_required", True) is False

    def __str__(self) -> str:
        return self.key


def _looks_like_id(name: str, converter=None, regex: str | None = None) -> bool:
    if name in ID_KWARG_NAMES or name.endswith(("_pk", "_id")):
        return True
    if isinstance(converter, IntConverter | UUIDConverter):
        return True
    source = regex if regex is not None else getattr(converter, "regex", "")
    return bool(source) and DIGITS_OR_HEX.fullmatch(source) is not None


def _regex_groups(source: str) -> dict[str, str]:
    """Named groups of a regex and their (innermost, paren-free) sub-patterns."""
    return {m[1]: m[2] for m in re.finditer(r"\(\?P<(\w+)>([^()]*)\)", source)}


def discover_routes(patterns=None) -> list[Route]:
    """Every URL pattern, with kwargs from all levels; `patterns` replaces the URLconf's."""
    routes: list[Route] = []

    def walk(patterns, prefix: str, namespace: str | None, kwargs: dict[str, bool]):
        for entry in patterns:
            pattern = entry.pattern
            found = dict(kwargs)
            if isinstance(pattern, RegexPattern):
                for name, sub in _regex_groups(pattern._regex).items():
                    found[name] = _looks_like_id(name, regex=sub)
            else:
                for name, converter in pattern.converters.items():
                    found[name] = _looks_like_id(name, converter)
            text = prefix + str(pattern)
            if isinstance(entry, URLResolver):
                inner = namespace
                if entry.namespace:
                    inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                walk(entry.url_patterns, text, inner, found)
            elif isinstance(entry, URLPattern):
                name = None
                if entry.name:
                    name = f"{namespace}:{entry.name}" if namespace else entry.name
                routes.append(
                    Route(
                        name=name,
                        route=text,
                        kwargs=tuple(found),
                        id_kwargs=tuple(k for k, is_id in found.items() if is_id),
                        callback=entry.callback,
                    )
                )

    walk(get_resolver().url_patterns if patterns is None else patterns, "", None, {})
    return routes


ROUTES = discover_routes()
APP_ROUTES = [route for route in ROUTES if not route.is_admin]
ID_ROUTES = [route for route in APP_ROUTES if route.id_kwargs]
NO_ID_ROUTES = [route for route in APP_ROUTES if not route.id_kwargs]
ADMIN_ROUTES = [route for route in ROUTES if route.is_admin]

# Values for kwargs that are not object ids.
# Pages reached by a secret token alone (a calendar program, a mail program): a made-up
# token is answered 404, as any unknown address is.
TOKEN_GUARDED = {"calendar_feed", "tracking:reminders_stop_email"}

SAMPLE_KWARGS = {
    "slug": "ankle-circles",
    "chart": "symptoms",
    "uidb64": "MQ",
    "token": "set-password",
}


# --- A user's data ---


@dataclass
class World:
    user: object
    marker: str  # appears in the user's routine names and notes: look for leaks
    routine: Routine
    step: RoutineStep
    other_routine: Routine
    other_step: RoutineStep
    session: PracticeSession
    log: SymptomLog
    job: ImportJob
    extra: dict = field(default_factory=dict)


def _finished_sessions(user, routine, count: int) -> None:
    """Comfortable finished sessions, so the routine's steps have growth suggestions."""
    now = timezone.now()
    for _ in range(count):
        done = session_services.start_session(owner=user, routine=routine, start_key=uuid.uuid4())
        done.steps.update(status="done", feedback="no_change", completed_at=now)
        PracticeSession.objects.filter(pk=done.pk).update(
            stage="done", status="completed", finished_at=now
        )


def import_document(marker: str) -> bytes:
    return json.dumps(
        {
            "format": "neuroapp-export",
            "version": 1,
            "symptom_logs": [
                {
                    "recorded_at": "2026-01-05T08:00:00Z",
                    "numbness": 3,
                    "note": f"{marker} imported",
                },
                {"recorded_at": "2026-01-06T08:00:00Z", "aching": 2},
            ],
        }
    ).encode()


def build_world(user, marker: str) -> World:
    routine = routine_with(
        user, "ankle-circles", "wall-calf-stretch", "gentle-walking", name=f"{marker} routine"
    )
    other_routine = routine_with(user, "toe-pickups", name=f"{marker} evening")
    _finished_sessions(user, routine, 3)
    session = session_services.start_session(owner=user, routine=routine, start_key=uuid.uuid4())
    log = SymptomLogFactory(owner=user, note=f"{marker} note", numbness=4, aching=2)
    data = reader.parse_document(
        import_document(marker), known_exercises=Exercise.objects.values_list("slug", flat=True)
    )
    job = jobs.start_import(owner=user, data=data, filename=f"{marker}.json")
    varied = ("toe-pickups", "seated-marching", "textured-ball-roll", "toe-curls-and-spreads")
    big = routine_with(user, "ankle-circles", *varied, name=f"{marker} plan-ready")
    planned = routine_with(user, "ankle-circles", *varied, name=f"{marker} planned")
    routine_services.start_plan(
        routine=planned, steps=routine_selectors.plan_steps(planned, seated_only=False)
    )
    finished = PracticeSession.objects.filter(owner=user, stage="done").first()
    foot_check = check_services.record_foot_check(owner=user, left=["blister"], right=[])
    spots = ("toes", "ball", "arch", "heel", "top")
    touch_test = check_services.record_touch_test(owner=user, left=(spots, spots), right=None)
    screen = check_services.record_neuropathy_screen(owner=user, answers=[True] * 15)
    device = PushSubscriptionFactory(owner=user, device=f"{marker} phone")
    return World(
        user=user,
        marker=marker,
        routine=routine,
        step=routine.steps.order_by("position").first(),
        other_routine=other_routine,
        other_step=other_routine.steps.get(),
        session=session,
        log=log,
        job=job,
        extra={
            "big_routine": big,
            "planned_routine": planned,
            "finished_session": finished,
            "foot_check": foot_check,
            "touch_test": touch_test,
            "screen": screen,
            "device": device,
        },
    )


TIMESTAMPS = {"updated_at", "completed_at"}


def _tables() -> dict[str, tuple]:
    return {
        "users": (
            get_user_model(),
            ("pk", "username", "email", "password", "is_active", "is_staff"),
        ),
        "profiles": (
            Profile,
            (
                "pk",
                "user_id",
                "main_symptoms",
                "balance_concerns",
                "preferred_time",
                "later_check_in",
                "safety_acknowledged_at",
            ),
        ),
        "plans": (DiscoveryPlan, ("pk", "routine_id", "ended_at", "varied")),
        "routines": (Routine, ("pk", "owner_id", "name", "updated_at")),
        "routine_steps": (
            RoutineStep,
            (
                "pk",
                "routine_id",
                "position",
                "exercise_id",
                "reps",
                "sets",
                "hold_seconds",
                "duration_seconds",
                "sides",
            ),
        ),
        "sessions": (
            PracticeSession,
            (
                "pk",
                "owner_id",
                "routine_id",
                "stage",
                "status",
                "current_index",
                "stop_reason",
                "finished_at",
                "updated_at",
            ),
        ),
        "session_steps": (
            SessionStep,
            ("pk", "session_id", "position", "status", "feedback", "completed_at"),
        ),
        "logs": (
            SymptomLog,
            (
                "pk",
                "owner_id",
                "recorded_at",
                *SYMPTOM_FIELDS,
                "foot",
                "note",
                "context",
                "session_id",
                "updated_at",
            ),
        ),
        "import_jobs": (
            ImportJob,
            ("pk", "owner_id", "status", "cursor", "total", "message", "updated_at"),
        ),
        "import_records": (ImportRecord, ("pk", "job_id", "object_id", "created")),
        "foot_checks": (FootCheck, ("pk", "owner_id", "left", "right", "healed_at")),
        "touch_tests": (TouchTest, ("pk", "owner_id", "left_correct", "right_correct")),
        "screens": (NeuropathyScreen, ("pk", "owner_id", "points")),
        "devices": (PushSubscription, ("pk", "owner_id", "endpoint")),
        "week_plans": (WeekPlan, ("pk", "owner_id", "days", "first_time", "routine_id")),
        "reminders": (
            ReminderSettings,
            ("pk", "owner_id", "by_email", "by_push", "minutes_before", "calendar_token"),
        ),
    }


def snapshot(*, timestamps: bool = True) -> dict[str, list]:
    """Every row (of every user) that a request in these tests could change.

    timestamps=False leaves out "last touched" times, for "the same result again".
    """
    result = {}
    for table, (model, fields) in _tables().items():
        kept = [f for f in fields if timestamps or f not in TIMESTAMPS]
        result[table] = list(model.objects.order_by("pk").values_list(*kept))
    return result


def body_text(response) -> str:
    """Everything a response shows, zip members and streams included."""
    if getattr(response, "streaming", False):
        raw = b"".join(response.streaming_content)
    else:
        raw = response.content
    if response.get("Content-Type", "").startswith("application/zip"):
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            raw = b"\n".join(archive.read(name) for name in archive.namelist())
    return raw.decode("utf-8", "replace")


# --- The matrix: every route with an object id ---


def _log_form(world: World) -> dict:
    return {
        "numbness": "3",
        "tingling": "2",
        "foot": "left",
        "note": "edited",
        "recorded_at": timezone.localtime(world.log.recorded_at).strftime("%Y-%m-%dT%H:%M"),
    }


@dataclass(frozen=True)
class Spec:
    """How to point a route at a world's objects, and what each method is sent."""

    kwargs: Callable[[World], dict]
    methods: dict[str, Callable[[World], dict]]
    owner_changes: bool = True  # a POST by the owner changes something in this world

    def url(self, name: str, world: World, **override) -> str:
        return reverse(name, kwargs={**self.kwargs(world), **override})


def _routine(world: World) -> dict:
    return {"pk": world.routine.pk}


def _step(world: World) -> dict:
    return {"pk": world.routine.pk, "step_pk": world.step.pk}


def _nothing(world: World) -> dict:
    return {}


MATRIX: dict[str, Spec] = {
    "portability:import_job": Spec(lambda w: {"pk": w.job.pk}, {"GET": _nothing}),
    "portability:import_cancel": Spec(lambda w: {"pk": w.job.pk}, {"POST": _nothing}),
    "tracking:routine_detail": Spec(_routine, {"GET": _nothing}),
    "tracking:routine_rename": Spec(_routine, {"POST": lambda w: {"name": "Renamed"}}),
    "tracking:routine_delete": Spec(_routine, {"GET": _nothing, "POST": _nothing}),
    "tracking:step_add": Spec(_routine, {"POST": lambda w: {"exercise": "toe-pickups"}}),
    "tracking:step_swap": Spec(
        _routine,
        {"POST": lambda w: {"exercise": "gentle-walking", "replacement": "seated-marching"}},
    ),
    "tracking:step_move": Spec(_step, {"POST": lambda w: {"direction": "down"}}),
    "tracking:step_remove": Spec(_step, {"POST": _nothing}),
    # Nothing was removed in this world's session: nothing to undo, nothing changes.
    "tracking:step_undo_remove": Spec(_routine, {"POST": _nothing}, owner_changes=False),
    "tracking:step_dose": Spec(
        _step, {"GET": _nothing, "POST": lambda w: {"reps": "14", "sets": "2", "sides": "2"}}
    ),
    "tracking:step_grow": Spec(_step, {"POST": _nothing}),
    "tracking:session_start": Spec(_routine, {"POST": lambda w: {"start_key": str(uuid.uuid4())}}),
    "tracking:plan_start": Spec(lambda w: {"pk": w.extra["big_routine"].pk}, {"POST": _nothing}),
    "tracking:plan_stop": Spec(lambda w: {"pk": w.extra["planned_routine"].pk}, {"POST": _nothing}),
    # Nothing found helpful yet in this world: the owner is told so, nothing changes.
    "tracking:plan_keep": Spec(
        lambda w: {"pk": w.extra["planned_routine"].pk}, {"POST": _nothing}, owner_changes=False
    ),
    "tracking:later_check_in": Spec(
        lambda w: {"pk": w.extra["finished_session"].pk},
        {
            "GET": _nothing,
            "POST": lambda w: {"numbness": "4", "idempotency_key": str(uuid.uuid4())},
        },
    ),
    "tracking:player": Spec(
        lambda w: {"pk": w.session.pk},
        {
            "GET": _nothing,
            "POST": lambda w: {
                "form_stage": w.session.stage,
                "idempotency_key": str(uuid.uuid4()),
                "action": "save",
                "numbness": "5",
            },
        },
    ),
    "tracking:log_edit": Spec(lambda w: {"pk": w.log.pk}, {"GET": _nothing, "POST": _log_form}),
    "tracking:log_delete": Spec(lambda w: {"pk": w.log.pk}, {"GET": _nothing, "POST": _nothing}),
    "tracking:foot_check_result": Spec(
        lambda w: {"pk": w.extra["foot_check"].pk}, {"GET": _nothing}
    ),
    "tracking:touch_test_result": Spec(
        lambda w: {"pk": w.extra["touch_test"].pk}, {"GET": _nothing}
    ),
    "tracking:neuropathy_screen_result": Spec(
        lambda w: {"pk": w.extra["screen"].pk}, {"GET": _nothing}
    ),
    "tracking:device_remove": Spec(lambda w: {"pk": w.extra["device"].pk}, {"POST": _nothing}),
}


def growth_is_suggested(world: World) -> bool:
    plan = routine_selectors.routine_plan(
        world.routine, history=session_selectors.step_history(world.routine)
    )
    return any(view.growth for view in plan.steps if view.step.pk == world.step.pk)
