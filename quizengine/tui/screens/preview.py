"""`quizengine bank preview PATH`: each question of one bank file as a taker sees it, for its author.

The question pane is built from the question screen's own widgets and styles (stem Markdown, option cards,
answer input) and the key from the feedback screen's body, so what the author sees is what takers get. The
file is polled (`PreviewService.changed`: a stat, a hash only when the stat moved) and reloaded when saved;
a question that does not validate shows its problems in its place. No learner and no database are involved.
"""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from quizengine.services.preview import Preview, PreviewItem, PreviewService
from quizengine.tui.safe import safe_text, safe_view
from quizengine.tui.screens.feedback import FeedbackBody
from quizengine.tui.widgets.answers import AnswerInput, ChoiceList, MultiChoiceList, SubmitRequested
from quizengine.tui.widgets.markdown_text import MarkdownText

APP_CSS = Path(__file__).resolve().parent.parent / "app.tcss"
POLL_SECONDS = 0.5
MAX_PROBLEMS_SHOWN = 12
SHUFFLE_HINT = "Options in file order (takers see them shuffled unless shuffle: false)"
TYPED_HINT = "Takers type their answer here; k shows what is accepted"
PREVIEW_CSS = """
#preview-problems { color: $error; padding: 1 0; height: auto; }
#preview-key { height: auto; border-top: solid $panel; padding-top: 1; }
#preview-status { height: auto; color: $text-muted; padding: 0 1; }
"""


