"""Settings: target role, feedback timing, the confidence step, spaced review (desired retention, new cards per
day) and the theme (remembered per profile)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Input, Select, Static, Switch

from quizengine.services.learners import (
    ProfileError,
    parse_daily_new_reviews,
    parse_desired_retention,
    retention_warning,
)
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
            yield Static("Ask how sure I am after each assessment answer (reviews always ask: it sets when a "
                         "card comes back)", classes="section", markup=False)
            yield Switch(value=learner.ask_confidence, id="confidence")
            yield Static("Spaced review: desired retention (0.70 to 0.99; Anki's default 0.90), Enter saves",
                         classes="section", markup=False)
            yield Input(f"{learner.desired_retention:.2f}", id="retention", max_length=8)
            warning = retention_warning(learner.desired_retention)
            yield Static(warning or "", id="retention-note", classes="hint error" if warning else "hint",
                         markup=False)
            yield Static("Spaced review: new cards per day (0 to 200), Enter saves", classes="section", markup=False)
            yield Input(str(learner.daily_new_reviews), id="daily-new", max_length=6)
            yield Static("", id="daily-new-note", classes="hint", markup=False)
            yield Static("Theme", classes="section", markup=False)
            themes = sorted(app.available_themes)
            yield Select[str]([(name, name) for name in themes], id="theme", allow_blank=False,
                              value=app.theme if app.theme in themes else themes[0])
        yield Footer()

    def _save(self, **changes: str | bool | float | int) -> None:
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

    @staticmethod
    def _note(note: Static, text: str, *, problem: bool) -> None:
        note.update(text)
        note.set_class(problem, "error")

    @on(Input.Submitted, "#retention")
    def _retention(self, event: Input.Submitted) -> None:
        note = self.query_one("#retention-note", Static)
        try:
            value = parse_desired_retention(event.value)
        except ProfileError as problem:
            self._note(note, str(problem), problem=True)  # one line; nothing saved
            return
        warning = retention_warning(value)
        self._note(note, warning or f"Saved: {value:.2f}.", problem=warning is not None)
        self._save(desired_retention=value)

    @on(Input.Submitted, "#daily-new")
    def _daily_new(self, event: Input.Submitted) -> None:
        note = self.query_one("#daily-new-note", Static)
        try:
            value = parse_daily_new_reviews(event.value)
        except ProfileError as problem:
            self._note(note, str(problem), problem=True)
            return
        self._note(note, f"Saved: {value} a day.", problem=False)
        self._save(daily_new_reviews=value)

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
