"""A problem found in a bank file, reported as `path:line:col: location: message`."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from quizengine.bank.text_safety import one_line


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    line: int
    column: int
    location: str
    message: str

    def __str__(self) -> str:
        """One line, safe to print: file names, keys and messages can carry control characters from the input."""
        where = f"{self.path}:{self.line}:{self.column}"
        text = f"{where}: {self.location}: {self.message}" if self.location else f"{where}: {self.message}"
        return one_line(text)

    def as_dict(self) -> dict[str, str | int]:
        return asdict(self)


class BankError(Exception):
    """Raised when files cannot be loaded; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
