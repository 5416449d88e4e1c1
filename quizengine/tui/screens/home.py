"""Home: the learner's latest level per area at a glance, and what to do next."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import DataTable, Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from quizengine.services.views import AreaSnapshotView, RoleView
from quizengine.tui.messages import Navigate, ResumeAttempt, StartAttempt
from quizengine.tui.screens.base import BaseScreen
from quizengine.tui.screens.review_session import utc_now


@dataclass(frozen=True)
class HomeData:
    levels: list[AreaSnapshotView]
    active_attempt: int | None
    role: RoleView | None
    due_reviews: int


ACTIONS = [
    ("quick", "Full assessment, quick (3-13 per area: stops once each verdict against your target is clear)"),
    ("thorough", "Full assessment, thorough (5-20 per area, firmer estimates)"),
    ("focus", "Focus on one area (5-20 questions)"),
    ("practice", "Practice: 10 questions in one area"),
    ("weak-areas", "Weak areas: gaps to your target, missed topics, drills and a study plan"),
    ("progress", "Progress over time: each area's estimate across attempts, review retention, report export"),
    ("history", "Past attempts"),
    ("banks", "Question banks"),
    ("settings", "Settings"),
    ("profile", "Switch profile"),
]


VERDICTS = {"meets": "meets target", "below": "below target", "imprecise": "needs more questions",
            "not-required": "not required"}


class HomeScreen(BaseScreen):
    BINDINGS = [
        Binding("r", "choose('resume')", "Resume", id="resume"),
        Binding("a", "choose('quick')", "Assess", id="assess"),
        Binding("f", "choose('focus')", "Focus", id="focus"),
        Binding("p", "choose('practice')", "Practice", id="practice"),
        Binding("v", "choose('review')", "Review", id="review"),
        Binding("w", "choose('weak-areas')", "Weak areas", id="weak-areas"),
        Binding("g", "choose('progress')", "Progress", id="progress"),
        Binding("h", "choose('history')", "History", id="history"),
        Binding("b", "choose('banks')", "Banks", show=False, id="banks"),
        Binding("s", "choose('settings')", "Settings", show=False, id="settings"),
        Binding("q", "app.quit", "Quit", show=False, id="quit-home"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.data: HomeData | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home-body"):
            yield Static("", id="resume-banner", markup=False)
            yield DataTable(id="levels", cursor_type="none", zebra_stripes=True)
            yield OptionList(id="actions")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#levels", DataTable)
        table.add_columns("Area", "Level (95% band)", "Target", "Verdict", "Answers", "Measured")

    def on_screen_resume(self) -> None:
        self.refresh_data()  # on first show and on every return (after an attempt, say)

    def refresh_data(self) -> None:
        app = self.quiz_app
        learner = app.learner
        assert learner is not None
        roles = {role.id: role for role in app.learners.roles()}

        def load() -> HomeData:
            return HomeData(app.reports.latest_levels(learner.id), app.quizzes.active_attempt(learner.id),
                            roles.get(learner.target_role or ""),
                            app.reviews.session_size(learner.id, utc_now()))

        self.background(load, self._show)

    def _show(self, data: HomeData) -> None:
        self.data = data
        table = self.query_one("#levels", DataTable)
        table.clear()
        for row in data.levels:
            level = Text(row.band or "not measured", style="" if row.band else "dim")
            table.add_row(
                Text(row.title), level, Text(row.target_name or "-"),
                Text(VERDICTS.get(row.status or "", "-")), Text(str(row.evidence) if row.evidence else "-"),
                Text(row.measured_at.strftime("%Y-%m-%d") if row.measured_at else "-"),
            )
        banner = self.query_one("#resume-banner", Static)
        banner.display = data.active_attempt is not None
        if data.active_attempt is not None:
            banner.update(Content(f"You have an unfinished attempt (#{data.active_attempt}). Press r to resume "
                                  "at the next question."))
        actions = self.query_one("#actions", OptionList)
        actions.clear_options()
        if data.active_attempt is not None:
            actions.add_option(Option(Content(f"Resume attempt #{data.active_attempt}"), id="resume"))
        due = data.due_reviews
        review_label = (f"Review: {due} card{'s' if due != 1 else ''} due (questions you missed, spaced by FSRS)"
                        if due else "Review: nothing due now (missed questions come back here when due)")
        actions.add_option(Option(Content(review_label), id="review"))
        for action_id, label in ACTIONS:
            actions.add_option(Option(Content(label), id=action_id))
        actions.highlighted = 0
        actions.focus()

    @on(OptionList.OptionSelected, "#actions")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.action_choose(event.option.id or "")

    def action_choose(self, action: str) -> None:
        """Ask the app for what the learner chose; the app does the navigation."""
        if action == "resume":
            active = self.data.active_attempt if self.data else None
            if active is None:
                self.notify("There is no unfinished attempt to resume.")
            else:
                self.post_message(ResumeAttempt(active))
        elif action in ("quick", "thorough", "focus", "practice"):
            self.post_message(StartAttempt(action))  # type: ignore[arg-type]  # checked just above
        else:
            self.post_message(Navigate(action))
