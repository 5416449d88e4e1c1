"""Item calibration from stored answers: marginal maximum likelihood (EM on a quadrature grid) for the 2PL with
a guessing floor c (fixed, or shared by a group of items of one type and estimated), priors on b (centred at the
label's b) and on log a, and a population model in which the areas' abilities are correlated.

Why the correlated population: the app aims an area's first questions where the learner's other areas point (the
borrowed prior), so which items an area gets depends on the other areas' answers. A per-area model with a plain
N(0, 1) population ignores that dependence and is not ignorable for it (the design is "missing at random" only
given every area's answers). Here each area's ability prior, per learner, is the conditional normal given the
other areas' evidence: abilities are N(0, R) with unit variances and correlation matrix R (estimated in the same
EM), and each other area's answers enter through the Gaussian summary (centre, precision) of its likelihood. That
is a latent regression of each area on the others, with the regression implied by R. `correlated=False` fixes
R = I: the per-area N(0, 1) model, kept to show what it gets wrong.

Standard errors are Louis's observed information for each item's own (log a, b) block, plus the priors'.
Pure numpy; no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

# A coarser grid than the engine's: calibration integrates smooth posteriors (SD >= 0.25 with the app's test
# lengths), for which spacing 0.2 on [-6, 6] changes expected counts by far less than their sampling error.
CALIBRATION_GRID: FloatArray = np.linspace(-6.0, 6.0, 61)
# The weak prior on a: log a ~ N(log seed, 0.5^2) keeps an item with few or uninformative answers near the seed
# without pulling a well-measured one (1,000 answers carry about 40 times this information).
LOG_A_PRIOR_SD = 0.5
_FLOOR = 1e-12
MIN_CORRELATION_EIGENVALUE = 0.02
# A shared guessing floor is pooled over many items' answers; the prior only keeps a group with few answers
# near its type's value. The schema caps c at 0.5.
GUESSING_PRIOR_SD = 0.1
MAX_GUESSING_FLOOR = 0.5


@dataclass(frozen=True)
class ItemPrior:
    """What is known of one item before its answers are seen."""

    area: int  # index into the areas
    b_mean: float  # the label's b
    b_sd: float
    a_seed: float
    c: float  # the guessing floor (its start when the item is in a guessing group)
    free_a: bool = True  # False: a stays at a_seed (too few answers to estimate it)
    # Items of one guessing group (e.g. "single choice with 4 options") share one c estimated from all their
    # answers; None keeps c fixed at `c`.
    guessing_group: int | None = None


@dataclass(frozen=True)
class Answers:
    """Measuring answers, one row each: which learner, which item (index into the items), right or wrong."""

    learner: IntArray
    item: IntArray
    correct: BoolArray

    @classmethod
    def of(cls, learner: npt.ArrayLike, item: npt.ArrayLike, correct: npt.ArrayLike) -> Answers:
        return cls(np.asarray(learner, dtype=np.int64), np.asarray(item, dtype=np.int64),
                   np.asarray(correct, dtype=bool))


@dataclass(frozen=True)
class Calibration:
    """Per item: estimates, standard errors (NaN for a fixed a) and answer counts; the area correlation matrix."""

    a: FloatArray
    b: FloatArray
    c: FloatArray
    se_a: FloatArray
    se_b: FloatArray
    n_responses: IntArray
    correlation: FloatArray
    iterations: int
    converged: bool
    log_likelihood: float


def calibrate(answers: Answers, items: Sequence[ItemPrior], areas: int, *, correlated: bool = True,
              max_iterations: int = 300, tolerance: float = 1e-3) -> Calibration:
    """Fit a and b of every item, the shared c of each guessing group (other items keep theirs) and, if
    `correlated`, the area correlation matrix, by EM."""
    if len(answers.item) == 0:
        raise ValueError("no answers to calibrate from")
    if answers.item.min() < 0 or answers.item.max() >= len(items):
        raise ValueError("an answer refers to an item outside the item list")
    area_of = np.array([item.area for item in items], dtype=np.int64)
    if area_of.min() < 0 or area_of.max() >= areas:
        raise ValueError("an item's area is outside the areas")
    data = _Design.build(answers, area_of, areas)
    b_mean = np.array([item.b_mean for item in items])
    b_precision = 1.0 / np.array([item.b_sd for item in items]) ** 2
    log_a_mean = np.log(np.array([item.a_seed for item in items]))
    free_a = np.array([item.free_a for item in items])
    c = np.array([item.c for item in items])
    groups = np.array([-1 if item.guessing_group is None else item.guessing_group for item in items])
    c_seed = c.copy()
    log_a, b = log_a_mean.copy(), b_mean.copy()
    correlation = np.eye(areas)
    iteration, converged, log_likelihood = 0, False, float("nan")
    for iteration in range(1, max_iterations + 1):  # noqa: B007 (reported after the loop)
        weights, log_likelihood, summaries = data.posterior(np.exp(log_a), b, c, correlation)
        n_g, r_g = data.expected_counts(weights, len(items))
        new_log_a, new_b = _m_step(n_g, r_g, log_a, b, c, free_a, log_a_mean, b_mean, b_precision)
        new_c = _guessing_step(n_g, r_g, np.exp(new_log_a), new_b, c, groups, c_seed)
        new_correlation = _update_correlation(*summaries, correlation) if correlated else correlation
        change = max(float(np.max(np.abs(new_log_a - log_a))), float(np.max(np.abs(new_b - b))),
                     float(np.max(np.abs(new_c - c))), float(np.max(np.abs(new_correlation - correlation))))
        correlation = new_correlation
        c = new_c
        log_a, b = new_log_a, new_b
        if change < tolerance:
            converged = True
            break
    weights, log_likelihood, _ = data.posterior(np.exp(log_a), b, c, correlation)
    se_log_a, se_b = _louis_standard_errors(data, weights, np.exp(log_a), b, c, free_a, b_precision)
    a = np.exp(log_a)
    counts = np.bincount(answers.item, minlength=len(items)).astype(np.int64)
    return Calibration(a=a, b=b, c=c, se_a=np.where(free_a, a * se_log_a, np.nan), se_b=se_b,
                       n_responses=counts, correlation=correlation, iterations=iteration, converged=converged,
                       log_likelihood=log_likelihood)


@dataclass(frozen=True)
class _AreaBlock:
    """One area's answers as dense 0/1 matrices (learners with answers there x the area's items), so every sum
    over answers is a matrix product: an area holds tens of items, so these stay small."""

    area: int
    learners: IntArray  # rows: learner indices
    items: IntArray  # columns: global item indices
    right: FloatArray
    wrong: FloatArray


@dataclass(frozen=True)
class _Design:
    blocks: list[_AreaBlock]
    learners: int
    areas: int

    @classmethod
    def build(cls, answers: Answers, area_of: IntArray, areas: int) -> _Design:
        _, learner = np.unique(answers.learner, return_inverse=True)
        learner = learner.astype(np.int64).ravel()
        area = area_of[answers.item]
        blocks = []
        for k in range(areas):
            mine = area == k
            if not mine.any():
                continue
            rows, row_of = np.unique(learner[mine], return_inverse=True)
            columns = np.flatnonzero(area_of == k)
            column_of = np.searchsorted(columns, answers.item[mine])
            right = np.zeros((len(rows), len(columns)))
            wrong = np.zeros_like(right)
            np.add.at(right, (row_of.ravel(), column_of), answers.correct[mine].astype(np.float64))
            np.add.at(wrong, (row_of.ravel(), column_of), (~answers.correct[mine]).astype(np.float64))
            blocks.append(_AreaBlock(k, rows, columns, right, wrong))
        return cls(blocks, int(learner.max()) + 1, areas)

    def posterior(self, a: FloatArray, b: FloatArray, c: FloatArray, correlation: FloatArray,
                  ) -> tuple[list[FloatArray], float, tuple[FloatArray, FloatArray]]:
        """Per block: grid posterior weights of its rows; the marginal log-likelihood; every learner's likelihood
        summary per area as learners x areas (centre, precision), precision 0 where an area has no answers."""
        p = _probability(a[:, None], b[:, None], c[:, None])
        log_p, log_q = np.log(p), np.log1p(-p)
        centres = np.zeros((self.learners, self.areas))
        precisions = np.zeros((self.learners, self.areas))
        likelihoods = []
        for block in self.blocks:
            cell = block.right @ log_p[block.items] + block.wrong @ log_q[block.items]
            centres[block.learners, block.area], precisions[block.learners, block.area] = _likelihood_summaries(cell)
            likelihoods.append(cell)
        prior_mean, prior_sd = _conditional_priors(centres, precisions, correlation)
        step = float(CALIBRATION_GRID[1] - CALIBRATION_GRID[0])
        weights, log_likelihood = [], 0.0
        for block, cell in zip(self.blocks, likelihoods, strict=True):
            mean, sd = prior_mean[block.learners, block.area], prior_sd[block.learners, block.area]
            log_joint = cell - 0.5 * ((CALIBRATION_GRID - mean[:, None]) / sd[:, None]) ** 2 - np.log(sd)[:, None]
            peak = log_joint.max(axis=1, keepdims=True)
            joint = np.exp(log_joint - peak)
            total = joint.sum(axis=1, keepdims=True)
            log_likelihood += float(np.sum(peak[:, 0] + np.log(total[:, 0] * step / np.sqrt(2.0 * np.pi))))
            weights.append(joint / total)
        return weights, log_likelihood, (centres, precisions)

    def expected_counts(self, weights: list[FloatArray], items: int) -> tuple[FloatArray, FloatArray]:
        """Per item and grid point: expected answers and expected right answers."""
        n_g = np.zeros((items, len(CALIBRATION_GRID)))
        r_g = np.zeros_like(n_g)
        for block, w in zip(self.blocks, weights, strict=True):
            r_g[block.items] = block.right.T @ w
            n_g[block.items] = r_g[block.items] + block.wrong.T @ w
        return n_g, r_g


def _probability(a: FloatArray, b: FloatArray, c: FloatArray) -> FloatArray:
    logistic = 0.5 * (1.0 + np.tanh(0.5 * a * (CALIBRATION_GRID - b)))
    result: FloatArray = np.clip(c + (1.0 - c) * logistic, _FLOOR, 1.0 - _FLOOR)
    return result


_REFERENCE_LOG_PRIOR = -0.5 * CALIBRATION_GRID**2


def _likelihood_summaries(log_likelihood: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Gaussian N(centre, 1 / precision) of each row's likelihood, read off its posterior under N(0, 1): precisions
    add, so the likelihood's is 1/SD^2 - 1 and its centre undoes the prior's shrinkage."""
    log_joint = log_likelihood + _REFERENCE_LOG_PRIOR
    weights = np.exp(log_joint - log_joint.max(axis=1, keepdims=True))
    weights /= weights.sum(axis=1, keepdims=True)
    mean = weights @ CALIBRATION_GRID
    variance = np.maximum(weights @ CALIBRATION_GRID**2 - mean**2, 1e-6)
    precision = np.maximum(1.0 / variance - 1.0, 0.0)
    centre = np.divide(mean / variance, precision, out=np.zeros_like(mean), where=precision > 1e-9)
    return centre, precision


