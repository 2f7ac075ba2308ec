"""The symptom trend drawn on the server as an SVG: the first chart of the progress page
needs no script, so it shows at once, without JavaScript, and costs a slow phone nothing.

Geometry only (the template writes the elements, escaped): a fixed viewBox of ``WIDTH`` x
``HEIGHT`` units whose text is ``FONT`` units high. The SVG is drawn at most ``MAX_SCALE``
times its viewBox wide, so on a 390 px phone a unit is about 0.93 px and labels are about
15 px (on a 320 px one, 12 px). The rating axis is always the whole 0-10 scale (ticks
every 2, 0 included); each day with ratings is a dot, the 7-day average a line through the
days that have one. The dots carry no titles (the data table has every value), and positions
are whole units (about a pixel): a year of dots is a few kilobytes.
Dates on the x axis: at most ``X_LABELS``, evenly spaced, first and last included.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

WIDTH = 360
HEIGHT = 210
FONT = 16
LEFT, RIGHT, TOP, BOTTOM = 44, 10, 30, 28
X_LABELS = 4
Y_TICKS = (0, 2, 4, 6, 8, 10)
MAX_SCALE = 1.25  # the CSS caps the width at 28rem, about 1.25 x WIDTH


@dataclass(frozen=True)
class Tick:
    position: float  # x or y in viewBox units
    label: str
    anchor: str = "middle"  # text-anchor of an x label: the first starts, the last ends

    @property
    def text_y(self) -> float:
        """The baseline of a y label, centred on its grid line."""
        return round(self.position + FONT / 3, 1)


@dataclass(frozen=True)
class Dot:
    x: float
    y: float


@dataclass(frozen=True)
class TrendSvg:
    width: int
    height: int
    font: int
    left: float
    right: float  # x of the plot's right edge
    top: float
    bottom: float  # y of the plot's bottom edge (the 0 line)
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]
    dots: tuple[Dot, ...]
    lines: tuple[str, ...]  # polyline point lists of the 7-day average, one per unbroken run
    axis_title: str

    @property
    def dots_path(self) -> str:
        """Every dot as one path of zero-length round-capped strokes: a few bytes a day."""
        return "".join(f"M{dot.x:g} {dot.y:g}h0" for dot in self.dots)

    @property
    def axis_title_y(self) -> float:
        return (self.top + self.bottom) / 2


def _short(day: date) -> str:
    return f"{day.day} {day:%b}"


def trend_svg(
    days: Sequence[date],
    daily: Sequence[float | None],
    avg7: Sequence[float | None],
    *,
    higher_is_better: bool = False,
) -> TrendSvg:
    plot_left, plot_right = LEFT, WIDTH - RIGHT
    plot_top, plot_bottom = TOP, HEIGHT - BOTTOM
    count = len(days)

    def x_of(index: int) -> float:
        if count <= 1:
            return (plot_left + plot_right) / 2
        return round(plot_left + index * (plot_right - plot_left) / (count - 1))

    def y_of(value: float) -> float:
        clamped = min(10.0, max(0.0, value))
        return round(plot_bottom - clamped / 10 * (plot_bottom - plot_top))

    y_ticks = tuple(Tick(y_of(v), str(v)) for v in Y_TICKS)
    if count:
        wanted = min(X_LABELS, count)
        indexes = sorted({round(i * (count - 1) / max(wanted - 1, 1)) for i in range(wanted)})
        x_ticks = tuple(
            Tick(
                x_of(i),
                _short(days[i]),
                "start"
                if i == indexes[0] and len(indexes) > 1
                else "end"
                if i == indexes[-1] and len(indexes) > 1
                else "middle",
            )
            for i in indexes
        )
    else:
        x_ticks = ()
    dots = tuple(Dot(x_of(i), y_of(value)) for i, value in enumerate(daily) if value is not None)
    runs: list[list[str]] = [[]]
    for i, value in enumerate(avg7):
        if value is None:
            if runs[-1]:
                runs.append([])
            continue
        runs[-1].append(f"{x_of(i)},{y_of(value)}")
    lines = tuple(" ".join(run) for run in runs if len(run) > 1)
    return TrendSvg(
        width=WIDTH,
        height=HEIGHT,
        font=FONT,
        left=plot_left,
        right=plot_right,
        top=plot_top,
        bottom=plot_bottom,
        y_ticks=y_ticks,
        x_ticks=x_ticks,
        dots=dots,
        lines=lines,
        axis_title="Higher = better" if higher_is_better else "Rating, 0-10",
    )
