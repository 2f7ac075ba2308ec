"""The coach's words for each exercise's repetitions.

The player's coach mode paces a repetition as two movements, "out" and "back", each
given half of the exercise's ``seconds_per_rep`` (its tempo), and speaks the cue words
with the count: "lift ... and down, 3 of 10". Holds and timed moves need no cue words:
the coach says "hold" and "relax", or counts the time down. Exercises without their own
cue words get a neutral pair.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Cue:
    out: str
    back: str


DEFAULT_CUE = Cue(out="and move", back="and back")

CUES: dict[str, Cue] = {
    "ankle-circles": Cue(out="circle round", back="and round"),
    "toe-curls-and-spreads": Cue(out="curl", back="and spread"),
    "resistance-band-ankle-press": Cue(out="press", back="and back"),
    "toe-pickups": Cue(out="pick up", back="and let go"),
    "calf-raises-chair": Cue(out="lift", back="and down"),
    "seated-calf-raises": Cue(out="lift", back="and down"),
    "figure-eight-ankle": Cue(out="draw the eight", back="and finish"),
}


def cue_for(slug: str) -> Cue:
    return CUES.get(slug, DEFAULT_CUE)


HOLD_ON = "Hold on: stand behind a sturdy chair or at a counter and keep a hand on it."
# Seated moves whose first safety note must be read before starting (heat and cold on
# feet that cannot feel them).
SAFETY_FIRST = frozenset({"contrast-foot-bath", "textured-ball-roll"})


def key_safety_note(*, slug: str, standing: bool, safety_notes: list[str]) -> str | None:
    """The one line shown (and spoken) before anything else on a step, if any."""
    if standing:
        return HOLD_ON
    if slug in SAFETY_FIRST and safety_notes:
        return safety_notes[0]
    return None
