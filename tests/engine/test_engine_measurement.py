"""The measurement model (guessing by type, 3PL information, grid range) and the stopping and exposure rules."""

from __future__ import annotations

import random
from collections import Counter

import numpy as np
import pytest

from quizengine.engine.config import SessionConfig, StoppingRule
from quizengine.engine.estimation import normal_log_density, posterior_moments
from quizengine.engine.irt import fisher_information, probability_correct
from quizengine.engine.items import ItemParams, guessing_floor
from quizengine.engine.pool import ItemPool
from quizengine.engine.session import AdaptiveSession
from quizengine.engine.stopping import verdict_reachable


def test_guessing_floor_follows_the_question_type() -> None:
    assert guessing_floor("single_choice", 4) == 0.25
    assert guessing_floor("single_choice", 3) == pytest.approx(1 / 3)
    assert guessing_floor("true_false") == 0.45
    assert guessing_floor("multiple_choice", 4) == pytest.approx(1 / 15)  # one of 15 non-empty selections
    assert guessing_floor("numeric") == guessing_floor("short_text") == 0.0
    assert ItemParams("q", "a", "t", 1.0, 0.0, c=0.5).c == 0.5  # true/false may be given 0.5
    with pytest.raises(ValueError, match="guessing floor"):
        ItemParams("q", "a", "t", 1.0, 0.0, c=0.6)


@pytest.mark.parametrize("theta", [-2.0, 0.3, 1.7])
def test_3pl_information_is_the_closed_form_with_its_guessing_factor(theta: float) -> None:
    a, b, c = 1.4, 0.2, 0.25
    p = float(probability_correct(theta, a, b, c))
    expected = a**2 * (p - c) ** 2 * (1 - p) / ((1 - c) ** 2 * p)  # Lord (1980), eq. 4-43
    information = float(fisher_information(theta, np.array([a]), np.array([b]), np.array([c]))[0])
    assert information == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("centre", [-3.0, 3.0])
def test_the_grid_leaves_an_estimate_at_three_unaffected(centre: float) -> None:
    # A likelihood centred at +/-3 with SD 0.5, under a flat prior: the grid must not cut its tail.
    mean, sd = posterior_moments(normal_log_density(centre, 0.5))
    assert float(mean) == pytest.approx(centre, abs=0.005)
    assert float(sd) == pytest.approx(0.5, abs=0.005)


def informative_pool(count: int = 40, a: float = 2.0) -> ItemPool:
    return ItemPool.build([ItemParams(f"q{i}", "stats", f"t{i % 4}", a=a, b=-1.0 + 2.0 * i / count)
                           for i in range(count)])


def run(session: AdaptiveSession, answer: bool | None = None, seed: int = 0) -> None:
    rng = random.Random(seed)
    while (selection := session.next_item()) is not None:
        session.record(selection.item_id, rng.random() < 0.5 if answer is None else answer)


def test_a_clear_verdict_stops_the_area_after_the_floor() -> None:
    config = SessionConfig("quick", ("stats",), cuts={"stats": -0.375})
    session = AdaptiveSession(informative_pool(), config, seed=1)
    run(session, answer=True)
    estimate = session.estimates["stats"]
    assert session.stop_reason == "the verdict is clear"
    assert estimate.chance_at_or_above is not None and estimate.chance_at_or_above >= 0.9
    assert estimate.n_items < 13


def test_the_minimum_floor_holds_even_when_the_profile_already_decides() -> None:
    config = SessionConfig("quick", ("stats",), cuts={"stats": -0.375}, priors={"stats": (2.5, 0.3)})
    session = AdaptiveSession(informative_pool(), config, seed=1)
    assert session.estimates["stats"].chance_at_or_above == pytest.approx(1.0, abs=1e-6)
    run(session, answer=True)
    assert session.estimates["stats"].n_items == 3


def test_the_precision_rule_stops_an_area_without_a_target_before_its_limit() -> None:
    rule = StoppingRule(min_items=1, target_se=0.4, max_items=30, decide=False)
    session = AdaptiveSession(informative_pool(), SessionConfig("quick", ("stats",), stopping=rule), seed=2)
    run(session, seed=2)
    estimate = session.estimates["stats"]
    assert estimate.se <= 0.4 and estimate.n_items < 30
    assert session.stop_reason == "measured well enough"


def test_a_close_call_stops_before_the_limit_when_no_verdict_is_within_reach() -> None:
    pool = informative_pool()
    a, b, c = pool.a, pool.b, pool.c
    assert not verdict_reachable(0.0, 0.3, 0.0, a, b, c, remaining=1)  # right at the cut: one more can't do it
    assert verdict_reachable(0.0, 0.6, 0.0, a, b, c, remaining=10)
    assert verdict_reachable(0.3, 0.3, 0.0, a, b, c, remaining=1)  # just short of the threshold


def test_a_learner_at_the_cut_is_told_it_is_too_close_to_call() -> None:
    closes = 0
    pool = informative_pool(a=1.0)  # modest items: the SE rule cannot end it first
    for seed in range(20):
        config = SessionConfig("quick", ("stats",), cuts={"stats": 0.0})
        session = AdaptiveSession(pool, config, seed=seed)
        rng = random.Random(seed)
        while (selection := session.next_item()) is not None:
            item = pool.items[pool.position[selection.item_id]]
            session.record(selection.item_id, rng.random() < float(probability_correct(0.0, item.a, item.b)))
        closes += "too close to your target" in (session.stop_reason or "")
        assert session.estimates["stats"].n_items <= 13
    assert closes >= 5


def test_profile_priors_start_the_estimate_where_the_learner_left_off() -> None:
    config = SessionConfig("quick", ("stats", "ml"), priors={"stats": (1.2, 0.4)})
    session = AdaptiveSession(informative_pool(), config, seed=0)
    assert session.estimates["stats"].theta == pytest.approx(1.2, abs=0.01)
    assert session.estimates["stats"].se == pytest.approx(0.4, abs=0.01)
    assert session.estimates["ml"].theta == pytest.approx(0.0, abs=1e-9)


def test_equal_items_are_shared_out_instead_of_given_in_file_order() -> None:
    items = [ItemParams(f"q{i:02d}", "stats", "t", a=1.0, b=0.0) for i in range(50)]  # all tied
    pool = ItemPool.build(items)
    for top_k, most in ((1, 0.15), (25, 0.10)):
        first = Counter()
        for seed in range(300):
            selection = AdaptiveSession(pool, SessionConfig("quick", ("stats",), top_k=top_k), seed).next_item()
            assert selection is not None
            first[selection.item_id] += 1
        assert max(first.values()) / 300 < most and len(first) > 20


def test_quick_attempts_share_out_the_questions_of_a_bank() -> None:
    items = [ItemParams(f"q{i:02d}", "stats", f"t{i % 5}", a=1.0 + (i % 3) / 4, b=-1.5 + 3.0 * (i % 10) / 9)
             for i in range(50)]
    pool = ItemPool.build(items)
    seen = Counter()
    for seed in range(200):
        session = AdaptiveSession(pool, SessionConfig("quick", ("stats",), cuts={"stats": 0.375}), seed)
        run(session, seed=seed)
        seen.update(item_id for item_id, _ in session.answered)
    assert max(seen.values()) / 200 <= 0.40
