"""What the movement analysis finds: the four verdicts, in the order a ranking shows
them, and the result records. Apart from ``movements`` (the fitting) and ``wording`` (the
sentences), which both use them."""

from __future__ import annotations

from dataclasses import dataclass

from accounts.symptoms import BURDEN

HELPFUL = "helpful"
NO_CLEAR_EFFECT = "no clear effect"
SEEMS_TO_WORSEN = "seems to worsen"
NOT_ENOUGH_DATA = "not enough data yet"
ORDER = {HELPFUL: 0, NO_CLEAR_EFFECT: 1, SEEMS_TO_WORSEN: 2, NOT_ENOUGH_DATA: 3}


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
    low: float | None  # interval ends (simultaneous 95%, see module docstring)
    high: float | None
    n_sessions: int  # analysed sessions (with before and after) that included it
    n_without: int  # analysed sessions without it
    verdict: str
    feedback_counts: FeedbackCounts  # per-step feedback, all sessions: a separate signal
    reason: str = ""  # plain-language why, for the verdict
    together_with: tuple[str, ...] = ()  # movements it cannot be told apart from


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
    ranked: bool  # True when any verdict is helpful/seems to worsen; effects then in order
    winner: str | None
    explanation: str
    symptom: str = BURDEN
    n_sessions: int = 0  # sessions with before and after check-ins used
    comparisons: int = 0  # intervals judged together (Bonferroni)
    residual_sd: float | None = None
