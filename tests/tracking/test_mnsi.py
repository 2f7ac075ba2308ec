from datetime import datetime, timedelta

import pytest

from tracking.checks import mnsi, wording

ALL_YES = [True] * 15
ALL_NO = [False] * 15


def _answers(yes: set[int]) -> list[bool]:
    return [number in yes for number in range(1, 16)]


def test_all_yes_scores_eleven_because_yes_to_7_and_13_scores_nothing():
    assert mnsi.score(ALL_YES).points == 11


def test_all_no_scores_two_for_items_7_and_13():
    assert mnsi.score(ALL_NO).points == 2


@pytest.mark.parametrize("item", [4, 10])
def test_items_4_and_10_are_not_scored(item):
    assert mnsi.score(_answers({item})).points == mnsi.score(ALL_NO).points


@pytest.mark.parametrize("item", [1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15])
def test_a_yes_to_a_scored_item_adds_one_point(item):
    assert mnsi.score(_answers({item})).points == mnsi.score(ALL_NO).points + 1


def test_the_most_is_13_points():
    worst = _answers({1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15})  # and "no" to 7 and 13
    assert mnsi.score(worst).points == mnsi.MAX_SCORE == 13


def test_seven_points_is_a_positive_screen_six_is_not():
    six = _answers({1, 2, 3, 5})  # 4 + 2 ("no" to 7 and 13)
    seven = _answers({1, 2, 3, 5, 6})
    assert (mnsi.score(six).points, mnsi.score(six).positive) == (6, False)
    assert (mnsi.score(seven).points, mnsi.score(seven).positive) == (7, True)


def test_missing_answers_are_refused():
    with pytest.raises(ValueError):
        mnsi.score(ALL_YES[:14])


def test_twice_in_a_day_keeps_the_later_one():
    morning = mnsi.MnsiPoint(taken_at=datetime(2026, 3, 1, 9), points=3)
    evening = mnsi.MnsiPoint(taken_at=datetime(2026, 3, 1, 20), points=5)
    trend = mnsi.trend([evening, morning])
    assert trend.points == (evening,)
    assert trend.latest == evening


def test_a_rise_of_two_points_is_rising_and_asks_for_a_clinician():
    first = mnsi.MnsiPoint(taken_at=datetime(2026, 1, 1), points=3)
    later = mnsi.MnsiPoint(taken_at=datetime(2026, 2, 1), points=5)
    trend = mnsi.trend([first, later])
    assert trend.rising and not trend.positive and trend.show_a_clinician
    assert not mnsi.trend([first]).show_a_clinician


def test_due_when_never_taken_then_monthly():
    today = datetime(2026, 3, 31).date()
    assert mnsi.due(None, today)
    assert not mnsi.due(today - timedelta(days=29), today)
    assert mnsi.due(today - timedelta(days=30), today)


def test_wording_says_it_is_a_screen_and_what_a_score_means():
    assert "not a diagnosis" in wording.MNSI_NOT_A_DIAGNOSIS
    assert "positive screen. Please show" in wording.mnsi_meaning(8)
    assert "not a positive screen" in wording.mnsi_meaning(3)
    assert "risen" in wording.mnsi_meaning(3, rising=True)
