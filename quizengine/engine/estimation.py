"""EAP estimation on a fixed quadrature grid, and the prior each area borrows from the others.

Every area keeps the log-likelihood of its own answers on the grid. Its posterior is that likelihood times
its prior; the prior is a normal whose mean and SD come from the other areas' answers (see
`borrowed_priors`). With correlation 0 every prior is the standard normal and areas are independent.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from quizengine.engine.irt import GRID, FloatArray, probability_correct

BoolArray = npt.NDArray[np.bool_]


def normal_log_density(mean: float | FloatArray, sd: float | FloatArray) -> FloatArray:
    """Unnormalised log N(mean, sd^2) on the grid; with array arguments, one row per (mean, sd)."""
    mean_col = np.asarray(mean, dtype=np.float64)[..., None]
    sd_col = np.asarray(sd, dtype=np.float64)[..., None]
    result: FloatArray = -0.5 * ((GRID - mean_col) / sd_col) ** 2
    return result


def posterior_moments(log_posterior: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Mean and SD of each row of unnormalised log densities on the grid (EAP and its standard error)."""
    weights = np.exp(log_posterior - log_posterior.max(axis=-1, keepdims=True))
    weights /= weights.sum(axis=-1, keepdims=True)
    mean = weights @ GRID
    variance = np.einsum("...g,...g->...", weights, (GRID - mean[..., None]) ** 2)
    return mean, np.sqrt(np.maximum(variance, 0.0))


# The standard normal as the grid represents it (slightly truncated at +/-4): the reference against which a
# likelihood's own information is measured.
_REFERENCE_LOG_PRIOR = normal_log_density(0.0, 1.0)
_REFERENCE_MEAN, _REFERENCE_SD = (float(x) for x in posterior_moments(_REFERENCE_LOG_PRIOR))
_REFERENCE_PRECISION = 1.0 / _REFERENCE_SD**2


def likelihood_summaries(log_likelihoods: FloatArray, has_data: BoolArray) -> tuple[FloatArray, FloatArray]:
    """Gaussian approximation N(centre, 1 / precision) of each area's likelihood (one row per area).

    Read off the EAP and posterior SD under the reference standard-normal prior: precisions add, so the
    likelihood's precision is 1/SD^2 minus the prior's, and its centre undoes the prior's shrinkage.
    Areas without answers get precision 0 (no information).
    """
    mean, sd = posterior_moments(log_likelihoods + _REFERENCE_LOG_PRIOR)
    precision = np.where(has_data, np.maximum(1.0 / sd**2 - _REFERENCE_PRECISION, 0.0), 0.0)
    weighted = mean / sd**2 - _REFERENCE_MEAN * _REFERENCE_PRECISION
    centre = np.divide(weighted, precision, out=np.zeros_like(precision), where=precision > 0)
    return centre, precision


def borrowed_priors(centres: FloatArray, precisions: FloatArray, rho: float) -> tuple[FloatArray, FloatArray]:
    """Prior mean and SD of each area given the other areas' answers.

    Abilities are multivariate normal with unit variances and equal pairwise correlation rho. Each other
    area j is an observation centre_j = theta_j + error with variance 1 / precision_j (the Gaussian
    approximation of its likelihood, so a poorly measured area counts for little: that is the shrinkage).
    The conditional normal of theta_u given those observations has, by Sherman-Morrison on the equicorrelated
    covariance, with w_j = 1 / (1 - rho + 1 / precision_j) summed over the other areas:
        mean = rho * sum(w_j centre_j) / (1 + rho * sum(w_j)),  var = 1 - rho^2 sum(w_j) / (1 + rho sum(w_j)).
    """
    if rho == 0.0:
        return np.zeros_like(centres), np.ones_like(centres)
    weights = precisions / (1.0 + (1.0 - rho) * precisions)
    others_weight = weights.sum() - weights
    others_centre = (weights * centres).sum() - weights * centres
    denominator = 1.0 + rho * others_weight
    mean = rho * others_centre / denominator
    variance = 1.0 - rho * rho * others_weight / denominator
    return mean, np.sqrt(variance)


def borrowed_means(centres: FloatArray, precisions: FloatArray, correlation: FloatArray,
                   wanted: BoolArray) -> FloatArray:
    """Prior mean of each `wanted` area given the other areas' answers, for any correlation matrix (0 elsewhere).

    As `borrowed_priors` with the equal correlation replaced by the matrix R: the other areas O with answers are
    observations centre_O = theta_O + error, error ~ N(0, diag(1 / precision_O)), so
        mean_u = R[u, O] (R[O, O] + diag(1 / precision_O))^-1 centre_O.
    """
    means = np.zeros_like(centres)
    observed = precisions > 0
    for u in np.flatnonzero(wanted):
        others = np.flatnonzero(observed & (np.arange(len(centres)) != u))
        if others.size == 0:
            continue
        covariance = correlation[np.ix_(others, others)] + np.diag(1.0 / precisions[others])
        means[u] = float(np.linalg.solve(covariance, correlation[u, others]) @ centres[others])
    return means


def expected_posterior_sd(log_posterior: FloatArray, a: float, b: float, c: float = 0.0) -> float:
    """Posterior SD expected after answering one more item, averaged over both possible answers."""
    weights = np.exp(log_posterior - log_posterior.max())
    weights /= weights.sum()
    p = probability_correct(GRID, a, b, c)
    expected = 0.0
    for likelihood in (p, 1.0 - p):
        joint = weights * likelihood
        marginal = float(joint.sum())
        _, sd = posterior_moments(np.log(np.maximum(joint / marginal, 1e-300)))
        expected += marginal * float(sd)
    return expected
