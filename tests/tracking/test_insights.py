"""Insights on synthetic data with known effects. Pure: no database."""

import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from accounts.symptoms import higher_is_better
from tracking.insights import statistics
from tracking.insights.effects import (
    LIKELY_HELPS,
    MAY_WORSEN,
    NO_DIFFERENCE,
    TOO_EARLY,
    FeedbackCounts,
)
from tracking.insights.movements import movement_effects
from tracking.insights.records import (
    LogPoint,
    SessionRecord,
    is_meaningful_change,
    relief,
    symptom_burden,
)
from tracking.insights.series import (
    adherence,
    before_after,
    daily_series,
    time_of_day_comparison,
)
from tracking.insights.wording import CONSULT_SENTENCE, chance_in_ten, suggestions

EXERCISES = ("ankle", "toes", "march", "band", "calf", "ball", "plantar", "wall")
START = datetime(2025, 3, 3, 8, 0)  # a Monday


def simulate(
    seed,
    n=80,
    effects=None,
    *,
    p=0.5,
    noise=1.0,
    together=None,
    symptom="numbness",
    include=None,
):
    """Sessions where each exercise is included with probability p.

    relief = sum of the included exercises' effects + 0.3 * (before - 5.5) + noise, and the
    after rating is the before minus that relief (a float, so the effect is exact).
    ``together=(a, b)`` makes b appear exactly when a does; ``include(rng, a_in)`` overrides
    whether the second exercise of ``together`` is in.
    """
    effects = effects or {}
    rng = random.Random(seed)
    sessions = []
    for i in range(n):
        chosen = {slug for slug in EXERCISES if rng.random() < p}
        if together:
            a, b = together
            in_b = include(rng, a in chosen) if include else a in chosen
            chosen.discard(b)
            if in_b:
                chosen.add(b)
        before = rng.randint(3, 8)
        gain = sum(effects.get(slug, 0.0) for slug in chosen)
        gain += 0.3 * (before - 5.5) + rng.gauss(0, noise)
        after = before + gain if higher_is_better(symptom) else before - gain
        sessions.append(
            SessionRecord(
                session_id=i,
                started_at=START + timedelta(days=i),
                time_of_day="morning",
                exercises=frozenset(chosen),
                before={symptom: before},
                after={symptom: after},
                minutes=12,
                completed=True,
            )
        )
    return sessions


def by_slug(report):
    return {effect.slug: effect for effect in report.effects}


def session(i, exercises=(), before=None, after=None, feedback=None, **kwargs):
    defaults = {
        "started_at": START + timedelta(days=i),
        "time_of_day": "morning",
        "minutes": 10,
        "completed": True,
    }
    defaults.update(kwargs)
    return SessionRecord(
        session_id=i,
        exercises=frozenset(exercises),
        before=before or {},
        after=after or {},
        feedback=feedback or {},
        **defaults,
    )


# --- scores ---------------------------------------------------------------


def test_symptom_burden_averages_the_higher_is_worse_ratings_only():
    assert symptom_burden({"numbness": 6, "aching": 2, "balance_confidence": 0}) == 4
    assert symptom_burden({"numbness": 6, "aching": None}) == 6
    assert symptom_burden({"balance_confidence": 3}) is None
    assert symptom_burden({}) is None


