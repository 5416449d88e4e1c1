"""A spaced-review session: due cards, then today's new ones; each answered as in the quiz, then its explanation
and when it comes back; a summary at the end. Review answers never touch the ability estimates.

The screen gets the learner and the review service from whoever opens it, does its database work through
`background`, and only ever dismisses itself (at the end, or on escape)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Collection
from typing import Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.events import Key
from textual.widgets import Footer, Header, Input, Static

from quizengine.services.answers import AnswerProblem
from quizengine.services.review import LEARN_AHEAD_MINUTES, ReviewService
from quizengine.services.views import ChosenAnswer, ReviewCardView, ReviewOutcome, ReviewSummary
from quizengine.tui.safe import safe_text
from quizengine.tui.screens.base import BaseScreen
from quizengine.tui.screens.feedback import FeedbackBody
from quizengine.tui.screens.pickers import ConfidencePicker
from quizengine.tui.screens.question import ANSWER_KEYS, TYPE_HINTS
from quizengine.tui.widgets.answers import LETTERS, AnswerInput, ChoiceList, MultiChoiceList, SubmitRequested
from quizengine.tui.widgets.markdown_text import MarkdownText

DONT_KNOW = ChosenAnswer("dont_know")


def utc_now() -> dt.datetime:
    """Naive UTC, as the services store times."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)

Phase = Literal["loading", "question", "saving", "feedback", "done"]


def summary_text(summary: ReviewSummary) -> str:
    reviewed = f"{summary.reviewed} card{'s' if summary.reviewed != 1 else ''} reviewed"
    return (f"{reviewed} · {summary.correct} right · {summary.again} to see again soon (Again)\n"
            f"Next review: {summary.next_due_text}" + (f" ({summary.next_due:%Y-%m-%d %H:%M} UTC)"
                                                       if summary.next_due and summary.next_due_text != "now"
                                                       else ""))


