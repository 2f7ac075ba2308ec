from routines.dosing import Dose, format_duration, format_minutes


def test_reps_dose_describes_unit_sides_and_sets():
    dose = Dose(kind="reps", reps=10, rep_unit="circles", ways=2, sides=2, sets=2)
    assert dose.describe() == "10 circles each way, each side, 2 sets"


def test_each_way_moves_count_and_take_both_ways():
    one_way = Dose(kind="reps", reps=10, seconds_per_rep=6, sides=2)
    each_way = Dose(kind="reps", reps=10, seconds_per_rep=6, sides=2, ways=2)
    assert (one_way.counted_per_side, each_way.counted_per_side) == (10, 20)
    assert each_way.active_seconds() == 2 * one_way.active_seconds() == 240


def test_hold_dose_describes_repeats_and_hold():
    assert Dose(kind="hold", reps=2, hold_seconds=20, sides=2).describe() == (
        "2 times, hold 20 seconds, each side"
    )
    assert Dose(kind="hold", reps=1, hold_seconds=30).describe() == "hold 30 seconds"


def test_timed_dose_describes_minutes():
    assert Dose(kind="timed", duration_seconds=300).describe() == "5 minutes"
    assert format_duration(90) == "1 min 30 s"
    assert format_duration(45) == "45 seconds"


def test_estimate_counts_every_side_set_rest_and_transition():
    dose = Dose(kind="hold", reps=2, hold_seconds=20, sides=2)
    # per side: 2 holds of 20 s + one 5 s rest = 45 s; two sides = 90; one switch 5; transition 20
    assert dose.active_seconds() == 90
    assert dose.estimated_seconds() == 115


def test_overrides_ignore_none_and_replace_values():
    dose = Dose(kind="reps", reps=10, sides=2)
    changed = dose.with_overrides(reps=15, sides=None, sets=2)
    assert (changed.reps, changed.sides, changed.sets) == (15, 2, 2)
    assert dose.reps == 10


def test_format_minutes_rounds_and_never_says_zero():
    assert format_minutes(20) == "about 1 minute"
    assert format_minutes(12 * 60 + 20) == "about 12 minutes"
