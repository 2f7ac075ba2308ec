"""Does "find out what helps me" find what helps? Simulated people, the real player flow.

Each simulated person has a routine of a warm-up and 8 seated movements, starts a plan on
its page, and does one session a simulated day through the Django test client: start
(``POST /routines/<id>/start/``), the before check-in, every step (a few skipped), the
after check-in. Their symptoms follow a known model (printed with the results); the
analysis is read from ``/progress/movements.json`` after 15, 30 and 60 sessions. When a
plan ends after its 28 sessions the person starts another, as the routine page offers.
A second group does the same routine every day without a plan.

Printed per checkpoint: recall (the movement named "likely helps"), false "likely helps"
or a false winner among the zero-effect movements per person (family-wise), and how often
the 95% intervals contain the true effect. Last line:
``plan: recall1.5@30=..% recall1.0@60=..% false_helps=..% coverage=..%``.
``BENCH_PEOPLE`` (default 40) and ``BENCH_RATINGS`` (symptoms each person rates, default
2) change the population.
"""

from __future__ import annotations

import math
import os
import random
import sys
import tempfile
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WARM_UP = "ankle-circles"
MOVEMENTS = (
    "toe-curls-and-spreads",
    "seated-marching",
    "textured-ball-roll",
    "toe-pickups",
    "plantar-fascia-stretch",
    "seated-hamstring-stretch",
    "figure-eight-ankle",
    "finger-to-toe-touch",
)
EFFECTS = (1.5, 1.0, 0, 0, 0, 0, 0, 0)  # shuffled over the movements for each person
SYMPTOMS = ("numbness", "tingling", "aching")
CHECKPOINTS = (15, 30, 60)
PHI = 0.8  # day-to-day persistence of the burden (AR(1))
STATIONARY_SD = 1.4  # points
MEASUREMENT_SD = 0.7  # points, each rating, before rounding to a whole number
GENERAL_RELIEF = (0.3, 0.8)  # points, any session, uniform
SKIP_DAY = 0.15
SKIP_STEP = 0.05


@dataclass
class Person:
    rng: random.Random
    effects: dict[str, float]
    general: float
    mean: float
    offsets: dict[str, float]
    burden: float = 0.0
    day: int = 0
    found: dict[int, dict] = field(default_factory=dict)

    def next_day(self) -> None:
        innovation = STATIONARY_SD * math.sqrt(1 - PHI**2)
        self.burden = self.mean + PHI * (self.burden - self.mean) + self.rng.gauss(0, innovation)
        self.day += 1

    def rate(self, relief: float) -> dict[str, int]:
        return {
            name: min(
                10, max(0, round(self.burden + offset - relief + self.rng.gauss(0, MEASUREMENT_SD)))
            )
            for name, offset in self.offsets.items()
        }


def make_person(seed: int, ratings: int) -> Person:
    rng = random.Random(seed)
    effects = list(EFFECTS)
    rng.shuffle(effects)
    mean = rng.uniform(4.5, 6.5)
    person = Person(
        rng=rng,
        effects=dict(zip(MOVEMENTS, effects, strict=True)),
        general=rng.uniform(*GENERAL_RELIEF),
        mean=mean,
        offsets={name: rng.uniform(-1.0, 1.0) for name in SYMPTOMS[:ratings]},
    )
    person.burden = mean + rng.gauss(0, STATIONARY_SD)
    return person


def setup_django(db_path: str) -> None:
    os.environ["NEUROAPP_SQLITE_PATH"] = db_path
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "neuroapp.settings")
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ["NEUROAPP_TESTING"] = "1"
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def run_person(index: int, person: Person, *, planned: bool) -> None:
    from django.test import Client
    from django.utils import timezone

    from accounts.services import acknowledge_safety, register_user
    from routines.models import Exercise, Routine, RoutineStep
    from tracking.models import PracticeSession, SymptomLog

    user = register_user(
        username=f"{'plan' if planned else 'fixed'}{index}", email="", password="x-bench-pw-1"
    )
    acknowledge_safety(profile=user.profile)
    routine = Routine.objects.create(owner=user, name="Daily")
    exercises = {e.slug: e for e in Exercise.objects.filter(slug__in=(WARM_UP, *MOVEMENTS))}
    RoutineStep.objects.bulk_create(
        RoutineStep(routine=routine, exercise=exercises[slug], position=position)
        for position, slug in enumerate((WARM_UP, *MOVEMENTS))
    )
    client = Client()
    client.force_login(user)
    first_day = timezone.now() - timedelta(days=120)
    sessions = 0
    while sessions < CHECKPOINTS[-1]:
        person.next_day()
        if person.rng.random() < SKIP_DAY:
            continue
        if planned and not routine.plans.filter(ended_at__isnull=True).exists():
            assert client.post(f"/routines/{routine.pk}/plan/").status_code == 302
        response = client.post(f"/routines/{routine.pk}/start/", {"start_key": str(uuid.uuid4())})
        assert response.status_code == 302, response.status_code
        url = response["Location"]
        session = PracticeSession.objects.get(pk=int(url.rstrip("/").rsplit("/", 1)[1]))
        before = person.rate(0.0)
        check_in(client, url, "before", before)
        done = []
        for step in session.steps.order_by("position"):
            action = "skip" if person.rng.random() < SKIP_STEP else "done"
            form = {"index": step.position, "action": action, "form_stage": "steps"}
            assert client.post(url, form).status_code == 302
            if action == "done":
                done.append(step.exercise.slug)
        relief = person.general + sum(person.effects.get(slug, 0.0) for slug in done)
        check_in(client, url, "after", person.rate(relief))
        # One session a simulated day: move it, and its check-ins, to that day.
        moment = first_day + timedelta(days=person.day, hours=9)
        PracticeSession.objects.filter(pk=session.pk).update(
            started_at=moment, finished_at=moment + timedelta(minutes=12)
        )
        SymptomLog.objects.filter(session=session, context="before").update(recorded_at=moment)
        SymptomLog.objects.filter(session=session, context="after").update(
            recorded_at=moment + timedelta(minutes=12)
        )
        sessions += 1
        if sessions in CHECKPOINTS:
            response = client.get("/progress/movements.json", {"days": "365"})
            assert response.status_code == 200
            person.found[sessions] = response.json()


