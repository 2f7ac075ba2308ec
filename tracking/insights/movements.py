"""Which movements help: each movement's effect on relief, adjusted for the others.

Movements are done together in sessions, so crediting each movement with the mean change
of the sessions it was in credits every movement of a good session. Instead the session
relief (before minus after, positive = better) is regressed jointly, by least squares, on
0/1 indicators of every movement done, with an intercept (the relief any session brings)
and two covariates: the before-score (a reading that starts high tends to come down:
regression to the mean) and the mean before-score of the sessions within
``LEVEL_DAYS`` days (how bad things were around then, which tells a bad day from a bad
reading). Only sessions with the symptom rated before AND after enter the model;
``exercises`` should hold the movements actually done. No shrinkage: with a designed
plan (``routines.discovery``) the columns are orthogonal and shrinking only costs power.
The linear algebra and the t distribution are in ``tracking.insights.statistics``; the
words in ``tracking.insights.wording``.

No verdict while fewer than ``MIN_DF`` residual degrees of freedom remain (sessions minus
the parameters fitted): with 8 movements, about 21 analysed sessions.

Identifiability: a movement in every session is indistinguishable from the intercept, and
two always done together (or always instead of each other) from each other: those get
"too early to tell" with the reason (a group always done together is estimated as one,
and its combined effect reported). When every session holds the same number of movements
the indicators add up to a constant, so only differences between movements can be
estimated: the fit then constrains the effects to sum to zero and reports each movement
against the average of the others (``relative``), never as harm.

Intervals: 95% two-sided Student-t intervals from the residual variance (floored at
``SIGMA_FLOOR``: whole-number ratings carry rounding noise, and identical changes would
otherwise give zero-width intervals), one per movement, so they cover the true effect
about 95% of the time (the benchmark checks). ``chance_helps`` is P(effect > 0) under a
flat prior, the t distribution's cdf at estimate / standard error: "about 9 in 10".

Verdicts ("likely helps", "too early to tell", "probably no difference", "may make things
worse"): "likely helps" when the one-sided test of effect > 0 is rejected by Holm's
step-down procedure at ``ALPHA`` (3%) over all movements judged, so the chance that a
person is shown any false "likely helps" is at most 3% under the model, a margin under
the 5% promised for what real ratings add (whole numbers, the ends of the scale); "may
make things worse" likewise with the other side (its own family, also at ``ALPHA``).
"probably no difference" when the interval lies within +/- ``NEGLIGIBLE`` points; else
"too early to tell". Before a movement has at least
``min_sessions`` analysed sessions with it AND without it, it is "too early to tell".
A winner is named only when a movement likely helps and the interval of its difference
from every other movement judged lies above zero (each one-sided at ``ALPHA``: an
intersection-union test, so a false "A helps more than B" has at most that chance).
Per-step feedback (helped/no_change/worse/painful, from every session, check-ins or not)
is counted per movement and reported beside the estimate, never mixed into it.
"""

from __future__ import annotations

import math
import operator
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta

from accounts.symptoms import BURDEN
from tracking.insights import wording
from tracking.insights.effects import (
    LIKELY_HELPS,
    MAY_WORSEN,
    NO_DIFFERENCE,
    ORDER,
    TOO_EARLY,
    FeedbackCounts,
    GroupEffect,
    MovementEffect,
    MovementReport,
)
from tracking.insights.records import SessionRecord, paired_values, relief_from
from tracking.insights.statistics import holm, ridge_fit, sum_to_zero_fit, t_cdf, t_quantile

FEEDBACK_VALUES = ("helped", "no_change", "worse", "painful")
DEFAULT_MIN_SESSIONS = 5
DEFAULT_RIDGE_LAMBDA = 0.0  # plain least squares: shrinkage costs power (see above)
ALPHA = 0.03  # chance of any false "likely helps" per person: 3%, a margin under the 5% promised
CONFIDENCE = 0.95  # of each interval shown
NEGLIGIBLE = 0.5  # points: an interval inside +/- this is "probably no difference"
LEVEL_DAYS = 3  # sessions this close in time tell how bad things were around then
MIN_DF = 10  # residual degrees of freedom before any verdict: a t test on fewer leans on
# the ratings being normal, which whole numbers at the ends of the scale are not


