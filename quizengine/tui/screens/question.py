"""The question screen: stem and options as Markdown in one scroll area, an answer widget per type, progress."""

from __future__ import annotations

import time

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.events import Key
from textual.widgets import Button, Footer, Header, Input, Static

from quizengine.services.answers import AnswerProblem
from quizengine.services.quiz import AttemptChanged, QuizRunner
from quizengine.services.views import ChosenAnswer, FeedbackView, QuestionView
from quizengine.tui.messages import ShowFeedback, ShowResults
from quizengine.tui.safe import safe_text, safe_view
from quizengine.tui.screens.base import BaseScreen
from quizengine.tui.screens.pickers import ConfidencePicker, ConfirmQuit
from quizengine.tui.widgets.answers import LETTERS, AnswerInput, ChoiceList, MultiChoiceList, SubmitRequested
from quizengine.tui.widgets.markdown_text import MarkdownText
from quizengine.tui.widgets.progress import ProgressPanel, progress_line

TYPE_HINTS = {
    "single_choice": "Choose one: a-h or 1-8, or ↑↓, then Enter (or click)",
    "multiple_choice": "Select all that apply: a-h or 1-8, or Space on ↑↓; Enter submits",
    "true_false": "t = True, f = False, then Enter",
    "numeric": "Type a number, then Enter",
    "short_text": "Type a short answer, then Enter",
}
# Keys read by on_key rather than bindings (what they do depends on the question); Help lists them too.
ANSWER_KEYS = [
    ("a-h or 1-8", "Choose that option (select-all: toggle it)"),
    ("↑ / ↓", "Move between options"),
    ("space", "Toggle the highlighted option (select all that apply)"),
    ("t / f", "True / False"),
    ("enter", "Submit the answer"),
    ("pgup / pgdn", "Scroll the question"),
]
DONT_KNOW = ChosenAnswer("dont_know")


