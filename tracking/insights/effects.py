"""What the movement analysis finds: the four verdicts, in the order a ranking shows
them, and the result records. Apart from ``movements`` (the fitting) and ``wording`` (the
sentences), which both use them."""

from __future__ import annotations

from dataclasses import dataclass

from accounts.symptoms import BURDEN

LIKELY_HELPS = "likely helps"
TOO_EARLY = "too early to tell"
NO_DIFFERENCE = "probably no difference"
MAY_WORSEN = "may make things worse"
VERDICTS = (LIKELY_HELPS, TOO_EARLY, NO_DIFFERENCE, MAY_WORSEN)
ORDER = {verdict: rank for rank, verdict in enumerate(VERDICTS)}


@dataclass(frozen=True)
class FeedbackCounts:
    helped: int = 0
    no_change: int = 0
    worse: int = 0
    painful: int = 0

    @property
    def total(self) -> int:
        return self.helped + self.no_change + self.worse + self.painful


@dataclass(frozen=True)
class MovementEffect:
    slug: str
    estimate: float | None  # points of extra relief in sessions with it; None: not judged
    low: float | None  # 95% interval ends (see tracking.insights.movements)
    high: float | None
    n_sessions: int  # analysed sessions (with before and after) that included it
    n_without: int  # analysed sessions without it
    verdict: str
    feedback_counts: FeedbackCounts  # per-step feedback, all sessions: a separate signal
    reason: str = ""  # plain-language why, for the verdict
    together_with: tuple[str, ...] = ()  # movements it cannot be told apart from
    chance_helps: float | None = None  # probability the effect is above zero
    judged: bool = False  # estimated (True) or left out for want of data (False)


@dataclass(frozen=True)
class GroupEffect:
    """The combined effect of movements that were always done together."""

    movements: tuple[str, ...]
    estimate: float
    low: float
    high: float
    helpful: bool


@dataclass(frozen=True)
class MovementReport:
    effects: tuple[MovementEffect, ...]
    ranked: bool  # True when any movement likely helps or may worsen; effects then in order
    winner: str | None
    explanation: str
    symptom: str = BURDEN
    n_sessions: int = 0  # sessions with before and after check-ins used
    comparisons: int = 0  # movements tested together (Holm)
    residual_sd: float | None = None
    relative: bool = False  # every session had as many movements: effects only relative
