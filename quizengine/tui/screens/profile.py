"""First screen: pick a local profile or create one with a target role."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Header, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from quizengine.services.learners import MAX_NAME_LENGTH, ProfileError
from quizengine.services.views import LearnerView
from quizengine.tui.messages import LearnerChosen
from quizengine.tui.safe import safe_view
from quizengine.tui.screens.base import BaseScreen

NO_ROLE = "__none__"


class FormScroll(VerticalScroll, can_focus=False):
    """Scrolls the form (mouse, or focus moving down it) without being a Tab stop of its own: an invisible stop
    made creating a profile by keyboard take an extra Tab."""


class ProfileScreen(BaseScreen):
    BINDINGS = [
        Binding("ctrl+n", "focus_new", "New profile", id="new-profile"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with FormScroll(id="profile-body"):
            yield Static("Welcome to quizengine", classes="title", markup=False)
            yield Static("Measure your level in each skill area of an ML engineer, see your gaps against a "
                         "target role, and get a plan to close them.", classes="hint", markup=False)
            yield Static("Your profiles", classes="section", id="existing-label", markup=False)
            yield OptionList(id="profiles")
            yield Static("New profile", classes="section", markup=False)
            with Vertical(id="new-profile-form"):
                yield Input(placeholder="Your name", id="name", max_length=MAX_NAME_LENGTH)
                yield Select[str]([], prompt="Target role (optional)", id="role")
                with Horizontal(classes="buttons"):
                    yield Button("Create profile", id="create", variant="primary")
                yield Static("", id="profile-error", classes="error", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        roles = safe_view(self.quiz_app.learners.roles())
        self.query_one("#role", Select).set_options([(role.title, role.id) for role in roles])
        self.background(self.quiz_app.learners.list, self._show_profiles)

    def _show_profiles(self, learners: list[LearnerView]) -> None:
        profiles = self.query_one("#profiles", OptionList)
        profiles.clear_options()
        for learner in learners:
            role = f" · {learner.target_role_title}" if learner.target_role_title else ""
            profiles.add_option(Option(Content(f"{learner.name}{role}"), id=str(learner.id)))
        has_profiles = bool(learners)
        profiles.display = has_profiles
        self.query_one("#existing-label").display = has_profiles
        if has_profiles:
            profiles.highlighted = 0
            profiles.focus()
        else:
            self.query_one("#name", Input).focus()

    def action_focus_new(self) -> None:
        self.query_one("#name", Input).focus()

    @on(OptionList.OptionSelected, "#profiles")
    def _pick(self, event: OptionList.OptionSelected) -> None:
        learner_id = int(event.option.id or 0)
        self.background(lambda: self.quiz_app.learners.get(learner_id), self._enter)

    @on(Input.Submitted, "#name")
    def _name_entered(self) -> None:
        role = self.query_one("#role", Select)
        if role.value is Select.NULL:
            role.focus()  # Enter moves on to the role; creating needs one more Enter on the button
        else:
            self._create()

    @on(Select.Changed, "#role")
    def _role_chosen(self) -> None:
        self.query_one("#create", Button).focus()

    @on(Button.Pressed, "#create")
    def _create(self) -> None:
        name = self.query_one("#name", Input).value
        role_value = self.query_one("#role", Select).value
        role = role_value if isinstance(role_value, str) else None
        learners = self.quiz_app.learners

        def create() -> LearnerView | ProfileError:
            try:
                return learners.create(name, role)
            except ProfileError as exc:  # shown inline, next to the form, rather than as a notification
                return exc

        self.background(create, self._created)

    def _created(self, outcome: LearnerView | ProfileError) -> None:
        error = self.query_one("#profile-error", Static)
        if isinstance(outcome, ProfileError):
            error.update(Content(str(outcome)))
            return
        error.update("")
        self._enter(outcome)

    def _enter(self, learner: LearnerView) -> None:
        self.post_message(LearnerChosen(learner))
