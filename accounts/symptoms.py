"""The symptom vocabulary, defined once: what a person rates and what they name as a concern.

``Symptom`` is what is rated 0-10 in a symptom log or check-in: its value is the field
name, its label the words shown everywhere (forms, charts, the report, exports), and
``higher_is_better`` its direction. For every symptom but balance confidence a higher
rating is worse. ``MainSymptom`` is what a person names as a main concern in the profile
(and what the exercise library's targets are called); ``rated`` says which ratings
measure it. Everything else imports these; nothing spells the names or labels again.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import models


class Symptom(models.TextChoices):
    """A 0-10 rating. Value = the field name on a symptom log."""

    NUMBNESS = "numbness", "Numbness"
    TINGLING = "tingling", "Tingling or prickling"
    ACHING = "aching", "Aching pain"
    BURNING = "burning", "Burning pain"
    SHARP = "sharp", "Sharp or shooting pain"
    BALANCE_CONFIDENCE = "balance_confidence", "Balance confidence"

    @property
    def higher_is_better(self) -> bool:
        return self.value in HIGHER_IS_BETTER


SYMPTOM_FIELDS: tuple[str, ...] = tuple(Symptom.values)
HIGHER_IS_BETTER: frozenset[str] = frozenset({Symptom.BALANCE_CONFIDENCE.value})
# The higher-is-worse ratings; their mean is the "burden" (all symptoms, average).
BURDEN_SYMPTOMS: tuple[str, ...] = tuple(s for s in SYMPTOM_FIELDS if s not in HIGHER_IS_BETTER)
PAIN_SYMPTOMS: tuple[str, ...] = (Symptom.ACHING.value, Symptom.BURNING.value, Symptom.SHARP.value)
BURDEN = "burden"
BURDEN_LABEL = "All symptoms (average)"
# Every series the progress page and the report can show, burden first.
SERIES_LABELS: dict[str, str] = {BURDEN: BURDEN_LABEL, **dict(Symptom.choices)}


def higher_is_better(symptom: str) -> bool:
    """Direction of a rating or of the burden (False: lower is better)."""
    return symptom in HIGHER_IS_BETTER


class MainSymptom(models.TextChoices):
    """A main concern, as chosen in the profile and as an exercise library target."""

    NUMBNESS = "numbness", "Numbness"
    TINGLING = "tingling", "Tingling or prickling"
    PAIN = "pain", "Pain (aching, burning or shooting)"
    WEAKNESS = "weakness", "Weak feet or ankles"
    BALANCE = "balance", "Unsteady balance"

    @property
    def rated(self) -> tuple[str, ...]:
        """The ratings that measure this concern (none for weakness)."""
        return MEASURED_BY[self.value]


MEASURED_BY: dict[str, tuple[str, ...]] = {
    MainSymptom.NUMBNESS.value: (Symptom.NUMBNESS.value,),
    MainSymptom.TINGLING.value: (Symptom.TINGLING.value,),
    MainSymptom.PAIN.value: PAIN_SYMPTOMS,
    MainSymptom.WEAKNESS.value: (),
    MainSymptom.BALANCE.value: (Symptom.BALANCE_CONFIDENCE.value,),
}

# A check-in shows at most this many scales up front; the rest wait behind "rate another".
MAX_CHECK_IN_SYMPTOMS = 3


def check_in_symptoms(
    main_symptoms: Sequence[str], recently_rated: Sequence[str] = ()
) -> tuple[str, ...]:
    """The ratings a check-in shows up front: one to three, from the profile.

    Each main concern brings the ratings that measure it, in profile order; pain brings
    three (aching, burning, sharp), so the ones this person rated most recently come
    first. With no measurable concern (none named, or only weakness) the recently rated
    ones are used, else numbness, the commonest symptom of peripheral neuropathy.
    ``recently_rated`` is the symptom names of recent logs, most used first.
    """
    preference = {name: rank for rank, name in enumerate(recently_rated)}
    chosen: list[str] = []
    for concern in main_symptoms:
        if concern not in MEASURED_BY:
            continue
        measured = sorted(MEASURED_BY[concern], key=lambda name: preference.get(name, 99))
        if concern == MainSymptom.PAIN.value:
            # One pain scale up front unless pain is the only concern.
            other_concerns = [c for c in main_symptoms if c != concern and MEASURED_BY.get(c)]
            measured = measured[:1] if other_concerns else measured
        chosen.extend(name for name in measured if name not in chosen)
    if not chosen:
        chosen = [name for name in recently_rated if name in SYMPTOM_FIELDS]
    return tuple(chosen[:MAX_CHECK_IN_SYMPTOMS]) or (Symptom.NUMBNESS.value,)