def _conditional_priors(centres: FloatArray, precisions: FloatArray, correlation: FloatArray,
                        ) -> tuple[FloatArray, FloatArray]:
    """Mean and SD of each area's ability given the other areas' summaries, abilities ~ N(0, R).

    With s = sqrt(precision) of the others (0 for no evidence) and M = I + S R_oo S, the others' summaries have
    covariance R_oo + S^-2, whose inverse is S M^-1 S; then mean = R_ko S M^-1 S centre_o and
    var = 1 - R_ko S M^-1 S R_ok.
    """
    learners, areas = centres.shape
    if np.allclose(correlation, np.eye(areas)):
        return np.zeros((learners, areas)), np.ones((learners, areas))
    mean = np.zeros((learners, areas))
    variance = np.ones((learners, areas))
    roots = np.sqrt(precisions)
    for k in range(areas):
        others = np.r_[0:k, k + 1:areas]
        r_oo = correlation[np.ix_(others, others)]
        r_ko = correlation[k, others]
        s = roots[:, others]
        m = np.eye(len(others)) + s[:, :, None] * r_oo[None] * s[:, None, :]
        rhs = np.stack([s * centres[:, others], s * r_ko[None]], axis=2)
        solved = np.linalg.solve(m, rhs)
        mean[:, k] = np.einsum("o,no->n", r_ko, s * solved[:, :, 0])
        variance[:, k] = 1.0 - np.einsum("o,no->n", r_ko, s * solved[:, :, 1])
    return mean, np.sqrt(np.maximum(variance, 1e-4))


