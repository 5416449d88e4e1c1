"""Results: per area the level, the 0-100 score with its interval, the target, and a plan for each gap."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, Header, Static

from quizengine.services.views import AreaResult, ResourceSuggestion, ResultsView
from quizengine.tui.screens.base import BaseScreen
from quizengine.tui.screens.feedback import FeedbackBody
from quizengine.tui.widgets.interval import interval_bar

STATUS_TEXT = {
    "meets": ("meets target", "green"),
    "below": ("below target", "red"),
    "imprecise": ("not measured precisely enough", "yellow"),
    "not-required": ("no target set", "dim"),
}


def area_text(area: AreaResult) -> Text:
    """Title, status, level, score interval bar and missed topics of one area."""
    label, style = STATUS_TEXT[area.status]
    text = Text()
    text.append(area.title, style="bold")
    text.append("  ")
    text.append(label, style=style)
    if not area.measured:
        text.append("\nnot reached in this attempt", style="dim")
        return text
    text.append(f"\n{area.level_name} (level {area.level}/5)  score {area.score} [{area.score_low}-{area.score_high}]")
    if area.target_level:
        text.append(f"  target: level {area.target_level}", style="yellow")
    text.append(f"  · {area.n_correct}/{area.n_items} right\n")
    text.append_text(interval_bar(area.score, area.score_low, area.score_high, area.target_score))
    if area.missed_topics:
        text.append("\nMissed in: " + ", ".join(area.missed_topics[:4]), style="dim")
    return text


def plan_text(rank: int, item: ResourceSuggestion) -> Text:
    text = Text()
    text.append(f"{rank}. ", style="bold")
    text.append(item.title, style="bold")
    text.append(f" ({item.kind}, {'free' if item.free else 'paid'}, ~{item.hours:g} h)\n")
    text.append(f"{item.reason}\n", style="dim")
    text.append(item.url, style="underline")
    return text


def area_widgets(area: AreaResult) -> list[Static]:
    """One block per area; plan items are their own widgets so wrapped lines keep their indent."""
    widgets = [Static(area_text(area), classes="area-result")]
    widgets += [Static(plan_text(rank, item), classes="plan-item") for rank, item in enumerate(area.plan, start=1)]
    return widgets


class ResultsScreen(BaseScreen):
    BINDINGS = [
        Binding("escape,h", "home", "Home", id="results-home"),
        Binding("m", "review", "Review missed", id="review-missed"),
    ]

    def __init__(self, attempt_id: int) -> None:
        super().__init__()
        self.attempt_id = attempt_id
        self.results: ResultsView | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="results-scroll"):
            yield Static("Loading results…", id="results-summary", markup=False)
            yield Vertical(id="results-areas")
            yield Static("Legend: ═ 95% interval · ● your score · ┊ where the target level starts",
                         classes="hint", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.background(lambda: self.quiz_app.reports.results(self.attempt_id), self.show)

    async def show(self, results: ResultsView) -> None:
        self.results = results
        role = f" against {results.target_role_title}" if results.target_role_title else ""
        summary = Text()
        summary.append(f"Results of attempt #{results.attempt_id} ({results.mode}){role}\n", style="bold")
        summary.append(f"{results.answered} questions answered")
        if results.stop_reason:
            summary.append(f" · {results.stop_reason}")
        gaps = sum(1 for area in results.areas if area.status == "below")
        summary.append(f"\n{gaps} gap(s) against the target" if results.target_role_title else
                       "\nSet a target role in Settings to see gaps.")
        self.query_one("#results-summary", Static).update(summary)
        box = self.query_one("#results-areas", Vertical)
        await box.remove_children()
        await box.mount_all([widget for area in results.areas for widget in area_widgets(area)])
        self.query_one("#results-scroll").focus()

    def action_home(self) -> None:
        self.dismiss()

    def action_review(self) -> None:
        if self.results is None:
            return
        if not self.results.missed:
            self.notify("Nothing missed in this attempt.")
            return
        self.app.push_screen(ReviewScreen(self.results))


class ReviewScreen(BaseScreen):
    """The missed answers of an attempt with their explanations (used for end-of-attempt feedback)."""

    BINDINGS = [Binding("escape", "back", "Back", id="review-back")]

    def __init__(self, results: ResultsView) -> None:
        super().__init__()
        self.results = results

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="review-scroll"):
            yield Static(f"{len(self.results.missed)} missed question(s)", classes="section", markup=False)
            for feedback in self.results.missed:
                yield FeedbackBody(feedback, show_stem=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#review-scroll").focus()

    def action_back(self) -> None:
        self.dismiss()
