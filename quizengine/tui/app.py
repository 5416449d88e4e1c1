"""The Textual app: a thin shell over the services. Screens are leaves that dismiss or post a message (see
messages.py); the app does all navigation here. Database work runs in thread workers (base.run_job)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen

from quizengine.services.context import ServiceContext
from quizengine.services.learners import LearnerService
from quizengine.services.quiz import QuizRunner
from quizengine.services.views import AttemptMode
from quizengine.tui.base import QuizShell, run_job
from quizengine.tui.commands import AppCommands
from quizengine.tui.errors import log_error, report_error
from quizengine.tui.messages import (
    LearnerChosen,
    Navigate,
    ResumeAttempt,
    ReviewMissed,
    ShowFeedback,
    ShowResults,
    StartAttempt,
)
from quizengine.tui.safe import safe_view
from quizengine.tui.screens.banks import BanksScreen
from quizengine.tui.screens.feedback import FeedbackScreen
from quizengine.tui.screens.help import HelpScreen
from quizengine.tui.screens.history import HistoryScreen
from quizengine.tui.screens.home import HomeScreen
from quizengine.tui.screens.pickers import AreaPicker, UnfinishedAttemptPrompt
from quizengine.tui.screens.profile import ProfileScreen
from quizengine.tui.screens.progress import ProgressScreen
from quizengine.tui.screens.question import QuestionScreen
from quizengine.tui.screens.results import ResultsScreen, ReviewScreen
from quizengine.tui.screens.review_session import ReviewSessionScreen
from quizengine.tui.screens.settings import SettingsScreen
from quizengine.tui.screens.weak_areas import WeakAreasScreen
from quizengine.tui.weak_messages import ReviewDue, StartDrill

PRACTICE_ITEMS = 10
SCREENS_BY_NAME: dict[str, type[Screen[None]]] = {
    "history": HistoryScreen, "banks": BanksScreen, "settings": SettingsScreen,
    "weak-areas": WeakAreasScreen, "progress": ProgressScreen,
}


class QuizApp(QuizShell):
    """quizengine's terminal UI."""

    TITLE = "quizengine"
    SUB_TITLE = "measure your ML engineering skills"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {AppCommands}
    BINDINGS = [
        Binding("f1", "help", "Help", id="help"),
        Binding("question_mark", "help", "Help", show=False, id="help-alt"),
        Binding("ctrl+q", "quit", "Quit", id="quit"),
        # Ctrl+C quits as in any terminal program; every submitted answer is already saved.
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True, id="quit-ctrl-c"),
    ]

    def __init__(self, context: ServiceContext, *, preview: str | None = None) -> None:
        super().__init__(context, preview=preview)
        if preview:
            self.title = "PREVIEW (throwaway history)"
            self.sub_title = "answers here never reach your real history"

    def on_mount(self) -> None:
        self.push_screen(ProfileScreen())
        quizzes = self.quizzes
        run_job(self, quizzes.calibration_problem, self._warn_calibration)

    def _warn_calibration(self, problem: str | None) -> None:
        if problem:  # a broken calibration file: the app measures with the label parameters meanwhile
            self.notify(problem, title="Calibration file not used", severity="warning", timeout=12)

    def watch_theme(self, theme: str) -> None:
        # Remember the choice (command palette or settings) for this learner, off the UI thread.
        learner = self.learner
        if learner is not None and learner.theme != theme:
            learners = self.learners
            self.learner = replace(learner, theme=theme)
            run_job(self, lambda: self._remember_theme(learners, learner.id, theme), lambda _: None)

    @staticmethod
    def _remember_theme(learners: LearnerService, learner_id: int, theme: str) -> None:
        learners.update(learner_id, theme=theme)  # a failure is reported; the theme still applies for now

    def _handle_exception(self, error: Exception) -> None:
        # The last resort, for a failure outside every guard (Textual's own drawing, a compose): keep the
        # traceback in the error log as well as on the terminal.
        log_error(error)
        super()._handle_exception(error)

    async def _dispatch_action(self, namespace: DOMNode, action_name: str, params: Any) -> bool:
        # Every key binding's action runs here: one that fails is reported, and the app keeps running.
        try:
            return await super()._dispatch_action(namespace, action_name, params)
        except Exception as exc:
            report_error(self, exc)
            return True

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help", "Show every key binding of this screen", self.action_help)

    # --- navigation: what the screens ask for ---------------------------------------------------------------

    def go_home(self) -> None:
        """Back to the home screen, closing whatever lies above it (every answer is already saved)."""
        if any(isinstance(screen, HomeScreen) for screen in self.screen_stack):
            while not isinstance(self.screen, HomeScreen):
                self.pop_screen()
        elif self.learner is not None:  # opened elsewhere first (results straight from a link, say)
            while len(self.screen_stack) > 2:
                self.pop_screen()
            self.switch_screen(HomeScreen())

    def on_learner_chosen(self, message: LearnerChosen) -> None:
        self.set_learner(message.learner)
        self.switch_screen(HomeScreen())

    def on_navigate(self, message: Navigate) -> None:
        destination = message.destination
        if destination == "help":
            self.action_help()
        elif self.learner is None:
            self.notify("Pick or create a profile first.")
        elif destination == "home":
            self.go_home()
        elif destination == "profile":
            self.go_home()
            self.switch_screen(ProfileScreen())
        elif destination == "review":
            self.open_review(None)
        elif destination in SCREENS_BY_NAME and not isinstance(self.screen, SCREENS_BY_NAME[destination]):
            self.push_screen(SCREENS_BY_NAME[destination]())

    def on_start_attempt(self, message: StartAttempt) -> None:
        if self.learner is None:
            self.notify("Pick or create a profile first.")
            return
        mode, areas = message.mode, message.areas
        if mode in ("focus", "practice") and not areas:
            title = "Focus on which area?" if mode == "focus" else "Practise which area?"
            self.push_screen(AreaPicker(title, safe_view(self.reports.catalog())),
                             lambda area: self._start_checked(mode, [area]) if area else None)
        else:
            self._start_checked(mode, areas)

    def _start_checked(self, mode: AttemptMode, areas: list[str] | None,
                       topics: list[str] | None = None) -> None:
        """Start, but if an attempt is unfinished first ask whether to resume it or close it."""
        learner, quizzes = self.learner, self.quizzes
        assert learner is not None

        def decide(active: int | None) -> None:
            if active is None:
                self._start(mode, areas, topics)
            else:
                self.push_screen(UnfinishedAttemptPrompt(active),
                                 lambda choice: self._decided(choice, active, mode, areas, topics))

        run_job(self, lambda: quizzes.active_attempt(learner.id), decide)

    def _decided(self, choice: str | None, active: int, mode: AttemptMode, areas: list[str] | None,
                 topics: list[str] | None) -> None:
        if choice == "resume":
            self.post_message(ResumeAttempt(active))
        elif choice == "new":
            self._start(mode, areas, topics)

    def _start(self, mode: AttemptMode, areas: list[str] | None, topics: list[str] | None = None) -> None:
        learner, quizzes = self.learner, self.quizzes
        assert learner is not None
        run_job(self, lambda: quizzes.start(learner.id, mode, areas, practice_items=PRACTICE_ITEMS, topics=topics),
                self._open_question)

    def on_start_drill(self, message: StartDrill) -> None:
        """A weak area's drill: a focus attempt on its missed topics (the screen already said which)."""
        if self.learner is not None:
            self._start_checked("focus", [message.area], message.topics)

    def on_review_due(self, message: ReviewDue) -> None:
        self.open_review([message.area] if message.area else None)

    def open_review(self, areas: list[str] | None) -> None:
        """The spaced-review session: due cards first, then today's new ones (of `areas`, or every area)."""
        if self.learner is not None and not isinstance(self.screen, ReviewSessionScreen):
            self.push_screen(ReviewSessionScreen(self.learner.id, self.reviews, areas))

    def on_resume_attempt(self, message: ResumeAttempt) -> None:
        quizzes = self.quizzes
        run_job(self, lambda: quizzes.resume(message.attempt_id), self._open_question)

    def _open_question(self, runner: QuizRunner) -> None:
        self.go_home()  # one attempt on screen at a time
        self.push_screen(QuestionScreen(runner))

    def on_show_feedback(self, message: ShowFeedback) -> None:
        self.push_screen(FeedbackScreen(message.feedback))  # the question moves on when it closes

    def on_show_results(self, message: ShowResults) -> None:
        if message.replace:
            self.switch_screen(ResultsScreen(message.attempt_id))
        else:
            self.push_screen(ResultsScreen(message.attempt_id))

    def on_review_missed(self, message: ReviewMissed) -> None:
        self.push_screen(ReviewScreen(message.results))
