"""One drawing per exercise, matching its written steps (``routines.library``)."""

from __future__ import annotations

from collections.abc import Callable

from routines.drawings.canvas import (
    ANKLE_HEIGHT,
    FLOOR,
    FRAME,
    HELPER,
    PROP,
    PROP_FILL,
    SEAT_Y,
    Arm,
    Drawing,
    Figure,
    Leg,
    at,
    chair,
    document,
    draw_figure,
    floor,
    fmt,
    frame_labels,
    seated,
    seated_chair,
    standing,
)

FLAT = FLOOR - ANKLE_HEIGHT - 2  # the ankle's height with the foot flat on the floor


Frame = Callable[[bool], Callable[[Drawing, float], None]]


def two_frames(frame: Frame, first: str, second: str, *, at_top: bool = True) -> Drawing:
    """The start (``frame(False)``) on the left and the end (``frame(True)``) on the right."""
    d = Drawing()
    floor(d, 0, 400)
    frame(False)(d, 0)
    frame(True)(d, FRAME)
    frame_labels(d, first, second, at_top=at_top)
    return d


def _seated_frame(d: Drawing, x: float, figure: Figure) -> None:
    seated_chair(d, x)
    draw_figure(d, figure)


def ankle_circles() -> Drawing:
    d = Drawing()
    floor(d, 20, 380)
    x = 100
    d.rect(x + 140, FLOOR - 22, 56, 22)  # low stool
    near = Leg(ankle=(x + 166, FLOOR - 31), foot=-62)
    _seated_frame(d, x, seated(x, near=near))
    d.arrow(
        f"M{x + 196} {FLOOR - 86} a26 22 0 1 1 -8 40",
    )
    return d


def _toes(spread: bool) -> Callable[[Drawing, float], None]:
    curl = not spread

    def frame(d: Drawing, x: float) -> None:
        leg = Leg(ankle=(x + 106, FLAT), toes_up=-30 if curl else 35)
        _seated_frame(d, x, seated(x, near=leg, far=Leg(ankle=(x + 104, FLAT))))
        # A close-up of the near foot in a circle.
        cx, cy, r = x + 152, 80, 42
        d.circle((cx, cy), r, color=PROP, width=2.5, fill="#ffffff")
        ground = cy + 22
        d.line((cx - 34, ground), (cx + 34, ground), width=2.5)
        ankle = (cx - 14, ground - 12)
        d.line((cx - 14, cy - 36), ankle, width=6)
        heel = (cx - 20, ground - 3)
        ball = (cx + 12, ground - 3)
        toe = at(ball, 30 if curl else -40, 16)
        d.line(ankle, heel, ball, toe, width=6)
        if not curl:
            for angle in (-75, -55, -35):
                d.line(at(toe, angle, 5), at(toe, angle, 12), width=2.5)

    return frame


def toe_curls_and_spreads() -> Drawing:
    return two_frames(_toes, "Curl", "Lift, spread")


def gentle_walking() -> Drawing:
    d = Drawing()
    floor(d, 20, 380)
    walker = standing(
        Figure(
            hip=(190, 90),
            near_leg=Leg(thigh=70, shin=96, foot=0),
            far_leg=Leg(thigh=110, shin=116, foot=20),
            near_arm=Arm(upper=105, fore=95),
            far_arm=Arm(upper=70, fore=55),
            shoes=True,
        )
    )
    draw_figure(d, walker)
    d.straight_arrow((250, 70), (320, 70))
    return d


def seated_marching() -> Drawing:
    d = Drawing()
    floor(d, 20, 380)
    x = 100
    near = Leg(ankle=(x + 112, FLAT - 18))
    hold = Arm(hand=(x + 80, 146.0))
    _seated_frame(d, x, seated(x, near=near, near_arm=hold, far_arm=Arm(hand=(x + 78, 147.0))))
    d.straight_arrow((x + 150, 130), (x + 150, 98), both=True)
    return d