def _update_correlation(centres: FloatArray, precisions: FloatArray, correlation: FloatArray) -> FloatArray:
    """One EM step for R in the Gaussian measurement model centre = theta + error (error variance 1/precision):
    R <- mean over learners of E[theta theta^T | summaries], rescaled to unit variances."""
    areas = correlation.shape[0]
    inverse = np.linalg.inv(correlation)
    posterior_precision = inverse[None] + precisions[:, :, None] * np.eye(areas)[None]
    covariance = np.linalg.inv(posterior_precision)
    mean = np.einsum("nij,nj->ni", covariance, precisions * centres)
    second = covariance.mean(axis=0) + mean.T @ mean / len(mean)
    scale = np.sqrt(np.diag(second))
    result: FloatArray = second / np.outer(scale, scale)
    # Areas that measure (nearly) one skill would make R singular: floor its eigenvalues, which leaves any
    # well-conditioned R as it is.
    values, vectors = np.linalg.eigh(result)
    if values.min() < MIN_CORRELATION_EIGENVALUE:
        result = (vectors * np.maximum(values, MIN_CORRELATION_EIGENVALUE)) @ vectors.T
        scale = np.sqrt(np.diag(result))
        result = result / np.outer(scale, scale)
    np.fill_diagonal(result, 1.0)
    return result


