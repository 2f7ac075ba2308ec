"""Insights from sessions and symptom logs: pure functions, no database, stdlib only.

Callers turn models into the plain records below (``SessionRecord``, ``LogPoint``);
everything here is deterministic arithmetic on those records, so it can be tested on
synthetic data with known effects.

Sign convention: *relief* is positive when the person feels better. For every symptom
but balance confidence a lower rating is better, so relief = before - after; for balance
confidence relief = after - before.

Which movements help (``movement_effects``)
------------------------------------------
Movements are done together in sessions, so crediting each movement with the mean change
of the sessions it was in credits every movement of a good session. Instead the session
relief is regressed jointly on 0/1 indicators of every movement done, with an unpenalised
intercept and the centred before-score as a covariate (sessions that start worse tend to
improve more: regression to the mean). Movement coefficients are ridge-penalised
(``ridge_lambda``, default 1: a prior sd for each effect equal to the session-to-session
noise sd), shrinking them towards "no effect". Only sessions with the symptom rated before
AND after enter the model; ``exercises`` should hold the movements actually done. The
linear algebra (Gauss-Jordan with partial pivoting) is done here on small matrices.

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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from statistics import NormalDist

# Kept in step with tracking.models (a test checks); not imported, so this stays pure.
SYMPTOMS = ("numbness", "tingling", "aching", "burning", "sharp", "balance_confidence")
HIGHER_IS_BETTER = frozenset({"balance_confidence"})
BURDEN_SYMPTOMS = tuple(s for s in SYMPTOMS if s not in HIGHER_IS_BETTER)
PAIN_SYMPTOMS = ("aching", "burning", "sharp")
BURDEN = "burden"
TIMES_OF_DAY = ("morning", "afternoon", "evening", "night")
FEEDBACK_VALUES = ("helped", "no_change", "worse", "painful")

MEANINGFUL_POINTS = 2.0
MEANINGFUL_FRACTION = 0.30
_EPS = 1e-9

DEFAULT_MIN_SESSIONS = 5
DEFAULT_RIDGE_LAMBDA = 1.0
MIN_PRACTICAL_EFFECT = 0.5  # points on the 0-10 scale
SIGMA_FLOOR = 0.5  # points; rounding of two whole-number ratings alone gives ~0.41
FAMILY_CONFIDENCE = 0.95

NOT_ENOUGH_DATA = "not enough data yet"
HELPFUL = "helpful"
SEEMS_TO_WORSEN = "seems to worsen"
NO_CLEAR_EFFECT = "no clear effect"
_VERDICT_ORDER = {HELPFUL: 0, NO_CLEAR_EFFECT: 1, SEEMS_TO_WORSEN: 2, NOT_ENOUGH_DATA: 3}

HIGH_RATING = 4  # a recent mean at or above this counts as a bother
LOW_BALANCE_CONFIDENCE = 4  # a recent mean at or below this counts as a balance concern
CONSULT_SENTENCE = (
    "These are suggestions, not medical advice: please check changes to your exercises "
    "with your doctor, podiatrist or physiotherapist, especially if pain or numbness gets "
    "worse or you notice a wound, swelling or colour change in your feet."
)


# ---------------------------------------------------------------------------
# Inputs


@dataclass(frozen=True)
class SessionRecord:
    session_id: int
    started_at: datetime
    time_of_day: str
    exercises: frozenset[str]  # slugs of the movements actually done
    before: Mapping[str, int] = field(default_factory=dict)  # symptom -> 0-10
    after: Mapping[str, int] = field(default_factory=dict)
    feedback: Mapping[str, str] = field(default_factory=dict)  # slug -> helped/no_change/...
    minutes: float = 0.0
    completed: bool = False


@dataclass(frozen=True)
class LogPoint:
    recorded_at: datetime
    ratings: Mapping[str, int]


# ---------------------------------------------------------------------------
# Scores


def symptom_burden(ratings: Mapping[str, float | None]) -> float | None:
    """Mean of the higher-is-worse ratings given (numbness, tingling, aching, burning, sharp).

    Balance confidence is left out rather than inverted: it measures confidence, not a
    sensation, and mixing it in would let a change in one hide a change in the other.
    None when none of those symptoms was rated.
    """
    values = [ratings[s] for s in BURDEN_SYMPTOMS if ratings.get(s) is not None]
    if not values:
        return None
    return sum(values) / len(values)


def symptom_value(ratings: Mapping[str, float | None], symptom: str) -> float | None:
    """One symptom's rating, or the burden when symptom is ``"burden"``."""
    if symptom == BURDEN:
        return symptom_burden(ratings)
    value = ratings.get(symptom)
    return None if value is None else float(value)


