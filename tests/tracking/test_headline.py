from datetime import date, timedelta

from tracking.insights.effects import LIKELY_HELPS, FeedbackCounts, MovementEffect, MovementReport
from tracking.insights.series import AdherenceReport, DailyPoint, WeekAdherence
from tracking.progress import headline

TODAY = date(2026, 11, 25)


def days(values_by_age: dict[int, float]) -> list[DailyPoint]:
    return [
        DailyPoint(date=TODAY - timedelta(days=age), mean=value, avg7=None, n=1)
        for age, value in sorted(values_by_age.items(), reverse=True)
    ]


def effect(slug: str, verdict: str) -> MovementEffect:
    return MovementEffect(
        slug=slug,
        estimate=1.0,
        low=0.2,
        high=1.8,
        n_sessions=20,
        n_without=20,
        verdict=verdict,
        feedback_counts=FeedbackCounts(),
        judged=True,
    )


def test_trend_compares_last_week_with_a_month_ago():
    series = days({**{age: 4.1 for age in range(28, 35)}, **{age: 3.2 for age in range(7)}})
    sentence = headline.trend_sentence(series, "tingling", TODAY)
    assert sentence == ("Tingling or prickling: 3.2, down from 4.1 a month ago (better).")


def test_trend_of_a_higher_is_better_symptom_reads_the_right_way():
    series = days({**{age: 4.0 for age in range(28, 35)}, **{age: 3.0 for age in range(7)}})
    assert "(worse)" in headline.trend_sentence(series, "balance_confidence", TODAY)


def test_small_changes_read_as_about_the_same():
    series = days({**{age: 4.0 for age in range(28, 35)}, **{age: 4.1 for age in range(7)}})
    assert "about the same as a month ago (4)" in headline.trend_sentence(series, "aching", TODAY)


def test_a_new_user_is_told_how_to_start_and_a_short_history_uses_its_start():
    assert "No ratings" in headline.trend_sentence([], "aching", TODAY)
    series = days({**{age: 6.0 for age in range(14, 21)}, **{age: 5.0 for age in range(7)}})
    assert "down from 6 at the start" in headline.trend_sentence(series, "aching", TODAY)
    only_recent = days({age: 5.0 for age in range(4)})
    assert headline.trend_sentence(only_recent, "aching", TODAY) == (
        "Aching pain: 5 out of 10 on average this last week."
    )


def test_what_helps_names_likely_helpers_as_chips():
    report = MovementReport(
        effects=(effect("ankle-circles", LIKELY_HELPS), effect("toe-taps", "unclear")),
        ranked=True,
        winner="ankle-circles",
        explanation="",
        n_sessions=40,
    )
    sentence, chips = headline.helps_sentence(report, {"ankle-circles": "Ankle circles"})
    assert sentence == "What seems to help you:"
    assert [(chip.slug, chip.name) for chip in chips] == [("ankle-circles", "Ankle circles")]


def test_nothing_standing_out_says_how_many_sessions_were_looked_at():
    report = MovementReport(effects=(), ranked=False, winner=None, explanation="", n_sessions=12)
    sentence, chips = headline.helps_sentence(report, {})
    assert "12 sessions" in sentence and chips == ()


def test_practice_this_week():
    week = WeekAdherence(year=2026, week=48, starts=TODAY, sessions=5, completed=5, minutes=61.6)
    report = AdherenceReport(weeks=(week,), days_done=frozenset(), streak=0)
    assert headline.practice_sentence(report) == "This week: 5 sessions, 62 minutes."
    empty = AdherenceReport(weeks=(), days_done=frozenset(), streak=0)
    assert headline.practice_sentence(empty) == "No sessions yet this week."
