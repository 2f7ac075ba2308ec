from routines.equipment import get_ready, missing_things, needs_nothing, swaps_for
from routines.planning import ExerciseInfo
from tests.routines.plain_library import LIBRARY


def steps(*slugs):
    return [LIBRARY[slug] for slug in slugs]


def test_each_thing_is_listed_once_in_the_order_it_is_first_needed():
    things = get_ready(
        steps("ankle-circles", "seated-marching", "textured-ball-roll", "toe-pickups")
    )
    keys = [thing.key for thing in things]
    assert keys == ["chair", "stool", "ball_or_bottle", "marbles"]
    chair = things[0]
    assert chair.used_by == (
        "ankle-circles",
        "seated-marching",
        "textured-ball-roll",
        "toe-pickups",
    )
    assert things[1].optional and not things[2].optional


def test_preparation_notes_say_what_to_do_beforehand():
    by_key = {t.key: t for t in get_ready(steps("textured-ball-roll", "contrast-foot-bath"))}
    assert "in the freezer the night before" in by_key["ball_or_bottle"].preparation
    assert "thermometer: 32-35 °C, never hot" in by_key["basins"].preparation


def test_an_exercise_unknown_to_the_list_uses_its_own_equipment_text():
    own = ExerciseInfo("new-move", "New move", "seated", False, equipment="A yoga block")
    assert [thing.label for thing in get_ready([own])] == ["A yoga block"]
    assert missing_things(own) == ["a yoga block"]
    optional = ExerciseInfo("other", "Other", "seated", False, equipment="A towel (optional)")
    assert needs_nothing(optional)


def test_a_chair_is_never_a_reason_to_swap():
    assert needs_nothing(LIBRARY["seated-marching"])
    assert missing_things(LIBRARY["resistance-band-ankle-press"]) == ["resistance band"]


def test_swaps_need_nothing_are_new_to_the_routine_and_add_no_balance_demand():
    for slug, info in LIBRARY.items():
        if needs_nothing(info):
            continue
        in_routine = ["ankle-circles", slug]
        for seated_only in (False, True):
            offers = swaps_for(slug, LIBRARY, in_routine=in_routine, seated_only=seated_only)
            assert offers, slug
            for offer in offers:
                assert needs_nothing(LIBRARY[offer]) and offer not in in_routine
                if seated_only or info.position == "seated":
                    assert LIBRARY[offer].position == "seated", (slug, offer)


def test_the_closest_swap_shares_targets_and_kind():
    offers = swaps_for("resistance-band-ankle-press", LIBRARY, in_routine=[], seated_only=False)
    assert offers[0] == "seated-calf-raises"  # strength, for weakness, seated
