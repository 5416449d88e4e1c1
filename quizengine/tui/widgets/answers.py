"""Answer widgets for each question type. Option text is bank Markdown: inline code and code blocks render as
code (indentation kept, long lines wrapped), and it is never read as Textual or Rich markup.

Options are one card (a Static) each, in a plain vertical stack that grows with its content: inside the
question's scroll area the whole question scrolls, so a list of long code options stays usable, and a card
re-measures its height whenever its text changes (no stale heights when the next question reuses it).
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

from quizengine.tui.widgets.markdown_text import LiteralMarkdown

LETTERS = "abcdefgh"
MAX_OPTIONS = len(LETTERS)


class SubmitRequested(Message):
    """Posted by an answer widget when the learner confirms the answer."""


def option_renderable(index: int, text: str, mark: str = "") -> RenderableType:
    """`a)` (and a check box for select-all) beside the option's Markdown; wrapped lines keep their indent."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(Text(f"{mark}{LETTERS[index]})", style="bold"), LiteralMarkdown(text))
    return grid


class OptionCard(Static):
    """One option; clicking it chooses it (single choice: and submits)."""

    def __init__(self, index: int) -> None:
        super().__init__("", id=f"option-{index}", classes="option-card", markup=False)
        self.index = index

    def on_click(self, event: events.Click) -> None:
        event.stop()
        parent = self.parent
        if isinstance(parent, OptionCards):
            parent.clicked(self.index)


class OptionCards(Vertical, can_focus=True):
    """Up to eight option cards with a highlight; subclasses decide what choosing means."""

    BINDINGS = [
        Binding("down", "move(1)", "Next option", show=False, id="option-down"),
        Binding("up", "move(-1)", "Previous option", show=False, id="option-up"),
        Binding("enter", "submit", "Submit", show=False, id="option-submit"),
    ]
    MARKS: tuple[str, str] = ("", "")  # (unselected, selected) prefix of a card

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="option-cards")
        self.options: list[str] = []
        self.highlighted: int | None = None
        self.selected: set[int] = set()

    def compose(self) -> ComposeResult:
        for index in range(MAX_OPTIONS):
            yield OptionCard(index)

    @property
    def option_count(self) -> int:
        return len(self.options)

    def set_choices(self, options: list[str]) -> None:
        self.options = list(options[:MAX_OPTIONS])
        self.highlighted = None
        self.selected = set()
        for card in self.query(OptionCard):
            card.display = card.index < len(self.options)
            if card.display:
                self._render_card(card)

    def _render_card(self, card: OptionCard) -> None:
        mark = self.MARKS[card.index in self.selected]
        card.update(option_renderable(card.index, self.options[card.index], mark))
        card.set_class(card.index == self.highlighted, "-highlight")
        card.set_class(card.index in self.selected, "-selected")

    def _card(self, index: int) -> OptionCard:
        return self.query_one(f"#option-{index}", OptionCard)

    def highlight(self, index: int | None) -> None:
        previous, self.highlighted = self.highlighted, index
        for changed in {previous, index} - {None}:
            assert changed is not None
            self._render_card(self._card(changed))
        if index is not None:
            self._card(index).scroll_visible(animate=False)  # the question scrolls to keep it in view

    def action_move(self, step: int) -> None:
        if not self.options:
            return
        start = -1 if self.highlighted is None and step > 0 else (self.highlighted or 0)
        self.highlight(max(0, min(len(self.options) - 1, start + step)))

    def action_submit(self) -> None:
        self.post_message(SubmitRequested())

    def choose(self, index: int) -> None:
        """The learner pressed the option's letter or number."""
        if 0 <= index < len(self.options):
            self.highlight(index)

    def clicked(self, index: int) -> None:
        self.focus()
        self.choose(index)


class ChoiceList(OptionCards):
    """Single choice and true/false: a letter or the arrows highlight, Enter or a click submits."""

    @property
    def chosen(self) -> int | None:
        return self.highlighted

    def clicked(self, index: int) -> None:
        super().clicked(index)
        self.action_submit()


class MultiChoiceList(OptionCards):
    """Select all that apply: a letter, or Space on the highlighted option, toggles; Enter submits."""

    BINDINGS = [Binding("space", "toggle_highlighted", "Toggle option", show=False, id="option-toggle")]
    MARKS = ("☐ ", "☑ ")

    def toggle(self, index: int) -> None:
        self.selected ^= {index}
        self._render_card(self._card(index))

    def choose(self, index: int) -> None:
        if 0 <= index < len(self.options):
            self.highlight(index)
            self.toggle(index)

    def action_toggle_highlighted(self) -> None:
        if self.highlighted is not None:
            self.toggle(self.highlighted)


class AnswerInput(Input):
    """Numeric and short-text answers; Enter submits (validation happens in the service)."""
