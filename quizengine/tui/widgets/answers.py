"""Answer widgets for each question type. Option text is bank data: always shown literally (Content, not markup)."""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, OptionList, SelectionList
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

LETTERS = "abcdefgh"


def option_label(index: int, text: str) -> Content:
    return Content.assemble((f"{LETTERS[index]}) ", "bold"), Content(text))


class SubmitRequested(Message):
    """Posted by an answer widget when the learner confirms the answer."""


class ChoiceList(OptionList):
    """Single choice and true/false: Enter or a click submits the highlighted option."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)

    def set_choices(self, options: list[str]) -> None:
        self.clear_options()
        self.add_options([Option(option_label(i, text), id=str(i)) for i, text in enumerate(options)])
        self.highlighted = None

    def choose(self, index: int) -> None:
        if 0 <= index < self.option_count:
            self.highlighted = index

    @property
    def chosen(self) -> int | None:
        return self.highlighted


class MultiChoiceList(SelectionList[int]):
    """Select all that apply: Space (or the option's key) toggles, Enter submits."""

    BINDINGS = [Binding("enter", "submit", "Submit", show=False)]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)

    def set_choices(self, options: list[str]) -> None:
        self.clear_options()
        self.add_options([Selection(option_label(i, text), i) for i, text in enumerate(options)])

    def choose(self, index: int) -> None:
        if 0 <= index < self.option_count:
            self.highlighted = index
            self.toggle(index)

    def action_submit(self) -> None:
        self.post_message(SubmitRequested())


class AnswerInput(Input):
    """Numeric and short-text answers; Enter submits (validation happens in the screen)."""
