from datetime import UTC, date, datetime, timedelta

import pytest

from accounts.symptoms import BURDEN
from tracking.insights.effects import LIKELY_HELPS
from tracking.insights.records import SessionRecord
from tracking.insights.wording import CONSULT_SENTENCE
from tracking.numbers import NO_VALUE
from tracking.progress import charts
from tracking.report import clinical
from tracking.report.clinical import (
    STOP_REASONS_SHOWN,
    LogRecord,
    SessionRow,
    StepFeedbackCount,
    session_stats,
)

TODAY = date(2026, 3, 31)
NOW = datetime(2026, 3, 31, 18, 30, tzinfo=UTC)
NAMES = {"ball": "Ball roll", "stretch": "Calf stretch", "march": "Seated marching"}


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def build(*, logs=(), sessions=(), feedback=(), sessions_analysed=(), days=30):
    """A report from the same pure chart functions the selector uses."""
    analysed = list(sessions_analysed)
    before_after, summary = charts.before_after(analysed, BURDEN, tz=UTC)
    _, movement_report = charts.movements(analysed, symptom=BURDEN, names=NAMES)
    return clinical.build_report(
        name="margaret",
        main_symptoms=["Numbness"],
        balance_concerns=True,
        days=days,
        before_after=summary,
        before_after_text=before_after.summary,
        movement_report=movement_report,
        names=NAMES,
        logs=list(logs),
        sessions=list(sessions),
        feedback=list(feedback),
        today=TODAY,
        generated_at=NOW,
        tz=UTC,
    )


def records(n: int = 48, *, ball_relief: int = 3) -> list[SessionRecord]:
    """Every mix of three movements equally often; the ball roll gives ``ball_relief``."""
    out = []
    for i in range(n):
        slugs = {slug for bit, slug in enumerate(NAMES) if (i >> bit) & 1}
        before = 6 + (i % 5 == 0)
        after = before - (ball_relief if "ball" in slugs else 0) - (i % 3 == 0)
        out.append(
            SessionRecord(
                session_id=i,
                started_at=at(TODAY - timedelta(days=n - i)),
                time_of_day="morning",
                exercises=frozenset(slugs),
                before={"numbness": before},
                after={"numbness": after},
                minutes=10,
                completed=True,
            )
        )
    return out


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, 30),
        ("", 30),
        ("  ", 30),
        ("30", 30),
        ("90", 90),
        (" 90 ", 90),
        ("7", None),
        ("365", None),
        ("-30", None),
        ("30.0", None),
        ("abc", None),
        ("٣٠", None),  # Arabic-Indic digits pass isdigit() but are not a period we offer
    ],
)
def test_parse_days(raw, expected):
    assert clinical.parse_days(raw) == expected


def test_symptom_rows_compare_first_and_last_week_of_the_period():
    start = TODAY - timedelta(days=29)
    logs = [
        # First week: numbness 8 every day, two logs on the first day (8 and 6 -> day mean 7).
        *[LogRecord(at(start + timedelta(days=d)), {"numbness": 8}) for d in range(7)],
        LogRecord(at(start, 20), {"numbness": 6}),
        # Last week: 4 every day.
        *[LogRecord(at(TODAY - timedelta(days=d)), {"numbness": 4}) for d in range(7)],
        # Balance confidence rises from 3 to 6 (higher is better).
        LogRecord(at(start + timedelta(days=1)), {"balance_confidence": 3}),
        LogRecord(at(TODAY), {"balance_confidence": 6}),
        # Before the period: ignored.
        LogRecord(at(start - timedelta(days=1)), {"numbness": 0, "sharp": 9}),
    ]
    report = build(logs=logs)
    rows = {row.key: row for row in report.symptoms}
    assert list(rows) == ["burden", "numbness", "balance_confidence"]
    numbness = rows["numbness"]
    assert numbness.n_logs == 15
    assert numbness.days_rated == 14
    # Daily means weigh each day equally: (7 + 8 * 6) / 7.
    assert numbness.first_week == pytest.approx(55 / 7)
    assert numbness.last_week == 4
    assert numbness.relief == pytest.approx(55 / 7 - 4)
    assert numbness.meaningful
    assert numbness.change_text == "3.9 points better (meaningful)"
    assert numbness.first_week_text == "7.9" and numbness.last_week_text == "4"
    balance = rows["balance_confidence"]
    assert balance.higher_is_better
    assert balance.relief == 3
    assert balance.change_text == "3 points better (meaningful)"
    assert report.not_rated == (
        "Tingling or prickling",
        "Aching pain",
        "Burning pain",
        "Sharp or shooting pain",
    )


