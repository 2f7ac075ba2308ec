"""The four verdicts of the movement analysis, in the order a ranking shows them."""

HELPFUL = "helpful"
NO_CLEAR_EFFECT = "no clear effect"
SEEMS_TO_WORSEN = "seems to worsen"
NOT_ENOUGH_DATA = "not enough data yet"
ORDER = {HELPFUL: 0, NO_CLEAR_EFFECT: 1, SEEMS_TO_WORSEN: 2, NOT_ENOUGH_DATA: 3}