def _paired_values(
    before: Mapping[str, float | None], after: Mapping[str, float | None], symptom: str
) -> tuple[float, float] | None:
    """Before and after of one symptom; for the burden, over the symptoms rated both times."""
    if symptom == BURDEN:
        common = [s for s in BURDEN_SYMPTOMS if before.get(s) is not None]
        common = [s for s in common if after.get(s) is not None]
        if not common:
            return None
        b = sum(before[s] for s in common) / len(common)
        a = sum(after[s] for s in common) / len(common)
        return b, a
    b, a = before.get(symptom), after.get(symptom)
    if b is None or a is None:
        return None
    return float(b), float(a)


def relief(
    before: Mapping[str, float | None], after: Mapping[str, float | None], symptom: str = BURDEN
) -> float | None:
    """How much better after than before (positive = better); None if not rated both times.

    before - after for higher-is-worse symptoms and the burden; after - before for balance
    confidence. The burden is compared over the symptoms rated both times, so skipping a
    question afterwards does not count as a change.
    """
    pair = _paired_values(before, after, symptom)
    if pair is None:
        return None
    b, a = pair
    return a - b if symptom in HIGHER_IS_BETTER else b - a


def is_meaningful_change(before: float, after: float) -> bool:
    """Whether a change on the 0-10 scale is big enough to count, in either direction.

    Meaningful when |after - before| >= 2 points, OR when before > 0 and
    |after - before| >= 30% of before. A baseline of 0 only uses the 2-point rule (30% of
    nothing would make any change meaningful). No change is never meaningful. So at a low
    baseline (before <= 3) a single point counts; at 7 it takes 2.1, i.e. 2 points.
    """
    change = abs(after - before)
    if change < _EPS:
        return False
    if change >= MEANINGFUL_POINTS - _EPS:
        return True
    return before > 0 and change >= MEANINGFUL_FRACTION * before - _EPS


# ---------------------------------------------------------------------------
# Daily series


@dataclass(frozen=True)
class DailyPoint:
    date: date
    mean: float | None  # mean of that day's ratings
    avg7: float | None  # mean of the daily means over this day and the 6 before, days with data
    n: int  # ratings that day


def local_date(moment: datetime, tz: tzinfo | None = None) -> date:
    """The calendar date in tz (aware datetimes); naive datetimes are taken as local."""
    if tz is not None and moment.tzinfo is not None:
        moment = moment.astimezone(tz)
    return moment.date()


def daily_series(
    points: Iterable[LogPoint],
    symptom: str,
    *,
    end: date,
    days_back: int = 30,
    start: date | None = None,
    tz: tzinfo | None = None,
) -> list[DailyPoint]:
    """One point per calendar day from start (default: end - days_back + 1) to end.

    The 7-day average of a day averages the daily means of the days with data in that
    day and the 6 before (including days before ``start``), each day weighted equally so a
    day with many logs does not dominate. None where a window has no data.
    """
    if start is None:
        start = end - timedelta(days=max(days_back, 1) - 1)
    if start > end:
        return []
    window_start = start - timedelta(days=6)
    values: dict[date, list[float]] = defaultdict(list)
    for point in points:
        day = local_date(point.recorded_at, tz)
        if not window_start <= day <= end:
            continue
        value = symptom_value(point.ratings, symptom)
        if value is not None:
            values[day].append(value)
    means = {day: sum(v) / len(v) for day, v in values.items()}
    series = []
    day = start
    while day <= end:
        window = [means[d] for d in _days(day - timedelta(days=6), day) if d in means]
        series.append(
            DailyPoint(
                date=day,
                mean=means.get(day),
                avg7=sum(window) / len(window) if window else None,
                n=len(values.get(day, ())),
            )
        )
        day += timedelta(days=1)
    return series


