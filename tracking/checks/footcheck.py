"""The daily foot check: what each foot shows, and what to do about it.

People with numb feet may not feel a cut or blister, so a quick look at both feet each
day catches problems early. Any finding pauses the barefoot and textured moves (their
skin contact could make it worse) until the person says it has healed. A cut or open
sore together with redness or warmth on the same foot may be an infection: that advice
says to get help at once; every other finding says to see a podiatrist or doctor soon.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

FINDINGS: tuple[tuple[str, str], ...] = (
    ("cut", "A cut, crack or open sore"),
    ("blister", "A blister"),
    ("redness", "Redness"),
    ("swelling", "Swelling"),
    ("colour", "A change of colour (pale, blue, grey or dark)"),
    ("warmth", "A warm spot"),
)
FINDING_CODES = tuple(code for code, _ in FINDINGS)
FINDING_LABELS = dict(FINDINGS)
SHORT_LABELS = {
    "cut": "cut or sore",
    "blister": "blister",
    "redness": "redness",
    "swelling": "swelling",
    "colour": "colour change",
    "warmth": "warm spot",
}
FEET = (("left", "Left foot"), ("right", "Right foot"))
URGENT_WITH_CUT = frozenset({"redness", "warmth"})


@dataclass(frozen=True)
class FootCheckResult:
    findings: Mapping[str, tuple[str, ...]]  # foot -> finding codes, in FINDINGS order
    all_fine: bool
    urgent: bool

    @property
    def text(self) -> str:
        """The findings in a few words, e.g. "Left foot: blister, redness"."""
        if self.all_fine:
            return "All fine"
        return "; ".join(
            f"{label}: " + ", ".join(SHORT_LABELS[code] for code in self.findings[foot])
            for foot, label in FEET
            if self.findings.get(foot)
        )


def assess(findings: Mapping[str, Sequence[str]]) -> FootCheckResult:
    """What the findings mean. Unknown codes are refused, so nothing is silently lost."""
    cleaned: dict[str, tuple[str, ...]] = {}
    for foot, _ in FEET:
        codes = set(findings.get(foot, ()))
        unknown = codes - set(FINDING_CODES)
        if unknown:
            raise ValueError(f"Unknown foot check findings: {', '.join(sorted(unknown))}")
        cleaned[foot] = tuple(code for code in FINDING_CODES if code in codes)
    urgent = any("cut" in codes and URGENT_WITH_CUT & set(codes) for codes in cleaned.values())
    return FootCheckResult(findings=cleaned, all_fine=not any(cleaned.values()), urgent=urgent)
