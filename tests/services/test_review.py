"""Spaced review without the UI: which answers become cards, FSRS ratings and due dates with fuzzing off and an
injected clock, the queue (due before new, the daily new limit per UTC day), statistics, and the settings."""

from __future__ import annotations

import datetime as dt

import pytest
from fsrs import Rating, State
from sqlalchemy import event, func, select

from quizengine.bank.grading import DONT_KNOW, Answer
from quizengine.bank.models import AnyQuestion, ChoiceQuestion, Numeric, ShortText, TrueFalse
from quizengine.services.context import ServiceContext
from quizengine.services.learners import (
    LearnerService,
    ProfileError,
    parse_daily_new_reviews,
    parse_desired_retention,
    retention_warning,
)
from quizengine.services.quiz import QuizService
from quizengine.services.results import ResultsService
from quizengine.services.review import EASY_LATENCY_MS, ReviewError, ReviewService, comes_back, rating_for
from quizengine.store.models import AbilitySnapshot, Response, ReviewCard, ReviewLog
from quizengine.store.review_repository import ReviewRepository

DAY0 = dt.datetime(2026, 3, 2, 9, 0)  # naive UTC, a Monday morning


def right_answer(question: AnyQuestion) -> Answer:
    if isinstance(question, ChoiceQuestion):
        return Answer("choice", tuple(question.correct_indices))
    if isinstance(question, TrueFalse):
        return Answer("bool", value=question.answer)
    if isinstance(question, Numeric):
        return Answer("number", value=question.answer.value)
    assert isinstance(question, ShortText)
    return Answer("text", value=question.accepted[0])


def practise(context: ServiceContext, learner_id: int, outcomes: list[tuple[bool, str | None]],
             area: str = "alpha", seed: int = 3) -> list[str]:
    """A practice attempt answering right/wrong with a confidence each; returns the question ids in order."""
    runner = QuizService(context).start(learner_id, "practice", [area], practice_items=len(outcomes), seed=seed)
    asked = []
    for right, confidence in outcomes:
        view = runner.current()
        assert view is not None
        question = context.library.question(view.question_id)
        runner.submit(right_answer(question) if right else DONT_KNOW, confidence=confidence)
        asked.append(view.question_id)
    assert runner.finished
    return asked


@pytest.fixture
def reviews(context: ServiceContext) -> ReviewService:
    return ReviewService(context, fuzzing=False)


@pytest.fixture
def learner_id(context: ServiceContext) -> int:
    return LearnerService(context).create("Ada", "tester").id


def answer_card(context: ServiceContext, reviews: ReviewService, card_id: int, right: bool, now: dt.datetime,
                confidence: str | None = None, latency_ms: int = 20_000) -> str:
    with context.transaction() as db:
        question_id = db.get(ReviewCard, card_id).question_id  # type: ignore[union-attr]
    answer = right_answer(context.library.question(question_id)) if right else DONT_KNOW
    return reviews.answer(card_id, answer, latency_ms, confidence, now).rating


@pytest.mark.parametrize(("correct", "confidence", "latency_ms", "expected"), [
    (False, None, 3_000, Rating.Again),
    (False, "high", 3_000, Rating.Again),  # a confident miss is still a miss
    (True, "low", 3_000, Rating.Hard),
    (True, None, 3_000, Rating.Good),  # no confidence asked: fast alone is not Easy
    (True, "medium", 3_000, Rating.Good),
    (True, "high", EASY_LATENCY_MS - 1, Rating.Easy),
    (True, "high", EASY_LATENCY_MS, Rating.Good),  # certain but slow
])
def test_rating_mapping(correct: bool, confidence: str | None, latency_ms: int, expected: Rating) -> None:
    assert rating_for(correct, confidence, latency_ms) == expected