class QuestionScreen(BaseScreen):
    BINDINGS = [
        Binding("w,f2", "why", "Why this question? (again to hide)", id="why"),
        Binding("x,f3", "dont_know", "I don't know", id="dont-know"),
        Binding("escape", "leave", "Save & home", id="leave"),
        Binding("f4", "end_attempt", "End now, see results", id="end-now"),
        Binding("shift+down,ctrl+down", "scroll_stem(3)", "Scroll question down", show=False, id="stem-down"),
        Binding("shift+up,ctrl+up", "scroll_stem(-3)", "Scroll question up", show=False, id="stem-up"),
        Binding("q", "ask_quit", "Quit (asks first; answers are saved)", show=False, id="quit-question"),
    ]
    ANSWER_KEYS = ANSWER_KEYS
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    def __init__(self, runner: QuizRunner) -> None:
        super().__init__()
        self.runner = runner
        self.view: QuestionView | None = None
        self.shown_at = time.monotonic()
        self.busy = False  # a save in flight: no second answer, no leaving, and F4 waits for it
        self.end_requested = False
        self.feedback_open = False  # its feedback is on screen: move on when it closes

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="question-layout"):
            with Vertical(id="question-main"):
                yield Static("", id="q-header", markup=False)
                with VerticalScroll(id="question-scroll"):
                    yield MarkdownText("", id="stem")
                    with Vertical(id="answer-box"):
                        # One widget per kind of answer, kept mounted and reused: remounting widgets for every
                        # question (and the footer refresh a focus change brings) cost ~100 ms per question.
                        yield ChoiceList(id="choice")
                        yield MultiChoiceList(id="multi")
                        yield AnswerInput(id="text")
                    yield Static("", id="why-panel", markup=False)
                yield Static("", id="answer-error", classes="error", markup=False)
                with Horizontal(id="q-buttons"):
                    yield Button("Submit", id="submit", variant="primary")
                    yield Button("I don't know", id="dont-know")
                yield Static("", id="q-hint", classes="hint", markup=False)
                yield Static("", id="progress-line", markup=False)
            yield ProgressPanel(id="progress")
        yield Footer()

    def on_mount(self) -> None:
        self.load_next()

    @property
    def practice(self) -> bool:
        return self.runner.config.mode == "practice"

    def load_next(self) -> None:
        view = safe_view(self.runner.current())  # pure computation: selection takes well under a frame
        if view is None:
            self.show_results()
            return
        self.call_after_refresh(self.show_question, view)

    async def show_question(self, view: QuestionView) -> None:
        self.view = view
        self.busy = False
        self.query_one("#q-header", Static).update(Content(
            f"Q{view.number} · {view.area_title} › {view.topic_title} · difficulty {view.difficulty}/5"))
        self.query_one("#stem", MarkdownText).show(view.stem)
        self.query_one("#question-scroll", VerticalScroll).scroll_home(animate=False)
        self.query_one("#why-panel", Static).display = False  # the reason was for the previous question
        widget = self.answer_widget
        if isinstance(widget, ChoiceList):
            widget.set_choices(["True", "False"] if view.type == "true_false" else view.options)
        elif isinstance(widget, MultiChoiceList):
            widget.set_choices(view.options)
        else:
            widget.value = ""
            widget.placeholder = ("a number" + (f" (in {view.unit})" if view.unit else "")
                                  if view.type == "numeric" else "your answer")
        for other in self.query_one("#answer-box").children:
            other.display = other is widget
        widget.focus()
        self.query_one("#answer-error", Static).update("")
        self.query_one("#q-hint", Static).update(TYPE_HINTS.get(view.type, ""))
        self.call_after_refresh(self._hint_overflow)
        self.query_one(ProgressPanel).show(view.progress, view.area, self.practice)
        self.query_one("#progress-line", Static).update(progress_line(view.progress, view.area))
        self.shown_at = time.monotonic()

    def _hint_overflow(self) -> None:
        """Say so when the question is taller than its area (long code at 80x24)."""
        if self.view is not None and self.query_one("#question-scroll", VerticalScroll).max_scroll_y > 0:
            hint = TYPE_HINTS.get(self.view.type, "")
            self.query_one("#q-hint", Static).update(f"▼ more below: shift+↓ or pgdn scrolls · {hint}")

    def action_scroll_stem(self, lines: int) -> None:
        self.query_one("#question-scroll", VerticalScroll).scroll_relative(y=lines, animate=False)

    @property
    def answer_widget(self) -> ChoiceList | MultiChoiceList | AnswerInput:
        """The answer widget for the question on screen."""
        kind = self.view.type if self.view else "single_choice"
        if kind in ("single_choice", "true_false"):
            return self.query_one("#choice", ChoiceList)
        if kind == "multiple_choice":
            return self.query_one("#multi", MultiChoiceList)
        return self.query_one("#text", AnswerInput)

    # --- keys: option letters and numbers ---------------------------------------------------------------

    def on_key(self, event: Key) -> None:
        if self.view is None or isinstance(self.focused, Input):
            return
        widget = self.answer_widget
        if not isinstance(widget, ChoiceList | MultiChoiceList):
            return
        index = self._index_for(event.character)
        if index is not None:
            widget.choose(index)
            event.stop()
            event.prevent_default()

    def _index_for(self, character: str | None) -> int | None:
        if character is None or self.view is None:
            return None
        count = 2 if self.view.type == "true_false" else len(self.view.options)
        if self.view.type == "true_false" and character in "tf":
            return 0 if character == "t" else 1
        if character.isdigit() and 1 <= int(character) <= count:
            return int(character) - 1
        if character in LETTERS[:count] and character not in "wx":
            return LETTERS.index(character)
        return None

    # --- submitting -----------------------------------------------------------------------------------------

    @on(SubmitRequested)
    @on(Input.Submitted, "#text")
    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        chosen = self._collect_answer()
        if chosen is None:
            return
        try:
            self.runner.check(chosen)  # pure and quick: a number that can't be read is said here, inline
        except AnswerProblem as problem:
            self._error(safe_text(str(problem)))
            return
        self._confirm(chosen)

    @on(Input.Changed, "#text")
    def _typing(self) -> None:
        self.query_one("#answer-error", Static).update("")  # the hint about a bad number goes once they edit

    @on(Button.Pressed, "#dont-know")
    def action_dont_know(self) -> None:
        self._confirm(DONT_KNOW, ask_confidence=False)

    def _error(self, message: str) -> None:
        self.query_one("#answer-error", Static).update(Content(message))

    def _collect_answer(self) -> ChosenAnswer | None:
        """What the learner chose, in screen terms; the service maps it to the bank and reads numbers."""
        if self.view is None:
            return None
        widget = self.answer_widget
        if isinstance(widget, MultiChoiceList):
            if not widget.selected:
                self._error("Select at least one option (a letter, or Space), or press x for I don't know.")
                return None
            return ChosenAnswer("options", tuple(sorted(widget.selected)))
        if isinstance(widget, ChoiceList):
            if widget.chosen is None:
                self._error("Pick an option first (a letter, a number, or the arrows).")
                return None
            return ChosenAnswer("options", (widget.chosen,))
        return ChosenAnswer("text", text=widget.value)

    def _confirm(self, answer: ChosenAnswer, ask_confidence: bool = True) -> None:
        if self.busy or self.view is None:
            return
        learner = self.quiz_app.learner
        if ask_confidence and learner is not None and learner.ask_confidence:
            self.app.push_screen(ConfidencePicker(), lambda level: self._submit(answer, level))
        else:
            self._submit(answer, None)

    def _submit(self, answer: ChosenAnswer, confidence: str | None) -> None:
        self.busy = True
        latency = int((time.monotonic() - self.shown_at) * 1000)
        runner = self.runner

        def save() -> FeedbackView | AttemptChanged:
            try:
                return runner.submit(answer, latency_ms=latency, confidence=confidence)
            except AttemptChanged as changed:  # another window moved the attempt on; the runner has reloaded
                return changed

        self.background(save, self._after_submit, failed=self._submit_failed)

    def _submit_failed(self) -> None:
        self.busy = False  # the answer was not stored; the learner can submit it again
        if self.end_requested:
            self.action_end_attempt()

    def _after_submit(self, outcome: FeedbackView | AttemptChanged) -> None:
        if isinstance(outcome, AttemptChanged):
            self.notify(safe_text(str(outcome)), severity="warning", timeout=8, markup=False)
            if self.end_requested:
                self.busy = False
                self.action_end_attempt()
            else:  # still busy until the new question is on screen: no answer meant for the old one
                self.load_next()  # the true next question, or the results if it was finished elsewhere
            return
        feedback = outcome
        if self.end_requested:  # F4 was pressed during the save: end now that the answer is stored
            self.busy = False
            self.action_end_attempt()
            return
        learner = self.quiz_app.learner
        if learner is not None and learner.feedback == "end":
            self.notify("Answer saved.", timeout=1.5)
            self.load_next()
        else:
            self.feedback_open = True
            self.post_message(ShowFeedback(feedback))

    def on_screen_resume(self) -> None:
        if self.feedback_open:  # back from its feedback: the next question
            self.feedback_open = False
            self.load_next()

    # --- other actions ---------------------------------------------------------------------------------------

    def action_why(self) -> None:
        """Show (or hide) why the engine chose this question; it goes when the next question comes."""
        if self.view is not None:
            panel = self.query_one("#why-panel", Static)
            panel.update(Content(f"Why this question: {self.view.reason}"))
            panel.display = not panel.display
            if panel.display:
                panel.scroll_visible(animate=False)

    def action_ask_quit(self) -> None:
        self.app.push_screen(ConfirmQuit(), self._quit_decided)

    def _quit_decided(self, quit_now: str | None) -> None:
        if quit_now == "quit":
            self.app.exit(message="Your answers are saved: resume this attempt from the home screen.")

    def action_leave(self) -> None:
        if self.busy:
            self.notify("Saving your answer…", timeout=2)
            return
        self.notify("Your answers are saved. Resume from the home screen.", timeout=4)
        self.dismiss()

    def action_end_attempt(self) -> None:
        if self.busy:  # a save (or an ending) is in flight: end once it is done, and only once
            self.end_requested = True
            return
        self.busy = True
        self.end_requested = False
        self.background(lambda: self.runner.finish("ended early by you"), lambda _: self.show_results(),
                        failed=self._end_failed)

    def _end_failed(self) -> None:
        self.busy = False

    def show_results(self) -> None:
        self.post_message(ShowResults(self.runner.attempt_id, replace=True))