def test_relief_is_positive_when_better():
    assert relief({"numbness": 7}, {"numbness": 4}, "numbness") == 3
    assert relief({"numbness": 4}, {"numbness": 7}, "numbness") == -3
    assert relief({"balance_confidence": 4}, {"balance_confidence": 7}, "balance_confidence") == 3
    assert relief({"numbness": 4}, {"aching": 2}, "numbness") is None
    # The burden compares only the symptoms rated both times.
    before = {"numbness": 6, "aching": 8, "balance_confidence": 2}
    after = {"numbness": 4, "balance_confidence": 9}
    assert relief(before, after, "burden") == 2
    assert relief(before, after) == 2
    assert relief({"balance_confidence": 2}, {"balance_confidence": 5}) is None


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (5, 3, True),  # 2 points
        (5, 7, True),  # worse by 2 also counts
        (5, 4, False),  # 1 point is 20% of 5
        (3, 2, True),  # 1 point is 33% of 3
        (4, 3, False),  # 25%
        (10, 8, True),
        (10, 9, False),
        (7, 5.5, False),  # 1.5 < 2 and < 2.1
        (2.0, 1.4, True),  # exactly 30%, despite float rounding
        (0, 1, False),  # a zero baseline only uses the 2-point rule
        (0, 2, True),
        (0, 0, False),
        (6, 6, False),
        (1, 1, False),
    ],
)
def test_meaningful_change(before, after, expected):
    assert is_meaningful_change(before, after) is expected


# --- daily series ---------------------------------------------------------


def test_daily_series_daily_means_gaps_and_trailing_7_day_average():
    def at(day, hour, value):
        return LogPoint(datetime(2025, 3, day, hour), {"numbness": value, "aching": 0})

    points = [
        at(1, 9, 8),  # before the window: only feeds the 7-day average
        at(3, 9, 6),
        at(3, 20, 4),  # day mean 5
        at(5, 9, 2),
        at(13, 9, 7),
    ]
    series = daily_series(points, "numbness", start=date(2025, 3, 3), end=date(2025, 3, 13))

    assert [p.date for p in series] == [date(2025, 3, d) for d in range(3, 14)]
    days = {p.date.day: p for p in series}
    assert (days[3].mean, days[3].n) == (5, 2)
    assert days[3].avg7 == pytest.approx((8 + 5) / 2)
    assert days[4].mean is None and days[4].n == 0
    assert days[4].avg7 == pytest.approx(6.5)
    assert days[5].avg7 == pytest.approx((8 + 5 + 2) / 3)  # days with data, equally weighted
    assert days[8].avg7 == pytest.approx((5 + 2) / 2)  # the 1st has left the window
    assert days[11].avg7 == 2  # the 5th is still in the window
    assert days[12].mean is None and days[12].avg7 is None  # nothing from the 6th to the 12th
    assert days[13].avg7 == 7

    burden = daily_series(points, "burden", end=date(2025, 3, 5), days_back=3)
    assert [p.date.day for p in burden] == [3, 4, 5]
    assert burden[0].mean == pytest.approx(2.5)  # (6 + 0) / 2 and (4 + 0) / 2


def test_daily_series_uses_local_dates():
    plus_two = timezone(timedelta(hours=2))
    late_utc = LogPoint(datetime(2025, 3, 3, 23, 30, tzinfo=UTC), {"numbness": 4})
    series = daily_series([late_utc], "numbness", start=date(2025, 3, 3), end=date(2025, 3, 4))
    assert [p.n for p in series] == [1, 0]  # no tz: the datetime's own date
    series = daily_series(
        [late_utc], "numbness", start=date(2025, 3, 3), end=date(2025, 3, 4), tz=plus_two
    )
    assert [p.n for p in series] == [0, 1]  # 01:30 on the 4th locally


# --- before and after -------------------------------------------------------


def test_before_after_rows_and_summary():
    sessions = [
        session(2, before={"numbness": 6}, after={"numbness": 3}),
        session(0, before={"numbness": 5}, after={"numbness": 4}),
        session(1, before={"numbness": 4}, after={"numbness": 7}),
        session(3, before={"numbness": 5}),  # no after check-in
        session(4, before={"aching": 5}, after={"aching": 2}),  # not this symptom
    ]
    summary = before_after(sessions, "numbness")

    assert [r.session_id for r in summary.rows] == [0, 1, 2]
    assert summary.rows[0].date == START.date()
    assert [(r.change, r.relief, r.meaningful) for r in summary.rows] == [
        (-1, 1, False),
        (3, -3, True),
        (-3, 3, True),
    ]
    assert summary.n == 3
    assert summary.mean_change == pytest.approx(-1 / 3)
    assert summary.mean_relief == pytest.approx(1 / 3)
    assert (summary.meaningful_improvements, summary.meaningful_worsenings) == (1, 1)

    empty = before_after([], "numbness")
    assert (empty.n, empty.mean_change, empty.rows) == (0, None, ())


