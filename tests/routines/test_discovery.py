"""The plan's design: pure, no database."""

from collections import Counter
from itertools import combinations

from routines.discovery import (
    MIN_VARIED,
    PlanStep,
    block_size,
    compose,
    hadamard,
    planned_session,
    sessions_needed,
    sufficiency,
)
from routines.dosing import Dose

MOVES = [f"m{i}" for i in range(8)]


def test_hadamard_rows_are_orthogonal():
    matrix = hadamard(16)
    for a, b in combinations(matrix, 2):
        assert sum(x * y for x, y in zip(a, b, strict=True)) == 0


def test_block_size_is_the_power_of_two_above_the_movements():
    assert [block_size(n) for n in (4, 7, 8, 15, 16)] == [8, 8, 16, 16, 32]


def test_a_block_does_each_movement_half_the_time_and_pairs_as_often_together_as_apart():
    for seed in (1, 2, 3):
        block = [set(planned_session(MOVES, seed=seed, index=i).kept) for i in range(32)]
        counts = Counter(m for kept in block for m in kept)
        assert set(counts.values()) == {16}
        for a, b in combinations(MOVES, 2):
            together = sum(1 for kept in block if (a in kept) == (b in kept))
            assert together == 16
        assert len({len(kept) for kept in block}) > 1  # sizes vary


def test_every_pair_of_sessions_is_a_mirror_image_so_any_run_of_pairs_is_balanced():
    for start in range(0, 40, 2):
        first = set(planned_session(MOVES, seed=4, index=start).kept)
        second = set(planned_session(MOVES, seed=4, index=start + 1).kept)
        assert first.isdisjoint(second) and first | second == set(MOVES)


def test_no_movement_is_aliased_with_an_interaction_of_two_others():
    block = [set(planned_session(MOVES, seed=9, index=i).kept) for i in range(32)]

    def sign(kept, m):
        return 1 if m in kept else -1

    for a, b in combinations(MOVES, 2):
        for c in MOVES:
            if c in (a, b):
                continue
            product = sum(sign(k, a) * sign(k, b) * sign(k, c) for k in block)
            assert product == 0


def test_the_schedule_is_the_same_on_every_call_and_differs_between_plans():
    first = [planned_session(MOVES, seed=5, index=i).kept for i in range(20)]
    again = [planned_session(MOVES, seed=5, index=i).kept for i in range(20)]
    other = [planned_session(MOVES, seed=6, index=i).kept for i in range(20)]
    assert first == again and first != other


def test_compose_keeps_the_warm_up_and_tops_a_short_day_up_to_ten_minutes():
    steps = [PlanStep("warm", "Warm-up", Dose(kind="timed", duration_seconds=120), fixed=True)]
    steps += [PlanStep(m, m, Dose(kind="reps", reps=10)) for m in MOVES[:4]]
    day = compose(steps, {"m1"})
    assert [step.slug for step, _ in day.steps] == ["warm", "m1"]
    assert [step.slug for step in day.left_out] == ["m0", "m2", "m3"]
    assert day.steps[1][1].sets > 1  # a set added
    full = compose(steps, set(MOVES[:4]))
    assert all(dose.sets == 1 for _, dose in full.steps[1:]) or full.seconds >= 600


def test_the_data_meter_counts_up_to_enough_to_tell():
    needed = sessions_needed(8)
    assert 30 <= needed <= 45
    assert sufficiency(0, 8).level == "not enough yet"
    assert sufficiency(needed // 2, 8).level == "getting there"
    assert sufficiency(needed, 8).level == "enough to tell"
    assert sufficiency(needed - 5, 8).still_needed == 5
    assert MIN_VARIED == 4
