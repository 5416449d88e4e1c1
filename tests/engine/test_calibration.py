"""The calibration EM: recovers known items, honest and shrinking SEs, c held fixed, the area correlations, and
the reason for the correlated population (a design that depends on the other areas)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import numpy.typing as npt
import pytest

from quizengine.engine.calibration import Answers, Calibration, ItemPrior, calibrate

FloatArray = npt.NDArray[np.float64]


def probability(theta: FloatArray, a: FloatArray, b: FloatArray, c: FloatArray) -> FloatArray:
    result: FloatArray = c + (1.0 - c) / (1.0 + np.exp(-a * (theta - b)))
    return result


def complete_design(learners: int, seed: int, c: FloatArray | None = None,
                    ) -> tuple[Answers, list[ItemPrior], FloatArray, FloatArray]:
    """Every learner answers all 30 items of one area; weak priors so the data decide."""
    rng = np.random.default_rng(seed)
    a = np.exp(rng.normal(0.0, 0.3, 30))
    b = np.linspace(-2.0, 2.0, 30)
    guess = np.zeros(30) if c is None else c
    theta = rng.standard_normal(learners)
    correct = rng.random((learners, 30)) < probability(theta[:, None], a, b, guess)
    who, which = np.meshgrid(np.arange(learners), np.arange(30), indexing="ij")
    priors = [ItemPrior(area=0, b_mean=0.0, b_sd=3.0, a_seed=1.0, c=float(guess[j])) for j in range(30)]
    return Answers.of(who.ravel(), which.ravel(), correct.ravel()), priors, a, b


def slope(x: FloatArray, y: FloatArray) -> float:
    return float(np.polyfit(x, y, 1)[0])


def rmse(x: FloatArray, y: FloatArray) -> float:
    return float(np.sqrt(np.mean((x - y) ** 2)))


def test_em_recovers_known_items_on_a_complete_design() -> None:
    answers, priors, a, b = complete_design(2000, seed=1)
    fitted = calibrate(answers, priors, areas=1)
    assert fitted.converged
    assert 0.95 <= slope(b, fitted.b) <= 1.05
    assert rmse(b, fitted.b) < 0.1
    assert 0.85 <= slope(a, fitted.a) <= 1.15
    assert rmse(a, fitted.a) < 0.12
    assert list(fitted.n_responses) == [2000] * 30


def test_standard_errors_match_the_errors_and_halve_with_four_times_the_answers() -> None:
    small = calibrate(*complete_design(500, seed=2)[:2], areas=1)
    answers, priors, a, b = complete_design(2000, seed=3)
    large = calibrate(answers, priors, areas=1)
    ratio = float(np.mean(large.se_b) / np.mean(small.se_b))
    assert 0.42 <= ratio <= 0.58  # 1/sqrt(4) = 0.5
    assert 0.75 <= rmse(b, large.b) / float(np.mean(large.se_b)) <= 1.3
    assert 0.75 <= rmse(a, large.a) / float(np.mean(large.se_a)) <= 1.3


def test_the_guessing_floor_is_held_fixed_and_used() -> None:
    c = np.where(np.arange(30) % 2 == 0, 0.25, 0.0)
    answers, priors, _, b = complete_design(2000, seed=4, c=c)
    fitted = calibrate(answers, priors, areas=1)
    assert np.array_equal(fitted.c, c)
    assert rmse(b, fitted.b) < 0.15
    ignoring_c = calibrate(answers, [ItemPrior(0, 0.0, 3.0, 1.0, 0.0) for _ in priors], areas=1)
    guessed = c > 0  # with c = 0 assumed, guessing makes those items look easier
    assert float(np.mean(ignoring_c.b[guessed] - b[guessed])) < -0.3


def test_a_guessing_group_shares_one_c_estimated_from_all_its_items() -> None:
    """The app sets c = 1/k for k options; the truth may guess less (0.2 here). A group's shared c is found from
    its items' answers, and their b with it; with c held at 0.25 the same items' b come out too high."""
    c = np.where(np.arange(30) % 2 == 0, 0.2, 0.0)
    answers, _, _, b = complete_design(3000, seed=9, c=c)
    seeded = [ItemPrior(0, 0.0, 3.0, 1.0, 0.25 if c[j] else 0.0, guessing_group=0 if c[j] else None)
              for j in range(30)]
    grouped = calibrate(answers, seeded, areas=1)
    guessed = c > 0
    assert float(grouped.c[guessed][0]) == pytest.approx(0.2, abs=0.03)
    assert np.all(grouped.c[guessed] == grouped.c[guessed][0]) and np.all(grouped.c[~guessed] == 0.0)
    held = calibrate(answers, [replace(prior, guessing_group=None) for prior in seeded], areas=1)
    assert float(np.mean(held.b[guessed] - b[guessed])) > 0.1
    assert rmse(b[guessed], grouped.b[guessed]) < 0.75 * rmse(b[guessed], held.b[guessed])


def test_an_item_whose_a_is_not_free_keeps_its_seed() -> None:
    answers, priors, a, b = complete_design(1000, seed=5)
    held = [ItemPrior(p.area, p.b_mean, p.b_sd, float(a[0]) if j == 0 else 1.0, p.c, free_a=(j != 0))
            for j, p in enumerate(priors)]
    fitted = calibrate(answers, held, areas=1)
    assert fitted.a[0] == pytest.approx(a[0])
    assert np.isnan(fitted.se_a[0]) and 0 < fitted.se_b[0] < 0.3
    assert abs(fitted.b[0] - b[0]) < 2.5 * fitted.se_b[0]


def correlated_two_areas(rho: float, learners: int, seed: int, adaptive: bool,
                         ) -> tuple[Answers, list[ItemPrior], FloatArray]:
    """Area 0: 20 items for everyone. Area 1: 40 items; each learner gets the 10 whose b is nearest to what
    area 0 predicts for them (adaptive) or 10 at random; true b of area 1 is spread over [-2.5, 2.5]."""
    rng = np.random.default_rng(seed)
    theta = rng.multivariate_normal([0.0, 0.0], [[1.0, rho], [rho, 1.0]], size=learners)
    b0, b1 = np.linspace(-2.0, 2.0, 20), np.linspace(-2.5, 2.5, 40)
    right0 = rng.random((learners, 20)) < probability(theta[:, :1], np.ones(20), b0, np.zeros(20))
    predicted = rho * (right0.mean(axis=1) - right0.mean()) / right0.mean(axis=1).std()
    learner, item, correct = [], [], []
    for i in range(learners):
        chosen = (np.argsort(np.abs(b1 - predicted[i]))[:10] if adaptive
                  else rng.choice(40, size=10, replace=False))
        p1 = probability(theta[i, 1], np.ones(10), b1[chosen], np.zeros(10))
        learner += [i] * 30
        item += list(range(20)) + [20 + int(j) for j in chosen]
        correct += list(right0[i]) + list(rng.random(10) < p1)
    priors = ([ItemPrior(0, 0.0, 3.0, 1.0, 0.0) for _ in range(20)]
              + [ItemPrior(1, 0.0, 3.0, 1.0, 0.0) for _ in range(40)])
    return Answers.of(learner, item, correct), priors, b1


def test_a_design_that_depends_on_the_other_area_needs_the_correlated_population() -> None:
    answers, priors, true_b = correlated_two_areas(0.8, 3000, seed=6, adaptive=True)
    per_area = calibrate(answers, priors, areas=2, correlated=False)
    joint = calibrate(answers, priors, areas=2, correlated=True)
    assert slope(true_b, per_area.b[20:]) < 0.7  # the trap: b compressed towards the middle
    # Some edge items have only a few answers (10 here), so the slope is looser than on a complete design.
    assert 0.9 <= slope(true_b, joint.b[20:]) <= 1.1
    assert rmse(true_b, joint.b[20:]) < 0.4 * rmse(true_b, per_area.b[20:])
    assert joint.correlation[0, 1] == pytest.approx(0.8, abs=0.06)
    assert np.allclose(per_area.correlation, np.eye(2))


def test_the_area_correlation_is_estimated_from_random_designs_too() -> None:
    answers, priors, true_b = correlated_two_areas(0.5, 2000, seed=7, adaptive=False)
    joint = calibrate(answers, priors, areas=2)
    assert joint.correlation[0, 1] == pytest.approx(0.5, abs=0.07)
    assert 0.93 <= slope(true_b, joint.b[20:]) <= 1.07


def test_areas_that_measure_the_same_skill_keep_a_usable_correlation() -> None:
    answers, priors, _ = correlated_two_areas(1.0, 1000, seed=10, adaptive=False)
    joint = calibrate(answers, priors, areas=2)
    assert joint.converged and 0.9 <= joint.correlation[0, 1] <= 0.99
    assert np.all(np.isfinite(joint.b)) and np.all(np.isfinite(joint.se_b))


def test_an_item_with_a_single_answer_gets_finite_standard_errors_no_smaller_than_little_evidence_allows() -> None:
    answers, priors, _, _ = complete_design(300, seed=11)
    lonely = Answers.of(np.r_[answers.learner, 0], np.r_[answers.item, 30], np.r_[answers.correct, True])
    fitted = calibrate(lonely, [*priors, ItemPrior(0, 0.5, 0.5, 1.0, 0.2)], areas=1)
    assert np.isfinite(fitted.se_a[30]) and np.isfinite(fitted.se_b[30])
    assert 0.4 <= fitted.se_b[30] <= 0.5 + 1e-9  # one answer barely narrows the prior's 0.5


def test_answers_to_unknown_items_are_refused() -> None:
    priors = [ItemPrior(0, 0.0, 1.0, 1.0, 0.0)]
    with pytest.raises(ValueError, match="outside the item list"):
        calibrate(Answers.of([0], [1], [True]), priors, areas=1)
    with pytest.raises(ValueError, match="no answers"):
        calibrate(Answers.of([], [], []), priors, areas=1)


def test_agrees_with_girth_on_a_complete_2pl_design() -> None:
    """A second implementation: girth's marginal maximum likelihood 2PL on the same complete data (girth is in
    the bench extra; the test is skipped without it)."""
    girth = pytest.importorskip("girth")
    answers, priors, _, _ = complete_design(1500, seed=8)
    ours: Calibration = calibrate(answers, [ItemPrior(0, 0.0, 10.0, 1.0, 0.0) for _ in priors], areas=1)
    matrix = answers.correct.reshape(1500, 30).T.astype(int)  # girth: items x learners
    theirs = girth.twopl_mml(matrix)
    assert np.max(np.abs(ours.b - theirs["Difficulty"])) < 0.08
    assert np.max(np.abs(ours.a - theirs["Discrimination"])) < 0.1
