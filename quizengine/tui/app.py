"""The Textual app: a thin shell over the services. Screens get plain views and post work to threads."""

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
from quizengine.services.quiz import QuizService
from quizengine.services.results import ResultsService
from quizengine.services.views import LearnerView
from quizengine.tui.errors import log_error, report_error
from quizengine.tui.screens.help import HelpScreen
from quizengine.tui.screens.profile import ProfileScreen


class QuizApp(App[None]):
    """quizengine's terminal UI."""

    TITLE = "quizengine"
    SUB_TITLE = "measure your ML engineering skills"
    CSS_PATH = "app.tcss"
    BINDINGS = [
        Binding("f1", "help", "Help", id="help"),
        Binding("question_mark", "help", "Help", show=False, id="help-alt"),
        Binding("ctrl+q", "quit", "Quit", id="quit"),
        # Ctrl+C quits as in any terminal program; every submitted answer is already saved.
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True, id="quit-ctrl-c"),
    ]

    def __init__(self, context: ServiceContext) -> None:
        super().__init__()
        self.context = context
        self.learners = LearnerService(context)
        self.quizzes = QuizService(context)
        self.reports = ResultsService(context)
        self.learner: LearnerView | None = None

    def on_mount(self) -> None:
        self.push_screen(ProfileScreen())

    def set_learner(self, learner: LearnerView) -> None:
        self.learner = learner
        if learner.theme and learner.theme in self.available_themes:
            self.theme = learner.theme
        self.sub_title = f"{learner.name}" + (f" · target: {learner.target_role_title}"
                                              if learner.target_role_title else "")

    @property
    def learner_role(self) -> str | None:
        return self.learner.target_role if self.learner else None

    def watch_theme(self, theme: str) -> None:
        # Remember the choice (command palette or settings) for this learner, off the UI thread.
        learner = self.learner
        if learner is not None and learner.theme != theme:
            learners = self.learners
            self.learner = replace(learner, theme=theme)
            self.run_worker(lambda: self._remember_theme(learners, learner.id, theme), thread=True, group="db")

    def _remember_theme(self, learners: LearnerService, learner_id: int, theme: str) -> None:
        try:
            learners.update(learner_id, theme=theme)
        except Exception as exc:  # the theme still applies for now; say it was not kept
            self.call_from_thread(report_error, self, exc)

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
