"""A "find out what helps me" plan: which movements each session leaves out, by design.

Pure, no database. A routine's movements besides the warm-up (at least ``MIN_VARIED``)
are varied over blocks of sessions. Each block is the rows of a Sylvester-Hadamard matrix
of the smallest order ``N`` (a power of two) above the number of movements; each movement
gets one of its columns (never the all-ones one), with a random sign, and the rows come in
a random order. So within a block every movement is done in exactly half the sessions and
left out of the other half, every pair of movements is done together as often as apart
(the columns are orthogonal, so one movement's effect cannot pass for another's), and the
number of movements per session varies from session to session (a sum of orthogonal
columns is never constant), which keeps each movement's effect measurable against doing
less, not only against the other movements. Everything is drawn from the plan's seed, so
the schedule is the same on every machine and reload.

The warm-up is always kept. The time check (10-15 minutes) is left to the caller, who
knows the doses: ``planning.check_duration`` on the session's steps.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

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
    block, row = divmod(index, size)
    rng = random.Random(f"{seed}:{len(movements)}:{block}")
    columns = rng.sample(range(1, size), len(movements))
    signs = [rng.choice((1, -1)) for _ in movements]
    rows = list(range(size))
    rng.shuffle(rows)
    matrix = hadamard(size)
    chosen = matrix[rows[row]]
    keep = [chosen[col] * sign > 0 for col, sign in zip(columns, signs, strict=True)]
    return PlannedSession(
        index=index,
        kept=tuple(m for m, k in zip(movements, keep, strict=True) if k),
        left_out=tuple(m for m, k in zip(movements, keep, strict=True) if not k),
    )
