from datetime import UTC, date, datetime, timedelta

from tracking.insights.effects import NO_DIFFERENCE, FeedbackCounts, MovementEffect, MovementReport
from tracking.insights.records import LogPoint, SessionRecord
from tracking.progress import charts

TODAY = date(2026, 11, 25)


def at(day_offset, hour=9):
    return datetime(2026, 11, 25, hour, tzinfo=UTC) - timedelta(days=day_offset)


def session(i, before, after, exercises=("ankle-circles",), tod="morning"):
    return SessionRecord(
        session_id=i,
        started_at=at(i),
        time_of_day=tod,
        exercises=frozenset(exercises),
        before=before,
        after=after,
        minutes=12,
        completed=True,
    )


def test_trend_has_a_point_per_day_on_a_fixed_window_and_says_what_changed():
    logs = [LogPoint(at(d), {"numbness": 8}) for d in range(20, 30)]
    logs += [LogPoint(at(d), {"numbness": 4}) for d in range(0, 7)]
    chart, rows = charts.trend(logs, "numbness", today=TODAY, days=30, tz=UTC)
    assert len(rows) == len(chart.data["labels"]) == 30
    assert chart.data["labels"][-1] == "2026-11-25"
    assert chart.data["daily"][-1] == 4
    assert "better than 8 on" in chart.summary
    assert "a meaningful change" in chart.summary


def test_trend_with_no_data_invites_logging():
    chart, _ = charts.trend([], "burning", today=TODAY, days=30, tz=UTC)
    assert "No burning pain ratings" in chart.summary
    assert chart.data["daily"] == [None] * 30


def test_before_after_summary_counts_meaningful_changes():
    sessions = [
        session(1, {"numbness": 7}, {"numbness": 4}),
        session(2, {"numbness": 5}, {"numbness": 5}),
        session(3, {"numbness": 3}, {"numbness": 6}),
        session(4, {"numbness": 5}, {}),  # no after check-in: left out
    ]
    chart, summary = charts.before_after(sessions, "numbness", tz=UTC)
    assert summary.n == 3
    assert chart.data["before"] == [3, 5, 7]  # oldest first
    assert "1 showed a meaningful improvement and 1 a meaningful worsening" in chart.summary


def test_adherence_calendar_marks_days_done_and_future_days():
    sessions = [session(i, {}, {}) for i in (0, 1, 2, 9)]
    chart, _report, calendar = charts.adherence(sessions, today=TODAY, days=90, tz=UTC)
    assert len(calendar) == charts.CALENDAR_WEEKS and all(len(week) == 7 for week in calendar)
    days = {day.date: day for week in calendar for day in week}
    assert days[TODAY].done and days[TODAY - timedelta(days=9)].done
    assert not days[TODAY - timedelta(days=3)].done
    assert days[TODAY + timedelta(days=1)].future
    assert "3 days in a row" in chart.summary
    assert sum(chart.data["sessions"]) == 4
    assert "In the last 90 days: 4 sessions" in chart.summary


def test_adherence_covers_the_period_and_blanks_days_before_it():
    sessions = [session(i, {}, {}) for i in (0, 5, 29)]
    chart, report, calendar = charts.adherence(sessions, today=TODAY, days=30, tz=UTC)
    assert len(report.weeks) == charts.weeks_in_period(TODAY, 30) == 5  # Wed 25 Nov 2026
    assert report.weeks[0].starts <= TODAY - timedelta(days=29)
    days = {day.date: day for week in calendar for day in week}
    assert days[TODAY - timedelta(days=30)].before_period
    assert not days[TODAY - timedelta(days=29)].before_period
    assert "In the last 30 days: 3 sessions" in chart.summary


def test_weeks_in_period_counts_calendar_weeks_touched():
    monday = date(2026, 11, 23)
    assert charts.weeks_in_period(monday, 1) == 1
    assert charts.weeks_in_period(monday, 7) == 2
    assert charts.weeks_in_period(monday + timedelta(days=6), 7) == 1
    assert charts.weeks_in_period(monday, 365) == 53


def test_time_of_day_warns_about_small_groups():
    sessions = [session(i, {"aching": 6}, {"aching": 4}, tod="morning") for i in range(6)]
    sessions += [session(10 + i, {"aching": 6}, {"aching": 6}, tod="evening") for i in range(2)]
    chart, _rows = charts.time_of_day(sessions, "aching")
    assert chart.data["labels"] == ["Morning", "Evening"]
    assert chart.data["relief"] == [2, 0]
    assert "fewer than 5 sessions" in chart.summary


def test_movements_json_has_the_documented_fields():
    sessions = [session(i, {"numbness": 6}, {"numbness": 5}) for i in range(3)]
    chart, report = charts.movements(sessions, symptom="burden", names={"ankle-circles": "AC"})
    payload = charts.movements_json(report, {"ankle-circles": "AC"})
    movement = payload["movements"][0]
    assert set(movement) >= {"slug", "name", "estimate", "low", "high", "n_sessions", "verdict"}
    assert movement["verdict"] == "too early to tell"
    assert payload["winner"] is None
    assert chart.data["labels"] == []  # nothing judged, nothing charted


def test_feedback_chart_puts_the_most_helped_first_and_names_a_disagreement():

    def effect(slug, helped, no_change, verdict):
        return MovementEffect(
            slug=slug,
            estimate=0.0,
            low=-0.3,
            high=0.3,
            n_sessions=20,
            n_without=20,
            verdict=verdict,
            feedback_counts=FeedbackCounts(helped=helped, no_change=no_change),
            judged=True,
        )

    report = MovementReport(
        effects=(effect("march", 1, 9, NO_DIFFERENCE), effect("ball", 8, 2, NO_DIFFERENCE)),
        ranked=False,
        winner=None,
        explanation="",
    )
    chart = charts.feedback(report, {"ball": "Ball roll", "march": "Marching"})
    assert chart.data["labels"] == ["Ball roll", "Marching"]
    assert chart.data["helped"] == [8, 1]
    assert "You marked Ball roll as helping most often: 8 of 10 times." in chart.summary
    assert "You often mark Ball roll as helping (8 of 10 times), but your ratings" in chart.summary
    assert chart.table[0] == ("Ball roll", 8, 2, 0, 0, NO_DIFFERENCE)