def _band_frame(pressed: bool) -> Callable[[Drawing, float], None]:
    def frame(d: Drawing, x: float) -> None:
        ankle = (x + 146, FLOOR - 30)
        near = Leg(knee=(x + 104, FLOOR - 44), ankle=ankle, foot=40 if pressed else -70)
        hands = (x + 96, FLOOR - 80)
        figure = seated(x, near=near, near_arm=Arm(hand=hands), far_arm=Arm(hand=hands))
        seated_chair(d, x)
        _, _, _heel, ball, _toe = figure.joints(near)
        d.line(hands, at(ball, -90 if not pressed else -60, 4), color="#15803d", width=2.5)
        d.line(hands, at(ball, 90 if not pressed else 120, 4), color="#15803d", width=2.5)
        draw_figure(d, figure)
        if pressed:
            d.arrow(f"M{fmt(x + 150)} {FLOOR - 62} q26 4 30 34")

    return frame


def resistance_band_ankle_press() -> Drawing:
    return two_frames(_band_frame, "Band on foot", "Press away")


def toe_pickups() -> Drawing:
    d = Drawing()
    floor(d, 20, 380)
    x = 100
    near = Leg(ankle=(x + 112, FLAT - 14), foot=8, toes_up=-25)
    figure = seated(x, near=near)
    _seated_frame(d, x, figure)
    toe = figure.joints(near)[4]
    d.circle((toe[0] + 3, toe[1] + 5), 5, color=PROP, width=2.5, fill="#9ca3af")
    for dx in (0, 13, 26):
        d.circle((x + 118 + dx, FLOOR - 6), 5, color=PROP, width=2.5, fill="#9ca3af")
    d.path(
        f"M{x + 180} {FLOOR - 30} L{x + 186} {FLOOR} L{x + 234} {FLOOR} L{x + 240} {FLOOR - 30} Z",
        fill=PROP_FILL,
    )
    d.arrow(f"M{fmt(toe[0] + 12)} {fmt(toe[1] - 8)} q26 -30 58 -4")
    return d


def _calf_raise_frame(up: bool) -> Callable[[Drawing, float], None]:
    def frame(d: Drawing, x: float) -> None:
        chair(d, x + 182)
        foot = 48 if up else 0
        back_top = SEAT_Y - 66
        person = standing(
            Figure(
                hip=(x + 88, 90),
                near_leg=Leg(thigh=90, shin=90, foot=foot),
                far_leg=Leg(thigh=92, shin=88, foot=foot),
                near_arm=Arm(hand=(x + 125, back_top + 2)),
                far_arm=Arm(hand=(x + 123, back_top + 4)),
            )
        )
        # Hands on the chair back: the same spot whether up or down (the arms bend).
        draw_figure(d, person)
        if up:
            d.straight_arrow((x + 52, FLOOR - 6), (x + 52, FLOOR - 40))

    return frame


def calf_raises_chair() -> Drawing:
    return two_frames(_calf_raise_frame, "Hold the chair", "Up on your toes", at_top=False)


def _seated_raise(up: bool) -> Callable[[Drawing, float], None]:
    def frame(d: Drawing, x: float) -> None:
        lift = 14 if up else 0
        near = Leg(ankle=(x + 108, FLAT - lift), foot=48 if up else 0)
        far = Leg(ankle=(x + 106, FLAT - lift), foot=48 if up else 0)
        _seated_frame(d, x, seated(x, near=near, far=far))
        if up:
            d.straight_arrow((x + 94, FLOOR + 2), (x + 94, FLOOR - 24))

    return frame


def seated_calf_raises() -> Drawing:
    return two_frames(_seated_raise, "Feet flat", "Heels up")


def textured_surface_walking() -> Drawing:
    d = Drawing()
    floor(d, 20, 380)
    chair(d, 305)
    d.rect(120, FLOOR - 8, 116, 8, rx=2)
    for i in range(12):
        d.circle((125 + i * 10, FLOOR - 11), 2.6, color=PROP, width=1.5, fill=PROP)
    person = standing(
        Figure(
            hip=(212, 90),
            near_leg=Leg(thigh=72, shin=100, foot=0),
            far_leg=Leg(thigh=104, shin=108, foot=10),
            near_arm=Arm(hand=(250, SEAT_Y - 64)),
            far_arm=Arm(upper=95, fore=85),
        ),
        on=FLOOR - 10,
    )
    draw_figure(d, person)
    return d


