import pytest

from tracking.checks import footcheck, wording


def test_nothing_found_is_all_fine():
    result = footcheck.assess({"left": [], "right": []})
    assert result.all_fine and not result.urgent and result.text == "All fine"
    assert wording.foot_check_advice(result) == (wording.ALL_FINE,)


def test_a_finding_pauses_skin_work_and_says_see_someone_soon():
    result = footcheck.assess({"left": ["blister"], "right": []})
    advice = wording.foot_check_advice(result)
    assert not result.all_fine and not result.urgent
    assert wording.PAUSED in advice and wording.SEE_SOON in advice
    assert wording.SEE_NOW not in advice
    assert result.text == "Left foot: blister"


@pytest.mark.parametrize("with_it", ["redness", "warmth"])
def test_an_open_wound_with_redness_or_warmth_is_urgent_and_said_first(with_it):
    result = footcheck.assess({"left": [], "right": [with_it, "cut"]})
    assert result.urgent
    assert wording.foot_check_advice(result)[0] == wording.SEE_NOW
    assert result.findings["right"] == ("cut", with_it)  # in the form's order


def test_redness_on_one_foot_and_a_cut_on_the_other_is_not_urgent():
    assert not footcheck.assess({"left": ["cut"], "right": ["redness"]}).urgent


def test_unknown_findings_are_refused():
    with pytest.raises(ValueError):
        footcheck.assess({"left": ["gangrene?"]})
