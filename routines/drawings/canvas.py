"""Drawing primitives in one style: a side view, the person facing right.

Every drawing is 400 x 220 units: two frames of 200 (start and then), or one scene
across both. The floor is at y = 200. Body segments have fixed lengths, so the figure is
the same person in every drawing; the near limbs are black, the far ones grey, so the
two legs can be told apart; arrows (the movement) are orange; a helper is blue. Angles
are in degrees, 0 pointing forward (+x) and 90 pointing down (+y), as SVG draws.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from xml.sax.saxutils import escape

WIDTH, HEIGHT = 400, 220
FRAME = 200
FLOOR = 190.0
INK = "#111111"
FAR = "#767676"
PROP = "#3d3d3d"
PROP_FILL = "#f1f1f1"
ARROW = "#c2410c"
HELPER = "#1d4ed8"
LIMB = 7.0
PROP_LINE = 3.5

HEAD_R = 11.0
NECK = 4.0
TORSO = 48.0
THIGH = 40.0
SHIN = 46.0
FOOT = 21.0
HEEL = 5.0
UPPER_ARM = 26.0
FOREARM = 24.0
ANKLE_HEIGHT = 7.0  # from the floor to the ankle joint, foot flat
SEATED_HIP_Y = FLOOR - ANKLE_HEIGHT - 2 - SHIN - 1
SEAT_Y = SEATED_HIP_Y + 6

Point = tuple[float, float]


def at(origin: Point, angle: float, length: float) -> Point:
    rad = math.radians(angle)
    return (origin[0] + length * math.cos(rad), origin[1] + length * math.sin(rad))


def angle_of(a: Point, b: Point) -> float:
    return math.degrees(math.atan2(b[1] - a[1], b[0] - a[0]))


def two_link(start: Point, end: Point, first: float, second: float, *, bend: int) -> Point:
    """The middle joint (knee, elbow) of two segments from start reaching end. ``bend``
    +1 or -1 picks the side the joint bends to. An end out of reach is approached."""
    distance = math.dist(start, end)
    distance = min(max(distance, abs(first - second) + 0.01), first + second - 0.01)
    base = angle_of(start, end)
    cos_a = (first**2 + distance**2 - second**2) / (2 * first * distance)
    offset = math.degrees(math.acos(max(-1.0, min(1.0, cos_a))))
    return at(start, base - bend * offset, first)


def fmt(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def points(*pts: Point) -> str:
    return " ".join(f"{fmt(x)},{fmt(y)}" for x, y in pts)


@dataclass
class Drawing:
    """SVG elements in paint order."""

    parts: list[str] = field(default_factory=list)

    def add(self, element: str) -> None:
        self.parts.append(element)

    def line(self, *pts: Point, color: str = INK, width: float = LIMB, dash: str = "") -> None:
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        self.add(
            f'<polyline points="{points(*pts)}" fill="none" stroke="{color}" '
            f'stroke-width="{fmt(width)}" stroke-linecap="round" stroke-linejoin="round"{dashed}/>'
        )

    def circle(
        self, center: Point, r: float, *, color: str = INK, width: float = 4, fill: str = "#fff"
    ) -> None:
        self.add(
            f'<circle cx="{fmt(center[0])}" cy="{fmt(center[1])}" r="{fmt(r)}" fill="{fill}" '
            f'stroke="{color}" stroke-width="{fmt(width)}"/>'
        )

    def rect(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        *,
        color: str = PROP,
        fill: str = PROP_FILL,
        rx: float = 3,
        width: float = PROP_LINE,
    ) -> None:
        self.add(
            f'<rect x="{fmt(x)}" y="{fmt(y)}" width="{fmt(w)}" height="{fmt(h)}" rx="{fmt(rx)}" '
            f'fill="{fill}" stroke="{color}" stroke-width="{fmt(width)}"/>'
        )

    def path(
        self, d: str, *, color: str = PROP, width: float = PROP_LINE, fill: str = "none"
    ) -> None:
        self.add(
            f'<path d="{d}" fill="{fill}" stroke="{color}" stroke-width="{fmt(width)}" '
            'stroke-linecap="round" stroke-linejoin="round"/>'
        )

    def text(
        self, x: float, y: float, words: str, *, size: int = 15, anchor: str = "start"
    ) -> None:
        self.add(
            f'<text x="{fmt(x)}" y="{fmt(y)}" font-size="{size}" font-weight="700" '
            f'text-anchor="{anchor}" fill="{INK}">{escape(words)}</text>'
        )

    def arrow(self, d: str, *, both: bool = False) -> None:
        """An orange arrow along an SVG path; its head(s) from the shared marker."""
        start = ' marker-start="url(#arrow-start)"' if both else ""
        self.add(
            f'<path d="{d}" fill="none" stroke="{ARROW}" stroke-width="4.5" '
            f'stroke-linecap="round" marker-end="url(#arrow-end)"{start}/>'
        )

    def straight_arrow(self, a: Point, b: Point, *, both: bool = False) -> None:
        self.arrow(f"M{fmt(a[0])} {fmt(a[1])} L{fmt(b[0])} {fmt(b[1])}", both=both)


def floor(d: Drawing, x0: float, x1: float) -> None:
    d.line((x0, FLOOR), (x1, FLOOR), color=INK, width=3)


def chair(
    d: Drawing, seat_front: float, *, back_on_left: bool = True, seat_y: float = SEAT_Y
) -> None:
    """A plain chair: the seat from seat_front back 55 units, the back rest at the rear."""
    if back_on_left:
        rear, front = seat_front - 55, seat_front
    else:
        rear, front = seat_front + 55, seat_front
    d.line((rear, seat_y - 66), (rear, FLOOR), color=PROP, width=5)  # back rest and rear leg
    d.line((rear, seat_y), (front, seat_y), color=PROP, width=6)  # seat
    d.line((front, seat_y), (front, FLOOR), color=PROP, width=5)  # front leg


@dataclass(frozen=True)
class Leg:
    thigh: float = 0.0
    shin: float = 90.0
    foot: float = 0.0  # the sole's direction: 0 flat, positive toes down (on tiptoe)
    knee: Point | None = None  # drawn through these points instead of the angles
    ankle: Point | None = None
    toes_up: float = 0.0  # the toes bent up (+) or curled down (-) from the sole


@dataclass(frozen=True)
class Arm:
    upper: float = 80.0
    fore: float = 60.0
    hand: Point | None = None  # reach this point (the elbow bends down)
    bend: int = 1


@dataclass(frozen=True)
class Figure:
    hip: Point
    lean: float = 0.0  # the torso from upright, forward positive
    near_leg: Leg = field(default_factory=Leg)
    far_leg: Leg = field(default_factory=Leg)
    near_arm: Arm = field(default_factory=Arm)
    far_arm: Arm = field(default_factory=Arm)
    eyes_closed: bool = False
    shoes: bool = False
    color: str = INK
    far_color: str = FAR
    facing: int = 1  # 1 right, -1 left (a helper)

    @property
    def shoulder(self) -> Point:
        return at(self.hip, -90 + self.lean * self.facing, TORSO)

    @property
    def head(self) -> Point:
        return at(self.shoulder, -90 + self.lean * self.facing, NECK + HEAD_R)

    def joints(self, leg: Leg) -> tuple[Point, Point, Point, Point, Point]:
        """Knee, ankle, heel, ball and toe tip of a leg."""
        knee = leg.knee or at(self.hip, self._a(leg.thigh), THIGH)
        ankle = leg.ankle or at(knee, self._a(leg.shin), SHIN)
        if leg.knee is None and leg.ankle is not None:
            knee = two_link(self.hip, ankle, THIGH, SHIN, bend=self.facing)
        sole = self._a(leg.foot)
        heel = at(at(ankle, sole + 90 * self.facing, ANKLE_HEIGHT - 2), sole, -HEEL)
        ball = at(heel, sole, FOOT * 0.75)
        toe = at(ball, sole - leg.toes_up * self.facing, FOOT * 0.3)
        return knee, ankle, heel, ball, toe

    def hand(self, arm: Arm) -> tuple[Point, Point]:
        shoulder = at(self.shoulder, 90, 4)
        if arm.hand is not None:
            elbow = two_link(shoulder, arm.hand, UPPER_ARM, FOREARM, bend=-arm.bend * self.facing)
            return elbow, arm.hand
        elbow = at(shoulder, self._a(arm.upper), UPPER_ARM)
        return elbow, at(elbow, self._a(arm.fore), FOREARM)

    def _a(self, angle: float) -> float:
        return angle if self.facing == 1 else 180 - angle

    def lowest(self) -> float:
        """The lowest point of the feet, to stand the figure on the floor."""
        return max(max(p[1] for p in self.joints(leg)[2:]) for leg in (self.near_leg, self.far_leg))


def draw_leg(d: Drawing, figure: Figure, leg: Leg, color: str) -> None:
    knee, ankle, heel, ball, toe = figure.joints(leg)
    d.line(figure.hip, knee, ankle, color=color)
    foot_width = LIMB + (2.5 if figure.shoes else 0)
    d.line(ankle, heel, ball, toe, color=color, width=foot_width)


def draw_arm(d: Drawing, figure: Figure, arm: Arm, color: str) -> None:
    elbow, hand = figure.hand(arm)
    d.line(at(figure.shoulder, 90, 4), elbow, hand, color=color)


def draw_figure(d: Drawing, figure: Figure) -> None:
    draw_leg(d, figure, figure.far_leg, figure.far_color)
    draw_arm(d, figure, figure.far_arm, figure.far_color)
    d.line(figure.hip, figure.shoulder, color=figure.color, width=LIMB + 1.5)
    head = figure.head
    d.circle(head, HEAD_R, color=figure.color, width=4)
    eye = (head[0] + 5 * figure.facing, head[1] - 1)
    if figure.eyes_closed:
        d.path(
            f"M{fmt(eye[0] - 3.5)} {fmt(eye[1])} q3.5 3 7 0",
            color=figure.color,
            width=2.2,
        )
    else:
        d.circle(eye, 1.6, color=figure.color, width=1.5, fill=figure.color)
    draw_leg(d, figure, figure.near_leg, figure.color)
    draw_arm(d, figure, figure.near_arm, figure.color)


def standing(figure: Figure, *, on: float = FLOOR) -> Figure:
    """The same figure moved up or down so its lowest foot point is on the floor."""
    drop = on - LIMB / 2 - figure.lowest()

    def moved(leg: Leg) -> Leg:
        return replace(leg, knee=_moved(leg.knee, drop), ankle=_moved(leg.ankle, drop))

    return replace(
        figure,
        hip=(figure.hip[0], figure.hip[1] + drop),
        near_leg=moved(figure.near_leg),
        far_leg=moved(figure.far_leg),
    )


def _moved(p: Point | None, dy: float) -> Point | None:
    return None if p is None else (p[0], p[1] + dy)


def seated(
    frame_x: float = 0,
    *,
    lean: float = 0,
    near: Leg | None = None,
    far: Leg | None = None,
    near_arm: Arm | None = None,
    far_arm: Arm | None = None,
    eyes_closed: bool = False,
    hip_x: float = 64,
) -> Figure:
    """A person on the chair drawn by ``seated_chair``: hip on the seat, feet flat unless
    told otherwise, hands resting on the thighs."""
    hip = (frame_x + hip_x, SEATED_HIP_Y)
    rest = Arm(hand=(frame_x + hip_x + 32, SEATED_HIP_Y - 9))
    return Figure(
        hip=hip,
        lean=lean,
        near_leg=near or Leg(ankle=(frame_x + hip_x + 42, FLOOR - ANKLE_HEIGHT - 2)),
        far_leg=far or Leg(ankle=(frame_x + hip_x + 40, FLOOR - ANKLE_HEIGHT - 2)),
        near_arm=near_arm or rest,
        far_arm=far_arm or Arm(hand=(frame_x + hip_x + 29, SEATED_HIP_Y - 8)),
        eyes_closed=eyes_closed,
    )


def seated_chair(d: Drawing, frame_x: float = 0, hip_x: float = 64) -> None:
    chair(d, frame_x + hip_x + 20)


def frame_labels(d: Drawing, first: str, second: str, *, at_top: bool = True) -> None:
    """Number and name the two frames: above seated figures, below standing ones."""
    d.line((FRAME, 8), (FRAME, FLOOR - 6), color="#bdbdbd", width=2, dash="6 6")
    y = 20 if at_top else HEIGHT - 3
    d.text(FRAME / 2, y, f"1. {first}", size=17, anchor="middle")
    d.text(FRAME * 1.5, y, f"2. {second}", size=17, anchor="middle")


def document(d: Drawing, title: str) -> str:
    body = "\n".join(d.parts)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" '
        'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif">\n'
        f"<title>{escape(title)}</title>\n"
        "<defs>"
        f'<marker id="arrow-end" viewBox="0 0 10 10" refX="6" refY="5" markerWidth="4" '
        f'markerHeight="4" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" '
        f'fill="{ARROW}"/></marker>'
        f'<marker id="arrow-start" viewBox="0 0 10 10" refX="6" refY="5" markerWidth="4" '
        f'markerHeight="4" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" '
        f'fill="{ARROW}"/></marker>'
        "</defs>\n"
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>\n'
        f"{body}\n</svg>\n"
    )
