"""What the checks say to people: foot check advice, the MNSI's meaning, the touch test."""

from __future__ import annotations

from tracking.checks import mnsi
from tracking.checks.footcheck import FootCheckResult

ALL_FINE = "Both feet look fine today. Well done for checking."
PAUSED = (
    "Do not do barefoot or textured work on it: the moves that touch the skin of your feet "
    "(textured surfaces, rolling, picking things up with your toes, the foot bath, touch "
    "tests) are paused until you tell us it has healed."
)
SEE_SOON = (
    "Keep it clean, dry and covered, check it every day, and see a podiatrist or doctor "
    "soon, within a few days, especially if it is not getting better."
)
SEE_NOW = (
    "An open wound with redness or warmth around it can be an infection, and with numb "
    "feet it can get worse quickly. Contact your doctor, podiatrist or diabetes foot team "
    "today; if you cannot reach them, get urgent care now."
)
HEALED_PROMPT = "When it has healed, tell us and those moves come back."
PAUSED_SHORT = "Paused while your foot heals"

MNSI_NOT_A_DIAGNOSIS = (
    "This questionnaire is a screen, not a diagnosis: it helps you and your clinician "
    "notice nerve symptoms and changes over time."
)
MNSI_INTRO = (
    "The Michigan Neuropathy Screening Instrument asks 15 yes/no questions about your legs "
    "and feet. It takes about 3 minutes. Answer for how things usually are."
)


def foot_check_advice(result: FootCheckResult) -> tuple[str, ...]:
    """The sentences shown after a foot check, most urgent first."""
    if result.all_fine:
        return (ALL_FINE,)
    advice = [SEE_NOW] if result.urgent else []
    return (*advice, PAUSED, SEE_SOON, HEALED_PROMPT)


def mnsi_meaning(points: int, *, rising: bool = False) -> str:
    if points >= mnsi.POSITIVE_AT:
        text = (
            f"{points} of {mnsi.MAX_SCORE} points: {mnsi.POSITIVE_AT} or more is a positive "
            "screen. Please show this result to your doctor or podiatrist."
        )
    else:
        text = (
            f"{points} of {mnsi.MAX_SCORE} points: below {mnsi.POSITIVE_AT}, so not a "
            "positive screen."
        )
    if rising:
        text += " Your score has risen since you first took it: worth showing a clinician."
    return text


def mnsi_summary(trend: mnsi.MnsiTrend) -> str:
    if trend.latest is None:
        return "No neuropathy questionnaire yet. It takes about 3 minutes."
    latest = trend.latest
    text = (
        f"Latest neuropathy questionnaire, {latest.taken_at.day} {latest.taken_at:%b %Y}: "
        + mnsi_meaning(latest.points, rising=trend.rising)
    )
    if len(trend.points) > 1:
        first = trend.points[0]
        text += f" First score, {first.taken_at.day} {first.taken_at:%b %Y}: {first.points}."
    return text