def test_missed_unknown_and_unsure_answers_become_one_card_each(context: ServiceContext, reviews: ReviewService,
                                                               learner_id: int) -> None:
    asked = practise(context, learner_id, [(False, None), (True, "low"), (True, "high"), (True, None)])
    assert reviews.sync_cards(learner_id, DAY0) == 2
    assert reviews.sync_cards(learner_id, DAY0) == 0  # idempotent
    queue = reviews.queue(learner_id, DAY0)
    assert [card.question_id for card in queue] == asked[:2]
    assert all(card.new for card in queue)
    # Missing an already-carded question again makes no second card.
    again = practise(context, learner_id, [(False, None)] * 10, seed=11)
    assert asked[0] in again
    reviews.sync_cards(learner_id, DAY0)
    with context.transaction() as db:
        per_question = db.execute(select(ReviewCard.question_id, func.count()).group_by(ReviewCard.question_id)).all()
    assert per_question and all(count == 1 for _, count in per_question)
    assert {question for question, _ in per_question} == set(asked[:2]) | set(again)


def test_an_unfinished_attempt_makes_no_cards_until_it_ends(context: ServiceContext, reviews: ReviewService,
                                                            learner_id: int) -> None:
    runner = QuizService(context).start(learner_id, "practice", ["alpha"], practice_items=3, seed=3)
    runner.submit(DONT_KNOW)
    assert reviews.sync_cards(learner_id, DAY0) == 0  # feedback may come at the end: not seen yet
    runner.finish("ended early by you")
    assert reviews.sync_cards(learner_id, DAY0) == 1


def test_due_dates_after_again_and_good_across_days(context: ServiceContext, reviews: ReviewService,
                                                    learner_id: int) -> None:
    practise(context, learner_id, [(False, None), (False, None)])
    first, second = (card.card_id for card in reviews.queue(learner_id, DAY0))
    outcome = reviews.answer(first, DONT_KNOW, 5_000, None, DAY0)
    assert (outcome.rating, outcome.due, outcome.comes_back) == ("Again", DAY0 + dt.timedelta(minutes=1),
                                                                "in 1 minute")
    assert not outcome.correct and "Because alpha" in outcome.feedback.explanation
    assert answer_card(context, reviews, second, True, DAY0) == "Good"
    # Good twice through the learning steps graduates the card to days; a later Good spaces it further.
    later = DAY0 + dt.timedelta(minutes=10)
    assert answer_card(context, reviews, second, True, later) == "Good"
    with context.transaction() as db:
        graduated = db.get(ReviewCard, second)
        assert graduated is not None and graduated.state["state"] == State.Review
        first_interval = graduated.due - later
    assert first_interval >= dt.timedelta(days=1)
    on_time = later + first_interval
    assert [card.card_id for card in reviews.queue(learner_id, on_time)] == [first, second]  # oldest due first
    outcome = reviews.answer(second, right_answer(context.library.question(graduated.question_id)), 5_000, None,
                             on_time)
    assert outcome.due - on_time > first_interval and outcome.comes_back.endswith("days")
    # Forgetting a learned card sends it back to relearning: minutes, not days.
    lapse_at = outcome.due
    lapse = reviews.answer(second, DONT_KNOW, 5_000, None, lapse_at)
    assert lapse.rating == "Again" and lapse.due - lapse_at < dt.timedelta(hours=1)


def test_fuzzing_off_is_repeatable_and_a_higher_retention_schedules_sooner(context: ServiceContext,
                                                                           learner_id: int) -> None:
    practise(context, learner_id, [(False, None)] * 3)
    reviews = ReviewService(context, fuzzing=False)
    cards = [card.card_id for card in reviews.queue(learner_id, DAY0)]
    learners = LearnerService(context)

    def interval_after_first_review(card_id: int) -> dt.timedelta:
        """Through the learning steps, then one Good review on the day it is due: the next interval."""
        for step in (0, 10):
            answer_card(context, reviews, card_id, True, DAY0 + dt.timedelta(minutes=step))
        with context.transaction() as db:
            card = db.get(ReviewCard, card_id)
            assert card is not None
            due, question_id = card.due, card.question_id
        return reviews.answer(card_id, right_answer(context.library.question(question_id)), 5_000, None,
                              due).due - due

    learners.update(learner_id, desired_retention=0.80)
    relaxed = interval_after_first_review(cards[0])
    learners.update(learner_id, desired_retention=0.97)
    strict = interval_after_first_review(cards[1])
    assert strict < relaxed
    # The same answers at the same times give the same schedule (no fuzz): a third card at 0.80 again.
    learners.update(learner_id, desired_retention=0.80)
    assert interval_after_first_review(cards[2]) == relaxed