def test_before_after_for_balance_confidence_counts_a_rise_as_improvement():
    summary = before_after(
        [session(0, before={"balance_confidence": 3}, after={"balance_confidence": 6})],
        "balance_confidence",
    )
    assert summary.rows[0].relief == 3
    assert summary.meaningful_improvements == 1


# --- adherence and time of day ------------------------------------------------


def test_adherence_weeks_minutes_and_streak():
    today = date(2025, 3, 20)  # Thursday, ISO week 12

    def on(day, minutes=10, completed=True):
        return session(
            day,
            started_at=datetime(2025, 3, day, 9),
            minutes=minutes,
            completed=completed,
        )

    sessions = [
        on(3, 12),  # week 10
        on(10, 15),  # week 11
        on(10, 5),
        on(17, 10),  # week 12: 17, 18, 19 -> streak of 3 ending yesterday
        on(18, 7.5, completed=False),  # stopped early, still practice
        on(19, 10),
        on(14, 0, completed=False),  # opened and abandoned: not counted
    ]
    report = adherence(sessions, today, weeks=3)

    assert [(w.year, w.week, w.starts) for w in report.weeks] == [
        (2025, 10, date(2025, 3, 3)),
        (2025, 11, date(2025, 3, 10)),
        (2025, 12, date(2025, 3, 17)),
    ]
    assert [(w.sessions, w.completed, w.minutes) for w in report.weeks] == [
        (1, 1, 12),
        (2, 2, 20),
        (3, 2, 27.5),
    ]
    assert date(2025, 3, 14) not in report.days_done
    assert {date(2025, 3, 3), date(2025, 3, 19)} <= report.days_done
    assert report.streak == 3  # nothing yet today does not break it

    assert adherence([*sessions, on(20)], today).streak == 4
    assert adherence(sessions, date(2025, 3, 21)).streak == 0
    assert len(adherence([], today, weeks=8).weeks) == 8
    assert adherence([], today).streak == 0


def test_adherence_spans_a_year_boundary():
    report = adherence([], date(2025, 1, 1), weeks=2)
    assert [(w.year, w.week) for w in report.weeks] == [(2024, 52), (2025, 1)]


def test_time_of_day_comparison_means_and_counts():
    sessions = [
        session(0, before={"numbness": 6}, after={"numbness": 3}, time_of_day="morning"),
        session(1, before={"numbness": 6}, after={"numbness": 5}, time_of_day="morning"),
        session(2, before={"numbness": 6}, after={"numbness": 7}, time_of_day="evening"),
        session(3, before={"numbness": 6}, time_of_day="evening"),  # no after: left out
    ]
    rows = {r.time_of_day: r for r in time_of_day_comparison(sessions, "numbness")}

    assert list(rows) == ["morning", "afternoon", "evening", "night"]
    assert (rows["morning"].n, rows["morning"].mean_relief) == (2, 2)
    assert rows["morning"].sd == pytest.approx(2**0.5)
    assert (rows["evening"].n, rows["evening"].mean_relief, rows["evening"].sd) == (1, -1, None)
    assert (rows["afternoon"].n, rows["afternoon"].mean_relief) == (0, None)


# --- which movements help ---------------------------------------------------


