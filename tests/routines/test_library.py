import re

import pytest

from routines.library import EXERCISES, sync_library
from routines.models import Category, Exercise, Position, Target

SEED_EXERCISES = {
    "circulation": {"ankle-circles", "toe-curls-and-spreads", "gentle-walking", "seated-marching"},
    "strength": {
        "resistance-band-ankle-press",
        "toe-pickups",
        "calf-raises-chair",
        "seated-calf-raises",
    },
    "sensory": {
        "textured-surface-walking",
        "textured-ball-roll",
        "finger-to-toe-touch",
        "contrast-foot-bath",
    },
    "stretch": {
        "seated-hamstring-stretch",
        "plantar-fascia-stretch",
        "figure-eight-ankle",
        "wall-calf-stretch",
    },
}


def test_library_has_all_sixteen_seed_exercises_in_their_categories(library):
    by_category = {}
    for exercise in Exercise.objects.all():
        by_category.setdefault(exercise.category, set()).add(exercise.slug)
    assert by_category == SEED_EXERCISES
    assert set(by_category) == set(Category.values)


def test_every_exercise_is_complete(library):
    for exercise in library.values():
        assert len(exercise.step_list) >= 3, exercise.slug
        assert exercise.safety_list, exercise.slug
        assert exercise.targets.exists(), exercise.slug
        assert exercise.summary and exercise.dose.describe()
        assert exercise.dose.estimated_seconds() > 0


def test_standing_exercises_say_hold_a_chair_or_have_a_seated_alternative(library):
    for exercise in library.values():
        if exercise.position == Position.STANDING:
            assert exercise.seated_alternative is not None, exercise.slug
            assert exercise.seated_alternative.position == Position.SEATED


def test_contrast_bath_warns_about_water_temperature(library):
    notes = library["contrast-foot-bath"].safety_notes.lower()
    assert "thermometer" in notes and "cannot feel heat" in notes


def test_contrast_bath_gives_the_safe_temperature_range(library):
    bath = library["contrast-foot-bath"]
    assert "32-35 °C" in bath.steps and "32-35 °C" in bath.safety_notes
    assert "never hot" in bath.steps


CHANGES_SIDE = re.compile(r"other (foot|leg|side)|change (feet|legs)", re.IGNORECASE)
BOTH_WAYS = re.compile(r"anticlockwise|other direction|other way", re.IGNORECASE)
VAGUE = re.compile(r"halfway|a few seconds|for a moment", re.IGNORECASE)


@pytest.mark.parametrize("item", EXERCISES, ids=[item["slug"] for item in EXERCISES])
def test_each_exercises_dose_counter_and_timer_agree_with_its_text(library, item):
    exercise = library[item["slug"]]
    text = exercise.steps
    dose = exercise.dose
    assert not VAGUE.search(text), "say how long or how many, not roughly"
    # Per-side moves say when to change, and count (or time) both sides.
    assert bool(CHANGES_SIDE.search(text)) == exercise.per_side
    assert dose.sides == (2 if exercise.per_side else 1)
    assert ("each side" in dose.describe()) == exercise.per_side
    # Each-way moves count both ways: the counter goes to the repetitions twice per side.
    assert bool(BOTH_WAYS.search(text)) == (exercise.ways == 2)
    if exercise.ways == 2:
        assert dose.kind == "reps" and "each way" in dose.describe()
        assert "each way" not in exercise.rep_unit  # said once, by the dose
    if dose.kind == "reps":
        assert dose.counted_per_side == dose.reps * exercise.ways
        assert dose.active_seconds() == (
            dose.reps * exercise.ways * dose.seconds_per_rep * dose.sides * dose.sets
        )
    elif dose.kind == "timed":
        assert dose.active_seconds() == dose.duration_seconds * dose.sides


def test_touch_identification_needs_a_helper_who_does_the_touching(library):
    touch = library["finger-to-toe-touch"]
    assert "helper" in touch.equipment.lower()
    assert "Your helper touches" in touch.steps
    assert "your hand already knows" in touch.safety_notes


def test_stretches_hold_15_to_30_seconds(library):
    for exercise in library.values():
        if exercise.dose_kind == "hold":
            assert 15 <= exercise.hold_seconds <= 30, exercise.slug


def test_sync_is_idempotent_and_restores_edited_content(library):
    Exercise.objects.filter(slug="ankle-circles").update(name="Changed")
    assert sync_library(Exercise, Target) == len(EXERCISES) == 16
    assert sync_library(Exercise, Target) == 16
    assert Exercise.objects.count() == 16
    assert Exercise.objects.get(slug="ankle-circles").name == "Ankle circles"


@pytest.mark.django_db
def test_dose_constraint_rejects_reps_exercise_without_reps(library):
    from django.db import IntegrityError, transaction

    exercise = library["ankle-circles"]
    exercise.reps = None
    with pytest.raises(IntegrityError), transaction.atomic():
        exercise.save()
