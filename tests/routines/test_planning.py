from routines.dosing import Dose
from routines.library import EXERCISES
from routines.planning import (
    STARTER_RECIPES,
    ExerciseInfo,
    check_duration,
    check_warm_up,
    starter_plan,
    suggested_focus,
)

LIBRARY = {
    item["slug"]: ExerciseInfo(
        slug=item["slug"],
        name=item["name"],
        position=item["position"],
        is_warm_up=item.get("is_warm_up", False),
        seated_alternative=item.get("seated_alternative"),
    )
    for item in EXERCISES
}
CATEGORY = {item["slug"]: item["category"] for item in EXERCISES}


def count(plan, category):
    return sum(1 for slug in plan if CATEGORY[slug] == category)


def test_every_starter_begins_with_a_warm_up_and_names_real_exercises():
    for focus in STARTER_RECIPES:
        plan = starter_plan(focus, LIBRARY, seated_only=False)
        assert plan, focus
        assert LIBRARY[plan[0]].is_warm_up, focus
        assert set(plan) <= set(LIBRARY)


def test_numbness_focus_has_more_sensory_work_and_pain_focus_more_stretching():
    numbness = starter_plan("numbness", LIBRARY, seated_only=False)
    pain = starter_plan("pain", LIBRARY, seated_only=False)
    general = starter_plan("general", LIBRARY, seated_only=False)
    assert count(numbness, "sensory") > count(general, "sensory")
    assert count(numbness, "sensory") >= 3
    assert count(pain, "stretch") > count(general, "stretch")
    assert count(pain, "stretch") >= 4


def test_seated_only_swaps_standing_moves_for_seated_alternatives():
    plan = starter_plan("general", LIBRARY, seated_only=True)
    assert all(LIBRARY[slug].position == "seated" for slug in plan)
    assert "calf-raises-chair" not in plan
    assert "seated-calf-raises" in plan
    assert len(plan) == len(set(plan))


def test_bad_day_routine_is_short():
    plan = starter_plan("bad_day", LIBRARY, seated_only=False)
    assert len(plan) <= 4


def test_suggested_focus_follows_the_profile():
    assert suggested_focus(["numbness"], False) == "numbness"
    assert suggested_focus(["pain", "tingling"], False) == "pain"
    assert suggested_focus(["numbness", "pain"], False) == "general"
    assert suggested_focus(["pain"], True) == "balance"


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
