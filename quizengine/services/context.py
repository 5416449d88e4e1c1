"""The services' shared context: the loaded banks and a database ready at the latest schema."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import URL, Engine
from sqlalchemy.orm import Session, sessionmaker

from quizengine.bank.library import Library
from quizengine.bank.loader import default_bank_dir, load_library_or_raise
from quizengine.store.database import open_database, session_factory


@dataclass
class ServiceContext:
    library: Library
    engine: Engine
    sessions: sessionmaker[Session]
    bank_paths: list[Path] = field(default_factory=list)  # where the banks (and their calibration file) are

    @classmethod
    def open(cls, db_url: str | URL, bank_paths: Sequence[Path] | None = None,
             announce: Callable[[str], None] | None = None) -> ServiceContext:
        """Load banks (raising BankError with every problem), then check and upgrade the database to head
        (raising DatabaseProblem); `announce` hears that a new database file is being created."""
        paths = list(bank_paths or [default_bank_dir()])
        library = load_library_or_raise(paths)
        engine = open_database(db_url, announce)
        return cls(library, engine, session_factory(engine), paths)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on error."""
        with self.sessions.begin() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()