def textured_ball_roll() -> Drawing:
    d = Drawing()
    floor(d, 20, 380)
    x = 100
    ball = (x + 112, FLOOR - 13)
    near = Leg(ankle=(x + 104, FLOOR - 34), foot=0)
    _seated_frame(d, x, seated(x, near=near, far=Leg(ankle=(x + 96, FLAT))))
    d.circle(ball, 13, color=PROP, width=3, fill="#e5e7eb")
    for angle in range(0, 360, 30):
        d.line(at(ball, angle, 13), at(ball, angle, 18), color=PROP, width=2.5)
    d.straight_arrow((x + 92, FLOOR + 14), (x + 138, FLOOR + 14), both=True)
    d.text(x + 76, FLOOR + 19, "heel", size=13, anchor="end")
    d.text(x + 154, FLOOR + 19, "toes", size=13)
    return d


def finger_to_toe_touch() -> Drawing:
    d = Drawing()
    floor(d, 20, 380)
    x = 60
    d.rect(x + 126, FLOOR - 22, 50, 22)  # low stool
    near = Leg(ankle=(x + 152, FLOOR - 38), foot=-10)
    far = Leg(ankle=(x + 148, FLOOR - 40), foot=-12)
    person = seated(x, near=near, far=far, eyes_closed=True)
    _seated_frame(d, x, person)
    arch = person.joints(near)[3]
    helper = Figure(
        hip=(300, 142),
        lean=22,
        facing=-1,
        near_leg=Leg(knee=(268, FLOOR - 5), ankle=(318, FLOOR - 6), foot=0),
        far_leg=Leg(knee=(272, FLOOR - 5), ankle=(322, FLOOR - 6), foot=0),
        near_arm=Arm(hand=(arch[0] + 6, arch[1] + 2), bend=-1),
        far_arm=Arm(upper=100, fore=120),
        color=HELPER,
        far_color="#93a8e8",
    )
    draw_figure(d, helper)
    d.text(x + 64, 40, "eyes closed", size=13, anchor="middle")
    d.text(300, 40, "helper", size=13, anchor="middle")
    return d


def _bath_frame(cool: bool) -> Callable[[Drawing, float], None]:
    def frame(d: Drawing, x: float) -> None:
        warm_x, cool_x = x + 92, x + 146
        for left, label in ((warm_x, "warm"), (cool_x, "cool")):
            d.path(
                f"M{left} {FLOOR - 34} L{left + 4} {FLOOR} L{left + 46} {FLOOR} "
                f"L{left + 50} {FLOOR - 34}",
                fill=PROP_FILL,
            )
            d.line((left + 4, FLOOR - 24), (left + 46, FLOOR - 24), color="#2563eb", width=2.5)
            d.text(left + 25, FLOOR + 13, label, size=12, anchor="middle")
        d.line((warm_x + 40, FLOOR - 52), (warm_x + 40, FLOOR - 14), color="#b91c1c", width=3)
        d.circle((warm_x + 40, FLOOR - 12), 3.5, color="#b91c1c", width=2, fill="#b91c1c")
        spot = cool_x + 14 if cool else warm_x + 12
        near = Leg(ankle=(spot, FLOOR - 16))
        far = Leg(ankle=(spot - 3, FLOOR - 16))
        _seated_frame(d, x, seated(x, near=near, far=far))
        if cool:
            d.arrow(f"M{warm_x + 10} {FLOOR - 64} q24 -18 48 0")

    return frame


def contrast_foot_bath() -> Drawing:
    return two_frames(_bath_frame, "Warm, 32-35 °C", "Then cool")


def _hamstring(lean: bool) -> Callable[[Drawing, float], None]:
    def frame(d: Drawing, x: float) -> None:
        near = Leg(knee=(x + 106, 154.0), ankle=(x + 150, FLOOR - 12), foot=-55)
        tilt = 28 if lean else 0
        hands = (x + 100, 140.0) if lean else (x + 94, 131.0)
        figure = seated(
            x,
            hip_x=58,
            lean=tilt,
            near=near,
            far=Leg(ankle=(x + 98, FLAT)),
            near_arm=Arm(hand=hands),
            far_arm=Arm(hand=(hands[0] - 3, hands[1] + 1)),
        )
        seated_chair(d, x, hip_x=58)
        draw_figure(d, figure)
        if lean:
            d.arrow(f"M{x + 58} {48} q32 -4 48 28")

    return frame


