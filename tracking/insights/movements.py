"""Which movements help: each movement's effect on relief, adjusted for the others.

Movements are done together in sessions, so crediting each movement with the mean change
of the sessions it was in credits every movement of a good session. Instead the session
relief is regressed jointly on 0/1 indicators of every movement done, with an unpenalised
intercept and the centred before-score as a covariate (sessions that start worse tend to
improve more: regression to the mean). Movement coefficients are ridge-penalised
(``ridge_lambda``, default 1: a prior sd for each effect equal to the session-to-session
noise sd), shrinking them towards "no effect". Only sessions with the symptom rated before
AND after enter the model; ``exercises`` should hold the movements actually done. The
linear algebra and the t quantile are in ``tracking.insights.statistics``; the words in
``tracking.insights.wording``.

Intervals: the ridge estimate is the posterior mean under a normal prior
N(0, sigma^2 / lambda) on each movement effect, so the interval uses the posterior
covariance sigma^2 (X'X + lambda P)^-1, which is never narrower than the frequentist
ridge sandwich sigma^2 A^-1 X'X A^-1 and, unlike the sandwich, stays wide for movements
whose effects cannot be told apart (always done together). sigma^2 is the residual
variance RSS / (n - 1 - edf), edf = trace(A^-1 X'X), floored at ``SIGMA_FLOOR`` (whole-
number ratings carry rounding noise, and identical changes in every session would
otherwise give zero-width intervals). The quantile is Student's t with that residual df,
Bonferroni-adjusted over the number of movements (and inseparable groups) judged, so the
intervals hold together at 95%: with 8 movements each one is a ~99.4% interval.
Shrinkage pulls estimates towards zero, which only makes "helpful" harder to earn.

Verdicts: "not enough data yet" unless a movement has at least ``min_sessions`` analysed
sessions with it AND without it (a movement in every session is indistinguishable from the
intercept), and, against every other such movement, at least ``min_sessions`` sessions
where exactly one of the two was done and at least ``min_sessions`` where both or neither
were (else it is "done together with" / "done instead of" the other and the two effects
cannot be separated; an exact pair's combined effect is reported in the explanation).
"helpful" when the interval's low end is above zero and the estimate is at least
``MIN_PRACTICAL_EFFECT`` (0.5) points; "seems to worsen" when the high end is below zero
(no size threshold: possible harm is flagged early); else "no clear effect". A winner is
named only when one helpful movement clearly beats every other helpful one (its interval
is entirely above theirs). Per-step feedback (helped/no_change/worse/painful, from every
session, check-ins or not) is counted per movement and reported beside the estimate,
never mixed into it.
"""

from __future__ import annotations

import math
import operator
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from accounts.symptoms import BURDEN
from tracking.insights import wording
from tracking.insights.effects import (
    HELPFUL,
    NO_CLEAR_EFFECT,
    NOT_ENOUGH_DATA,
    ORDER,
    SEEMS_TO_WORSEN,
    FeedbackCounts,
    GroupEffect,
    MovementEffect,
    MovementReport,
)
from tracking.insights.records import SessionRecord, paired_values, relief_from
from tracking.insights.statistics import ridge_fit, t_quantile

FEEDBACK_VALUES = ("helped", "no_change", "worse", "painful")
DEFAULT_MIN_SESSIONS = 5
DEFAULT_RIDGE_LAMBDA = 1.0
MIN_PRACTICAL_EFFECT = 0.5  # points on the 0-10 scale
FAMILY_CONFIDENCE = 0.95


