import itertools

import pytest

from accounts.symptoms import MainSymptom
from routines.dosing import Dose
from routines.library import EXERCISES
from routines.planning import (
    BAD_DAY_MAX_SECONDS,
    BAD_DAY_MIN_SECONDS,
    NOT_IN_STARTERS,
    STARTERS,
    TARGET_MAX_SECONDS,
    TARGET_MIN_SECONDS,
    check_duration,
    check_warm_up,
    plan_starter,
    starter_plan,
    suggested_focus,
)
from tests.routines.plain_library import LIBRARY

CATEGORY = {item["slug"]: item["category"] for item in EXERCISES}
CONCERNS = list(MainSymptom.values)
EVERY_PROFILE = [
    (list(combo), balance)
    for size in range(len(CONCERNS) + 1)
    for combo in itertools.combinations(CONCERNS, size)
    for balance in (False, True)
]


def count(plan, category):
    return sum(1 for slug in plan if CATEGORY[slug] == category)


def seconds(slugs):
    return sum(LIBRARY[slug].seconds for slug in slugs)


def test_every_starter_begins_with_a_warm_up_and_names_real_exercises():
    for focus in STARTERS:
        plan = starter_plan(focus, LIBRARY, seated_only=False)
        assert plan, focus
        assert LIBRARY[plan[0]].is_warm_up, focus
        assert set(plan) <= set(LIBRARY)


@pytest.mark.parametrize(("main_symptoms", "balance_concerns"), EVERY_PROFILE)
def test_every_profile_gets_starters_that_fit_the_daily_aim(main_symptoms, balance_concerns):
    for focus, starter in STARTERS.items():
        plan = plan_starter(
            focus, LIBRARY, seated_only=balance_concerns, main_symptoms=main_symptoms
        )
        low, high = (
            (BAD_DAY_MIN_SECONDS, BAD_DAY_MAX_SECONDS)
            if starter.short
            else (TARGET_MIN_SECONDS, TARGET_MAX_SECONDS)
        )
        assert low <= plan.seconds <= high, (focus, plan)
        assert plan.seconds == seconds(plan.slugs)
        assert check_duration([Dose(kind="timed", duration_seconds=plan.seconds)]).status == (
            "short" if starter.short else "on_target"
        )
        assert LIBRARY[plan.slugs[0]].is_warm_up, (focus, plan)
        assert len(plan.slugs) == len(set(plan.slugs))
        assert not set(plan.slugs) & set(NOT_IN_STARTERS)
        if balance_concerns or starter.seated or starter.short:
            assert all(LIBRARY[slug].position == "seated" for slug in plan.slugs), plan


@pytest.mark.parametrize(("main_symptoms", "balance_concerns"), EVERY_PROFILE)
def test_the_routine_made_for_you_leads_with_your_first_concern(main_symptoms, balance_concerns):
    plan = plan_starter(
        "for_you", LIBRARY, seated_only=balance_concerns, main_symptoms=main_symptoms
    )
    if not main_symptoms:
        assert plan.name.startswith("Daily foot routine")
        return
    lead = main_symptoms[0]
    first_after_warm_up = LIBRARY[plan.slugs[1]]
    assert lead in first_after_warm_up.targets or lead in LIBRARY[plan.slugs[0]].targets, plan
    assert plan.name.endswith(", seated") == balance_concerns


def test_numbness_with_balance_concerns_starts_with_seated_sensory_retraining():
    plan = plan_starter("for_you", LIBRARY, seated_only=True, main_symptoms=["numbness"])
    assert plan.name == "Numbness, seated"
    assert CATEGORY[plan.slugs[1]] == "sensory"
    assert count(plan.slugs, "sensory") >= 2
    assert all(LIBRARY[slug].position == "seated" for slug in plan.slugs)


def test_pain_with_balance_concerns_is_seated_stretches():
    plan = plan_starter("for_you", LIBRARY, seated_only=True, main_symptoms=["pain", "balance"])
    assert plan.name == "Pain and balance, seated"
    assert count(plan.slugs, "stretch") >= 2
    assert "wall-calf-stretch" not in plan.slugs  # standing, no seated version
    assert all(LIBRARY[slug].position == "seated" for slug in plan.slugs)


def test_numbness_focus_has_more_sensory_work_and_pain_focus_more_stretching():
    numbness = starter_plan("numbness", LIBRARY, seated_only=False)
    pain = starter_plan("pain", LIBRARY, seated_only=False)
    general = starter_plan("general", LIBRARY, seated_only=False)
    assert count(numbness, "sensory") > count(general, "sensory")
    assert count(numbness, "sensory") >= 2
    assert count(pain, "stretch") > count(general, "stretch")
    assert count(pain, "stretch") >= 3


def test_general_routine_mixes_every_kind_of_exercise():
    plan = starter_plan("general", LIBRARY, seated_only=False)
    assert {CATEGORY[slug] for slug in plan} == {"circulation", "strength", "sensory", "stretch"}
    assert CATEGORY[plan[-1]] == "stretch"  # stretches last


def test_seated_only_swaps_standing_moves_for_seated_alternatives():
    plan = starter_plan("weakness", LIBRARY, seated_only=True)
    assert all(LIBRARY[slug].position == "seated" for slug in plan)
    assert "calf-raises-chair" not in plan
    assert "seated-calf-raises" in plan


def test_bad_day_routine_is_short_and_needs_nothing():
    plan = plan_starter("bad_day", LIBRARY, seated_only=False)
    assert BAD_DAY_MIN_SECONDS <= plan.seconds <= BAD_DAY_MAX_SECONDS
    assert not any(LIBRARY[slug].needs_equipment for slug in plan.slugs)


def test_suggested_focus_follows_the_profile():
    assert suggested_focus(["numbness"], False) == "for_you"
    assert suggested_focus(["pain", "tingling"], True) == "for_you"
    assert suggested_focus([], False) == "general"
    assert suggested_focus([], True) == "general"


def test_duration_check_against_ten_to_fifteen_minutes():
    assert check_duration([]).status == "empty"
    assert check_duration([Dose(kind="timed", duration_seconds=120)]).status == "short"
    on_target = check_duration([Dose(kind="timed", duration_seconds=600)])
    assert on_target.status == "on_target"
    assert "within the 10-15 minute" in on_target.message
    assert check_duration([Dose(kind="timed", duration_seconds=1200)]).status == "long"


def test_warm_up_check_offers_to_move_the_first_warm_up_to_the_top():
    steps = [LIBRARY["wall-calf-stretch"], LIBRARY["toe-pickups"], LIBRARY["ankle-circles"]]
    check = check_warm_up(steps)
    assert not check.ok
    assert check.candidate_index == 2
    assert "ankle circles" in check.message
    assert check_warm_up([LIBRARY["toe-pickups"]]).candidate_index is None
    assert check_warm_up([LIBRARY["ankle-circles"], LIBRARY["toe-pickups"]]).ok
