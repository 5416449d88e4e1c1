"""The review session driven with the keyboard: answer a card as in the quiz, rate how sure, see the explanation and
when it comes back, go on with Enter, and end on a summary; an empty queue says when the next review is."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select
from textual.pilot import Pilot
from textual.widgets import Input

from quizengine.bank.grading import DONT_KNOW
from quizengine.bank.models import ChoiceQuestion, TrueFalse
from quizengine.services.context import ServiceContext
from quizengine.services.quiz import QuizService
from quizengine.services.review import ReviewService
from quizengine.store.models import Response, ReviewLog
from quizengine.tui.app import QuizApp
from quizengine.tui.screens.home import HomeScreen
from quizengine.tui.screens.pickers import ConfidencePicker
from quizengine.tui.screens.review_session import ReviewSessionScreen
from quizengine.tui.screens.settings import SettingsScreen
from tests.conftest import MINI_BANK
from tests.tui.helpers import create_profile, screen_text, settle

NOW = dt.datetime(2026, 3, 2, 9, 0)


def miss_questions(context: ServiceContext, learner_id: int, count: int) -> None:
    runner = QuizService(context).start(learner_id, "practice", ["alpha"], practice_items=count, seed=3)
    while runner.current() is not None:
        runner.submit(DONT_KNOW)


def right_keys(context: ServiceContext, screen: ReviewSessionScreen) -> list[str]:
    """The keys that answer the card on screen correctly, in screen terms."""
    card = screen.cards[screen.position]
    question = context.library.question(card.question_id)
    if isinstance(question, TrueFalse):
        return ["t" if question.answer else "f", "enter"]
    if isinstance(question, ChoiceQuestion):
        letters = ["abcdefgh"[card.option_order.index(i)] for i in question.correct_indices]
        return [*letters, "enter"]
    raise AssertionError("the test answers choice cards right only")


async def open_review(pilot: Pilot[None], app: QuizApp, context: ServiceContext) -> ReviewSessionScreen:
    assert app.learner is not None
    screen = ReviewSessionScreen(app.learner.id, ReviewService(context, fuzzing=False), clock=lambda: NOW)
    app.push_screen(screen)
    await settle(pilot)
    return screen


async def test_a_review_session_runs_to_its_summary(context: ServiceContext) -> None:
    app = QuizApp(context)
    async with app.run_test(size=(100, 32)) as pilot:
        await create_profile(pilot)
        assert app.learner is not None
        miss_questions(context, app.learner.id, 4)
        with context.transaction() as db:
            responses_before = db.scalar(select(func.count()).select_from(Response))
        screen = await open_review(pilot, app, context)
        assert len(screen.cards) == 4
        assert "Review 1 of 4 (new card)" in screen_text(app)
        right = 0
        for number in range(4):
            card = screen.cards[screen.position]
            choice = card.type in ("single_choice", "multiple_choice", "true_false")
            if number % 2 == 0 and choice:
                await pilot.press(*right_keys(context, screen))
                await settle(pilot)
                assert isinstance(app.screen, ConfidencePicker)  # how sure sets the rating of a right answer
                await pilot.press("3")
                await settle(pilot)
                text = screen_text(app)
                assert "✓ Correct" in text and "Rated Easy: comes back in" in text  # certain and quick
                right += 1
            else:
                await pilot.press("x" if choice else "f3")  # I don't know (x is typed into an answer box)
                await settle(pilot)
                text = screen_text(app)
                assert "Rated Again: comes back in 1 minute" in text
                assert "Correct answer:" in text and "Because alpha" in text  # the explanation is shown
            assert screen.phase == "feedback"
            await pilot.press("enter")
            await settle(pilot)
        text = screen_text(app)
        assert "Review done. 4 cards reviewed" in text
        assert f"{right} right · {4 - right} to see again soon (Again)" in text
        assert "Next review: now" in text or "Next review: in" in text
        with context.transaction() as db:
            assert db.scalar(select(func.count()).select_from(ReviewLog)) == 4
            assert db.scalar(select(func.count()).select_from(Response)) == responses_before  # no measuring
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_a_wrong_format_answer_is_said_inline_and_nothing_is_stored(context: ServiceContext) -> None:
    app = QuizApp(context)
    async with app.run_test(size=(100, 32)) as pilot:
        await create_profile(pilot)
        assert app.learner is not None
        miss_questions(context, app.learner.id, 10)
        screen = await open_review(pilot, app, context)
        while screen.cards[screen.position].type != "numeric":
            await pilot.press("f3")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
        await pilot.press(*"lots", "enter")
        await settle(pilot)
        assert screen.phase == "question" and not isinstance(app.screen, ConfidencePicker)
        assert "number" in screen_text(app).lower()


async def test_an_empty_queue_says_nothing_is_due(context: ServiceContext) -> None:
    app = QuizApp(context)
    async with app.run_test(size=(100, 32)) as pilot:
        await create_profile(pilot)
        await open_review(pilot, app, context)
        assert "Nothing due; no review is scheduled yet" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_when_everything_is_reviewed_the_screen_says_when_the_next_review_is(context: ServiceContext) -> None:
    app = QuizApp(context)
    async with app.run_test(size=(100, 32)) as pilot:
        await create_profile(pilot)
        assert app.learner is not None
        miss_questions(context, app.learner.id, 1)
        reviews = ReviewService(context, fuzzing=False)
        (card,) = reviews.queue(app.learner.id, NOW)
        reviews.answer(card.card_id, DONT_KNOW, 1000, None, NOW)
        await open_review(pilot, app, context)
        assert "Nothing due; next review in 1 minute (2026-03-02 09:01 UTC)." in screen_text(app)


async def test_settings_take_desired_retention_and_new_cards_per_day_with_one_line_problems(
        context: ServiceContext) -> None:
    app = QuizApp(context)
    async with app.run_test(size=(100, 40)) as pilot:
        await create_profile(pilot)
        assert app.learner is not None
        learner_id = app.learner.id
        app.push_screen(SettingsScreen())
        await settle(pilot)
        retention = app.screen.query_one("#retention", Input)
        assert retention.value == "0.90"
        retention.focus()
        retention.value = "abc"
        await pilot.press("enter")
        await settle(pilot)
        assert "Desired retention 'abc' is not a number" in screen_text(app)
        assert app.learners.get(learner_id).desired_retention == 0.9  # nothing saved
        retention.value = "0.98"
        await pilot.press("enter")
        await settle(pilot)
        assert "workload grows steeply" in screen_text(app)
        assert app.learners.get(learner_id).desired_retention == 0.98
        assert app.learner.desired_retention == 0.98  # the app's learner follows
        daily = app.screen.query_one("#daily-new", Input)
        daily.focus()
        daily.value = "500"
        await pilot.press("enter")
        await settle(pilot)
        assert "from 0 to 200" in screen_text(app)
        daily.value = "5"
        await pilot.press("enter")
        await settle(pilot)
        assert "Saved: 5 a day." in screen_text(app)
        assert app.learners.get(learner_id).daily_new_reviews == 5


def test_review_feedback_snapshot(snap_compare: Callable[..., bool], tmp_path: Path) -> None:
    """A missed card after "I don't know": the explanation, and the card back in a minute (fixed clock)."""
    context = ServiceContext.open(f"sqlite:///{tmp_path / 'snap.sqlite3'}", [MINI_BANK])
    app = QuizApp(context)

    async def answer_first_card(pilot: Pilot[None]) -> None:
        await create_profile(pilot)
        assert app.learner is not None
        miss_questions(context, app.learner.id, 4)
        await open_review(pilot, app, context)
        await pilot.press("f3")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(100, 32), run_before=answer_first_card)


async def test_cards_still_being_learned_can_be_gone_over_again_at_the_end(context: ServiceContext) -> None:
    app = QuizApp(context)
    async with app.run_test(size=(100, 32)) as pilot:
        await create_profile(pilot)
        assert app.learner is not None
        miss_questions(context, app.learner.id, 2)
        screen = await open_review(pilot, app, context)
        for _ in range(2):
            await pilot.press("f3", "enter")
            await settle(pilot)
        assert "r: go over the 2 cards you are still learning now (due within 20 minutes)" in screen_text(app)
        await pilot.press("r")
        await settle(pilot)
        assert "Review 1 of 2 (still learning)" in screen_text(app)
        for _ in range(2):
            await pilot.press("f3", "enter")
            await settle(pilot)
        text = screen_text(app)
        assert "Review done. 4 cards reviewed · 0 right · 4 to see again soon (Again)" in text
        assert screen.phase == "done"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_ending_a_review_early_shows_what_was_done_and_leaves_the_rest_due(context: ServiceContext) -> None:
    app = QuizApp(context)
    async with app.run_test(size=(100, 32)) as pilot:
        await create_profile(pilot)
        assert app.learner is not None
        miss_questions(context, app.learner.id, 3)
        screen = await open_review(pilot, app, context)
        await pilot.press("f3")  # one card answered, its feedback on screen
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert screen.phase == "done" and "Review done. 1 card reviewed" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        # At the session's clock the Again card waits a minute and the two untouched cards stay due.
        assert app.reviews.session_size(app.learner.id, screen.clock()) == 2
