"""Results: what is confirmed and what needs more questions, then per area the level, the 0-100 score with its
interval, the target, and a plan; the whole page scrolls (keys and mouse)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Footer, Header, Static

from quizengine.services.views import AreaResult, ResourceSuggestion, ResultsView
from quizengine.tui.messages import Navigate, ReviewMissed, StartAttempt
from quizengine.tui.screens.base import BaseScreen
from quizengine.tui.screens.feedback import FeedbackBody
from quizengine.tui.widgets.calibration import CBM_EXPLAINED, calibration_text
from quizengine.tui.widgets.interval import interval_bar

STATUS_TEXT = {
    "meets": ("meets target", "green"),
    "below": ("below target", "red"),
    "imprecise": ("needs more questions for a verdict", "yellow"),
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
    text.append(f"\n{area.band or area.level_name} (most likely {area.level_name}, level {area.level}/5)  "
                f"score {area.score} [{area.score_low}-{area.score_high}]")
    if area.target_level:
        text.append(f"  target: level {area.target_level}", style="yellow")
    text.append(f"  · {area.n_correct}/{area.n_items} right\n")
    text.append_text(interval_bar(area.score, area.score_low, area.score_high, area.target_score))
    if area.missed_topics:
        text.append("\nMissed in: " + ", ".join(area.missed_topics[:4]), style="dim")
    return text


SCORE_EXPLAINED = ("Score 0-100: your estimated skill on the banks' difficulty scale (50: you answer about half of "
                   "the level-3 questions; levels start at 13, 35, 65 and 87). It is not a percentile: there are "
                   "no norms from real learners yet. The ═ bar is its 95% interval: the narrower, the surer. A "
                   "verdict against your target needs 90% confidence and at least 3 answers behind the estimate "
                   "(earlier attempts count).")


def titles(results: ResultsView, areas: list[str]) -> str:
    names = {area.area: area.title for area in results.areas}
    return ", ".join(names.get(area, area) for area in areas)


def summary_text(results: ResultsView) -> Text:
    """What this attempt settled and what it did not, in words rather than a count of gaps."""
    role = f" against {results.target_role_title}" if results.target_role_title else ""
    text = Text()
    text.append(f"Results of attempt #{results.attempt_id} ({results.mode}){role}\n", style="bold")
    text.append(f"{results.answered} questions answered")
    if results.stop_reason:
        text.append(f" · {results.stop_reason}")
    by_status = {status: [a.area for a in results.areas if a.status == status and a.measured]
                 for status in ("meets", "below")}
    if results.target_role_title:
        text.append("\nConfirmed: ", style="bold")
        if results.confirmed:
            parts = [f"{len(by_status['meets'])} meet the target ({titles(results, by_status['meets'])})"
                     if by_status["meets"] else "",
                     f"{len(by_status['below'])} below it ({titles(results, by_status['below'])})"
                     if by_status["below"] else ""]
            text.append("; ".join(part for part in parts if part))
        else:
            text.append("no area yet")
    else:
        text.append("\nSet a target role in Settings to see where you meet it.")
    if results.needs_more:
        count = len(results.needs_more)
        text.append(f"\nNeeds more questions: {count} area{'s' if count != 1 else ''} "
                    f"({titles(results, results.needs_more)}); press c to continue measuring "
                    f"{'it' if count == 1 else 'them'}.", style="yellow")
    return text


def calibration_section(results: ResultsView) -> Text:
    """Confidence against accuracy in this attempt, per area (only with the confidence step on)."""
    text = Text()
    if not results.calibration:
        return text
    text.append("\nConfidence against accuracy in this attempt\n", style="bold")
    text.append(CBM_EXPLAINED + "\n", style="dim")
    for table in results.calibration:
        text.append_text(calibration_text(table))
        text.append("\n")
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
        Binding("c", "continue_measuring", "Measure the unsure areas", id="continue-measuring"),
        Binding("m", "review", "Review missed", id="review-missed"),
        # With feedback at the end the same key explains every answer (check_action shows one of the two).
        Binding("m", "review_answers", "Review answers", id="review-answers"),
    ]

    def __init__(self, attempt_id: int) -> None:
        super().__init__()
        self.attempt_id = attempt_id
        self.results: ResultsView | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="results-scroll"):
            yield Static("Loading results…", id="results-summary", markup=False)
            yield Button("Continue measuring (c)", id="continue", variant="primary")
            yield Static(SCORE_EXPLAINED, id="score-explained", classes="hint", markup=False)
            yield Vertical(id="results-areas")
            yield Static("", id="results-calibration", markup=False)
            yield Static("Legend: ═ 95% interval · ● your score · ┊ where the target level starts",
                         classes="hint", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#continue", Button).display = False
        self.query_one("#results-calibration").display = False
        self.background(lambda: self.quiz_app.reports.results(self.attempt_id), self.show)

    async def show(self, results: ResultsView) -> None:
        self.results = results
        self.query_one("#results-summary", Static).update(summary_text(results))
        button = self.query_one("#continue", Button)
        button.display = bool(results.needs_more)
        count = len(results.needs_more)
        button.label = f"Continue measuring {'this area' if count == 1 else f'these {count} areas'} (c)"
        box = self.query_one("#results-areas", Vertical)
        await box.remove_children()
        await box.mount_all([widget for area in results.areas for widget in area_widgets(area)])
        calibration = self.query_one("#results-calibration", Static)
        calibration.display = bool(results.calibration)
        calibration.update(calibration_section(results))
        self.query_one("#results-scroll").focus()
        self.refresh_bindings()  # "Review answers" in place of "Review missed" with feedback at the end

    @on(Button.Pressed, "#continue")
    def action_continue_measuring(self) -> None:
        """A new attempt on the areas without a verdict: focus for one area, thorough for several."""
        if self.results is None:
            return
        areas = list(self.results.needs_more)
        if not areas:
            self.notify("Every area of this attempt already has a verdict.")
            return
        self.post_message(StartAttempt("focus" if len(areas) == 1 else "thorough", areas))

    def action_home(self) -> None:
        self.post_message(Navigate("home"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        explain_all = self.results is not None and bool(self.results.explained)
        if action == "review":
            return not explain_all
        if action == "review_answers":
            return explain_all
        return True

    def action_review(self) -> None:
        if self.results is None:
            return
        if not self.results.missed:
            self.notify("Nothing missed in this attempt.")
            return
        self.post_message(ReviewMissed(self.results))

    def action_review_answers(self) -> None:
        """Feedback at the end: every answer of the attempt with its explanation, right ones included."""
        if self.results is not None:
            self.post_message(ReviewMissed(self.results))


def review_heading(results: ResultsView) -> str:
    missed = f"{len(results.missed)} missed question(s)"
    if not results.explained:
        return missed
    right = len(results.explained) - len(results.missed)
    return f"Every answer explained: {len(results.explained)} answered, {right} right, {missed}"


class ReviewScreen(BaseScreen):
    """The missed answers of an attempt with their explanations; with feedback at the end (nothing was explained
    during the attempt), every answer, right ones included, in the order they were given."""

    BINDINGS = [Binding("escape", "back", "Back", id="review-back")]

    def __init__(self, results: ResultsView) -> None:
        super().__init__()
        self.results = results

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="review-scroll"):
            yield Static(review_heading(self.results), classes="section", markup=False)
            for feedback in self.results.explained or self.results.missed:
                yield FeedbackBody(feedback, show_stem=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#review-scroll").focus()

    def action_back(self) -> None:
        self.dismiss()