def movement_effects(
    sessions: Iterable[SessionRecord],
    symptom: str = BURDEN,
    *,
    min_sessions: int = DEFAULT_MIN_SESSIONS,
    ridge_lambda: float = DEFAULT_RIDGE_LAMBDA,
    names: Mapping[str, str] | None = None,
    later: bool = False,
) -> MovementReport:
    """Which movements are followed by relief, each adjusted for the others (see module doc).

    ``names`` (slug -> display name) is only used for the wording of the explanation.
    ``later=True`` measures relief at the later check-in (hours afterwards) instead of the
    after check-in: a second outcome, for relief that comes late and for flare-ups.
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
    moments = []
    for session in sessions:
        pair = paired_values(session.before, session.later if later else session.after, symptom)
        if pair is None:
            continue
        b, a = pair
        rows.append((relief_from(b, a, symptom), b, session.exercises))
        moments.append(session.started_at)
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
    y = [r for r, _, _ in rows]
    befores = [b for _, b, _ in rows]
    covariates = [befores, nearby_level(befores, moments)]
    terms = _model_terms(modelled, columns, exact_groups, testable)
    fit = None
    relative = False
    if testable or exact_groups:
        # Fall back to fewer covariates (the nearby level is a mere rescaling of the
        # before-score when every session is within a few days), then to fewer columns.
        attempts = [
            (chosen, extra)
            for chosen in (terms, [t for t in terms if t in testable or isinstance(t, tuple)])
            for extra in (covariates, covariates[:1])
        ]
        for chosen, extra in attempts:
            design = [_column(term, columns) for term in chosen]
            fit = ridge_fit(y, design, extra, ridge_lambda=ridge_lambda)
            if fit is None and len(design) > 1 and _same_size_sessions(design):
                fit = sum_to_zero_fit(y, design, extra, ridge_lambda=ridge_lambda)
                relative = fit is not None
            if fit is not None and fit.df < MIN_DF:
                fit = None  # too few sessions for the parameters: no verdicts yet
                break
            if fit is not None:
                terms = chosen
                break
    if fit is None:
        for slug in testable:
            reasons[slug] = wording.too_few_for_the_model()
        testable = []

    estimates: dict[str, tuple[float, float, float, float]] = {}  # est, low, high, P(> 0)
    group_results: list[GroupEffect] = []
    helps: set[str] = set()
    worsens: set[str] = set()
    winner = None
    residual_sd = None
    if fit is not None:
        beta, cov, df = fit.coefficients, fit.covariance, fit.df
        residual_sd = fit.sigma
        q = t_quantile(1 - (1 - CONFIDENCE) / 2, df)
        index = {slug: terms.index(slug) for slug in testable}
        se = {slug: math.sqrt(max(cov[j][j], 0.0)) for slug, j in index.items()}
        for slug, j in index.items():
            chance = t_cdf(beta[j] / se[slug], df) if se[slug] > 0 else 0.5
            estimates[slug] = (beta[j], beta[j] - q * se[slug], beta[j] + q * se[slug], chance)
        # One-sided Holm tests, each family at ALPHA over the movements judged.
        p_helps = [1 - estimates[slug][3] for slug in testable]
        helps = {s for s, hit in zip(testable, holm(p_helps, ALPHA), strict=True) if hit}
        if not relative:  # below the average of the others is not harm
            p_worse = [estimates[slug][3] for slug in testable]
            worsens = {s for s, hit in zip(testable, holm(p_worse, ALPHA), strict=True) if hit}
        winner = _winner(helps, estimates, index, cov, df, testable)
        if not relative:
            for group in exact_groups:
                if group in terms:
                    g = terms.index(group)
                    half = q * math.sqrt(max(cov[g][g], 0.0))
                    low, high = beta[g] - half, beta[g] + half
                    group_results.append(GroupEffect(group, beta[g], low, high, low > 0))

    effects = []
    for slug in slugs:
        if slug in estimates:
            est, low, high, chance = estimates[slug]
            if slug in helps:
                verdict = LIKELY_HELPS
            elif slug in worsens:
                verdict = MAY_WORSEN
            elif not relative and low > -NEGLIGIBLE and high < NEGLIGIBLE:
                verdict = NO_DIFFERENCE
            else:
                verdict = TOO_EARLY
            reason = wording.estimate_reason(verdict, est, low, high, chance, relative=relative)
            judged: dict = {"estimate": est, "low": low, "high": high, "chance_helps": chance}
        else:
            verdict, reason, judged = TOO_EARLY, reasons[slug], {}
        effects.append(
            MovementEffect(
                slug=slug,
                estimate=judged.get("estimate"),
                low=judged.get("low"),
                high=judged.get("high"),
                n_sessions=n_with[slug],
                n_without=n - n_with[slug],
                verdict=verdict,
                feedback_counts=counts[slug],
                reason=reason,
                together_with=together.get(slug, ()),
                chance_helps=judged.get("chance_helps"),
                judged=bool(judged),
            )
        )

    ranked = bool(helps or worsens)
    if ranked:
        effects.sort(key=lambda e: (not e.judged, ORDER[e.verdict], -(e.estimate or 0.0), e.slug))
    explanation = wording.explain_movements(
        n=n,
        effects=effects,
        winner=winner,
        groups=exact_groups,
        group_results=group_results,
        min_sessions=min_sessions,
        names=names,
        relative=relative,
    )
    return MovementReport(
        effects=tuple(effects),
        ranked=ranked,
        winner=winner,
        explanation=explanation,
        symptom=symptom,
        n_sessions=n,
        comparisons=len(testable),
        residual_sd=residual_sd,
        relative=relative,
    )


def _same_size_sessions(design: list[list[float]]) -> bool:
    sizes = {round(sum(row), 9) for row in zip(*design, strict=True)}
    return len(sizes) == 1


def _winner(
    helps: set[str],
    estimates: Mapping[str, tuple[float, float, float, float]],
    index: Mapping[str, int],
    cov: Sequence[Sequence[float]],
    df: float,
    testable: Sequence[str],
) -> str | None:
    """The movement that likely helps most: it likely helps, and the interval of its
    difference from every other movement judged lies above zero (one-sided Holm, ALPHA)."""
    if not helps:
        return None
    best = max(helps, key=lambda slug: estimates[slug][0])
    others = [slug for slug in testable if slug != best]
    if not others:
        return best
    b = index[best]
    p_values = []
    for other in others:
        o = index[other]
        difference = estimates[best][0] - estimates[other][0]
        spread = math.sqrt(max(cov[b][b] + cov[o][o] - 2 * cov[b][o], 0.0))
        p_values.append(1 - t_cdf(difference / spread, df) if spread > 0 else 0.0)
    return best if all(holm(p_values, ALPHA)) else None


def nearby_level(befores: Sequence[float], moments: Sequence[datetime]) -> list[float]:
    """For each session, the mean before-rating of the other sessions within
    ``LEVEL_DAYS`` days (its own before-rating when there are none): how bad things were
    around then, which tells a bad day apart from a bad reading."""
    order = sorted(range(len(moments)), key=lambda i: moments[i])
    span = timedelta(days=LEVEL_DAYS)
    level = list(befores)
    start = 0
    for i in order:
        while moments[order[start]] < moments[i] - span:
            start += 1
        total, count = 0.0, 0
        for j in order[start:]:
            if moments[j] > moments[i] + span:
                break
            if j != i:
                total += befores[j]
                count += 1
        if count:
            level[i] = total / count
    return level


Term = str | tuple[str, ...]  # a movement, or movements always done together


def _model_terms(
    modelled: Sequence[str],
    columns: Mapping[str, list[float]],
    exact_groups: Sequence[tuple[str, ...]],
    testable: Sequence[str],
) -> list[Term]:
    """One column per movement, one per group always done together, and none for a
    movement always done instead of one already in (with the intercept it adds nothing)."""
    grouped = {slug for group in exact_groups for slug in group}
    terms: list[Term] = list(exact_groups)
    for slug in modelled:
        if slug in grouped:
            continue
        complement = [1.0 - v for v in columns[slug]]
        if slug not in testable and any(_column(t, columns) == complement for t in terms):
            continue
        terms.append(slug)
    return terms


def _column(term: Term, columns: Mapping[str, list[float]]) -> list[float]:
    return columns[term[0] if isinstance(term, tuple) else term]
