from routines.dosing import Dose
from routines.progression import COMFORTABLE_SESSIONS, StepOutcome, next_dose_step, suggest_growth

REPS = Dose(kind="reps", reps=10, sides=2)


def outcomes(n, dose=REPS, status="done", feedback="helped"):
    return [StepOutcome(dose=dose, status=status, feedback=feedback) for _ in range(n)]


def test_suggests_more_reps_after_enough_comfortable_sessions():
    suggestion = suggest_growth(REPS, outcomes(COMFORTABLE_SESSIONS))
    assert suggestion.field == "reps"
    assert suggestion.value == 12


def test_no_suggestion_with_too_few_sessions():
    assert suggest_growth(REPS, outcomes(COMFORTABLE_SESSIONS - 1)) is None


def test_no_suggestion_after_worse_or_painful_feedback_or_skips():
    for feedback in ("worse", "painful"):
        history = outcomes(1, feedback=feedback) + outcomes(COMFORTABLE_SESSIONS)
        assert suggest_growth(REPS, history) is None
    assert suggest_growth(REPS, outcomes(1, status="skipped") + outcomes(3)) is None


def test_only_sessions_at_the_current_dose_count():
    old = Dose(kind="reps", reps=8, sides=2)
    history = outcomes(1) + outcomes(COMFORTABLE_SESSIONS, dose=old)
    assert suggest_growth(REPS, history) is None


def test_holds_grow_by_five_seconds_up_to_thirty():
    assert next_dose_step(Dose(kind="hold", reps=2, hold_seconds=20)).value == 25
    assert next_dose_step(Dose(kind="hold", reps=2, hold_seconds=28)).value == 30
    assert next_dose_step(Dose(kind="hold", reps=2, hold_seconds=30)) is None


def test_reps_cap_then_add_a_set_then_stop():
    assert next_dose_step(Dose(kind="reps", reps=20)).field == "sets"
    assert next_dose_step(Dose(kind="reps", reps=20, sets=3)) is None


def test_timed_steps_grow_by_half_a_minute_then_a_minute():
    assert next_dose_step(Dose(kind="timed", duration_seconds=120)).value == 150
    assert next_dose_step(Dose(kind="timed", duration_seconds=300)).value == 360
