"""AdaptiveSession: selection, stopping, content balancing, recent items and deterministic replay."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizengine.engine.config import SessionConfig, StoppingRule
from quizengine.engine.items import ItemParams
from quizengine.engine.pool import ItemPool
from quizengine.engine.session import AdaptiveSession
from quizengine.engine.simulation import synthetic_items

ITEMS = synthetic_items(40, 3, seed=5)
POOL = ItemPool.build(ITEMS)
AREAS = ("area-1", "area-2", "area-3")


def answer_all(session: AdaptiveSession, rule: random.Random, limit: int = 500) -> None:
    for _ in range(limit):
        selection = session.next_item()
        if selection is None:
            return
        session.record(selection.item_id, rule.random() < 0.6)
    raise AssertionError("session did not finish")


def test_next_item_is_idempotent_and_record_checks_the_pending_item() -> None:
    session = AdaptiveSession(ITEMS, SessionConfig("quick", ("area-1",)), seed=1)
    first = session.next_item()
    assert first is not None and session.next_item() == first
    other = next(item.id for item in ITEMS if item.id != first.item_id)
    with pytest.raises(ValueError, match="expected an answer"):
        session.record(other, True)
    session.record(first.item_id, True)
    assert session.answered == [(first.item_id, True)]
    assert session.next_item() != first


def test_quick_mode_without_a_target_is_a_three_question_sketch_per_area() -> None:
    for seed in range(10):
        session = AdaptiveSession(POOL, SessionConfig("quick", AREAS), seed=seed)
        answer_all(session, random.Random(seed))
        ids = [item_id for item_id, _ in session.answered]
        assert len(ids) == len(set(ids)) == 9
        assert all(estimate.n_items == 3 and estimate.done for estimate in session.estimates.values())


def test_quick_mode_with_a_target_stops_once_the_verdict_is_clear_or_out_of_reach() -> None:
    reasons = set()
    for seed in range(30):
        config = SessionConfig("quick", ("area-1",), cuts={"area-1": 0.375})
        session = AdaptiveSession(POOL, config, seed=seed)
        answer_all(session, random.Random(seed))
        estimate = session.estimates["area-1"]
        assert estimate.chance_at_or_above is not None and 3 <= estimate.n_items <= 13
        reasons.add(session.stop_reason)
        if session.stop_reason == "the verdict is clear":
            assert not 0.1 < estimate.chance_at_or_above < 0.9
        else:
            assert 0.1 < estimate.chance_at_or_above < 0.9
    assert "the verdict is clear" in reasons and len(reasons) > 1


def test_all_correct_answers_push_the_estimate_up_and_stay_finite() -> None:
    session = AdaptiveSession(POOL, SessionConfig("thorough", ("area-1",)), seed=3)
    while (selection := session.next_item()) is not None:
        session.record(selection.item_id, True)
    estimate = session.estimates["area-1"]
    assert estimate.theta > 1.5 and 0 < estimate.se < 1


def test_practice_asks_a_fixed_number_and_the_attempt_cap_applies() -> None:
    practice = AdaptiveSession(POOL, SessionConfig("practice", AREAS, practice_items=7), seed=2)
    answer_all(practice, random.Random(0))
    assert len(practice.answered) == 7 and practice.stop_reason == "practice set complete (7 questions)"
    capped = AdaptiveSession(POOL, SessionConfig("thorough", AREAS, max_total_items=5), seed=2)
    answer_all(capped, random.Random(0))
    assert len(capped.answered) == 5 and "limit for this attempt" in (capped.stop_reason or "")


def test_full_assessment_asks_the_least_precise_area_and_explains_why() -> None:
    config = SessionConfig("thorough", AREAS, area_titles={"area-2": "Statistics"})
    session = AdaptiveSession(POOL, config, seed=4)
    seen_areas = []
    for _ in range(3):
        selection = session.next_item()
        assert selection is not None
        seen_areas.append(selection.area)
        if selection.area == "area-2":
            assert selection.reason.startswith("Statistics: least precise area so far; ")
        session.record(selection.item_id, True)
    assert seen_areas == list(AREAS)  # all start equally unsure; ties go in display order
    for _ in range(10):
        selection = session.next_item()
        assert selection is not None
        least_precise = max(session.estimates.values(), key=lambda e: (not e.done, e.se))
        assert selection.area == least_precise.area
        session.record(selection.item_id, False)


def test_topics_are_spread_when_items_are_equally_informative() -> None:
    items = [ItemParams(f"q{i}", "stats", f"topic-{i % 3}", a=1.2, b=0.0) for i in range(30)]
    session = AdaptiveSession(items, SessionConfig("practice", ("stats",), practice_items=6, top_k=1), seed=0)
    topics = []
    while (selection := session.next_item()) is not None:
        topics.append(next(item.topic for item in items if item.id == selection.item_id))
        session.record(selection.item_id, True)
    assert sorted(topics) == ["topic-0", "topic-0", "topic-1", "topic-1", "topic-2", "topic-2"]


def test_recently_seen_items_are_skipped_while_the_pool_allows() -> None:
    items = [ItemParams(f"q{i}", "stats", "t", a=1.0 + i / 10, b=0.0) for i in range(6)]
    recent = {"q5", "q4", "q3", "q2"}  # the most informative ones
    session = AdaptiveSession(items, SessionConfig("practice", ("stats",), practice_items=6), seed=0,
                              recently_seen=recent)
    answer_all(session, random.Random(1))
    order = [item_id for item_id, _ in session.answered]
    assert set(order[:2]) == {"q0", "q1"} and set(order[2:]) == recent


def test_other_areas_aim_the_first_question_but_never_move_an_areas_estimate() -> None:
    def after_strong_answers(rho: float) -> tuple[float, float, float]:
        config = SessionConfig("thorough", AREAS, area_correlation=rho, top_k=1,
                               stopping=StoppingRule(0, None, 6, decide=False))
        six_right_in_area_1 = [(item.id, True) for item in ITEMS if item.area == "area-1"][:6]
        session = AdaptiveSession.replay(POOL, config, 0, six_right_in_area_1)
        untouched = session.estimates["area-2"]
        assert untouched.n_items == 0 and not untouched.done
        selection = session.next_item()
        assert selection is not None and selection.area == "area-2"
        return untouched.theta, untouched.se, next(i.b for i in ITEMS if i.id == selection.item_id)

    for rho in (0.0, 0.5, 0.8):  # the estimate (and so any verdict) rests on the area's own answers
        theta, se, _ = after_strong_answers(rho)
        assert theta == pytest.approx(0.0, abs=1e-9) and se == pytest.approx(1.0, abs=0.01)
    assert after_strong_answers(0.8)[2] > after_strong_answers(0.0)[2] + 0.3  # a harder first question


def test_with_a_correlation_matrix_an_area_borrows_from_the_areas_that_go_with_it() -> None:
    """A calibration's matrix: area-2 goes with area-1 (0.8) and not with area-3 (0). Six right answers in one of
    those and six wrong in the other aim area-2's first question by area-1 alone; one shared correlation can't
    tell the two apart."""
    areas = ("area-1", "area-3", "area-2")
    matrix = ((1.0, 0.0, 0.8), (0.0, 1.0, 0.0), (0.8, 0.0, 1.0))

    def first_area_2_question(right_in: str, wrong_in: str, **correlation: object) -> float:
        config = SessionConfig("thorough", areas, top_k=1, stopping=StoppingRule(0, None, 6, decide=False),
                               **correlation)  # type: ignore[arg-type]
        answers = ([(item.id, True) for item in ITEMS if item.area == right_in][:6]
                   + [(item.id, False) for item in ITEMS if item.area == wrong_in][:6])
        session = AdaptiveSession.replay(POOL, config, 0, sorted(answers, key=lambda a: areas.index(a[0][:6])))
        assert session.estimates["area-2"].theta == pytest.approx(0.0, abs=1e-9)  # never the estimate itself
        selection = session.next_item()
        assert selection is not None and selection.area == "area-2"
        return next(i.b for i in ITEMS if i.id == selection.item_id)

    strong_in_the_related = first_area_2_question("area-1", "area-3", area_correlations=matrix)
    weak_in_the_related = first_area_2_question("area-3", "area-1", area_correlations=matrix)
    assert strong_in_the_related > weak_in_the_related + 1.0
    shared = [first_area_2_question(right, wrong, area_correlation=0.5)
              for right, wrong in [("area-1", "area-3"), ("area-3", "area-1")]]
    assert abs(shared[0] - shared[1]) < strong_in_the_related - weak_in_the_related


def test_a_correlation_matrix_is_validated() -> None:
    for bad, message in [(((1.0, 0.5), (0.4, 1.0)), "equal"), (((1.0, 0.5),), "2 x 2"),
                         (((0.9, 0.5), (0.5, 1.0)), "must be 1"), (((1.0, -0.2), (-0.2, 1.0)), r"\[0, 1\)"),
                         (((1.0, 0.9, 0.9), (0.9, 1.0, 0.0), (0.9, 0.0, 1.0)), "positive definite")]:
        with pytest.raises(ValueError, match=message):
            SessionConfig("quick", ("a", "b", "c")[:max(len(bad[-1]), 2)], area_correlations=bad)


def test_an_area_without_questions_is_reported_not_asked() -> None:
    session = AdaptiveSession(POOL, SessionConfig("quick", ("area-1", "nothing-here")), seed=0)
    assert session.estimates["nothing-here"].done
    answer_all(session, random.Random(0))
    assert all(item_id.startswith("area-1") for item_id, _ in session.answered)
    empty = AdaptiveSession(POOL, SessionConfig("quick", ("nothing-here",)), seed=0)
    assert empty.finished and empty.next_item() is None
    assert empty.stop_reason == "no questions available for nothing-here"


def test_config_is_validated() -> None:
    with pytest.raises(ValueError, match="focus"):
        SessionConfig("focus", ("a", "b"))
    with pytest.raises(ValueError):
        SessionConfig("quick", ())
    with pytest.raises(ValueError):
        SessionConfig("quick", ("a",), area_correlation=1.0)
    assert SessionConfig("focus", ("a",)).stopping_rule == StoppingRule(5, 0.3, 20, untargeted_max_items=8)
    assert SessionConfig("quick", ("a",)).stopping_rule == StoppingRule(3, 0.4, 13, untargeted_max_items=3)
    with pytest.raises(ValueError, match="prior SD"):
        SessionConfig("quick", ("a",), priors={"a": (0.0, 0.0)})


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**31), answer_seed=st.integers(0, 1000), stop_after=st.integers(0, 40),
       mode=st.sampled_from(["quick", "thorough", "practice"]), rho=st.sampled_from([0.0, 0.5, 0.8]))
def test_replay_rebuilds_the_live_session_exactly(
    seed: int, answer_seed: int, stop_after: int, mode: str, rho: float,
) -> None:
    config = SessionConfig(mode, AREAS, area_correlation=rho, practice_items=25)  # type: ignore[arg-type]
    recent = [item.id for item in ITEMS[::7]]
    live = AdaptiveSession(POOL, config, seed=seed, recently_seen=recent)
    answers = random.Random(answer_seed)
    for _ in range(stop_after):
        selection = live.next_item()
        if selection is None:
            break
        live.record(selection.item_id, answers.random() < 0.5)
    replayed = AdaptiveSession.replay(ITEMS, config, seed, live.answered, recently_seen=recent)
    assert replayed.estimates == live.estimates
    assert replayed.finished == live.finished and replayed.stop_reason == live.stop_reason
    assert replayed.next_item() == live.next_item()


def test_replay_rejects_answers_the_pool_cannot_explain() -> None:
    config = SessionConfig("quick", ("area-1",))
    with pytest.raises(ValueError, match="not in the item pool"):
        AdaptiveSession.replay(POOL, config, 0, [("no-such-item", True)])
    first = ITEMS[0].id
    with pytest.raises(ValueError, match="already answered"):
        AdaptiveSession.replay(POOL, config, 0, [(first, True), (first, False)])