def test_finds_the_one_helpful_movement_and_its_size():
    report = movement_effects(simulate(seed=1, n=100, effects={"ankle": 2.0}), "numbness")
    effects = by_slug(report)

    ankle = effects["ankle"]
    assert ankle.verdict == LIKELY_HELPS
    assert ankle.low <= 2.0 <= ankle.high
    assert ankle.low > 0.5
    assert report.winner == "ankle"
    assert report.ranked
    assert report.effects[0].slug == "ankle"
    assert "ankle" in report.explanation.lower()
    assert report.n_sessions == 100
    assert report.comparisons == len(EXERCISES)
    assert report.residual_sd == pytest.approx(1.0, abs=0.3)
    for slug in EXERCISES[1:]:
        assert effects[slug].verdict != LIKELY_HELPS
        assert abs(effects[slug].estimate) < 0.8


def test_null_movements_are_rarely_called_helpful_and_the_real_one_is_covered():
    false_helpful = nulls = covered = 0
    seeds = range(20)
    for seed in seeds:
        effects = by_slug(movement_effects(simulate(seed, effects={"ankle": 2.0}), "numbness"))
        ankle = effects["ankle"]
        covered += ankle.verdict == LIKELY_HELPS and ankle.low <= 2.0 <= ankle.high
        for slug in EXERCISES[1:]:
            nulls += 1
            false_helpful += effects[slug].verdict == LIKELY_HELPS
    assert false_helpful / nulls <= 0.10
    assert covered >= 18


def test_no_winner_when_nothing_works():
    # The intervals hold together at 95% (Bonferroni), so a pure-null report may name a
    # false winner in at most ~2.5% of reports by design (one tail). Demanding zero for every
    # seed would only be seed-picking; over 100 reports allow 6 (P(X >= 7) ~ 1% at 2.5%).
    winners = 0
    for seed in range(100):
        report = movement_effects(simulate(100 + seed, n=60 + 20 * (seed % 2)), "numbness")
        helpful = [e for e in report.effects if e.verdict == LIKELY_HELPS]
        winners += report.winner is not None
        assert len(helpful) <= 1
        if not report.ranked:  # no order is implied: alphabetical
            assert report.winner is None
            assert [e.slug for e in report.effects] == sorted(EXERCISES)
            assert "no movement stands out" in report.explanation.lower()
    assert winners <= 6


def test_movements_always_done_together_are_not_told_apart():
    sessions = simulate(seed=3, effects={"ankle": 2.0}, together=("ankle", "toes"))
    assert all(("ankle" in s.exercises) == ("toes" in s.exercises) for s in sessions)

    report = movement_effects(sessions, "numbness")
    effects = by_slug(report)

    for slug, other in (("ankle", "toes"), ("toes", "ankle")):
        assert effects[slug].verdict == TOO_EARLY
        assert effects[slug].together_with == (other,)
        assert "can't be told apart" in effects[slug].reason
    assert report.winner is None
    assert "ankle and toes were always done together" in report.explanation.lower()
    assert "together they were followed by about" in report.explanation.lower()
    assert not report.ranked or all(e.verdict != LIKELY_HELPS for e in report.effects)


def test_plain_ridge_would_split_aliased_movements_but_intervals_stay_wide():
    """Without the alias check, the posterior interval is too wide to call either helpful."""
    sessions = simulate(seed=3, effects={"ankle": 2.0}, together=("ankle", "toes"))
    fit = statistics.ridge_fit(
        [s.before["numbness"] - s.after["numbness"] for s in sessions],
        [[1.0 if slug in s.exercises else 0.0 for s in sessions] for slug in ("ankle", "toes")],
        [[s.before["numbness"] for s in sessions]],
        ridge_lambda=1.0,
    )
    assert fit is not None
    beta, cov = fit.coefficients, fit.covariance
    assert beta[0] == pytest.approx(beta[1])  # split evenly
    assert beta[0] + beta[1] == pytest.approx(2.0, abs=0.5)
    quantile = statistics.t_quantile(1 - 0.05 / 4, fit.df)
    assert beta[0] - quantile * cov[0][0] ** 0.5 < 0


