"""Small, exact statistics for the movement analysis: pure, stdlib only.

- ``ridge_fit``: ridge regression with an unpenalised intercept and unpenalised
  covariates, returning the coefficients, their posterior covariance
  sigma^2 (X'X + lambda P)^-1, the residual sd and degrees of freedom
  (n - 1 - edf, edf = trace(A^-1 X'X)).
- ``invert``: Gauss-Jordan inversion with partial pivoting.
- ``t_quantile``: Student's t quantile by bisection on the survival function, from the
  regularised incomplete beta function (continued fraction, modified Lentz).

Why not numpy/scipy: the matrices are at most ~20 x 20 (one column per exercise in the
library) and the data at most a few hundred sessions, so plain Python takes well under
a millisecond per fit; for a self-hosted app that keeps the install small, the wheels
out of the lock file, and the results identical on every platform. Tests check these
against known values (e.g. t quantiles from tables).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist

EPS = 1e-9
SIGMA_FLOOR = 0.5  # points; rounding of two whole-number ratings alone gives ~0.41


@dataclass(frozen=True)
class RidgeFit:
    coefficients: tuple[float, ...]  # one per penalised column, in the order given
    covariance: tuple[tuple[float, ...], ...]  # posterior covariance of those coefficients
    sigma: float  # residual sd, floored at SIGMA_FLOOR
    df: float  # residual degrees of freedom, n - 1 - edf


def ridge_fit(
    y: Sequence[float],
    columns: Sequence[Sequence[float]],
    covariates: Sequence[Sequence[float]],
    *,
    ridge_lambda: float,
) -> RidgeFit | None:
    """Ridge regression of ``y`` on ``columns`` (penalised) and ``covariates`` (not), with an
    unpenalised intercept; None when there are too few rows or the system is singular.

    Centring y and every column is equivalent to an unpenalised intercept. A centred
    covariate is dropped when it does not vary.
    """
    n = len(y)
    if n < 3:
        return None
    y_mean = sum(y) / n
    yc = [v - y_mean for v in y]
    cols = []
    for column in columns:
        mean = sum(column) / n
        cols.append([v - mean for v in column])
    penalty = [ridge_lambda] * len(columns)
    for covariate in covariates:
        mean = sum(covariate) / n
        centred = [v - mean for v in covariate]
        if sum(v * v for v in centred) > EPS:
            cols.append(centred)
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
    a_inv = invert(a_mat)
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
    k = len(columns)
    return RidgeFit(
        coefficients=tuple(beta[:k]),
        covariance=tuple(tuple(sigma**2 * a_inv[i][j] for j in range(k)) for i in range(k)),
        sigma=sigma,
        df=df,
    )


def invert(matrix: list[list[float]]) -> list[list[float]] | None:
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


def _beta_continued_fraction(a: float, b: float, x: float) -> float:
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


def regularized_incomplete_beta(a: float, b: float, x: float) -> float:
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
        return front * _beta_continued_fraction(a, b, x) / a
    return 1.0 - front * _beta_continued_fraction(b, a, 1 - x) / b


def t_survival(t: float, df: float) -> float:
    """P(T > t) for Student's t with df degrees of freedom, t >= 0."""
    return 0.5 * regularized_incomplete_beta(df / 2, 0.5, df / (df + t * t))


def t_quantile(p: float, df: float) -> float:
    """The p-quantile (p > 0.5) of Student's t, by bisection; normal for huge df."""
    if df > 1e6:
        return NormalDist().inv_cdf(p)
    tail = 1 - p
    lo, hi = 0.0, 1.0
    while t_survival(hi, df) > tail:
        hi *= 2
    for _ in range(200):
        mid = (lo + hi) / 2
        if t_survival(mid, df) > tail:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-10:
            break
    return (lo + hi) / 2


def t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t with df degrees of freedom."""
    tail = t_survival(abs(t), df)
    return 1.0 - tail if t >= 0 else tail


def holm(p_values: Sequence[float], alpha: float) -> list[bool]:
    """Holm's step-down test: which hypotheses are rejected, keeping the chance of any
    false rejection at most ``alpha`` whatever the dependence between the tests."""
    order = sorted(range(len(p_values)), key=lambda i: p_values[i])
    rejected = [False] * len(p_values)
    for rank, index in enumerate(order):
        if p_values[index] > alpha / (len(p_values) - rank):
            break
        rejected[index] = True
    return rejected


def sum_to_zero_fit(
    y: Sequence[float],
    columns: Sequence[Sequence[float]],
    covariates: Sequence[Sequence[float]],
    *,
    ridge_lambda: float,
) -> RidgeFit | None:
    """The fit with the constraint sum(beta) = 0, for designs in which every row has the
    same number of ones (the columns then add up to the intercept). The last coefficient
    is minus the sum of the others; its covariance follows from that linear map."""
    k = len(columns)
    if k < 2:
        return None
    last = columns[-1]
    reduced = [[a - b for a, b in zip(column, last, strict=True)] for column in columns[:-1]]
    fit = ridge_fit(y, reduced, covariates, ridge_lambda=ridge_lambda)
    if fit is None:
        return None
    # beta = T gamma with T = [I; -1...-1]
    gamma, cov = fit.coefficients, fit.covariance
    beta = (*gamma, -sum(gamma))

    def row(i: int) -> list[float]:
        return [1.0 if i == j else 0.0 for j in range(k - 1)] if i < k - 1 else [-1.0] * (k - 1)

    rows = [row(i) for i in range(k)]
    full = tuple(
        tuple(
            sum(rows[i][a] * cov[a][b] * rows[j][b] for a in range(k - 1) for b in range(k - 1))
            for j in range(k)
        )
        for i in range(k)
    )
    return RidgeFit(coefficients=beta, covariance=full, sigma=fit.sigma, df=fit.df)