def _days(first: date, last: date) -> Iterable[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


# ---------------------------------------------------------------------------
# Before and after


@dataclass(frozen=True)
class BeforeAfterRow:
    session_id: int
    date: date
    before: float
    after: float
    change: float  # after - before, as rated (for a chart)
    relief: float  # positive = better
    meaningful: bool


@dataclass(frozen=True)
class BeforeAfterSummary:
    rows: tuple[BeforeAfterRow, ...]
    n: int
    mean_change: float | None  # mean of after - before
    mean_relief: float | None  # positive = better on average
    meaningful_improvements: int
    meaningful_worsenings: int


def before_after(
    sessions: Iterable[SessionRecord], symptom: str = BURDEN, *, tz: tzinfo | None = None
) -> BeforeAfterSummary:
    """Per-session before/after of one symptom (or the burden), oldest first.

    Sessions without both check-ins (or without that symptom rated both times) are left out.
    """
    rows = []
    for session in sorted(sessions, key=lambda s: (s.started_at, s.session_id)):
        pair = _paired_values(session.before, session.after, symptom)
        if pair is None:
            continue
        b, a = pair
        rows.append(
            BeforeAfterRow(
                session_id=session.session_id,
                date=local_date(session.started_at, tz),
                before=b,
                after=a,
                change=a - b,
                relief=a - b if symptom in HIGHER_IS_BETTER else b - a,
                meaningful=is_meaningful_change(b, a),
            )
        )
    n = len(rows)
    return BeforeAfterSummary(
        rows=tuple(rows),
        n=n,
        mean_change=sum(r.change for r in rows) / n if n else None,
        mean_relief=sum(r.relief for r in rows) / n if n else None,
        meaningful_improvements=sum(1 for r in rows if r.meaningful and r.relief > 0),
        meaningful_worsenings=sum(1 for r in rows if r.meaningful and r.relief < 0),
    )


# ---------------------------------------------------------------------------
# Adherence and time of day


@dataclass(frozen=True)
class WeekAdherence:
    year: int  # ISO year
    week: int  # ISO week number
    starts: date  # the Monday
    sessions: int
    completed: int
    minutes: float


@dataclass(frozen=True)
class AdherenceReport:
    weeks: tuple[WeekAdherence, ...]  # oldest first, empty weeks included
    days_done: frozenset[date]  # every day with a session (for a calendar), all history
    streak: int  # consecutive days with a session, ending today (or yesterday)


def _counts_as_done(session: SessionRecord) -> bool:
    return session.completed or session.minutes > 0


def adherence(
    sessions: Iterable[SessionRecord], today: date, weeks: int = 8, *, tz: tzinfo | None = None
) -> AdherenceReport:
    """Sessions and minutes per ISO week for the last ``weeks`` weeks, and the streak.

    A session counts when it was completed or has some exercise minutes (a session stopped
    early still counts as practice). The streak ends today, or yesterday when nothing is
    done yet today, so it does not drop to 0 in the morning.
    """
    done = [s for s in sessions if _counts_as_done(s)]
    days_done = frozenset(local_date(s.started_at, tz) for s in done)
    this_monday = today - timedelta(days=today.weekday())
    first_monday = this_monday - timedelta(weeks=max(weeks, 1) - 1)
    per_week: dict[date, list[SessionRecord]] = defaultdict(list)
    for session in done:
        day = local_date(session.started_at, tz)
        monday = day - timedelta(days=day.weekday())
        if first_monday <= monday <= this_monday:
            per_week[monday].append(session)
    rows = []
    monday = first_monday
    while monday <= this_monday:
        iso = monday.isocalendar()
        week_sessions = per_week.get(monday, [])
        rows.append(
            WeekAdherence(
                year=iso.year,
                week=iso.week,
                starts=monday,
                sessions=len(week_sessions),
                completed=sum(1 for s in week_sessions if s.completed),
                minutes=round(sum(s.minutes for s in week_sessions), 1),
            )
        )
        monday += timedelta(weeks=1)
    day = today if today in days_done else today - timedelta(days=1)
    streak = 0
    while day in days_done:
        streak += 1
        day -= timedelta(days=1)
    return AdherenceReport(weeks=tuple(rows), days_done=days_done, streak=streak)


@dataclass(frozen=True)
class TimeOfDayRelief:
    time_of_day: str
    n: int
    mean_relief: float | None
    sd: float | None  # sample standard deviation, None below 2 sessions


def time_of_day_comparison(
    sessions: Iterable[SessionRecord], symptom: str = BURDEN
) -> tuple[TimeOfDayRelief, ...]:
    """Mean relief by time of day (morning, afternoon, evening, night), with n.

    Descriptive only: with a handful of sessions per bucket differences are mostly noise;
    show n next to each mean.
    """
    buckets: dict[str, list[float]] = defaultdict(list)
    for session in sessions:
        value = relief(session.before, session.after, symptom)
        if value is not None:
            buckets[session.time_of_day].append(value)
    order = list(TIMES_OF_DAY) + sorted(set(buckets) - set(TIMES_OF_DAY))
    rows = []
    for name in order:
        values = buckets.get(name, [])
        n = len(values)
        mean = sum(values) / n if n else None
        sd = None
        if n >= 2:
            sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
        rows.append(TimeOfDayRelief(time_of_day=name, n=n, mean_relief=mean, sd=sd))
    return tuple(rows)


# ---------------------------------------------------------------------------
# Which movements help


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
class MovementReport:
    effects: tuple[MovementEffect, ...]
    ranked: bool  # True when any verdict is helpful/seems to worsen; effects then in order
    winner: str | None
    explanation: str
    symptom: str = BURDEN
    n_sessions: int = 0  # sessions with before and after check-ins used
    comparisons: int = 0  # intervals judged together (Bonferroni)
    residual_sd: float | None = None


def _name(slug: str, names: Mapping[str, str] | None) -> str:
    return names.get(slug, slug) if names else slug


def _join(words: Sequence[str]) -> str:
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _points(value: float) -> str:
    return f"{value:.1f} point" + ("" if abs(round(value, 1)) == 1 else "s")


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
        pair = _paired_values(session.before, session.after, symptom)
        if pair is None:
            continue
        b, a = pair
        rows.append((a - b if symptom in HIGHER_IS_BETTER else b - a, b, session.exercises))
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
            reasons[slug] = "No session with before-and-after check-ins included it yet."
        elif without == 0:
            reasons[slug] = (
                "Done in every session so far, so there is nothing to compare it with: "
                "its effect can't be told apart from the session as a whole. "
                f"A few sessions without it ({min_sessions} or more) would help."
            )
        elif with_it < min_sessions:
            reasons[slug] = (
                f"Done in {with_it} session{'s' if with_it != 1 else ''} with before-and-"
                f"after check-ins; at least {min_sessions} are needed."
            )
        elif without < min_sessions:
            reasons[slug] = (
                f"Only {without} session{'s' if without != 1 else ''} without it; at least "
                f"{min_sessions} are needed to compare."
            )
    modelled = [s for s in slugs if 0 < n_with[s] < n]  # an always-done column is the intercept
    columns = {s: [1.0 if s in ex else 0.0 for _, _, ex in rows] for s in modelled}

    # Movements that (almost) always go together, or (almost) always replace each other.
    # Only movements with enough sessions of their own count as partners: a rare movement
    # gets its own "not enough data" and does not hide a common one.
    candidates = [s for s in modelled if s not in reasons]
    exact_groups: list[tuple[str, ...]] = []
    seen: set[str] = set()
    for slug in candidates:
        partners = []
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
        phrases = []
        for other, k, kind in partners:
            who = _name(other, names)
            if kind == "together":
                phrases.append(
                    f"always done together with {who}"
                    if k == 0
                    else f"done together with {who} in all but {k} session{'s' * (k != 1)}"
                )
            else:
                phrases.append(
                    f"always done instead of {who}"
                    if k == 0
                    else f"done instead of {who} in all but {k} session{'s' * (k != 1)}"
                )
        reasons[slug] = (
            f"{_cap(_join(phrases))}, so their separate effects can't be told apart yet."
        )
        exact = tuple(
            sorted([slug] + [o for o, k, kind in partners if k == 0 and kind == "together"])
        )
        if len(exact) > 1 and exact[0] not in seen:
            seen.update(exact)
            exact_groups.append(exact)

    testable = [s for s in slugs if s not in reasons]
    group_tests = list(exact_groups)
    fit = _ridge_fit(rows, modelled, columns, ridge_lambda) if testable or group_tests else None
    comparisons = len(testable) + len(group_tests) if fit is not None else 0
    estimates: dict[str, tuple[float, float, float]] = {}
    group_results: list[tuple[tuple[str, ...], float, float, float]] = []
    residual_sd = None
    if fit is not None:
        beta, cov, sigma, df = fit
        residual_sd = sigma
        alpha = (1 - FAMILY_CONFIDENCE) / max(comparisons, 1)
        q = _t_quantile(1 - alpha / 2, df)
        for slug in testable:
            j = modelled.index(slug)
            half = q * math.sqrt(max(cov[j][j], 0.0))
            estimates[slug] = (beta[j], beta[j] - half, beta[j] + half)
        for group in group_tests:
            idx = [modelled.index(s) for s in group]
            total = sum(beta[j] for j in idx)
            var = sum(cov[i][j] for i in idx for j in idx)
            half = q * math.sqrt(max(var, 0.0))
            group_results.append((group, total, total - half, total + half))
    elif testable:
        for slug in testable:
            reasons[slug] = "Too few sessions for the number of movements to estimate reliably."

    effects = []
    for slug in slugs:
        if slug in estimates:
            est, low, high = estimates[slug]
            if low > 0 and est >= MIN_PRACTICAL_EFFECT:
                verdict = HELPFUL
                reason = (
                    f"Sessions with it were followed by about {_points(est)} more relief "
                    f"(likely between {low:.1f} and {high:.1f})."
                )
            elif high < 0:
                verdict = SEEMS_TO_WORSEN
                reason = (
                    f"Sessions with it were followed by about {_points(-est)} less relief "
                    f"(likely between {-high:.1f} and {-low:.1f} points less)."
                )
            else:
                verdict = NO_CLEAR_EFFECT
                reason = (
                    f"The likely range, {low:.1f} to {high:.1f} points, includes no effect"
                    if low <= 0
                    else f"The likely effect, {_points(est)}, is too small to matter"
                ) + " so far."
        else:
            est = low = high = None
            verdict = NOT_ENOUGH_DATA
            reason = reasons[slug]
        effects.append(
            MovementEffect(
                slug=slug,
                estimate=est,
                low=low,
                high=high,
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
        effects.sort(key=lambda e: (_VERDICT_ORDER[e.verdict], -(e.estimate or 0.0), e.slug))
    helpful = [e for e in effects if e.verdict == HELPFUL]
    winner = None
    if helpful:
        top = max(helpful, key=lambda e: e.estimate)
        others = [e for e in helpful if e is not top]
        if all(top.low > e.high for e in others):
            winner = top.slug

    explanation = _explain(
        n=n,
        effects=effects,
        winner=winner,
        helpful=helpful,
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


def _explain(*, n, effects, winner, helpful, groups, group_results, min_sessions, names) -> str:
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
        return _cap(_join([_name(slug, names) for slug in slugs]))

    if winner is not None:
        top = next(e for e in effects if e.slug == winner)
        parts.append(
            f"{listed([winner])} is the movement most clearly linked with feeling better "
            f"afterwards: about {_points(top.estimate)} more relief (likely between "
            f"{top.low:.1f} and {top.high:.1f})."
        )
        rest = [e.slug for e in helpful if e.slug != winner]
        if rest:
            parts.append(f"{listed(rest)} also seem to help, but less.")
    elif helpful:
        parts.append(
            f"{listed(e.slug for e in helpful)} all seem to help; the data can't yet say "
            "which helps most."
        )
    elif any(e.verdict in (NO_CLEAR_EFFECT, SEEMS_TO_WORSEN) for e in effects):
        single = "single " if groups else ""
        parts.append(
            f"No {single}movement stands out as helpful yet: none shows a clear effect beyond "
            "the usual ups and downs between sessions."
        )
    worse = [e.slug for e in effects if e.verdict == SEEMS_TO_WORSEN]
    if worse:
        parts.append(
            f"Sessions with {_join([_name(s, names) for s in worse])} tended to be followed "
            "by feeling worse; consider easing off and talking it over with your clinician."
        )
    results = {g: (total, low, high) for g, total, low, high in group_results}
    for group in groups:
        text = f"{listed(group)} were always done together, so their effects can't be told apart."
        if group in results:
            total, low, high = results[group]
            if low > 0 and total >= MIN_PRACTICAL_EFFECT:
                text += (
                    f" Together they were followed by about {_points(total)} more relief "
                    f"(likely between {low:.1f} and {high:.1f})."
                )
        parts.append(text + " Doing them on different days would show which one helps.")
    if any(e.verdict == NOT_ENOUGH_DATA and not e.together_with for e in effects):
        parts.append(
            f"Some movements need more sessions ({min_sessions} with and {min_sessions} "
            "without them) before they can be judged."
        )
    parts.append("Patterns like these show what tends to go together, not proof of cause.")
    return " ".join(parts)


def _ridge_fit(rows, modelled, columns, ridge_lambda):
    """(beta over ``modelled``, posterior covariance, sigma, residual df), or None.

    Centring y and every column is equivalent to an unpenalised intercept. The centred
    before-score is an extra, unpenalised column (dropped when it does not vary).
    """
    n = len(rows)
    if n < 3:
        return None
    y = [r for r, _, _ in rows]
    y_mean = sum(y) / n
    yc = [v - y_mean for v in y]
    before = [b for _, b, _ in rows]
    b_mean = sum(before) / n
    cols = []
    for s in modelled:
        mean = sum(columns[s]) / n
        cols.append([v - mean for v in columns[s]])
    penalty = [ridge_lambda] * len(modelled)
    if sum((b - b_mean) ** 2 for b in before) > _EPS:
        cols.append([b - b_mean for b in before])
        penalty.append(0.0)
    p = len(cols)
    if p == 0:
        return None
    xtx = [[0.0] * p for _ in range(p)]
    for i in range(p):
        for j in range(i, p):
            xtx[i][j] = xtx[j][i] = math.sumprod(cols[i], cols[j])
    xty = [math.sumprod(cols[i], yc) for i in range(p)]
    a_mat = [[xtx[i][j] + (penalty[i] if i == j else 0.0) for j in range(p)] for i in range(p)]
    a_inv = _invert(a_mat)
    if a_inv is None:
        return None
    beta = [sum(a_inv[i][k] * xty[k] for k in range(p)) for i in range(p)]
    # ||y - X beta||^2 = y'y - 2 beta'X'y + beta'X'X beta: O(p^2), not O(n p).
    rss = max(
        0.0,
        math.sumprod(yc, yc)
        - 2 * math.sumprod(beta, xty)
        + sum(beta[i] * math.sumprod(xtx[i], beta) for i in range(p)),
    )
    edf = sum(a_inv[i][k] * xtx[k][i] for i in range(p) for k in range(p))
    df = n - 1 - edf
    if df < 1:
        return None
    sigma = max(math.sqrt(rss / df), SIGMA_FLOOR)
    cov = [[sigma**2 * a_inv[i][j] for j in range(p)] for i in range(p)]
    return beta[: len(modelled)], cov, sigma, df


def _invert(matrix: list[list[float]]) -> list[list[float]] | None:
    """Gauss-Jordan inverse with partial pivoting; None when (numerically) singular."""
    size = len(matrix)
    scale = max((abs(v) for row in matrix for v in row), default=0.0)
    if scale == 0:
        return None
    aug = [
        list(row) + [1.0 if i == j else 0.0 for j in range(size)] for i, row in enumerate(matrix)
    ]
    for col in range(size):
        pivot = max(range(col, size), key=lambda r: abs(aug[r][col]))
        if abs(aug[pivot][col]) < 1e-12 * scale:
            return None
        aug[col], aug[pivot] = aug[pivot], aug[col]
        lead = aug[col][col]
        aug[col] = [v / lead for v in aug[col]]
        for r in range(size):
            if r != col and aug[r][col] != 0.0:
                factor = aug[r][col]
                aug[r] = [v - factor * w for v, w in zip(aug[r], aug[col], strict=True)]
    return [row[size:] for row in aug]


def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction for the incomplete beta function (modified Lentz)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-14:
            break
    return h


def _betainc(a: float, b: float, x: float) -> float:
    """Regularised incomplete beta I_x(a, b)."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    front = math.exp(log_front)
    if x < (a + 1) / (a + b + 2):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1 - x) / b


def _t_sf(t: float, df: float) -> float:
    """P(T > t) for Student's t with df degrees of freedom, t >= 0."""
    return 0.5 * _betainc(df / 2, 0.5, df / (df + t * t))


def _t_quantile(p: float, df: float) -> float:
    """The p-quantile (p > 0.5) of Student's t, by bisection; normal for huge df."""
    if df > 1e6:
        return NormalDist().inv_cdf(p)
    tail = 1 - p
    lo, hi = 0.0, 1.0
    while _t_sf(hi, df) > tail:
        hi *= 2
    for _ in range(200):
        mid = (lo + hi) / 2
        if _t_sf(mid, df) > tail:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-10:
            break
    return (lo + hi) / 2


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
    helpful = [e for e in effects if e.verdict == HELPFUL]
    helpful.sort(key=lambda e: -(e.estimate or 0.0))

    def high(symptom: str) -> bool:
        value = recent.get(symptom)
        return value is not None and value >= HIGH_RATING

    def helpful_in(category: str) -> str:
        found = [e.slug for e in helpful if categories.get(e.slug) == category]
        if not found:
            return ""
        return f", such as {_name(found[0], names)}, which seems to help you"

    out: list[str] = []
    if "numbness" in main or high("numbness"):
        out.append(
            "For numbness, you could try a little more sensory retraining (textures, "
            f"touch and position-sense exercises){helpful_in('sensory')}."
        )
    if "pain" in main or any(high(s) for s in PAIN_SYMPTOMS):
        out.append(
            "For pain, you could try more gentle stretching, moving slowly and stopping "
            f"short of pain{helpful_in('stretch')}."
        )
    low_balance = recent.get("balance_confidence")
    if (
        balance_concerns
        or "balance" in main
        or (low_balance is not None and low_balance <= LOW_BALANCE_CONFIDENCE)
    ):
        out.append(
            "Because balance is a concern, you might do your exercises seated, or hold on "
            "to something sturdy for standing ones."
        )
    for effect in helpful:
        out.append(
            f"Keep doing {_name(effect.slug, names)}: sessions with it tended to be "
            "followed by feeling better."
        )
    for effect in effects:
        if effect.verdict == SEEMS_TO_WORSEN:
            out.append(
                f"You might ease off {_name(effect.slug, names)} for a while: sessions with "
                "it tended to be followed by feeling worse."
            )
        elif effect.feedback_counts.painful >= 2:
            out.append(
                f"You marked {_name(effect.slug, names)} as painful "
                f"{effect.feedback_counts.painful} times; you could do it more gently, "
                "or skip it."
            )
    out.append(CONSULT_SENTENCE)
    return out