def test_mostly_together_is_also_flagged():
    # toes joins ankle in all but about 2 sessions
    sessions = simulate(
        seed=4,
        effects={"ankle": 2.0},
        together=("ankle", "toes"),
        include=lambda rng, a_in: a_in != (rng.random() < 0.04),
    )
    effects = by_slug(movement_effects(sessions, "numbness"))
    assert effects["toes"].verdict == TOO_EARLY
    assert "ankle" in effects["toes"].together_with


def test_movements_done_instead_of_each_other_are_not_told_apart():
    sessions = simulate(
        seed=5,
        effects={"ankle": 2.0},
        together=("ankle", "toes"),
        include=lambda rng, a_in: not a_in,
    )
    effects = by_slug(movement_effects(sessions, "numbness"))
    assert effects["toes"].verdict == TOO_EARLY
    assert "instead of ankle" in effects["toes"].reason
    assert effects["ankle"].verdict == TOO_EARLY


def naive_means(sessions):
    """What a naive page would show: mean relief of the sessions that included each one."""
    totals = {}
    for s in sessions:
        for slug in s.exercises:
            totals.setdefault(slug, []).append(s.before["numbness"] - s.after["numbness"])
    return {slug: sum(v) / len(v) for slug, v in totals.items()}


def test_naive_means_credit_a_confounded_null_but_the_joint_model_does_not():
    # "toes" does nothing but is mostly done on ankle days (85% vs 15%).
    sessions = simulate(
        seed=6,
        n=120,
        effects={"ankle": 2.0},
        together=("ankle", "toes"),
        include=lambda rng, a_in: rng.random() < (0.85 if a_in else 0.15),
    )
    naive = naive_means(sessions)
    without_toes = [
        s.before["numbness"] - s.after["numbness"] for s in sessions if "toes" not in s.exercises
    ]
    naive_gap = naive["toes"] - sum(without_toes) / len(without_toes)
    assert naive_gap > 1.0  # naive: toes "adds" more than a point of relief

    effects = by_slug(movement_effects(sessions, "numbness"))
    assert effects["toes"].verdict != LIKELY_HELPS
    assert abs(effects["toes"].estimate) < 0.5
    assert effects["ankle"].verdict == LIKELY_HELPS


def test_a_harmful_movement_is_flagged():
    report = movement_effects(simulate(seed=7, n=100, effects={"wall": -2.0}), "numbness")
    effects = by_slug(report)
    assert effects["wall"].verdict == MAY_WORSEN
    assert effects["wall"].high < 0
    assert report.winner is None
    assert report.ranked
    assert "worse" in report.explanation


def test_two_equally_helpful_movements_rarely_name_a_winner():
    """A winner must beat every other movement on the interval of the difference (one-sided
    95%), so with two equal helpers one is named in about 5% of people at most."""
    winners = 0
    for seed in range(40):
        report = movement_effects(
            simulate(seed=800 + seed, n=120, effects={"ankle": 2.0, "ball": 2.0}), "numbness"
        )
        effects = by_slug(report)
        assert effects["ankle"].verdict == effects["ball"].verdict == LIKELY_HELPS
        winners += report.winner is not None
        if report.winner is None:
            assert "cannot yet say which helps most" in report.explanation
    assert winners <= 5


def test_a_clearly_better_movement_wins_over_a_smaller_helpful_one():
    report = movement_effects(
        simulate(seed=9, n=150, effects={"ankle": 3.0, "ball": 1.0}, noise=0.6), "numbness"
    )
    assert by_slug(report)["ball"].verdict == LIKELY_HELPS
    assert report.winner == "ankle"


def test_balance_confidence_rising_counts_as_relief():
    sessions = simulate(seed=10, n=100, effects={"calf": 2.0}, symptom="balance_confidence")
    report = movement_effects(sessions, "balance_confidence")
    assert report.winner == "calf"
    assert by_slug(report)["calf"].estimate > 0