def test_worse_and_unchanged_symptoms_and_missing_weeks():
    start = TODAY - timedelta(days=29)
    logs = [
        LogRecord(at(start), {"aching": 3, "burning": 5}),
        LogRecord(at(TODAY), {"aching": 4, "burning": 5}),
        LogRecord(at(start + timedelta(days=15)), {"tingling": 2}),
    ]
    rows = {row.key: row for row in build(logs=logs).symptoms}
    assert rows["aching"].relief == -1
    assert rows["aching"].change_text == "1 point worse (meaningful)"  # 30% of 3
    assert rows["burning"].change_text == "No change"
    tingling = rows["tingling"]
    assert tingling.first_week is None and tingling.last_week is None
    assert tingling.period_mean == 2
    assert tingling.change_text == NO_VALUE
    assert tingling.first_week_text == NO_VALUE


def test_sparkline_is_on_a_fixed_0_to_10_scale():
    start = TODAY - timedelta(days=29)
    logs = [LogRecord(at(start), {"numbness": 10}), LogRecord(at(TODAY), {"numbness": 0})]
    spark = {row.key: row for row in build(logs=logs).symptoms}["numbness"].sparkline
    pad = clinical.SPARK_PAD
    first, last = spark.points.split()[0], spark.points.split()[-1]
    assert first == f"{pad},{pad}"  # day one, rating 10: top left
    assert last == f"{clinical.SPARK_WIDTH - pad},{clinical.SPARK_HEIGHT - pad}"  # today, 0
    assert (spark.last_x, spark.last_y) == (clinical.SPARK_WIDTH - pad, clinical.SPARK_HEIGHT - pad)
    assert "from 10 to 0 out of 10" in spark.description


def test_session_stats_count_stops_reasons_and_flagged_exercises():
    sessions = [
        SessionRow(at(TODAY - timedelta(days=1)), minutes=12, completed=True),
        SessionRow(at(TODAY - timedelta(days=1), 18), minutes=8, completed=True),
        SessionRow(at(TODAY - timedelta(days=2)), minutes=3, completed=False, stop_reason=""),
        SessionRow(
            at(TODAY - timedelta(days=3)), 4, completed=False, stop_reason="Painful: Calf stretch"
        ),
        SessionRow(
            at(TODAY - timedelta(days=5)), 2, completed=False, stop_reason="Painful: Calf stretch"
        ),
        SessionRow(at(TODAY - timedelta(days=6)), 1, completed=False, stop_reason="Stopped early"),
    ]
    feedback = [
        StepFeedbackCount("Calf stretch", "painful", 2),
        StepFeedbackCount("Calf stretch", "worse", 1),
        StepFeedbackCount("Ball roll", "worse", 3),
        StepFeedbackCount("Seated marching", "helped", 5),  # not a flag
    ]
    stats = build(sessions=sessions, feedback=feedback).sessions
    assert (stats.count, stats.completed, stats.stopped) == (6, 2, 4)
    assert stats.minutes == 30
    assert stats.mean_minutes_text == "5"
    assert stats.days_exercised == 5
    assert stats.per_week == pytest.approx(6 * 7 / 30)
    assert stats.per_week_text == "1.4"
    assert stats.stop_reasons == (("No reason given", 2), ("Painful: Calf stretch", 2))
    assert [(f.name, f.painful, f.worse) for f in stats.flagged_exercises] == [
        ("Calf stretch", 2, 1),
        ("Ball roll", 0, 3),
    ]


