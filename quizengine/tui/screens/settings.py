"""Settings: target role, feedback timing, the confidence step and the theme (remembered per profile)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Select, Static, Switch

from quizengine.tui.safe import safe_view
from quizengine.tui.screens.base import BaseScreen


class SettingsScreen(BaseScreen):
    BINDINGS = [Binding("escape", "back", "Back", id="settings-back")]

    def compose(self) -> ComposeResult:
        app = self.quiz_app
        learner = app.learner
        assert learner is not None
        yield Header()
        with VerticalScroll(id="settings-body"):
            yield Static("Target role", classes="section", markup=False)
            yield Select[str]([(r.title, r.id) for r in safe_view(app.learners.roles())], id="role", allow_blank=True,
                              value=learner.target_role or Select.NULL, prompt="No target role")
            yield Static("Feedback", classes="section", markup=False)
            yield Select[str]([("After each answer", "immediate"), ("All at the end (pure assessment)", "end")],
                              id="feedback", allow_blank=False, value=learner.feedback)
            yield Static("Ask how sure I am after each answer", classes="section", markup=False)
            yield Switch(value=learner.ask_confidence, id="confidence")
            yield Static("Theme", classes="section", markup=False)
            themes = sorted(app.available_themes)
            yield Select[str]([(name, name) for name in themes], id="theme", allow_blank=False,
                              value=app.theme if app.theme in themes else themes[0])
        yield Footer()

    def _save(self, **changes: str | bool) -> None:
        learners, learner_id = self.quiz_app.learners, self._learner_id()
        self.background(lambda: learners.update(learner_id, **changes),  # type: ignore[arg-type]
                        self.quiz_app.set_learner)

    @on(Select.Changed, "#role")
    def _role(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.quiz_app.learner_role:
            self._save(target_role=event.value)

    @on(Select.Changed, "#feedback")
    def _feedback(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self._save(feedback=event.value)

    @on(Switch.Changed, "#confidence")
    def _confidence(self, event: Switch.Changed) -> None:
        self._save(ask_confidence=event.value)

    @on(Select.Changed, "#theme")
    def _theme(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.app.theme = event.value  # the app remembers it for this profile

    def _learner_id(self) -> int:
        learner = self.quiz_app.learner
        assert learner is not None
        return learner.id

    def action_back(self) -> None:
        self.dismiss()
