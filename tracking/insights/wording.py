"""Plain-language wording of the insights, apart from the maths that produces the numbers.

The movement analysis (``tracking.insights.movements``) decides verdicts and computes
estimates; the functions here only put them into words, so the wording can change
without touching the fitting, and the other way round. Numbers are written by
``tracking.numbers``. ``suggestions`` applies the seed's rules (numbness -> sensory
retraining, pain -> gentle stretching, balance -> seated) and always ends with the
consult-a-professional sentence.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

from accounts.symptoms import PAIN_SYMPTOMS, MainSymptom, Symptom
from tracking.insights.effects import (
    LIKELY_HELPS,
    MAY_WORSEN,
    NO_DIFFERENCE,
    GroupEffect,
    MovementEffect,
    MovementReport,
)
from tracking.numbers import points, points_word

HIGH_RATING = 4  # a recent mean at or above this counts as a bother
LOW_BALANCE_CONFIDENCE = 4  # a recent mean at or below this counts as a balance concern
CONSULT_SENTENCE = (
    "These are suggestions, not medical advice: please check changes to your exercises "
    "with your doctor, podiatrist or physiotherapist, especially if pain or numbness gets "
    "worse or you notice a wound, swelling or colour change in your feet."
)


def name_of(slug: str, names: Mapping[str, str] | None) -> str:
    return names.get(slug, slug) if names else slug


def join_words(words: Iterable[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


# ---------------------------------------------------------------------------
# Why a movement has its verdict


def no_sessions_with_it() -> str:
    return "No session with before-and-after check-ins included it yet."


def done_in_every_session(min_sessions: int) -> str:
    return (
        "Done in every session so far, so there is nothing to compare it with: "
        "its effect can't be told apart from the session as a whole. "
        f"A few sessions without it ({min_sessions} or more) would help."
    )


def too_few_with_it(with_it: int, min_sessions: int) -> str:
    return (
        f"Done in {plural(with_it, 'session')} with before-and-after check-ins; "
        f"at least {min_sessions} are needed."
    )


def too_few_without_it(without: int, min_sessions: int) -> str:
    return (
        f"Only {plural(without, 'session')} without it; "
        f"at least {min_sessions} are needed to compare."
    )


def too_few_for_the_model() -> str:
    return "Too few sessions for the number of movements to estimate reliably."


Pairing = Literal["together", "instead"]


def inseparable(
    partners: Sequence[tuple[str, int, Pairing]], names: Mapping[str, str] | None
) -> str:
    """partners: (other slug, sessions where the pattern breaks, together/instead)."""
    phrases = []
    for other, k, kind in partners:
        who = name_of(other, names)
        verb = "done together with" if kind == "together" else "done instead of"
        if k == 0:
            phrases.append(f"always {verb} {who}")
        else:
            phrases.append(f"{verb} {who} in all but {plural(k, 'session')}")
    return f"{capitalised(join_words(phrases))}, so their separate effects can't be told apart yet."


def chance_in_ten(probability: float) -> str:
    """'about 9 in 10', 'more than 99 in 100', 'less than 1 in 100'."""
    if probability >= 0.99:
        return "more than 99 in 100"
    if probability <= 0.01:
        return "less than 1 in 100"
    tenths = round(probability * 10)
    if tenths >= 10:
        return "about 95 in 100" if probability >= 0.95 else "about 9 in 10"
    if tenths <= 0:
        return "about 5 in 100" if probability <= 0.05 else "about 1 in 10"
    return f"about {tenths} in 10"


def estimate_reason(
    verdict: str,
    estimate: float,
    low: float,
    high: float,
    chance: float,
    *,
    relative: bool = False,
) -> str:
    """Why an estimated movement has its verdict, with the chance and the likely size."""
    than = " than your other movements" if relative else ""
    size = (
        f"likely about {points_word(estimate)} of relief{' more' if relative else ''} on the "
        f"0-10 scale, between {points(low)} and {points(high)}"
    )
    if verdict == LIKELY_HELPS:
        return (
            f"{capitalised(chance_in_ten(chance))} chance that it eases your symptoms"
            f"{' more' + than if relative else ''}: {size}."
        )
    if verdict == MAY_WORSEN:
        return (
            f"{capitalised(chance_in_ten(1 - chance))} chance that sessions with it leave you "
            f"feeling worse: about {points_word(-estimate)} less relief, between "
            f"{points(-high)} and {points(-low)}."
        )
    if verdict == NO_DIFFERENCE:
        return (
            f"Any effect is likely small: between {points(low)} and {points(high)} points, "
            "so it probably makes little difference either way."
        )
    return (
        f"{capitalised(chance_in_ten(chance))} chance that it helps{than}, not enough to be "
        f"sure yet: {size}. More sessions with and without it will tell."
    )


# ---------------------------------------------------------------------------
# The explanation under the chart


def explain_movements(
    *,
    n: int,
    effects: Sequence[MovementEffect],
    winner: str | None,
    groups: Sequence[tuple[str, ...]],
    group_results: Sequence[GroupEffect],
    min_sessions: int,
    names: Mapping[str, str] | None,
    relative: bool = False,
) -> str:
    """The paragraph under the movements chart."""
    helpful = [e for e in effects if e.verdict == LIKELY_HELPS]
    if n == 0:
        return (
            "There are no sessions with both a before and an after check-in yet, so movements "
            "can't be compared. Rate how you feel before and after your sessions to see which "
            "movements seem to help."
        )
    parts = [
        f"Based on {n} session{'s' if n != 1 else ''} with before-and-after check-ins. "
        "Each movement is compared with sessions without it, allowing for the other "
        "movements done alongside and for how you felt beforehand."
    ]

    def listed(slugs: Iterable[str]) -> str:
        return capitalised(join_words([name_of(slug, names) for slug in slugs]))

    if relative:
        parts.append(
            "Every session had the same number of movements, so each one can only be compared "
            "with your other movements, not with doing less. Sessions with more or fewer "
            'movements (a "find out what helps me" plan does this) would tell more.'
        )

    if winner is not None:
        top = next(e for e in effects if e.slug == winner)
        assert top.estimate is not None and top.low is not None and top.high is not None
        parts.append(
            f"{listed([winner])} is the movement most clearly linked with feeling better "
            f"afterwards, more than any other: about {points_word(top.estimate)} of relief "
            f"(likely between {points(top.low)} and {points(top.high)})."
        )
        rest = [e.slug for e in helpful if e.slug != winner]
        if rest:
            parts.append(f"{listed(rest)} also seem to help, but less.")
    elif helpful:
        parts.append(
            f"{listed(e.slug for e in helpful)} "
            f"{'likely help' if len(helpful) > 1 else 'likely helps'}"
            f"{'; the data cannot yet say which helps most' if len(helpful) > 1 else ''}."
        )
    elif any(e.judged for e in effects):
        single = "single " if groups else ""
        parts.append(
            f"No {single}movement stands out as helpful yet: none shows a clear effect beyond "
            "the usual ups and downs between sessions."
        )
    worse = [e.slug for e in effects if e.verdict == MAY_WORSEN]
    if worse:
        parts.append(
            f"Sessions with {join_words([name_of(s, names) for s in worse])} tended to be followed "
            "by feeling worse; consider easing off and talking it over with your clinician."
        )
    results = {result.movements: result for result in group_results}
    for group in groups:
        text = f"{listed(group)} were always done together, so their effects can't be told apart."
        result = results.get(group)
        if result is not None and result.helpful:
            text += (
                f" Together they were followed by about {points_word(result.estimate)} more "
                f"relief (likely between {points(result.low)} and {points(result.high)})."
            )
        parts.append(text + " Doing them on different days would show which one helps.")
    if any(not e.judged and not e.together_with for e in effects):
        parts.append(
            f"Some movements need more sessions ({min_sessions} with and {min_sessions} "
            "without them) before they can be judged."
        )
    parts.append("Patterns like these show what tends to go together, not proof of cause.")
    return " ".join(parts)


# ---------------------------------------------------------------------------
# What the person reports beside what the ratings show

OFTEN = 0.5  # share of "helped" marks that counts as often
RARELY = 0.2
MIN_MARKS = 5  # marks before the share means anything


def feedback_disagreements(
    effects: Sequence[MovementEffect], names: Mapping[str, str] | None
) -> list[str]:
    """Where the per-step feedback and the before-and-after ratings tell different stories."""
    out = []
    for effect in effects:
        counts = effect.feedback_counts
        if counts.total < MIN_MARKS:
            continue
        share = counts.helped / counts.total
        name = name_of(effect.slug, names)
        if share >= OFTEN and effect.verdict in (NO_DIFFERENCE, MAY_WORSEN):
            out.append(
                f"You often mark {name} as helping ({counts.helped} of {counts.total} times), "
                "but your ratings do not improve more after sessions with it."
            )
        elif share <= RARELY and effect.verdict == LIKELY_HELPS:
            out.append(
                f"You seldom mark {name} as helping ({counts.helped} of {counts.total} times), "
                "yet your ratings tend to improve after sessions with it."
            )
    return out


# ---------------------------------------------------------------------------
# Suggestions


def suggestions(
    profile_main_symptoms: Iterable[str],
    recent_logs_summary: Mapping[str, float | None],
    report: MovementReport | None = None,
    *,
    balance_concerns: bool = False,
    categories: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
) -> list[str]:
    """Plain-language suggestions, always ending with a consult-a-professional sentence.

    Seed rules: numbness -> more sensory retraining; pain -> more gentle stretching;
    balance concerns -> seated exercises. A rule applies when the profile lists the symptom
    or the recent mean rating (``recent_logs_summary``: symptom -> mean, e.g. last 14 days)
    is a bother: numbness or any pain rating >= 4, balance confidence <= 4.
    "Keep doing X" only for movements with a helpful verdict; movements that seem to worsen
    or were often marked painful get an ease-off suggestion. ``categories`` maps slug ->
    exercise category ("sensory", "stretch", ...) to name a helpful one in a rule.
    """
    main = set(profile_main_symptoms)
    recent = recent_logs_summary or {}
    categories = categories or {}
    effects = report.effects if report else ()
    helpful = [e for e in effects if e.verdict == LIKELY_HELPS]
    helpful.sort(key=lambda e: -(e.estimate or 0.0))

    def high(symptom: str) -> bool:
        value = recent.get(symptom)
        return value is not None and value >= HIGH_RATING

    def helpful_in(category: str) -> str:
        found = [e.slug for e in helpful if categories.get(e.slug) == category]
        if not found:
            return ""
        return f", such as {name_of(found[0], names)}, which seems to help you"

    out: list[str] = []
    if MainSymptom.NUMBNESS in main or high(Symptom.NUMBNESS):
        out.append(
            "For numbness, you could try a little more sensory retraining (textures, "
            f"touch and position-sense exercises){helpful_in('sensory')}."
        )
    if MainSymptom.PAIN in main or any(high(s) for s in PAIN_SYMPTOMS):
        out.append(
            "For pain, you could try more gentle stretching, moving slowly and stopping "
            f"short of pain{helpful_in('stretch')}."
        )
    low_balance = recent.get(Symptom.BALANCE_CONFIDENCE)
    if (
        balance_concerns
        or MainSymptom.BALANCE in main
        or (low_balance is not None and low_balance <= LOW_BALANCE_CONFIDENCE)
    ):
        out.append(
            "Because balance is a concern, you might do your exercises seated, or hold on "
            "to something sturdy for standing ones."
        )
    for effect in helpful:
        out.append(
            f"Keep doing {name_of(effect.slug, names)}: sessions with it tended to be "
            "followed by feeling better."
        )
    for effect in effects:
        if effect.verdict == MAY_WORSEN:
            out.append(
                f"You might ease off {name_of(effect.slug, names)} for a while: sessions with "
                "it tended to be followed by feeling worse."
            )
        elif effect.feedback_counts.painful >= 2:
            out.append(
                f"You marked {name_of(effect.slug, names)} as painful "
                f"{effect.feedback_counts.painful} times; you could do it more gently, "
                "or skip it."
            )
    out.append(CONSULT_SENTENCE)
    return out
