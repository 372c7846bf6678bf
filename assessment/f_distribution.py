"""The F distribution's cumulative probability and quantiles, for the confidence interval of
Cronbach's alpha (:mod:`assessment.reliability`), without a statistics library.

P(F ≤ x) for d1 and d2 degrees of freedom is the regularised incomplete beta
function I_z(d1/2, d2/2) at z = d1·x ÷ (d1·x + d2). I is evaluated by its
continued fraction, summed with the modified Lentz method (the algorithm of
Press et al., *Numerical Recipes*, 3rd ed., §6.4); a quantile is found by
bisecting z, on which I rises monotonically. These are floats: a confidence
interval is an estimate, shown to two decimals, not a score. The tests check the
quantiles against published F tables.
"""

from __future__ import annotations

import math

_TINY = 1e-300
_EPSILON = 1e-15
_MAX_TERMS = 100_000
_BISECTIONS = 200


def _continued_fraction(a: float, b: float, z: float) -> float:
    """The continued fraction of I_z(a, b), by the modified Lentz method."""
    c, d = 1.0, 1.0 - (a + b) * z / (a + 1)
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    fraction = d
    for m in range(1, _MAX_TERMS):
        for numerator in (
            m * (b - m) * z / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * z / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > _TINY else _TINY)
            c = 1.0 + numerator / c
            c = c if abs(c) > _TINY else _TINY
            fraction *= c * d
        if abs(c * d - 1.0) < _EPSILON:
            return fraction
    raise ArithmeticError("the incomplete beta function did not converge")  # pragma: no cover


def regularized_beta(z: float, a: float, b: float) -> float:
    """I_z(a, b): the probability that a Beta(a, b) variable is at most z."""
    if z <= 0:
        return 0.0
    if z >= 1:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(z) + b * math.log1p(-z)
    )
    front = math.exp(log_front)
    if z < (a + 1) / (a + b + 2):  # the fraction converges fast on this side
        return front * _continued_fraction(a, b, z) / a
    return 1.0 - front * _continued_fraction(b, a, 1.0 - z) / b


def f_cdf(x: float, d1: float, d2: float) -> float:
    """P(F ≤ x) for an F distribution with d1 and d2 degrees of freedom."""
    if x <= 0:
        return 0.0
    return regularized_beta(d1 * x / (d1 * x + d2), d1 / 2, d2 / 2)


def f_quantile(p: float, d1: float, d2: float) -> float:
    """The x with P(F ≤ x) = p, for 0 < p < 1."""
    if not 0 < p < 1:
        raise ValueError("a quantile needs a probability strictly between 0 and 1")
    low, high = 0.0, 1.0
    for _ in range(_BISECTIONS):
        middle = (low + high) / 2
        if middle in (low, high):
            break
        if regularized_beta(middle, d1 / 2, d2 / 2) < p:
            low = middle
        else:
            high = middle
    z = (low + high) / 2
    return d2 * z / (d1 * (1 - z))