def movement_effects(
    sessions: Iterable[SessionRecord],
    symptom: str = BURDEN,
    *,
    min_sessions: int = DEFAULT_MIN_SESSIONS,
    ridge_lambda: float = DEFAULT_RIDGE_LAMBDA,
    names: Mapping[str, str] | None = None,
) -> MovementReport:
    """Which movements are followed by relief, each adjusted for the others (see module doc).

    ``names`` (slug -> display name) is only used for the wording of the explanation.
    """
    sessions = list(sessions)
    feedback: dict[str, Counter[str]] = defaultdict(Counter)
    universe: set[str] = set()
    for session in sessions:
        universe |= session.exercises
        for slug, value in session.feedback.items():
            universe.add(slug)
            if value in FEEDBACK_VALUES:
                feedback[slug][value] += 1

    rows: list[tuple[float, float, frozenset[str]]] = []  # (relief, before, exercises)
    for session in sessions:
        pair = paired_values(session.before, session.after, symptom)
        if pair is None:
            continue
        b, a = pair
        rows.append((relief_from(b, a, symptom), b, session.exercises))
    n = len(rows)
    slugs = sorted(universe)
    n_with = {slug: sum(1 for _, _, ex in rows if slug in ex) for slug in slugs}
    counts = {slug: FeedbackCounts(**feedback[slug]) for slug in slugs}

    # Which movements can be judged from the session counts alone.
    reasons: dict[str, str] = {}
    together: dict[str, tuple[str, ...]] = {}
    for slug in slugs:
        with_it, without = n_with[slug], n - n_with[slug]
        if with_it == 0:
            reasons[slug] = wording.no_sessions_with_it()
        elif without == 0:
            reasons[slug] = wording.done_in_every_session(min_sessions)
        elif with_it < min_sessions:
            reasons[slug] = wording.too_few_with_it(with_it, min_sessions)
        elif without < min_sessions:
            reasons[slug] = wording.too_few_without_it(without, min_sessions)
    modelled = [s for s in slugs if 0 < n_with[s] < n]  # an always-done column is the intercept
    columns = {s: [1.0 if s in ex else 0.0 for _, _, ex in rows] for s in modelled}

    # Movements that (almost) always go together, or (almost) always replace each other.
    # Only movements with enough sessions of their own count as partners: a rare movement
    # gets its own "not enough data" and does not hide a common one.
    candidates = [s for s in modelled if s not in reasons]
    exact_groups: list[tuple[str, ...]] = []
    seen: set[str] = set()
    for slug in candidates:
        partners: list[tuple[str, int, wording.Pairing]] = []
        for other in candidates:
            if other == slug:
                continue
            differ = sum(map(operator.ne, columns[slug], columns[other]))
            if differ < min_sessions:
                partners.append((other, differ, "together"))
            elif n - differ < min_sessions:
                partners.append((other, n - differ, "instead"))
        if not partners:
            continue
        together[slug] = tuple(other for other, _, _ in partners)
        reasons[slug] = wording.inseparable(partners, names)
        exact = tuple(
            sorted([slug] + [o for o, k, kind in partners if k == 0 and kind == "together"])
        )
        if len(exact) > 1 and exact[0] not in seen:
            seen.update(exact)
            exact_groups.append(exact)

    testable = [s for s in slugs if s not in reasons]
    group_tests = list(exact_groups)
    fit = None
    if testable or group_tests:
        fit = ridge_fit(
            [r for r, _, _ in rows],
            [columns[s] for s in modelled],
            [b for _, b, _ in rows],
            ridge_lambda=ridge_lambda,
        )
    comparisons = len(testable) + len(group_tests) if fit is not None else 0
    estimates: dict[str, tuple[float, float, float]] = {}
    group_results: list[GroupEffect] = []
    residual_sd = None
    if fit is not None:
        beta, cov = fit.coefficients, fit.covariance
        residual_sd = fit.sigma
        alpha = (1 - FAMILY_CONFIDENCE) / max(comparisons, 1)
        q = t_quantile(1 - alpha / 2, fit.df)
        for slug in testable:
            j = modelled.index(slug)
            half = q * math.sqrt(max(cov[j][j], 0.0))
            estimates[slug] = (beta[j], beta[j] - half, beta[j] + half)
        for group in group_tests:
            idx = [modelled.index(s) for s in group]
            total = sum(beta[j] for j in idx)
            var = sum(cov[i][j] for i in idx for j in idx)
            half = q * math.sqrt(max(var, 0.0))
            bottom, top_end = total - half, total + half
            helps = bottom > 0 and total >= MIN_PRACTICAL_EFFECT
            group_results.append(GroupEffect(group, total, bottom, top_end, helps))
    elif testable:
        for slug in testable:
            reasons[slug] = wording.too_few_for_the_model()

    effects = []
    for slug in slugs:
        interval: tuple[float, float, float] | tuple[None, None, None] = (None, None, None)
        if slug in estimates:
            est, low, high = interval = estimates[slug]
            if low > 0 and est >= MIN_PRACTICAL_EFFECT:
                verdict = HELPFUL
            elif high < 0:
                verdict = SEEMS_TO_WORSEN
            else:
                verdict = NO_CLEAR_EFFECT
            reason = wording.estimate_reason(verdict, est, low, high)
        else:
            verdict = NOT_ENOUGH_DATA
            reason = reasons[slug]
        effects.append(
            MovementEffect(
                slug=slug,
                estimate=interval[0],
                low=interval[1],
                high=interval[2],
                n_sessions=n_with[slug],
                n_without=n - n_with[slug],
                verdict=verdict,
                feedback_counts=counts[slug],
                reason=reason,
                together_with=together.get(slug, ()),
            )
        )

    ranked = any(e.verdict in (HELPFUL, SEEMS_TO_WORSEN) for e in effects)
    if ranked:
        effects.sort(key=lambda e: (ORDER[e.verdict], -(e.estimate or 0.0), e.slug))
    winner = None
    helpful = [estimates[e.slug] + (e.slug,) for e in effects if e.verdict == HELPFUL]
    if helpful:
        best = max(helpful)
        if all(best[1] > high for _, _, high, slug in helpful if slug != best[3]):
            winner = best[3]

    explanation = wording.explain_movements(
        n=n,
        effects=effects,
        winner=winner,
        groups=exact_groups,
        group_results=group_results,
        min_sessions=min_sessions,
        names=names,
    )
    return MovementReport(
        effects=tuple(effects),
        ranked=ranked,
        winner=winner,
        explanation=explanation,
        symptom=symptom,
        n_sessions=n,
        comparisons=comparisons,
        residual_sd=residual_sd,
    )
