"""Weak areas: the areas short of the target role (biggest gap first, then the most uncertain), and for the selected
one its missed topics, due reviews and study plan. Keys act on the selected area and the highlighted resource."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from quizengine.services.drill import drill_scope
from quizengine.services.weak_areas import PlanEntryView, ResourceMark, WeakAreasService, WeakAreasView, WeakAreaView
from quizengine.tui.screens.base import BaseScreen
from quizengine.tui.weak_messages import ReviewDue, StartDrill

AREA_ACTIONS = {"drill", "review"}
RESOURCE_ACTIONS = {"open_resource", "mark", "clear_mark"}
KEYS_HINT = ("d drill this area · v review its questions · Tab to the plan, then o open the link · "
             "s started · x done (not suggested again) · u clear the mark")


def gap_text(area: WeakAreaView) -> str:
    if area.gap <= 0:
        return "unsure"
    return f"{area.gap} level{'s' if area.gap != 1 else ''}"


def summary_text(view: WeakAreasView) -> Text:
    text = Text()
    if view.target_role_title:
        text.append("Against ", style="dim")
        text.append(view.target_role_title, style="bold")
        text.append(": ", style="dim")
    if view.areas:
        count = len(view.areas)
        text.append(f"{count} area{'s' if count != 1 else ''} short of the target or not yet sure, biggest gap "
                    "first, then the widest interval.")
    elif view.blocker is None:
        text.append("every measured area meets the target.", style="green")
    if view.blocker:
        text.append(("\n" if view.areas else "") + view.blocker, style="yellow")
    if view.met:
        text.append(f"\nMeets the target: {', '.join(view.met)}.", style="dim")
    if view.unmeasured and view.areas:
        text.append(f"\nNot measured yet: {', '.join(view.unmeasured)}.", style="dim")
    return text


def detail_text(area: WeakAreaView, drill_note: str) -> Text:
    text = Text()
    text.append(area.title, style="bold")
    text.append(f"  {area.band} (score {area.score_low}-{area.score_high}, {area.evidence} answers); "
                f"target {area.target_name}\n")
    if area.missed:
        text.append("Missed: ", style="bold")
        parts = []
        for topic in area.missed:
            counts = [f"{n} {label}" for n, label in ((topic.wrong, "wrong"), (topic.dont_know, "don't know")) if n]
            parts.append(f"{topic.title} ({', '.join(counts)})")
        text.append("; ".join(parts) + "\n")
    else:
        text.append("No missed answers here: the estimate is short of the target or too uncertain. A drill "
                    "measures it further.\n", style="dim")
    reviews = area.due_reviews
    text.append(f"{reviews} question{'s' if reviews != 1 else ''} to review" + (" (v)" if reviews else "") + " · ",
                style="cyan" if reviews else "dim")
    text.append(drill_note + " (d)", style="dim")
    return text


def plan_option(rank: int, entry: PlanEntryView) -> Option:
    item = entry.suggestion
    text = Text()
    text.append(f"{rank}. ", style="bold")
    if entry.mark:
        text.append(f"[{entry.mark}] ", style="bold cyan")
    text.append(item.title, style="bold")
    text.append(f" ({item.kind}, {'free' if item.free else 'paid'}, ~{item.hours:g} h)\n")
    text.append(f"{item.reason}\n", style="dim")
    text.append(item.url, style="underline")
    return Option(text, id=item.resource_id)


class WeakAreasScreen(BaseScreen):
    CSS_PATH = "weak_areas.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="weak-back"),
        Binding("d", "drill", "Drill", id="weak-drill"),
        Binding("v", "review", "Review", id="weak-review"),
        Binding("o", "open_resource", "Open link", id="weak-open"),
        Binding("s", "mark('started')", "Started", id="weak-started"),
        Binding("x", "mark('done')", "Done", id="weak-done"),
        Binding("u", "clear_mark", "Clear mark", id="weak-clear"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view: WeakAreasView | None = None
        self.selected: WeakAreaView | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading your weak areas…", id="weak-summary", markup=False)
        yield DataTable(id="weak-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="weak-detail", can_focus=False):  # Tab goes from the table to the plan
            yield Static("", id="weak-missed", markup=False)
            yield Static("Study plan", classes="section", markup=False)
            yield OptionList(id="weak-plan")
            yield Static(KEYS_HINT, classes="hint", markup=False)
        yield Footer()

    @property
    def service(self) -> WeakAreasService:
        return WeakAreasService(self.quiz_app.context)

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("Area", "Gap", "Level (95% band)", "Target", "Score", "Missed",
                                              "To review")

    def on_screen_resume(self) -> None:
        self.load()  # on first show, and after a drill or a review

    def load(self) -> None:
        learner = self.quiz_app.learner
        assert learner is not None
        service = self.service
        self.background(lambda: service.overview(learner.id), self.show)

    def show(self, view: WeakAreasView) -> None:
        self.view = view
        self.query_one("#weak-summary", Static).update(summary_text(view))
        table = self.query_one(DataTable)
        keep = self.selected.area if self.selected else None
        table.clear()
        for area in view.areas:
            table.add_row(Text(area.title), Text(gap_text(area)), Text(area.band), Text(area.target_name),
                          Text(f"{area.score_low}-{area.score_high}"), Text(str(sum(t.missed for t in area.missed))),
                          Text(str(area.due_reviews)), key=area.area)
        has_areas = bool(view.areas)
        table.display = has_areas
        self.query_one("#weak-detail").display = has_areas
        if has_areas:
            row = next((i for i, area in enumerate(view.areas) if area.area == keep), 0)
            table.move_cursor(row=row)
            self.select(view.areas[row])
            if not isinstance(self.app.focused, OptionList):
                table.focus()
        else:
            self.selected = None
        self.refresh_bindings()

    @on(DataTable.RowHighlighted, "#weak-table")
    def _area_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.view is None:
            return
        area = next((a for a in self.view.areas if a.area == event.row_key.value), None)
        if area is not None and area is not self.selected:
            self.select(area)

    def select(self, area: WeakAreaView) -> None:
        self.selected = area
        note = drill_scope(self.quiz_app.context.library, area.area, [t.topic for t in area.missed]).note
        self.query_one("#weak-missed", Static).update(detail_text(area, note))
        plan = self.query_one("#weak-plan", OptionList)
        highlighted = plan.highlighted
        plan.clear_options()
        plan.add_options([plan_option(rank, entry) for rank, entry in enumerate(area.plan, start=1)])
        if not area.plan:
            plan.add_option(Option(Text("No resource in the catalogue fits this gap (done ones are not shown).",
                                        style="dim"), id="", disabled=True))
        elif highlighted is not None:
            plan.highlighted = min(highlighted, len(area.plan) - 1)
        else:
            plan.highlighted = 0
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in AREA_ACTIONS:
            return True if self.selected is not None else None
        if action in RESOURCE_ACTIONS:
            return True if self.highlighted_entry() is not None else None
        return True

    def highlighted_entry(self) -> PlanEntryView | None:
        if self.selected is None or not self.selected.plan:
            return None
        index = self.query_one("#weak-plan", OptionList).highlighted
        return self.selected.plan[index] if index is not None and index < len(self.selected.plan) else None

    def action_back(self) -> None:
        self.dismiss()

    def action_drill(self) -> None:
        area = self.selected
        if area is None:
            return
        scope = drill_scope(self.quiz_app.context.library, area.area, [t.topic for t in area.missed])
        self.notify(scope.note, markup=False)
        self.post_message(StartDrill(area.area, [t.topic for t in area.missed], scope.note))

    def action_review(self) -> None:
        area = self.selected
        if area is None:
            return
        if not area.due_reviews:
            self.notify(f"Nothing to review in {area.title} now.", markup=False)
            return
        self.post_message(ReviewDue(area.area))

    def action_open_resource(self) -> None:
        entry = self.highlighted_entry()
        if entry is None:
            return
        url = entry.suggestion.url
        self.app.open_url(url)
        self.notify(f"Opening {url}", markup=False)  # shown too, for a terminal that can't open a browser

    def action_mark(self, mark: ResourceMark) -> None:
        self._change(mark)

    def action_clear_mark(self) -> None:
        self._change(None)

    def _change(self, mark: ResourceMark | None) -> None:
        entry, learner = self.highlighted_entry(), self.quiz_app.learner
        if entry is None or learner is None:
            return
        service, resource = self.service, entry.suggestion.resource_id
        title = entry.suggestion.title

        def job() -> WeakAreasView:
            if mark is None:
                service.clear_resource(learner.id, resource)
            else:
                service.mark_resource(learner.id, resource, mark)
            return service.overview(learner.id)

        def done(view: WeakAreasView) -> None:
            said = {"done": "marked done: it won't be suggested again", "started": "marked started",
                    None: "mark cleared"}[mark]
            self.notify(f"{title}: {said}.", markup=False)
            self.show(view)

        self.background(job, done)