def _derivatives(a: FloatArray, b: FloatArray, c: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """On the grid, per item: P, dP/dz and d2P/dz2 for z = a (theta - b)."""
    logistic = 0.5 * (1.0 + np.tanh(0.5 * a[:, None] * (CALIBRATION_GRID - b[:, None])))
    p = np.clip(c[:, None] + (1.0 - c[:, None]) * logistic, _FLOOR, 1.0 - _FLOOR)
    first = (1.0 - c[:, None]) * logistic * (1.0 - logistic)
    return p, first, first * (1.0 - 2.0 * logistic)


def _m_step(n_g: FloatArray, r_g: FloatArray, log_a: FloatArray, b: FloatArray, c: FloatArray, free_a: BoolArray,
            log_a_mean: FloatArray, b_mean: FloatArray, b_precision: FloatArray,
            steps: int = 3) -> tuple[FloatArray, FloatArray]:
    """Fisher scoring on (log a, b) of every item at once, maximising expected complete log-likelihood + priors."""
    a_precision = 1.0 / LOG_A_PRIOR_SD**2
    for _ in range(steps):
        a = np.exp(log_a)
        p, first, _ = _derivatives(a, b, c)
        residual = (r_g - n_g * p) * first / (p * (1.0 - p))
        info_z = n_g * first**2 / (p * (1.0 - p))
        dz_da = a[:, None] * (CALIBRATION_GRID - b[:, None])  # dz / d log a
        dz_db = -a[:, None]
        grad_a = (residual * dz_da).sum(axis=1) - a_precision * (log_a - log_a_mean)
        grad_b = (residual * dz_db).sum(axis=1) - b_precision * (b - b_mean)
        i_aa = (info_z * dz_da**2).sum(axis=1) + a_precision
        i_ab = (info_z * dz_da * dz_db).sum(axis=1)
        i_bb = (info_z * dz_db**2).sum(axis=1) + b_precision
        det = i_aa * i_bb - i_ab**2
        step_a = np.where(free_a, (i_bb * grad_a - i_ab * grad_b) / det, 0.0)
        step_b = np.where(free_a, (i_aa * grad_b - i_ab * grad_a) / det, grad_b / i_bb)
        log_a = log_a + np.clip(step_a, -0.5, 0.5)
        b = b + np.clip(step_b, -1.0, 1.0)
    return log_a, b


def _guessing_step(n_g: FloatArray, r_g: FloatArray, a: FloatArray, b: FloatArray, c: FloatArray,
                   groups: IntArray, c_seed: FloatArray, steps: int = 3) -> FloatArray:
    """Newton steps on each guessing group's shared c, with a normal prior N(seed c, GUESSING_PRIOR_SD^2)."""
    result = c.copy()
    for group in np.unique(groups[groups >= 0]):
        members = groups == group
        value, seed = float(result[members][0]), float(c_seed[members][0])
        logistic = 0.5 * (1.0 + np.tanh(0.5 * a[members, None] * (CALIBRATION_GRID - b[members, None])))
        for _ in range(steps):
            p = np.clip(value + (1.0 - value) * logistic, _FLOOR, 1.0 - _FLOOR)
            weight = (1.0 - logistic) / (p * (1.0 - p))
            gradient = float(((r_g[members] - n_g[members] * p) * weight).sum()) - (value - seed) / GUESSING_PRIOR_SD**2
            information = float((n_g[members] * (1.0 - logistic) ** 2 / (p * (1.0 - p))).sum()) \
                + 1.0 / GUESSING_PRIOR_SD**2
            value = min(max(value + gradient / information, 0.0), MAX_GUESSING_FLOOR)
        result[members] = value
    return result


def _louis_standard_errors(data: _Design, weights: list[FloatArray], a: FloatArray, b: FloatArray, c: FloatArray,
                           free_a: BoolArray, b_precision: FloatArray) -> tuple[FloatArray, FloatArray]:
    """SEs of (log a, b) per item from Louis's observed information of the item's own block:
    sum over its answers of E[-H] - Var(score) under the learner's posterior, plus the priors' precisions."""
    p, first, second = _derivatives(a, b, c)
    dz_da = a[:, None] * (CALIBRATION_GRID - b[:, None])  # dz / d log a, per item and grid point
    dz_db = np.broadcast_to(-a[:, None], dz_da.shape)
    info = {key: np.zeros(len(a)) for key in ("aa", "ab", "bb")}
    for answer, (first_z, second_z) in {True: (first / p, second / p), False: (-first / (1 - p), -second / (1 - p))
                                        }.items():
        d2l = second_z - first_z**2  # d2 log f / dz2
        # Complete-data Hessian of log f in (log a, b): d2l dz dz^T + dl d2z, with d2z/dloga2 = dz_da,
        # d2z/dloga db = dz_db and d2z/db2 = 0; the score is dl dz.
        s_a, s_b = first_z * dz_da, first_z * dz_db
        per_grid = {
            "h_aa": d2l * dz_da**2 + first_z * dz_da, "h_ab": d2l * dz_da * dz_db + first_z * dz_db,
            "h_bb": d2l * dz_db**2, "s_a": s_a, "s_b": s_b, "s_aa": s_a * s_a, "s_ab": s_a * s_b, "s_bb": s_b * s_b,
        }
        for block, w in zip(data.blocks, weights, strict=True):
            mask = block.right if answer else block.wrong
            # E[f] for every (learner, item) pair of the block, kept where this answer was given.
            e = {key: (w @ value[block.items].T) * mask for key, value in per_grid.items()}
            info["aa"][block.items] += (-e["h_aa"] - e["s_aa"]).sum(axis=0) + (e["s_a"] ** 2 / np.maximum(mask, 1)
                                                                              ).sum(axis=0)
            info["ab"][block.items] += (-e["h_ab"] - e["s_ab"]).sum(axis=0) + (e["s_a"] * e["s_b"]
                                                                              / np.maximum(mask, 1)).sum(axis=0)
            info["bb"][block.items] += (-e["h_bb"] - e["s_bb"]).sum(axis=0) + (e["s_b"] ** 2 / np.maximum(mask, 1)
                                                                              ).sum(axis=0)
    i_aa = info["aa"] + 1.0 / LOG_A_PRIOR_SD**2
    i_bb = info["bb"] + b_precision
    i_ab = info["ab"]
    det = i_aa * i_bb - i_ab**2
    # Louis's information can fail to be positive definite for an item with very few answers; its SEs are then
    # the priors' (nothing is claimed to be learned), never NaN.
    valid = (det > 0) & (i_aa > 0) & (i_bb > 0)
    safe_det = np.where(valid, det, 1.0)
    se_log_a = np.where(free_a, np.where(valid, np.sqrt(i_bb / safe_det), LOG_A_PRIOR_SD), np.nan)
    se_b_joint = np.where(valid, np.sqrt(i_aa / safe_det), 1.0 / np.sqrt(b_precision))
    se_b_alone = np.where(i_bb > 0, 1.0 / np.sqrt(np.maximum(i_bb, 1e-12)), 1.0 / np.sqrt(b_precision))
    return se_log_a, np.where(free_a, se_b_joint, se_b_alone)
