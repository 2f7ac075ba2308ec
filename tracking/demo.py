"""Synthetic history for demos and benchmarks: one session a day with check-ins.

Relief is built from known effects (textured ball roll helps numbness by ~2 points,
plantar fascia stretch helps pain by ~1.5, the rest nothing) plus noise, so the
progress page has something true to find.
"""

import random
import uuid
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from routines.models import Exercise, Routine, RoutineStep
from tracking.checks import mnsi, touch
from tracking.models import (
    FootCheck,
    NeuropathyScreen,
    PracticeSession,
    SessionStep,
    SymptomLog,
    TouchTest,
)
from tracking.timeofday import time_of_day_for

KNOWN_EFFECTS = {"textured-ball-roll": ("numbness", 2.0), "plantar-fascia-stretch": ("aching", 1.5)}
POOL = [
    "toe-curls-and-spreads",
    "seated-marching",
    "resistance-band-ankle-press",
    "seated-calf-raises",
    "textured-ball-roll",
    "finger-to-toe-touch",
    "plantar-fascia-stretch",
    "seated-hamstring-stretch",
    "figure-eight-ankle",
]


def _clamp(value: float) -> int:
    return max(0, min(10, round(value)))


@transaction.atomic
def seed_history(user, *, days: int, seed: int = 1, batch_size: int = 2000) -> int:
    """Create `days` days of sessions (with steps and check-ins) ending today."""
    rng = random.Random(seed)
    exercises = {e.slug: e for e in Exercise.objects.all()}
    routine = Routine.objects.create(owner=user, name="Demo routine", focus="general")
    RoutineStep.objects.bulk_create(
        RoutineStep(routine=routine, exercise=exercises[slug], position=i)
        for i, slug in enumerate(["ankle-circles", *POOL[:5]])
    )
    now = timezone.now()
    sessions = []
    for day in range(days, 0, -1):
        started = now - timedelta(days=day, hours=rng.choice([0, 0, 9, 10]))
        sessions.append(
            PracticeSession(
                owner=user,
                routine=routine,
                routine_name=routine.name,
                status="completed",
                stage="done",
                started_at=started,
                finished_at=started + timedelta(minutes=rng.randint(9, 16)),
                time_of_day=time_of_day_for(started),
                start_key=uuid.uuid4(),
            )
        )
    PracticeSession.objects.bulk_create(sessions, batch_size=batch_size)
    steps, logs = [], []
    for session in sessions:
        chosen = ["ankle-circles", *rng.sample(POOL, 5)]
        for position, slug in enumerate(chosen):
            exercise = exercises[slug]
            steps.append(
                SessionStep(
                    session=session,
                    exercise=exercise,
                    position=position,
                    dose_kind=exercise.dose_kind,
                    reps=exercise.reps,
                    sets=exercise.sets,
                    hold_seconds=exercise.hold_seconds,
                    duration_seconds=exercise.duration_seconds,
                    sides=2 if exercise.per_side else 1,
                    status="done",
                    feedback=rng.choice(["", "helped", "no_change"]),
                    completed_at=session.started_at,
                )
            )
        before = {"numbness": rng.randint(4, 8), "aching": rng.randint(3, 7)}
        after = {}
        for symptom, value in before.items():
            relief = sum(
                size
                for slug, (target, size) in KNOWN_EFFECTS.items()
                if target == symptom and slug in chosen
            )
            after[symptom] = _clamp(value - relief + rng.gauss(0, 1))
        for context, ratings, moment in (
            ("before", before, session.started_at),
            ("after", after, session.finished_at or session.started_at),
        ):
            logs.append(
                SymptomLog(
                    owner=user,
                    session=session,
                    context=context,
                    recorded_at=moment,
                    time_of_day=time_of_day_for(moment),
                    **ratings,
                )
            )
        evening = session.started_at.replace(hour=20)
        logs.append(
            SymptomLog(
                owner=user,
                recorded_at=evening,
                time_of_day=time_of_day_for(evening),
                numbness=_clamp(before["numbness"] + rng.gauss(0, 1)),
                aching=_clamp(before["aching"] + rng.gauss(0, 1)),
            )
        )
    SessionStep.objects.bulk_create(steps, batch_size=batch_size)
    SymptomLog.objects.bulk_create(logs, batch_size=batch_size)
    _seed_checks(user, sessions, rng, batch_size)
    return len(sessions)


def _seed_checks(user, sessions, rng: random.Random, batch_size: int) -> None:
    """A foot check every third session (a blister three weeks ago, healed in five days),
    a touch test a week (slowly better, as sensory retraining should go), an MNSI a month."""
    checks, tests, screens = [], [], []
    blister_at = len(sessions) - 21
    for index, session in enumerate(sessions):
        if index % 3 == 0 or index == blister_at:
            found = index == blister_at
            checks.append(
                FootCheck(
                    owner=user,
                    session=session,
                    checked_at=session.started_at - timedelta(minutes=1),
                    left=["blister", "redness"] if found else [],
                    healed_at=session.started_at + timedelta(days=5) if found else None,
                )
            )
        if index % 7 == 3:
            progress = index / max(len(sessions), 1)
            fields: dict[str, object] = {}
            for foot in ("left", "right"):
                touched = list(touch.SPOT_CODES)
                rng.shuffle(touched)
                named = [
                    spot if rng.random() < 0.35 + 0.4 * progress else touch.NOTHING
                    for spot in touched
                ]
                fields |= {
                    f"{foot}_touched": touched,
                    f"{foot}_named": named,
                    f"{foot}_correct": touch.foot_score(foot, touched, named).correct,
                }
            tests.append(
                TouchTest(owner=user, session=session, taken_at=session.finished_at, **fields)
            )
        if index % 30 == 0:
            answers = [rng.random() < 0.5 for _ in mnsi.ITEMS]
            screens.append(
                NeuropathyScreen(
                    owner=user,
                    taken_at=session.started_at - timedelta(hours=1),
                    answers=answers,
                    points=mnsi.score(answers).points,
                )
            )
    FootCheck.objects.bulk_create(checks, batch_size=batch_size)
    TouchTest.objects.bulk_create(tests, batch_size=batch_size)
    NeuropathyScreen.objects.bulk_create(screens, batch_size=batch_size)