def test_queue_puts_due_cards_first_and_limits_new_cards_per_utc_day(context: ServiceContext,
                                                                     reviews: ReviewService, learner_id: int) -> None:
    LearnerService(context).update(learner_id, daily_new_reviews=2)
    asked = practise(context, learner_id, [(False, None)] * 6)
    day1 = reviews.queue(learner_id, DAY0)
    assert [card.question_id for card in day1] == asked[:2] and all(card.new for card in day1)
    for card in day1:
        answer_card(context, reviews, card.card_id, False, DAY0)
    # Later the same UTC day: the two learning cards are due again, and no more new ones are introduced.
    evening = DAY0.replace(hour=23, minute=59)
    assert [card.card_id for card in reviews.queue(learner_id, evening)] == [card.card_id for card in day1]
    assert reviews.due_counts(learner_id, evening) == {"alpha": 2}
    # The next UTC day: due cards first (oldest due first), then two more new ones.
    day2 = reviews.queue(learner_id, DAY0.replace(day=3, hour=0, minute=1))
    assert [card.new for card in day2] == [False, False, True, True]
    assert [card.question_id for card in day2] == asked[:4]
    assert day2[0].due <= day2[1].due


def test_empty_queue_says_when_the_next_review_comes(context: ServiceContext, reviews: ReviewService,
                                                     learner_id: int) -> None:
    assert reviews.queue(learner_id, DAY0) == []
    assert reviews.next_review(learner_id, DAY0) == (None, "nothing scheduled")
    LearnerService(context).update(learner_id, daily_new_reviews=1)
    practise(context, learner_id, [(False, None), (False, None)])
    (card,) = reviews.queue(learner_id, DAY0)
    answer_card(context, reviews, card.card_id, True, DAY0)  # Good: back in 10 minutes
    assert reviews.queue(learner_id, DAY0) == []
    assert reviews.next_review(learner_id, DAY0) == (DAY0 + dt.timedelta(minutes=10), "in 10 minutes")
    summary = reviews.summary(learner_id, DAY0, DAY0)
    assert (summary.reviewed, summary.correct, summary.again) == (1, 1, 0)
    assert summary.next_due == DAY0 + dt.timedelta(minutes=10)


def test_reviews_never_touch_answers_or_ability_estimates(context: ServiceContext, reviews: ReviewService,
                                                          learner_id: int) -> None:
    practise(context, learner_id, [(False, None)] * 4)
    results = ResultsService(context)
    levels_before = results.latest_levels(learner_id)

    def counts() -> tuple[int, int]:
        with context.transaction() as db:
            return (int(db.scalar(select(func.count()).select_from(Response)) or 0),
                    int(db.scalar(select(func.count()).select_from(AbilitySnapshot)) or 0))

    before = counts()
    for card in reviews.queue(learner_id, DAY0):
        answer_card(context, reviews, card.card_id, True, DAY0)
    assert counts() == before
    assert results.latest_levels(learner_id) == levels_before
    with context.transaction() as db:
        assert db.scalar(select(func.count()).select_from(ReviewLog)) == 4


def test_true_retention_counts_only_reviews_of_learned_cards_in_the_window(context: ServiceContext,
                                                                           reviews: ReviewService,
                                                                           learner_id: int) -> None:
    practise(context, learner_id, [(False, None)] * 3)
    cards = [card.card_id for card in reviews.queue(learner_id, DAY0)]
    for card_id in cards:  # through the learning steps: these reviews don't count
        answer_card(context, reviews, card_id, True, DAY0)
        answer_card(context, reviews, card_id, True, DAY0 + dt.timedelta(minutes=10))
    assert reviews.true_retention(learner_id, DAY0 + dt.timedelta(minutes=11)) == (0, 0)
    review_day = DAY0 + dt.timedelta(days=40)
    answer_card(context, reviews, cards[0], True, review_day)
    answer_card(context, reviews, cards[1], True, review_day)
    answer_card(context, reviews, cards[2], False, review_day)
    assert reviews.true_retention(learner_id, review_day) == (2, 3)
    # The relearning review of the forgotten card does not count; the window drops reviews older than it.
    answer_card(context, reviews, cards[2], True, review_day + dt.timedelta(minutes=10))
    assert reviews.true_retention(learner_id, review_day + dt.timedelta(minutes=10)) == (2, 3)
    assert reviews.true_retention(learner_id, review_day + dt.timedelta(days=31)) == (0, 0)


