from datetime import date, timedelta

import pytest

from tracking.progress import svgchart

START = date(2026, 9, 1)


def days(n: int) -> list[date]:
    return [START + timedelta(days=i) for i in range(n)]


def test_the_scale_is_always_0_to_10_with_0_at_the_bottom():
    svg = svgchart.trend_svg(days(10), [5.0] * 10, [5.0] * 10)
    labels = [tick.label for tick in svg.y_ticks]
    assert labels == ["0", "2", "4", "6", "8", "10"]
    assert svg.y_ticks[0].position == svg.bottom and svg.y_ticks[-1].position == svg.top


def test_dots_for_rated_days_only_and_the_average_breaks_at_gaps():
    daily = [4.0, None, 6.0, 8.0, None, None, 2.0, 3.0]
    avg7 = [4.0, 4.0, 5.0, 6.0, None, None, 2.0, 2.5]
    svg = svgchart.trend_svg(days(8), daily, avg7)
    assert len(svg.dots) == 5
    assert svg.dots[0].y == pytest.approx(svg.bottom - 0.4 * (svg.bottom - svg.top), abs=0.5)
    assert len(svg.lines) == 2 and svg.lines[0].count(",") == 4
    assert all(svg.left <= dot.x <= svg.right for dot in svg.dots)
    assert svg.dots[2].y < svg.dots[3].y  # 8 is drawn above 2
    assert svg.dots_path.count("h0") == 5 and svg.dots_path.startswith("M44 ")


def test_dates_on_the_axis_start_and_end_at_the_edges():
    svg = svgchart.trend_svg(days(365), [None] * 365, [None] * 365)
    assert len(svg.x_ticks) == svgchart.X_LABELS
    assert svg.x_ticks[0].label == "1 Sep" and svg.x_ticks[0].anchor == "start"
    assert svg.x_ticks[-1].anchor == "end" and svg.x_ticks[-1].position == svg.right
    assert svg.dots == () and svg.lines == ()


def test_a_single_day_and_out_of_range_values_stay_inside_the_plot():
    svg = svgchart.trend_svg(days(1), [12.0], [None])
    assert len(svg.x_ticks) == 1 and svg.dots[0].y == svg.top
    assert svgchart.trend_svg([], [], []).x_ticks == ()
    assert svgchart.trend_svg(days(3), [1, 2, 3], [None] * 3, higher_is_better=True).axis_title == (
        "Higher = better"
    )