def test_no_sessions_gives_zeros_not_errors():
    report = build()
    assert report.symptoms == ()
    assert report.sessions.count == 0
    assert report.sessions.mean_minutes_text == NO_VALUE
    assert report.before_after.n == 0
    assert report.before_after.mean_relief_text == NO_VALUE
    assert report.movements == ()
    assert report.winner is None
    assert "No single movement is named" in report.winner_text
    assert report.notes == () and report.notes_total == 0
    assert CONSULT_SENTENCE in report.disclaimer


def test_movement_ranking_names_a_winner_only_when_the_analysis_does():
    report = build(sessions_analysed=records())
    lines = {line.name: line for line in report.movements}
    assert lines["Ball roll"].verdict == LIKELY_HELPS
    assert report.winner == "Ball roll"
    assert report.winner_text.startswith("The analysis names Ball roll")
    assert report.movement_explanation.startswith("Based on 48 sessions")
    ball = lines["Ball roll"]
    assert ball.estimate_text.startswith("+")
    assert ball.low < ball.estimate < ball.high
    assert (ball.n_with, ball.n_without) == (24, 24)
    assert report.before_after.n == 48
    assert report.before_after.mean_relief_text.endswith("better")


def test_no_winner_when_nothing_stands_out():
    report = build(sessions_analysed=records(ball_relief=0))
    assert report.winner is None
    assert all(line.verdict != LIKELY_HELPS for line in report.movements)
    assert "No single movement is named" in report.winner_text
    assert "stands out as helpful" in report.movement_explanation


def test_notes_newest_first_in_the_period_only_and_capped(monkeypatch):
    start = TODAY - timedelta(days=29)
    logs = [
        LogRecord(at(start - timedelta(days=1)), {"numbness": 3}, note="before the period"),
        LogRecord(at(start), {"numbness": 3}, note="first day"),
        LogRecord(
            at(TODAY, 7), {"numbness": 3}, note="  this morning\nline two  ", context="before"
        ),
        LogRecord(at(TODAY - timedelta(days=2)), {"numbness": 3}, note="   "),
        LogRecord(at(TODAY - timedelta(days=1)), {"numbness": 3}, note="yesterday"),
    ]
    report = build(logs=logs)
    assert [n.text for n in report.notes] == ["this morning\nline two", "yesterday", "first day"]
    assert report.notes[0].context == "Before exercise"
    assert report.notes[1].context == ""
    assert report.notes_total == 3 and report.notes_hidden == 0

    monkeypatch.setattr(clinical, "NOTES_SHOWN", 2)
    capped = build(logs=logs)
    assert [n.text for n in capped.notes] == ["this morning\nline two", "yesterday"]
    assert capped.notes_hidden == 1


def test_header_facts():
    report = build(days=90)
    assert report.period_start == date(2026, 1, 1)
    assert report.period_text == "1 January 2026 to 31 March 2026 (90 days)"
    assert report.generated_text == "31 March 2026 at 18:30"
    assert report.main_symptoms_text == "Numbness"
    assert report.name == "margaret" and report.balance_concerns


def test_stop_reasons_are_capped_with_the_rest_counted():
    sessions = [
        SessionRow(at(TODAY - timedelta(days=1)), 3, completed=False, stop_reason=f"Reason {i}")
        for i in range(25)
    ] + [SessionRow(at(TODAY - timedelta(days=2)), 3, completed=False, stop_reason="Too tired")] * 3
    stats = session_stats(sessions, [], days=30)
    assert len(stats.stop_reasons) == STOP_REASONS_SHOWN
    assert stats.stop_reasons[0] == ("Too tired", 3)
    assert stats.stop_reasons[-1] == ("17 other reasons", 17)
    assert sum(n for _, n in stats.stop_reasons) == 28