class ReviewSessionScreen(BaseScreen):
    CSS_PATH = "review_session.tcss"
    ANSWER_KEYS = ANSWER_KEYS  # read by the screen itself, as on a question; Help lists them
    BINDINGS = [
        Binding("x,f3", "dont_know", "I don't know", id="review-dont-know"),
        Binding("enter,n,space", "next", "Next card (at the end: back)", id="review-next"),
        Binding("r", "learn_ahead", "Go over learning cards", id="review-learn-ahead"),
        Binding("escape", "leave", "End review", id="review-leave"),
        Binding("shift+down,ctrl+down", "scroll_body(3)", "Scroll down", show=False, id="review-down"),
        Binding("shift+up,ctrl+up", "scroll_body(-3)", "Scroll up", show=False, id="review-up"),
    ]

    def __init__(self, learner_id: int, reviews: ReviewService, areas: Collection[str] | None = None,
                 clock: Callable[[], dt.datetime] = utc_now) -> None:
        super().__init__()
        self.learner_id = learner_id
        self.areas = areas  # only these areas' cards (a weak area's review), or every area
        self.reviews = reviews
        self.clock = clock  # naive UTC; tests pass a fixed one
        self.started_at = clock()
        self.cards: list[ReviewCardView] = []
        self.position = 0
        self.phase: Phase = "loading"
        self.ahead: list[ReviewCardView] = []  # still-learning cards due soon, offered at the end
        self.learning_round = False  # going over those now
        self.shown_at = time.monotonic()

    @property
    def card(self) -> ReviewCardView | None:
        return self.cards[self.position] if self.phase in ("question", "saving", "feedback") else None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="rs-main"):
            yield Static("Spaced review", id="rs-header", markup=False)
            with VerticalScroll(id="rs-scroll"):
                yield MarkdownText("", id="rs-stem")
                with Vertical(id="rs-answer-box"):
                    yield ChoiceList(id="rs-choice")
                    yield MultiChoiceList(id="rs-multi")
                    yield AnswerInput(id="rs-text")
                yield Vertical(id="rs-feedback")
            # Outside the scroll area: when the card comes back, and the summary, stay in view.
            yield Static("", id="rs-message", markup=False)
            yield Static("", id="rs-error", classes="error", markup=False)
            yield Static("Loading your review queue…", id="rs-hint", classes="hint", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        for widget in self.query_one("#rs-answer-box").children:
            widget.display = False
        reviews, learner_id, now, areas = self.reviews, self.learner_id, self.started_at, self.areas
        self.background(lambda: reviews.queue(learner_id, now, areas), self._loaded)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next":
            return self.phase in ("feedback", "done")
        if action == "dont_know":
            return self.phase == "question"
        if action == "learn_ahead":
            return self.phase == "done" and bool(self.ahead)
        return True

    def _set_phase(self, phase: Phase) -> None:
        self.phase = phase
        self.refresh_bindings()

    # --- the queue -----------------------------------------------------------------------------------------------

    def _loaded(self, cards: list[ReviewCardView]) -> None:
        self.cards = cards
        if not cards:
            reviews, learner_id, now, areas = self.reviews, self.learner_id, self.clock(), self.areas
            self.background(lambda: (reviews.next_review(learner_id, now),
                                     reviews.learn_ahead(learner_id, now, areas)), self._nothing_due)
            return
        self._show_card()

    def _nothing_due(self, found: tuple[tuple[dt.datetime | None, str], list[ReviewCardView]]) -> None:
        (when, text), self.ahead = found
        if when is not None:
            message = f"Nothing due; next review {text} ({when:%Y-%m-%d %H:%M} UTC)."
        elif text == "nothing scheduled":
            message = ("Nothing due; no review is scheduled yet. Missed, unknown and unsure answers in your "
                       "assessments become review cards.")
        else:
            message = f"Nothing due; next review {text}."
        self._finish_with(message)

    def _show_card(self) -> None:
        card = self.cards[self.position]
        self._set_phase("question")
        kind = "still learning" if self.learning_round else "new card" if card.new else "due card"
        self.query_one("#rs-header", Static).update(Content(
            f"Review {self.position + 1} of {len(self.cards)} ({kind}) · {card.area_title} › {card.topic_title}"))
        self.query_one("#rs-stem", MarkdownText).show(card.stem)
        self.query_one("#rs-feedback").remove_children()
        self.query_one("#rs-message", Static).update("")
        widget = self.answer_widget
        if isinstance(widget, ChoiceList):
            widget.set_choices(["True", "False"] if card.type == "true_false" else card.options)
        elif isinstance(widget, MultiChoiceList):
            widget.set_choices(card.options)
        else:
            widget.value = ""
            widget.placeholder = ("a number" + (f" (in {card.unit})" if card.unit else "")
                                  if card.type == "numeric" else "your answer")
        for other in self.query_one("#rs-answer-box").children:
            other.display = other is widget
        widget.disabled = False
        widget.focus()
        self.query_one("#rs-error", Static).update("")
        dont_know = "F3" if isinstance(widget, AnswerInput) else "x/F3"  # x is typed into an answer box
        self.query_one("#rs-hint", Static).update(f"{TYPE_HINTS.get(card.type, '')} · {dont_know}: don't know · "
                                                  "esc: end")
        self.query_one("#rs-scroll", VerticalScroll).scroll_home(animate=False)
        self.shown_at = time.monotonic()

    @property
    def answer_widget(self) -> ChoiceList | MultiChoiceList | AnswerInput:
        kind = self.cards[self.position].type if self.cards else "single_choice"
        if kind in ("single_choice", "true_false"):
            return self.query_one("#rs-choice", ChoiceList)
        if kind == "multiple_choice":
            return self.query_one("#rs-multi", MultiChoiceList)
        return self.query_one("#rs-text", AnswerInput)

    # --- answering ---------------------------------------------------------------------------------------------

    def on_key(self, event: Key) -> None:
        card = self.card
        if card is None or self.phase != "question" or isinstance(self.focused, Input):
            return
        widget = self.answer_widget
        if not isinstance(widget, ChoiceList | MultiChoiceList):
            return
        count = 2 if card.type == "true_false" else len(card.options)
        character = event.character
        index: int | None = None
        if character is None:
            return
        if card.type == "true_false" and character in "tf":
            index = 0 if character == "t" else 1
        elif character.isdigit() and 1 <= int(character) <= count:
            index = int(character) - 1
        elif character in LETTERS[:count]:
            index = LETTERS.index(character)
        if index is not None:
            widget.choose(index)
            event.stop()
            event.prevent_default()

    @on(SubmitRequested)
    @on(Input.Submitted, "#rs-text")
    def _submit_requested(self) -> None:
        if self.phase != "question":
            return
        card = self.cards[self.position]
        chosen = self._collect_answer()
        if chosen is None:
            return
        try:
            self.reviews.check(card, chosen)  # pure: a number that can't be read is said here, inline
        except AnswerProblem as problem:
            self.query_one("#rs-error", Static).update(Content(safe_text(str(problem))))
            return
        # How sure the learner is sets the rating of a right answer (Hard when unsure, Easy when certain and
        # quick), as Anki's rating buttons do; escape skips it (a right answer is then Good).
        self.app.push_screen(ConfidencePicker(), lambda level: self._submit(chosen, level))

    def _collect_answer(self) -> ChosenAnswer | None:
        widget = self.answer_widget
        error = self.query_one("#rs-error", Static)
        if isinstance(widget, MultiChoiceList):
            if not widget.selected:
                error.update("Select at least one option (a letter, or Space), or press x for I don't know.")
                return None
            return ChosenAnswer("options", tuple(sorted(widget.selected)))
        if isinstance(widget, ChoiceList):
            if widget.chosen is None:
                error.update("Pick an option first (a letter, a number, or the arrows).")
                return None
            return ChosenAnswer("options", (widget.chosen,))
        return ChosenAnswer("text", text=widget.value)

    def action_dont_know(self) -> None:
        if self.phase == "question":
            self._submit(DONT_KNOW, None)

    def _submit(self, chosen: ChosenAnswer, confidence: str | None) -> None:
        if self.phase != "question":
            return
        self._set_phase("saving")
        latency = int((time.monotonic() - self.shown_at) * 1000)
        reviews, card_id, clock = self.reviews, self.cards[self.position].card_id, self.clock
        self.background(lambda: reviews.answer(card_id, chosen, latency, confidence, clock()), self._answered,
                        failed=lambda: self._set_phase("question"))

    def _answered(self, outcome: ReviewOutcome) -> None:
        self._set_phase("feedback")
        for widget in self.query_one("#rs-answer-box").children:
            widget.display = False
        self.query_one("#rs-feedback").mount(FeedbackBody(outcome.feedback))
        self.query_one("#rs-message", Static).update(Content(
            f"Rated {outcome.rating}: comes back {outcome.comes_back} ({outcome.due:%Y-%m-%d %H:%M} UTC)."))
        last = self.position + 1 >= len(self.cards)
        self.query_one("#rs-hint", Static).update(
            "Enter: see the summary" if last else "Enter: next card · escape: end the review")
        self.query_one("#rs-scroll", VerticalScroll).focus()

    def action_next(self) -> None:
        if self.phase == "done":
            self.dismiss()
        elif self.phase == "feedback":
            if self.position + 1 < len(self.cards):
                self.position += 1
                self._show_card()
            else:
                self._show_summary()

    def _show_summary(self) -> None:
        self._set_phase("loading")
        reviews, learner_id, since, clock, areas = (self.reviews, self.learner_id, self.started_at, self.clock,
                                                    self.areas)
        def finish() -> tuple[ReviewSummary, list[ReviewCardView]]:
            now = clock()
            return reviews.summary(learner_id, since, now), reviews.learn_ahead(learner_id, now, areas)

        self.background(finish, self._summarised)

    def _summarised(self, found: tuple[ReviewSummary, list[ReviewCardView]]) -> None:
        summary, self.ahead = found
        self._finish_with(f"Review done. {summary_text(summary)}")

    def _finish_with(self, message: str) -> None:
        if self.ahead:
            count = len(self.ahead)
            message += (f"\nr: go over the {count} card{'s' if count != 1 else ''} you are still learning now "
                        f"(due within {LEARN_AHEAD_MINUTES} minutes)")
        self._set_phase("done")
        self.query_one("#rs-header", Static).update("Spaced review")
        self.query_one("#rs-stem", MarkdownText).show("")
        self.query_one("#rs-feedback").remove_children()
        for widget in self.query_one("#rs-answer-box").children:
            widget.display = False
        self.query_one("#rs-message", Static).update(Content(message))
        self.query_one("#rs-hint", Static).update("Enter or escape: back")
        self.query_one("#rs-scroll", VerticalScroll).focus()

    def action_learn_ahead(self) -> None:
        if self.phase == "done" and self.ahead:
            self.cards, self.ahead, self.position, self.learning_round = self.ahead, [], 0, True
            self._show_card()

    # --- leaving ----------------------------------------------------------------------------------------------

    def action_scroll_body(self, lines: int) -> None:
        self.query_one("#rs-scroll", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_leave(self) -> None:
        if self.phase == "saving":
            self.notify("Saving your answer…", timeout=2)
            return
        answered = self.position + (1 if self.phase == "feedback" else 0)
        if self.phase in ("feedback", "question") and answered:
            # Ending early still shows what this session did; the unreviewed cards stay due.
            self.notify("Reviews so far are saved; the rest stay due.", timeout=3)
            self._show_summary()
        else:
            self.dismiss()