def test_burden_is_the_default_symptom():
    sessions = [
        session(
            i,
            s.exercises,
            before={"numbness": s.before["numbness"], "aching": 5, "balance_confidence": 1},
            after={"numbness": s.after["numbness"], "aching": 5, "balance_confidence": 9},
        )
        for i, s in enumerate(simulate(seed=11, n=100, effects={"ankle": 4.0}))
    ]
    report = movement_effects(sessions)
    assert report.symptom == "burden"
    ankle = by_slug(report)["ankle"]
    assert ankle.low <= 2.0 <= ankle.high  # burden halves numbness' effect
    assert report.winner == "ankle"


def test_stronger_ridge_shrinks_towards_zero():
    sessions = simulate(seed=12, n=40, effects={"ankle": 2.0})
    weak = by_slug(movement_effects(sessions, "numbness", ridge_lambda=0.1))["ankle"].estimate
    strong = by_slug(movement_effects(sessions, "numbness", ridge_lambda=20))["ankle"].estimate
    assert 0 < strong < weak


def test_small_numbers_are_not_enough_data():
    sessions = simulate(seed=13, n=8, effects={"ankle": 3.0})
    report = movement_effects(sessions, "numbness")
    assert all(e.verdict == TOO_EARLY for e in report.effects)
    assert all(e.estimate is None and e.low is None for e in report.effects)
    assert report.winner is None and not report.ranked
    assert any("at least 5" in e.reason for e in report.effects)


def test_a_movement_in_every_session_cannot_be_judged():
    sessions = [
        session(
            i,
            {"ankle", *s.exercises},
            before=s.before,
            after=s.after,
        )
        for i, s in enumerate(simulate(seed=14, n=60, effects={"ankle": 2.0}))
    ]
    effects = by_slug(movement_effects(sessions, "numbness"))
    ankle = effects["ankle"]
    assert ankle.verdict == TOO_EARLY
    assert (ankle.n_sessions, ankle.n_without) == (60, 0)
    assert "every session" in ankle.reason
    assert ankle.estimate is None


def test_no_sessions_one_session_and_sessions_without_check_ins():
    empty = movement_effects([])
    assert (empty.effects, empty.winner, empty.ranked, empty.n_sessions) == ((), None, False, 0)
    assert "no sessions" in empty.explanation

    one = movement_effects([session(0, {"ankle"}, {"numbness": 6}, {"numbness": 2})], "numbness")
    assert [(e.slug, e.verdict) for e in one.effects] == [("ankle", TOO_EARLY)]

    unrated = [
        session(i, {"ankle", "toes"}, feedback={"ankle": "helped", "toes": "painful"})
        for i in range(10)
    ]
    report = movement_effects(unrated, "numbness")
    assert report.n_sessions == 0
    assert report.winner is None
    ankle = by_slug(report)["ankle"]
    assert ankle.verdict == TOO_EARLY
    assert ankle.feedback_counts == FeedbackCounts(helped=10)
    assert by_slug(report)["toes"].feedback_counts.painful == 10


def test_identical_changes_give_probably_no_difference_with_finite_intervals():
    rng = random.Random(15)
    sessions = [
        session(i, {s for s in EXERCISES if rng.random() < 0.5}, {"numbness": 6}, {"numbness": 5})
        for i in range(60)
    ]
    report = movement_effects(sessions, "numbness")
    assert report.winner is None
    for effect in report.effects:
        assert effect.verdict == NO_DIFFERENCE
        assert effect.estimate == pytest.approx(0, abs=1e-9)
        assert effect.high - effect.low > 0.5  # floored noise, not a zero-width interval


