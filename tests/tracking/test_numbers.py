"""How numbers are written for people: one module, used everywhere."""

import pytest

from tracking.numbers import MINUS, NO_VALUE, interval, points, points_word, signed


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1.25, "1.2"),
        (2.0, "2"),
        (-1.5, MINUS + "1.5"),
        (-0.04, "0"),
        (0.04, "0"),
        (None, NO_VALUE),
    ],
)
def test_points_has_one_decimal_at_most_a_true_minus_and_no_signed_zero(value, text):
    assert points(value) == text


def test_points_word_agrees_in_number():
    assert points_word(1.0) == "1 point"
    assert points_word(-1.0) == MINUS + "1 point"
    assert points_word(2.0) == "2 points"
    assert points_word(1.5) == "1.5 points"


@pytest.mark.parametrize(
    ("value", "text"),
    [(1.5, "+1.5"), (-2.0, MINUS + "2"), (0.04, "0"), (-0.04, "0"), (None, NO_VALUE)],
)
def test_signed_shows_the_direction_and_never_plus_or_minus_zero(value, text):
    assert signed(value) == text


def test_interval():
    assert interval(-1.0, 0.46) == MINUS + "1 to 0.5"