class PreviewScreen(Screen[None]):
    BINDINGS = [
        Binding("n,right", "move(1)", "Next", id="preview-next"),
        Binding("p,left", "move(-1)", "Previous", id="preview-previous"),
        Binding("k", "toggle_key", "Key & explanation", id="preview-key"),
        Binding("r", "reload", "Reload", id="preview-reload"),
        Binding("q,escape", "app.quit", "Quit", id="preview-quit"),
    ]

    def __init__(self, service: PreviewService, poll_seconds: float = POLL_SECONDS) -> None:
        super().__init__()
        self.service = service
        self.poll_seconds = poll_seconds
        self.preview: Preview | None = None
        self.position = 0
        self.show_key = False
        self.reloads = 0

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="question-layout"), Vertical(id="question-main"):
            yield Static("", id="q-header", markup=False)
            with VerticalScroll(id="question-scroll"):
                yield MarkdownText("", id="stem")
                with Vertical(id="answer-box"):
                    yield ChoiceList(id="choice")
                    yield MultiChoiceList(id="multi")
                    yield AnswerInput(id="text")
                yield Static("", id="preview-problems", markup=False)
                yield Vertical(id="preview-key")
            yield Static("", id="q-hint", classes="hint", markup=False)
            yield Static("", id="preview-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.load()
        self.set_interval(self.poll_seconds, self.check_file)

    # --- loading ---------------------------------------------------------------------------------------------

    def load(self) -> None:
        current = self.current.question_id if self.current else None
        self.preview = safe_view(self.service.load())
        ids = [item.question_id for item in self.preview.items]
        if current in ids:
            self.position = ids.index(current)  # stay on the question being edited
        self.position = max(0, min(self.position, len(ids) - 1))
        self.show_item()

    def check_file(self) -> None:
        if self.service.changed():
            self.reloads += 1
            self.load()
            self.notify(f"reloaded {safe_text(self.service.path.name)}", timeout=2)

    @property
    def current(self) -> PreviewItem | None:
        if self.preview is None or not self.preview.items:
            return None
        return self.preview.items[self.position]

    # --- showing ---------------------------------------------------------------------------------------------

    def show_item(self) -> None:
        assert self.preview is not None
        item = self.current
        count = len(self.preview.items)
        problems = self.query_one("#preview-problems", Static)
        for widget in self.query_one("#answer-box").children:
            widget.display = False
        if item is None or item.question is None:
            self.query_one("#stem", MarkdownText).show("")
            where = f"Q{self.position + 1}/{count} · line {item.line} · {item.question_id or '(no id)'}" if item \
                else "no questions to show"
            self.query_one("#q-header", Static).update(Content(where))
            shown = item.problems if item else self.preview.file_problems
            problems.update(Content("\n".join(["This question does not validate:" if item else
                                               "The file does not load:",
                                               *(str(p) for p in shown[:MAX_PROBLEMS_SHOWN])])))
            problems.display = True
        else:
            view = item.question
            problems.display = False
            self.query_one("#q-header", Static).update(Content(  # id and line first: what an author looks for
                f"Q{self.position + 1}/{count} · line {item.line} · {item.question_id} · {view.area_title} › "
                f"{view.topic_title} · difficulty {view.difficulty}/5"))
            self.query_one("#stem", MarkdownText).show(view.stem)
            self._show_answer_widget(item)
        self._show_key(item)
        self.query_one("#question-scroll", VerticalScroll).scroll_home(animate=False)
        self._show_status()

    def _show_answer_widget(self, item: PreviewItem) -> None:
        view = item.question
        assert view is not None
        if view.type in ("single_choice", "true_false"):
            choice = self.query_one("#choice", ChoiceList)
            choice.set_choices(["True", "False"] if view.type == "true_false" else view.options)
            choice.display = True
            choice.focus()
        elif view.type == "multiple_choice":
            multi = self.query_one("#multi", MultiChoiceList)
            multi.set_choices(view.options)
            multi.display = True
            multi.focus()
        else:
            text = self.query_one("#text", AnswerInput)
            text.value = ""
            text.placeholder = ("a number" + (f" (in {view.unit})" if view.unit else "")
                                if view.type == "numeric" else "your answer")
            text.display = True
            self.query_one("#question-scroll", VerticalScroll).focus()  # letters stay preview keys

    def _show_key(self, item: PreviewItem | None) -> None:
        box = self.query_one("#preview-key", Vertical)
        box.remove_children()
        box.display = self.show_key and item is not None and item.feedback is not None
        if box.display and item is not None and item.feedback is not None:
            box.mount(FeedbackBody(item.feedback))

    def _show_status(self) -> None:
        assert self.preview is not None
        invalid = sum(not item.valid for item in self.preview.items)
        summary = f"{invalid} not valid" if invalid else "all valid"
        parts = [f"{safe_text(self.preview.path)}: {len(self.preview.items)} question(s), {summary}"]
        if self.preview.file_problems and self.preview.items:
            parts.append(f"file: {self.preview.file_problems[0]}")
        parts.append("n/p move · k key · reloads on save")
        self.query_one("#preview-status", Static).update(Content(" · ".join(parts)))
        item = self.current
        kind = item.question.type if item is not None and item.question is not None else ""
        hint = {"single_choice": SHUFFLE_HINT, "multiple_choice": SHUFFLE_HINT, "numeric": TYPED_HINT,
                "short_text": TYPED_HINT}.get(kind, "")
        self.query_one("#q-hint", Static).update(Content(hint))

    # --- keys ------------------------------------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        if self.preview is not None and self.preview.items:
            self.position = max(0, min(len(self.preview.items) - 1, self.position + step))
            self.show_item()

    def action_toggle_key(self) -> None:
        self.show_key = not self.show_key
        self._show_key(self.current)

    @on(SubmitRequested)
    def _answered(self) -> None:
        if not self.show_key:
            self.action_toggle_key()

    def action_reload(self) -> None:
        self.load()


class PreviewApp(App[None]):
    """A small app around the preview screen: it needs no profile, engine or database."""

    CSS_PATH = APP_CSS
    CSS = PREVIEW_CSS
    TITLE = "quizengine bank preview"

    def __init__(self, service: PreviewService, poll_seconds: float = POLL_SECONDS) -> None:
        super().__init__()
        self.service = service
        self.poll_seconds = poll_seconds
        self.sub_title = safe_text(str(service.path))

    def on_mount(self) -> None:
        self.push_screen(PreviewScreen(self.service, self.poll_seconds))