def test_a_card_whose_question_left_the_banks_is_skipped(context: ServiceContext, reviews: ReviewService,
                                                         learner_id: int) -> None:
    practise(context, learner_id, [(False, None)])
    with context.transaction() as db:
        db.add(ReviewCard(learner_id=learner_id, question_id="gone.q1", area="alpha", topic="a-one", state={},
                          due=DAY0, reviews=0))
    queue = reviews.queue(learner_id, DAY0)
    assert len(queue) == 1 and queue[0].question_id != "gone.q1"
    with context.transaction() as db:
        gone = db.scalars(select(ReviewCard.id).where(ReviewCard.question_id == "gone.q1")).one()
    with pytest.raises(ReviewError, match="no longer available"):
        reviews.answer(gone, DONT_KNOW, 0, None, DAY0)


def test_desired_retention_and_daily_new_settings_are_validated(context: ServiceContext, learner_id: int) -> None:
    learners = LearnerService(context)
    view = learners.get(learner_id)
    assert (view.desired_retention, view.daily_new_reviews) == (0.9, 20)  # Anki's default retention
    view = learners.update(learner_id, desired_retention=parse_desired_retention("85%"),
                           daily_new_reviews=parse_daily_new_reviews(" 5 "))
    assert (view.desired_retention, view.daily_new_reviews) == (0.85, 5)
    assert parse_desired_retention("0.95") == 0.95
    for bad in ("abc", "", "nan", "0.5", "1.2", "100%", "inf"):
        with pytest.raises(ProfileError) as problem:
            parse_desired_retention(bad)
        assert "\n" not in str(problem.value) and "retention" in str(problem.value).lower()
    for bad_count in ("abc", "-1", "201", "2.5", "١٢"):
        with pytest.raises(ProfileError, match="from 0 to 200"):
            parse_daily_new_reviews(bad_count)
    with pytest.raises(ProfileError):
        learners.update(learner_id, desired_retention=0.69)
    assert learners.get(learner_id).desired_retention == 0.85  # a refused value changes nothing
    assert retention_warning(0.97) is None
    warning = retention_warning(0.98)
    assert warning is not None and "\n" not in warning and "workload" in warning


def test_comes_back_in_words() -> None:
    assert comes_back(DAY0 + dt.timedelta(minutes=10), DAY0) == "in 10 minutes"
    assert comes_back(DAY0 + dt.timedelta(hours=5), DAY0) == "in 5 hours"
    assert comes_back(DAY0 + dt.timedelta(days=1), DAY0) == "in 1 day"
    assert comes_back(DAY0 + dt.timedelta(days=3, hours=2), DAY0) == "in 3 days"
    assert comes_back(DAY0, DAY0) == "now"


def test_sync_reads_only_answers_after_the_newest_card_source(context: ServiceContext, reviews: ReviewService,
                                                              learner_id: int) -> None:
    """With every question already carded, later misses still move the starting point on: a long history is
    not re-read on every queue read."""
    practise(context, learner_id, [(False, None)] * 10)
    practise(context, learner_id, [(False, None)] * 10, seed=11)
    reviews.sync_cards(learner_id, DAY0)
    with context.transaction() as db:
        repository = ReviewRepository(db)
        newest = repository.newest_source(learner_id)
        assert newest is not None
        assert newest[0] == db.scalar(select(func.max(Response.id)))
        assert repository.card_sources(learner_id, newest) == []


def test_learn_ahead_offers_only_cards_still_being_learned_and_due_soon(context: ServiceContext,
                                                                       reviews: ReviewService,
                                                                       learner_id: int) -> None:
    practise(context, learner_id, [(False, None)] * 3)
    missed, graduated, untouched = (card.card_id for card in reviews.queue(learner_id, DAY0))
    answer_card(context, reviews, missed, False, DAY0)  # Again: relearn in a minute
    answer_card(context, reviews, graduated, True, DAY0, confidence="high", latency_ms=2_000)  # Easy: days
    assert [card.card_id for card in reviews.learn_ahead(learner_id, DAY0)] == [missed]
    assert untouched not in [card.card_id for card in reviews.learn_ahead(learner_id, DAY0)]  # new: not ahead
    assert reviews.learn_ahead(learner_id, DAY0 - dt.timedelta(minutes=30)) == []  # not due within 20 minutes