def check_in(client, url: str, stage: str, ratings: dict[str, int]) -> None:
    form = {"form_stage": stage, "action": "save", "idempotency_key": str(uuid.uuid4())}
    assert client.post(url, {**form, **ratings}).status_code == 302


def summarise(people: list[Person]) -> dict[int, dict[str, float]]:
    out = {}
    for n in CHECKPOINTS:
        hits = {1.5: 0, 1.0: 0}
        false = covered = intervals = 0
        for person in people:
            report = person.found[n]
            by_slug = {m["slug"]: m for m in report["movements"]}
            wrong = False
            for slug, effect in person.effects.items():
                row = by_slug.get(slug)
                if row is None:
                    continue
                helps = row["verdict"] == "likely helps"
                if effect in hits and helps:
                    hits[effect] += 1
                if effect == 0 and helps:
                    wrong = True
                if row["low"] is not None:
                    intervals += 1
                    covered += row["low"] <= effect <= row["high"]
            best = max(person.effects, key=person.effects.get)
            if report["winner"] not in (None, best):
                wrong = True
            false += wrong
        out[n] = {
            "recall1.5": hits[1.5] / len(people),
            "recall1.0": hits[1.0] / len(people),
            "false": false / len(people),
            "coverage": covered / intervals if intervals else float("nan"),
            "intervals": intervals,
            "covered": covered,
        }
    return out


def main() -> dict:
    count = int(os.environ.get("BENCH_PEOPLE", "40"))
    ratings = int(os.environ.get("BENCH_RATINGS", "2"))
    print(
        f"people: {count} following a plan, {max(count // 4, 5)} on a fixed routine; 8 movements "
        f"(effects {', '.join(map(str, EFFECTS))} points, shuffled), warm-up kept; burden AR(1) "
        f"phi={PHI}, stationary sd {STATIONARY_SD}; {ratings} symptom(s) rated, each with "
        f"{MEASUREMENT_SD} points of noise, rounded; any-session relief "
        f"{GENERAL_RELIEF[0]}-{GENERAL_RELIEF[1]}; {SKIP_DAY:.0%} of days and "
        f"{SKIP_STEP:.0%} of steps skipped"
    )
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(str(Path(tmp) / "bench.sqlite3"))
        people = [make_person(1000 + i, ratings) for i in range(count)]
        for i, person in enumerate(people):
            run_person(i, person, planned=True)
        fixed = [make_person(5000 + i, ratings) for i in range(max(count // 4, 5))]
        for i, person in enumerate(fixed):
            run_person(i, person, planned=False)
    results = summarise(people)
    for n, row in results.items():
        print(
            f"after {n:2} sessions: recall 1.5-point {row['recall1.5']:.0%}, "
            f"1.0-point {row['recall1.0']:.0%}; false 'likely helps' or winner "
            f"{row['false']:.1%} of people; 95% intervals cover the truth {row['coverage']:.1%} "
            f"(of {row['intervals']})"
        )
    shown: Counter[str] = Counter()
    false_shown = 0
    for person in fixed:
        for n in CHECKPOINTS:
            for row in person.found[n]["movements"]:
                if row["verdict"] == "too early to tell":
                    continue
                shown[row["verdict"]] += 1
                effect = person.effects.get(row["slug"], 0.0)
                false_shown += (row["verdict"] == "likely helps" and effect == 0) or (
                    row["verdict"] != "likely helps" and effect > 0
                )
    print(
        f"fixed routine, no plan ({len(fixed)} people, {SKIP_STEP:.0%} of steps skipped by "
        f"chance): {sum(shown.values())} verdicts other than 'too early to tell' "
        f"({dict(shown) or 'none'}), {false_shown} of them false, over "
        f"{len(fixed) * len(CHECKPOINTS)} checkpoints"
    )
    worst_false = max(row["false"] for row in results.values())
    # Pooled over every interval shown at any checkpoint.
    coverage = sum(row["covered"] for row in results.values()) / max(
        sum(row["intervals"] for row in results.values()), 1
    )
    print(
        f"plan: recall1.5@30={results[30]['recall1.5']:.0%} "
        f"recall1.0@60={results[60]['recall1.0']:.0%} false_helps={worst_false:.0%} "
        f"coverage={coverage:.0%}"
    )
    return results


if __name__ == "__main__":
    main()
