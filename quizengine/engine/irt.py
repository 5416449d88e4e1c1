"""The response model: 3PL logistic (2PL when c = 0), vectorised over items or over the ability grid."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

# EAP quadrature: 121 points on [-6, 6] (spacing 0.1) keeps posterior moments accurate to well under 0.01 for
# posterior SDs down to 0.2; the range is wide enough that an estimate at |theta| = 3 is not pulled in by the
# grid's edge, and one update still costs a few microseconds.
GRID_MIN = -6.0
GRID_MAX = 6.0
GRID_POINTS = 121
GRID: FloatArray = np.linspace(GRID_MIN, GRID_MAX, GRID_POINTS)

# Probabilities are kept away from 0 and 1 so log-likelihoods stay finite for any answer string.
_PROBABILITY_FLOOR = 1e-12


def _logistic(x: FloatArray) -> FloatArray:
    # tanh form: no overflow for any argument, exactly 0.5 at x = 0.
    result: FloatArray = 0.5 * (1.0 + np.tanh(0.5 * x))
    return result


def probability_correct(theta: float | FloatArray, a: float | FloatArray, b: float | FloatArray,
                        c: float | FloatArray = 0.0) -> FloatArray:
    """P(correct | theta) = c + (1 - c) / (1 + exp(-a (theta - b)))."""
    logistic = _logistic(np.asarray(a) * (np.asarray(theta) - np.asarray(b)))
    probability = c + (1.0 - np.asarray(c)) * logistic
    result: FloatArray = np.clip(probability, _PROBABILITY_FLOOR, 1.0 - _PROBABILITY_FLOOR)
    return result


def fisher_information(theta: float, a: FloatArray, b: FloatArray, c: FloatArray) -> FloatArray:
    """Item information at theta: a^2 (P - c)^2 Q / ((1 - c)^2 P), written with L = the logistic part as
    a^2 (1 - c) L^2 (1 - L) / P so it stays finite far from b; equals a^2 P Q for c = 0."""
    logistic = _logistic(a * (theta - b))
    p = c + (1.0 - c) * logistic
    information: FloatArray = a * a * (1.0 - c) * logistic**2 * (1.0 - logistic) / np.maximum(p, _PROBABILITY_FLOOR)
    return information


def response_log_likelihood(correct: bool, a: float, b: float, c: float) -> FloatArray:
    """log P(this answer | theta) at every grid point."""
    p = probability_correct(GRID, a, b, c)
    result: FloatArray = np.log(p) if correct else np.log1p(-p)
    return result