def seated_hamstring_stretch() -> Drawing:
    return two_frames(_hamstring, "Heel down", "Lean from hips")


def _plantar(pulled: bool) -> Callable[[Drawing, float], None]:
    def frame(d: Drawing, x: float) -> None:
        far = Leg(ankle=(x + 106, FLAT))
        near = Leg(
            knee=(x + 90, SEAT_Y - 26), ankle=(x + 110, SEAT_Y - 16), foot=-24 if pulled else 8
        )
        figure = seated(x, near=near, far=far)
        _, _, _, _ball, toe = figure.joints(near)
        figure = seated(
            x,
            near=near,
            far=far,
            near_arm=Arm(hand=(toe[0] + 2, toe[1] - 2)),
            far_arm=Arm(hand=(x + 112, 120.0)),
        )
        _seated_frame(d, x, figure)
        if pulled:
            d.arrow(f"M{fmt(toe[0] + 4)} {fmt(toe[1] + 22)} q18 -10 6 -34")

    return frame


def plantar_fascia_stretch() -> Drawing:
    return two_frames(_plantar, "Foot on knee", "Pull toes back")


def figure_eight_ankle() -> Drawing:
    d = Drawing()
    floor(d, 20, 380)
    x = 100
    near = Leg(ankle=(x + 126, FLAT - 26), foot=-8)
    figure = seated(x, near=near)
    _seated_frame(d, x, figure)
    toe = figure.joints(near)[4]
    cx, cy = toe[0] + 22, toe[1] - 4
    d.arrow(
        f"M{fmt(cx)} {fmt(cy)} c14 -18 30 -18 30 0 c0 18 -16 18 -30 0 "
        f"c-14 -18 -30 -18 -30 0 c0 16 14 16 24 6"
    )
    return d


def wall_calf_stretch() -> Drawing:
    d = Drawing()
    floor(d, 20, 380)
    wall = 300
    d.rect(wall, 10, 14, FLOOR - 10, rx=0, fill="#d4d4d4")
    chair(d, 150)
    person = standing(
        Figure(
            hip=(214, 90),
            lean=18,
            near_leg=Leg(thigh=116, shin=116, foot=0),
            far_leg=Leg(thigh=74, shin=102, foot=0),
            near_arm=Arm(hand=(wall - 2, 62)),
            far_arm=Arm(hand=(wall - 2, 66)),
        )
    )
    draw_figure(d, person)
    d.straight_arrow((150, 62), (196, 46))
    return d


SCENES: dict[str, Callable[[], Drawing]] = {
    "ankle-circles": ankle_circles,
    "toe-curls-and-spreads": toe_curls_and_spreads,
    "gentle-walking": gentle_walking,
    "seated-marching": seated_marching,
    "resistance-band-ankle-press": resistance_band_ankle_press,
    "toe-pickups": toe_pickups,
    "calf-raises-chair": calf_raises_chair,
    "seated-calf-raises": seated_calf_raises,
    "textured-surface-walking": textured_surface_walking,
    "textured-ball-roll": textured_ball_roll,
    "finger-to-toe-touch": finger_to_toe_touch,
    "contrast-foot-bath": contrast_foot_bath,
    "seated-hamstring-stretch": seated_hamstring_stretch,
    "plantar-fascia-stretch": plantar_fascia_stretch,
    "figure-eight-ankle": figure_eight_ankle,
    "wall-calf-stretch": wall_calf_stretch,
}


def placeholder() -> Drawing:
    d = Drawing()
    floor(d, 20, 380)
    chair(d, 230)
    d.text(200, 100, "No drawing yet", size=18, anchor="middle")
    d.text(200, 124, "Follow the written steps", size=14, anchor="middle")
    return d


def svg(slug: str, title: str) -> str:
    return document(SCENES[slug](), title)


def placeholder_svg() -> str:
    return document(placeholder(), "No drawing yet for this exercise: follow the written steps.")


__all__ = ["PROP", "SCENES", "placeholder_svg", "svg"]
