"""A problem found in a bank file, reported as `path:line:col: location: message`."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    line: int
    column: int
    location: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        return f"{where}: {self.location}: {self.message}" if self.location else f"{where}: {self.message}"

    def as_dict(self) -> dict[str, str | int]:
        return asdict(self)


class BankError(Exception):
    """Raised when files cannot be loaded; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