def test_too_many_movements_for_the_sessions_is_not_enough_data():
    # 6 sessions, 8 movements and the before score: no residual degrees of freedom left.
    sessions = simulate(seed=16, n=6, effects={"ankle": 2.0})
    report = movement_effects(sessions, "numbness", min_sessions=1, ridge_lambda=1e-6)
    judged = [e for e in report.effects if e.reason.startswith("Too few sessions")]
    assert judged
    assert all(e.verdict == TOO_EARLY for e in report.effects)
    assert report.winner is None


def test_feedback_counts_are_reported_separately():
    sessions = simulate(seed=17, n=40)
    sessions = [
        session(
            s.session_id,
            s.exercises,
            s.before,
            s.after,
            feedback={slug: ("painful" if slug == "wall" else "helped") for slug in s.exercises},
        )
        for s in sessions
    ]
    effects = by_slug(movement_effects(sessions, "numbness"))
    wall = effects["wall"]
    assert wall.feedback_counts.painful == wall.n_sessions
    assert wall.feedback_counts.total == wall.n_sessions
    assert effects["ankle"].feedback_counts.helped == effects["ankle"].n_sessions


def test_linear_algebra_and_t_quantiles():
    inverse = statistics.invert([[4.0, 2.0], [2.0, 3.0]])
    assert inverse == [
        [pytest.approx(0.375), pytest.approx(-0.25)],
        [pytest.approx(-0.25), pytest.approx(0.5)],
    ]
    assert statistics.invert([[1.0, 2.0], [2.0, 4.0]]) is None
    assert statistics.invert([[0.0, 1.0], [1.0, 0.0]]) == [[0, 1], [1, 0]]  # needs pivoting
    assert statistics.t_quantile(0.975, 10) == pytest.approx(2.2281, abs=1e-4)
    assert statistics.t_quantile(0.995, 3) == pytest.approx(5.8409, abs=1e-4)
    assert statistics.t_quantile(0.975, 1e7) == pytest.approx(1.95996, abs=1e-4)


# --- suggestions ------------------------------------------------------------


def test_suggestions_follow_the_seed_rules_and_end_with_a_professional():
    report = movement_effects(simulate(seed=1, n=100, effects={"ball": 2.0}), "numbness")
    assert report.winner == "ball"
    out = suggestions(
        ["numbness", "pain"],
        {"numbness": 6, "balance_confidence": 8},
        report,
        categories={"ball": "sensory"},
        names={"ball": "Textured ball roll"},
    )
    text = " ".join(out)
    assert "sensory retraining" in out[0]
    assert "Textured ball roll, which seems to help you" in out[0]
    assert "gentle stretching" in text
    assert "seated" not in text
    assert any(s.startswith("Keep doing Textured ball roll") for s in out)
    assert sum(s.startswith("Keep doing") for s in out) == 1
    assert out[-1] == CONSULT_SENTENCE


def test_suggestions_from_recent_logs_and_balance():
    out = suggestions([], {"burning": 5, "balance_confidence": 3}, None)
    text = " ".join(out)
    assert "gentle stretching" in text
    assert "seated" in text
    assert "sensory retraining" not in text
    assert "Keep doing" not in text
    assert out[-1] == CONSULT_SENTENCE

    assert "seated" in " ".join(suggestions([], {}, None, balance_concerns=True))
    assert suggestions([], {}, None) == [CONSULT_SENTENCE]


def test_suggestions_never_say_keep_doing_without_a_helpful_verdict():
    for seed in range(5):
        report = movement_effects(simulate(seed=200 + seed), "numbness")
        assert all(e.verdict != LIKELY_HELPS for e in report.effects)
        assert not any(s.startswith("Keep doing") for s in suggestions([], {}, report))

    worse = movement_effects(simulate(seed=7, n=100, effects={"wall": -2.0}), "numbness")
    out = suggestions([], {}, worse)
    assert any(s.startswith("You might ease off wall") for s in out)


