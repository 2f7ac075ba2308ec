"""A "find out what helps me" plan: which movements each session leaves out, by design.

Pure, no database. A routine's movements besides the warm-up (at least ``MIN_VARIED``)
are varied over blocks of sessions. A block is built from the rows of a Sylvester-Hadamard
matrix of the smallest order ``N`` (a power of two) above the number of movements: each
movement gets one of its columns (never the all-ones one) with a random sign, the rows come
in a random order, and each row is followed by its mirror image (what one session leaves
out, the next one does: a fold-over), so a block is ``2N`` sessions. Hence every movement
is done in exactly half of any run of whole pairs; over a block, every pair of movements is
done together as often as apart (the columns are orthogonal, so one movement's effect cannot
pass for another's); thanks to the mirror images no movement's effect can be mistaken for
two others interacting (in a plain Hadamard design the product of two columns is a third
one, so two helpers whose effects do not simply add up, say because a rating cannot go
below 0, would make a third movement look helpful); and the number of movements per
session varies (a sum of orthogonal columns is never constant), which keeps each effect
measurable against doing less, not only against the other movements. Everything is drawn
from the plan's seed, so the schedule is the same on every machine and reload.

The warm-up is always kept. ``compose`` builds a session from the kept movements and,
when that falls short of the 10-minute aim, adds a set at a time to the kept movements.
``sufficiency`` is the data meter: the number of analysed sessions after which a
1.5-point effect is found 9 times in 10 with the analysis of ``tracking.insights``.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from statistics import NormalDist

from routines.dosing import Dose
from routines.planning import TARGET_MIN_SECONDS
from routines.progression import MAX_SETS

MIN_VARIED = 4  # movements besides the warm-up; fewer cannot be varied usefully
DEFAULT_LENGTH = 28  # sessions: 4 weeks of daily sessions


def hadamard(order: int) -> list[list[int]]:
    """Sylvester's Hadamard matrix of ``order`` (a power of two): rows of +1/-1."""
    matrix = [[1]]
    while len(matrix) < order:
        matrix = [row + row for row in matrix] + [row + [-v for v in row] for row in matrix]
    return matrix


def block_size(movements: int) -> int:
    """The smallest power of two above the number of movements."""
    size = 2
    while size <= movements:
        size *= 2
    return size


@dataclass(frozen=True)
class PlannedSession:
    index: int  # 0-based session number within the plan
    kept: tuple[str, ...]  # varied movements done today, in routine order
    left_out: tuple[str, ...]  # varied movements left out today, in routine order


def planned_session(varied: Sequence[str], *, seed: int, index: int) -> PlannedSession:
    """Which of ``varied`` (routine order) session ``index`` of the plan keeps."""
    movements = list(varied)
    size = block_size(len(movements))
    block, position = divmod(index, 2 * size)
    pair, second = divmod(position, 2)
    rng = random.Random(f"{seed}:{len(movements)}:{block}")
    columns = rng.sample(range(1, size), len(movements))
    signs = [rng.choice((1, -1)) for _ in movements]
    rows = list(range(size))
    rng.shuffle(rows)
    chosen = hadamard(size)[rows[pair]]
    # The second session of a pair is the first one's mirror image (a fold-over).
    keep = [
        (chosen[col] * sign > 0) != bool(second) for col, sign in zip(columns, signs, strict=True)
    ]
    return PlannedSession(
        index=index,
        kept=tuple(m for m, k in zip(movements, keep, strict=True) if k),
        left_out=tuple(m for m, k in zip(movements, keep, strict=True) if not k),
    )


@dataclass(frozen=True)
class PlanStep:
    """A routine step as the plan sees it."""

    slug: str
    name: str
    dose: Dose
    fixed: bool = False  # the warm-up: always done


@dataclass(frozen=True)
class ComposedSession:
    steps: tuple[tuple[PlanStep, Dose], ...]  # what the session holds, in routine order
    left_out: tuple[PlanStep, ...]
    seconds: int  # estimated duration


def varied_slugs(steps: Sequence[PlanStep]) -> list[str]:
    return [step.slug for step in steps if not step.fixed]


def compose(steps: Sequence[PlanStep], kept: Iterable[str]) -> ComposedSession:
    """The warm-up and the kept movements; when that is shorter than the daily aim, one
    more set of a kept movement at a time (round the list, up to ``MAX_SETS``) until it
    reaches it, so a day with fewer movements is still a full session."""
    keep = set(kept)
    chosen = [step for step in steps if step.fixed or step.slug in keep]
    doses = [step.dose for step in chosen]
    total = sum(dose.estimated_seconds() for dose in doses)
    grown = True
    while total < TARGET_MIN_SECONDS and grown:
        grown = False
        for i, step in enumerate(chosen):
            if total >= TARGET_MIN_SECONDS:
                break
            if step.fixed or doses[i].sets >= MAX_SETS:
                continue
            bigger = replace(doses[i], sets=doses[i].sets + 1)
            total += bigger.estimated_seconds() - doses[i].estimated_seconds()
            doses[i] = bigger
            grown = True
    return ComposedSession(
        steps=tuple(zip(chosen, doses, strict=True)),
        left_out=tuple(step for step in steps if not step.fixed and step.slug not in keep),
        seconds=total,
    )


def sessions_needed(varied: int, *, residual_sd: float = 1.0, effect: float = 1.5) -> int:
    """Analysed sessions after which a movement worth ``effect`` points is likely found
    (90% power, one-sided Holm at 5% over ``varied`` movements, each done in half the
    sessions): 4 sd^2 (z_alpha + z_power)^2 / effect^2, plus the parameters fitted."""
    z = NormalDist().inv_cdf
    spread = z(1 - 0.05 / max(varied, 1)) + z(0.9)
    return math.ceil(4 * residual_sd**2 * spread**2 / effect**2) + varied + 3


@dataclass(frozen=True)
class Sufficiency:
    level: str  # "not enough yet" | "getting there" | "enough to tell"
    analysed: int
    needed: int

    @property
    def still_needed(self) -> int:
        return max(self.needed - self.analysed, 0)


def sufficiency(analysed: int, varied: int, residual_sd: float | None = None) -> Sufficiency:
    needed = sessions_needed(varied, residual_sd=residual_sd or 1.0)
    if analysed >= needed:
        level = "enough to tell"
    elif analysed >= needed // 2:
        level = "getting there"
    else:
        level = "not enough yet"
    return Sufficiency(level, analysed, needed)
