import random
from datetime import datetime

import pytest

from tracking.checks import touch


def test_a_sequence_touches_every_spot_once_in_a_shuffled_order():
    orders = {touch.new_sequence(random.Random(seed)) for seed in range(20)}
    assert all(sorted(order) == sorted(touch.SPOT_CODES) for order in orders)
    assert len(orders) > 1


def test_the_score_counts_named_spots_that_match_and_never_felt_nothing():
    score = touch.foot_score("left", ["toes", "heel", "arch"], ["toes", "nothing", "heel"])
    assert (score.correct, score.total, score.text) == (1, 3, "1 out of 3")


def test_every_touch_needs_an_answer():
    with pytest.raises(ValueError):
        touch.foot_score("left", ["toes", "heel"], ["toes"])


def _point(day: int, left: int | None, right: int | None) -> touch.TouchPoint:
    def score(foot, correct):
        return None if correct is None else touch.FootScore(foot=foot, correct=correct, total=5)

    return touch.TouchPoint(
        taken_at=datetime(2026, 5, day, 10), left=score("left", left), right=score("right", right)
    )


def test_the_summary_gives_the_latest_score_per_foot_and_the_change():
    trend = touch.trend([_point(9, 4, 3), _point(1, 2, 3)])
    assert [p.taken_at.day for p in trend.points] == [1, 9]
    assert "left foot: 4 out of 5; right foot: 3 out of 5" in trend.summary
    assert "more spots named correctly on the left foot" in trend.summary
    assert "right foot" not in trend.summary.split("Since")[1]


def test_a_foot_not_tested_is_left_out_of_the_summary():
    trend = touch.trend([_point(1, None, 5)])
    assert "left" not in trend.summary and "right foot: 5 out of 5" in trend.summary


def test_no_tests_yet_says_how_to_start_one():
    assert "No touch tests yet" in touch.trend([]).summary
