"""Items, the response model and EAP estimation (including the borrowed prior across areas)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizengine.engine.estimation import (
    borrowed_means,
    borrowed_priors,
    expected_posterior_sd,
    likelihood_summaries,
    normal_log_density,
    posterior_moments,
)
from quizengine.engine.irt import GRID, GRID_MAX, GRID_MIN, fisher_information, response_log_likelihood
from quizengine.engine.items import ItemParams, seed_params

answers = st.lists(
    st.tuples(st.floats(0.3, 3.0), st.floats(-3.0, 3.0), st.sampled_from([0.0, 0.2]), st.booleans()),
    max_size=40,
)


def log_posterior(responses: list[tuple[float, float, float, bool]]) -> np.ndarray:
    result = normal_log_density(0.0, 1.0)
    for a, b, c, correct in responses:
        result = result + response_log_likelihood(correct, a, b, c)
    return result


def test_labels_seed_difficulty_and_explicit_values_win() -> None:
    assert [seed_params(label)[1] for label in range(1, 6)] == [-1.5, -0.75, 0.0, 0.75, 1.5]
    a, b, c = seed_params(3)
    assert a == pytest.approx(1.0 / math.sqrt(1.0 + math.pi * 0.25 / 8.0)) and (b, c) == (0.0, 0.0)
    assert seed_params(3, b=0.2)[0] == 1.0  # an explicit b is not a label guess: a is kept
    assert seed_params(1, a=1.7, b=0.4, c=0.25) == (1.7, 0.4, 0.25)
    assert seed_params(2, kind="single_choice", option_count=4)[2] == 0.25
    with pytest.raises(ValueError):
        seed_params(6)
    with pytest.raises(ValueError):
        ItemParams("q", "area", "topic", a=0.0, b=0.0)


def test_information_peaks_at_difficulty_and_guessing_lowers_it() -> None:
    a, b = np.array([1.5]), np.array([0.5])
    at_b = fisher_information(0.5, a, b, np.array([0.0]))[0]
    assert at_b == pytest.approx(1.5**2 * 0.25)
    assert fisher_information(1.5, a, b, np.array([0.0]))[0] < at_b
    assert fisher_information(0.5, a, b, np.array([0.25]))[0] < at_b
    assert np.isfinite(fisher_information(0.0, np.array([50.0]), np.array([-40.0]), np.array([0.0]))).all()


def test_no_answers_gives_the_prior() -> None:
    mean, sd = posterior_moments(normal_log_density(0.0, 1.0))
    assert float(mean) == pytest.approx(0.0, abs=1e-9)
    assert float(sd) == pytest.approx(1.0, abs=0.01)


@settings(max_examples=60, deadline=None)
@given(answers)
def test_estimates_are_finite_inside_the_grid_with_a_positive_se(
    responses: list[tuple[float, float, float, bool]],
) -> None:
    mean, sd = posterior_moments(log_posterior(responses))
    assert np.isfinite(mean) and GRID_MIN <= float(mean) <= GRID_MAX
    assert np.isfinite(sd) and float(sd) >= 0.0


@pytest.mark.parametrize("correct", [True, False])
def test_all_correct_and_all_wrong_stay_finite_and_ordered(correct: bool) -> None:
    mean, sd = posterior_moments(log_posterior([(2.0, 1.0, 0.0, correct)] * 30))
    assert np.isfinite(mean) and 0.0 < float(sd) < 1.0
    assert (float(mean) > 1.0) if correct else (float(mean) < 1.0)


@settings(max_examples=60, deadline=None)
@given(answers, st.floats(0.2, 3.0), st.floats(-3.5, 3.5), st.sampled_from([0.0, 0.25]))
def test_answering_one_more_item_never_increases_the_expected_se(
    responses: list[tuple[float, float, float, bool]], a: float, b: float, c: float,
) -> None:
    current = log_posterior(responses)
    _, sd = posterior_moments(current)
    assert expected_posterior_sd(current, a, b, c) <= float(sd) + 1e-9


def test_likelihood_summary_recovers_a_gaussian_likelihood() -> None:
    log_likelihood = np.vstack([-0.5 * 4.0 * (GRID - 0.8) ** 2, np.zeros_like(GRID)])
    centre, precision = likelihood_summaries(log_likelihood, np.array([True, False]))
    assert centre[0] == pytest.approx(0.8, abs=0.02)
    assert precision[0] == pytest.approx(4.0, rel=0.03)
    assert precision[1] == 0.0


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.floats(-2.5, 2.5), st.one_of(st.just(0.0), st.floats(0.01, 20.0))),
                min_size=2, max_size=6),
       st.floats(0.0, 0.95))
def test_borrowed_prior_is_the_multivariate_normal_conditional(
    observations: list[tuple[float, float]], rho: float,
) -> None:
    centres = np.array([o[0] for o in observations])
    precisions = np.array([o[1] for o in observations])
    means, sds = borrowed_priors(centres, precisions, rho)
    for u in range(len(observations)):
        others = [j for j in range(len(observations)) if j != u and precisions[j] > 0]
        if not others:
            assert (means[u], sds[u]) == pytest.approx((0.0, 1.0))
            continue
        # Direct formula: theta ~ N(0, (1 - rho) I + rho J), observed centre_j = theta_j + N(0, 1 / precision_j).
        covariance = (1 - rho) * np.eye(len(others)) + rho + np.diag(1.0 / precisions[others])
        cross = np.full(len(others), rho)
        solved = np.linalg.solve(covariance, cross)
        assert means[u] == pytest.approx(float(solved @ centres[others]), abs=1e-9)
        assert sds[u] ** 2 == pytest.approx(1.0 - float(solved @ cross), abs=1e-9)
        assert 0.0 < sds[u] <= 1.0


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.floats(-2.5, 2.5), st.one_of(st.just(0.0), st.floats(0.01, 20.0)),
                          st.floats(0.0, 1.0), st.floats(0.0, 1.0)), min_size=2, max_size=6),
       st.floats(0.0, 0.95))
def test_borrowed_means_follow_any_correlation_matrix_and_match_the_equal_correlation_case(
    observations: list[tuple[float, float, float, float]], rho: float,
) -> None:
    centres = np.array([o[0] for o in observations])
    precisions = np.array([o[1] for o in observations])
    wanted = np.ones(len(observations), dtype=bool)
    equal = (1 - rho) * np.eye(len(observations)) + rho
    assert borrowed_means(centres, precisions, equal, wanted) == pytest.approx(
        borrowed_priors(centres, precisions, rho)[0], abs=1e-9)
    # A correlation matrix with non-negative entries from two non-negative factors and unique variances.
    loadings = np.array([[o[2], o[3]] for o in observations]) * 0.7
    covariance = loadings @ loadings.T + np.diag(1.0 - (loadings**2).sum(axis=1) + 0.02)
    scale = np.sqrt(np.diag(covariance))
    matrix = covariance / np.outer(scale, scale)
    means = borrowed_means(centres, precisions, matrix, wanted)
    for u in range(len(observations)):
        others = [j for j in range(len(observations)) if j != u and precisions[j] > 0]
        expected = 0.0
        if others:  # the conditional mean of theta_u given centre_j = theta_j + N(0, 1 / precision_j)
            joint = matrix[np.ix_(others, others)] + np.diag(1.0 / precisions[others])
            expected = float(matrix[u, others] @ np.linalg.inv(joint) @ centres[others])
        assert means[u] == pytest.approx(expected, abs=1e-9)


def test_independent_areas_keep_the_standard_prior() -> None:
    means, sds = borrowed_priors(np.array([2.0, -1.0, 0.5]), np.array([10.0, 10.0, 0.0]), 0.0)
    assert means.tolist() == [0.0, 0.0, 0.0] and sds.tolist() == [1.0, 1.0, 1.0]
