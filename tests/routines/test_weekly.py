"""routines.weekly: planned moments across days and clock changes, and the gentle streak."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from routines import weekly

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")


def test_occurrences_list_each_planned_day_and_time_in_order():
    start = datetime(2026, 12, 7, tzinfo=LONDON)  # a Monday
    found = weekly.occurrences(
        days=[0, 2],
        times=[time(18, 0), time(9, 0)],
        tz=LONDON,
        start=start,
        end=start + timedelta(days=7),
    )
    assert [(m.weekday(), m.hour) for m in found] == [(0, 9), (0, 18), (2, 9), (2, 18)]
    assert all(m.tzinfo is LONDON for m in found)


def test_occurrences_are_half_open_and_empty_without_days_or_times():
    start = datetime(2026, 12, 7, 9, 0, tzinfo=LONDON)
    assert weekly.occurrences(days=[0], times=[time(9)], tz=LONDON, start=start, end=start) == []
    one = weekly.occurrences(
        days=[0], times=[time(9)], tz=LONDON, start=start, end=start + timedelta(seconds=1)
    )
    assert one == [start]
    assert (
        weekly.occurrences(
            days=[], times=[time(9)], tz=LONDON, start=start, end=start + timedelta(days=7)
        )
        == []
    )
    assert (
        weekly.occurrences(
            days=[0], times=[], tz=LONDON, start=start, end=start + timedelta(days=7)
        )
        == []
    )


def test_the_wall_clock_time_is_kept_across_the_clock_changes():
    start = datetime(2027, 3, 20, tzinfo=LONDON)
    found = weekly.occurrences(
        days=range(7), times=[time(9)], tz=LONDON, start=start, end=start + timedelta(days=14)
    )
    assert {m.hour for m in found} == {9}
    offsets = {m.utcoffset() for m in found}
    assert offsets == {timedelta(0), timedelta(hours=1)}  # GMT, then BST
    assert len(found) == 14


def test_a_repeated_hour_gives_one_moment_not_two():
    day = date(2026, 10, 25)  # London clocks go back at 02:00 BST
    start = datetime.combine(day, time(0), tzinfo=LONDON)
    found = weekly.occurrences(
        days=[day.weekday()],
        times=[time(1, 30)],
        tz=LONDON,
        start=start,
        end=start + timedelta(days=1),
    )
    assert len(found) == 1 and found[0].utcoffset() == timedelta(hours=1)


def test_a_skipped_time_moves_forward_by_the_gap_and_is_found_ahead():
    moved = weekly.local_moment(date(2027, 3, 28), time(1, 30), LONDON)
    assert (moved.hour, moved.minute) == (2, 30)
    assert moved.astimezone(UTC) == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)
    assert not weekly.time_exists(date(2027, 3, 28), time(1, 30), LONDON)
    assert weekly.time_exists(date(2027, 3, 29), time(1, 30), LONDON)
    gaps = weekly.gap_dates(days=[6], at=time(1, 30), tz=LONDON, start=date(2026, 12, 1))
    assert gaps == [date(2027, 3, 28)]
    assert weekly.gap_dates(days=[0], at=time(1, 30), tz=LONDON, start=date(2026, 12, 1)) == []
    assert weekly.gap_dates(days=range(7), at=time(2, 30), tz=NEW_YORK, start=date(2026, 12, 1))


def test_the_streak_counts_planned_days_in_a_row_and_today_stays_open():
    today = date(2026, 12, 10)  # Thursday
    done = {today - timedelta(days=n) for n in (1, 2, 3)}
    result = weekly.streak(planned_weekdays=range(7), done_dates=done, today=today)
    assert result.days == 3 and not result.done_today and result.planned_today
    with_today = weekly.streak(planned_weekdays=range(7), done_dates=done | {today}, today=today)
    assert with_today.days == 4 and with_today.done_today


def test_days_off_the_plan_never_break_the_streak_and_a_missed_day_does():
    today = date(2026, 12, 11)  # Friday; plan Mon, Wed, Fri
    done = {date(2026, 12, 7), date(2026, 12, 9), date(2026, 12, 11)}
    assert weekly.streak(planned_weekdays=[0, 2, 4], done_dates=done, today=today).days == 3
    missed_wednesday = done - {date(2026, 12, 9)}
    assert (
        weekly.streak(planned_weekdays=[0, 2, 4], done_dates=missed_wednesday, today=today).days
        == 1
    )
    extra_saturday = done | {date(2026, 12, 5)}
    assert (
        weekly.streak(planned_weekdays=[0, 2, 4], done_dates=extra_saturday, today=today).days == 4
    )


def test_without_a_plan_every_day_counts_and_the_week_is_seven_days():
    today = date(2026, 12, 10)
    done = {today - timedelta(days=1), today - timedelta(days=3)}
    result = weekly.streak(planned_weekdays=[], done_dates=done, today=today)
    assert result.days == 1 and result.planned_this_week == 7
    assert result.done_this_week == 2  # Monday 7th to Thursday 10th: the 7th and the 9th