def test_reasons_and_explanation_use_display_names():
    sessions = simulate(seed=3, effects={"ankle": 2.0}, together=("ankle", "toes"))
    names = {"ankle": "Ankle circles", "toes": "Toe curls and spreads"}
    report = movement_effects(sessions, "numbness", names=names)
    assert by_slug(report)["ankle"].reason.startswith(
        "Always done together with Toe curls and spreads"
    )
    assert "Ankle circles and Toe curls and spreads were always done together" in (
        report.explanation
    )


# --- designs, multiplicity and wording of chances --------------------------


def rotation(seed, n, effects):
    """Every session leaves out 2 of the 8 movements, in turn: always 6 of 8."""
    rng = random.Random(seed)
    sessions = []
    for i in range(n):
        left_out = {EXERCISES[(2 * i) % 8], EXERCISES[(2 * i + 1 + (i // 4)) % 8]}
        if len(left_out) < 2:
            left_out.add(EXERCISES[(2 * i + 2) % 8])
        chosen = set(EXERCISES) - left_out
        before = rng.randint(4, 8)
        after = before - sum(effects.get(s, 0.0) for s in chosen) - rng.gauss(0.5, 1.0)
        sessions.append(session(i, chosen, {"numbness": before}, {"numbness": after}))
    return sessions


def test_sessions_of_one_size_compare_movements_with_each_other_only():
    report = movement_effects(rotation(seed=21, n=120, effects={"ball": 1.5}), "numbness")
    effects = by_slug(report)
    assert report.relative
    assert effects["ball"].verdict == LIKELY_HELPS
    assert "than your other movements" in effects["ball"].reason
    assert all(e.verdict != MAY_WORSEN for e in report.effects)  # below average is not harm
    assert "same number of movements" in report.explanation


def test_varied_sessions_are_not_relative():
    assert not movement_effects(simulate(seed=22, n=60), "numbness").relative


def test_holm_steps_down_and_keeps_the_family_wise_level():
    assert statistics.holm([0.001, 0.06, 0.012], 0.05) == [True, False, True]
    assert statistics.holm([0.001, 0.04, 0.02], 0.05) == [True, True, True]
    assert statistics.holm([0.02, 0.03], 0.05) == [True, True]
    assert statistics.holm([0.03, 0.04], 0.05) == [False, False]
    assert statistics.holm([], 0.05) == []


def test_t_cdf_is_symmetric():
    assert statistics.t_cdf(0.0, 10) == pytest.approx(0.5)
    assert statistics.t_cdf(2.2281, 10) == pytest.approx(0.975, abs=1e-4)
    assert statistics.t_cdf(-2.2281, 10) == pytest.approx(0.025, abs=1e-4)


@pytest.mark.parametrize(
    ("probability", "text"),
    [
        (0.5, "about 5 in 10"),
        (0.88, "about 9 in 10"),
        (0.97, "about 95 in 100"),
        (0.995, "more than 99 in 100"),
        (0.03, "about 5 in 100"),
        (0.004, "less than 1 in 100"),
    ],
)
def test_chances_are_written_as_n_in_10(probability, text):
    assert chance_in_ten(probability) == text


def test_a_likely_helper_reads_as_a_chance_and_a_size():
    report = movement_effects(simulate(seed=23, n=80, effects={"ball": 2.0}), "numbness")
    ball = by_slug(report)["ball"]
    assert ball.verdict == LIKELY_HELPS
    assert ball.chance_helps > 0.99
    assert ball.reason.startswith("More than 99 in 100 chance that it eases your symptoms")
    assert "on the 0-10 scale, between" in ball.reason


def test_sessions_all_within_a_few_days_are_still_analysed():
    sessions = [
        replace(s, started_at=START + timedelta(hours=i))
        for i, s in enumerate(simulate(seed=24, n=60, effects={"ball": 2.0}))
    ]
    report = movement_effects(sessions, "numbness")
    assert by_slug(report)["ball"].verdict == LIKELY_HELPS