def test_a_queue_for_some_areas_and_due_counts_per_area(context: ServiceContext, reviews: ReviewService,
                                                        learner_id: int) -> None:
    LearnerService(context).update(learner_id, daily_new_reviews=3)
    alpha = practise(context, learner_id, [(False, None)] * 4, area="alpha")
    beta = practise(context, learner_id, [(False, None)] * 2, area="beta")
    # New cards are shared out oldest first; a per-area count is what that area's own session would show.
    assert [card.question_id for card in reviews.queue(learner_id, DAY0)] == alpha[:3]
    assert [card.question_id for card in reviews.queue(learner_id, DAY0, areas=["beta"])] == beta
    assert reviews.due_counts(learner_id, DAY0) == {"alpha": 3, "beta": 2}
    assert reviews.session_size(learner_id, DAY0) == 3  # home's total: the allowance is shared, not summed
    for card in reviews.queue(learner_id, DAY0, areas=["beta"]):
        answer_card(context, reviews, card.card_id, False, DAY0)
    # Two of today's three new cards are used; the beta cards are due again a minute later.
    later = DAY0 + dt.timedelta(minutes=2)
    assert reviews.due_counts(learner_id, later) == {"alpha": 1, "beta": 2}
    assert [card.question_id for card in reviews.learn_ahead(learner_id, DAY0, areas=["alpha"])] == []


def test_missing_a_learned_question_again_in_an_assessment_makes_its_card_due(context: ServiceContext,
                                                                              reviews: ReviewService,
                                                                              learner_id: int) -> None:
    (first,) = practise(context, learner_id, [(False, None)])
    (card,) = reviews.queue(learner_id, DAY0)
    answer_card(context, reviews, card.card_id, True, DAY0, confidence="high", latency_ms=2_000)  # Easy: days away
    assert reviews.queue(learner_id, DAY0 + dt.timedelta(hours=1)) == []
    again = practise(context, learner_id, [(False, None)] * 10, seed=11)
    assert first in again
    soon = DAY0 + dt.timedelta(hours=1)
    queue = reviews.queue(learner_id, soon)
    assert queue[0].card_id == card.card_id and not queue[0].new and queue[0].due == soon


def test_sync_query_walks_the_learners_recent_attempts_by_index(context: ServiceContext, learner_id: int) -> None:
    """The card-source query is bounded by the (learner, attempt) and (attempt) indexes from the newest source on,
    never a scan of every stored answer (it stays at milliseconds with 1,000,000 answers)."""
    if context.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's query plan")
    statements: list[tuple[str, tuple[object, ...]]] = []

    def capture(_conn: object, _cursor: object, statement: str, parameters: tuple[object, ...], *_: object) -> None:
        statements.append((statement, parameters))

    event.listen(context.engine, "before_cursor_execute", capture)
    try:
        with context.transaction() as db:
            ReviewRepository(db).card_sources(learner_id, (10, 2))
    finally:
        event.remove(context.engine, "before_cursor_execute", capture)
    statement, parameters = statements[-1]
    with context.engine.connect() as connection:
        plan = " | ".join(row[-1] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}",
                                                                        parameters))
    assert "ix_attempts_learner_id_id (learner_id=? AND id>?)" in plan
    assert "ix_responses_attempt_id (attempt_id=? AND rowid>?)" in plan
    assert "SCAN" not in plan


def test_with_no_new_cards_a_day_the_next_review_says_so(context: ServiceContext, reviews: ReviewService,
                                                         learner_id: int) -> None:
    LearnerService(context).update(learner_id, daily_new_reviews=0)
    practise(context, learner_id, [(False, None)] * 2)
    assert reviews.queue(learner_id, DAY0) == []
    when, text = reviews.next_review(learner_id, DAY0)
    assert when is None and "2 new card(s) wait" in text and "new cards per day is 0" in text
