"""Help: every key binding of the screen it was opened from, plus the app-wide ones."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

EXTRA_KEYS = [
    ("ctrl+p", "Command palette: start an assessment, focus, practice, past attempts, settings, help, themes"),
    ("tab / shift+tab", "Move between controls"),
]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,q,question_mark", "dismiss", "Close help", id="close-help")]

    def __init__(self, helped: Screen[object]) -> None:
        super().__init__()
        self.helped = helped
        self.rows = self._collect()

    def _collect(self) -> list[tuple[str, str]]:
        # Answer keys first: on a question they are read by the screen itself (their meaning depends on the
        # question), so they are not bindings and would otherwise be missing here.
        rows: list[tuple[str, str]] = list(getattr(self.helped, "ANSWER_KEYS", []))
        seen: set[tuple[str, str]] = set(rows)
        for key, active in self.app.active_bindings.items():
            description = active.binding.description or active.binding.action
            if not description:
                continue
            label = self.app.get_key_display(active.binding)
            entry = (label or key, description)
            if entry not in seen:
                seen.add(entry)
                rows.append(entry)
        for entry in EXTRA_KEYS:
            if entry not in seen:
                rows.append(entry)
        return rows

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static(f"Keys on this screen ({self.helped.__class__.__name__.removesuffix('Screen')})",
                         id="help-title", markup=False)
            yield DataTable(id="help-table", cursor_type="row", zebra_stripes=True)
            yield Static("escape closes this help", classes="hint", markup=False)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Key", "What it does")
        for key, description in self.rows:
            table.add_row(key, description)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
