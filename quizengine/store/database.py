"""Engine creation, start-up checks and schema upgrades. Engines are made on request, never at import time.

`open_database` is the app's way in: it checks a SQLite file read-only before anything may write to it, then
upgrades the schema, and turns every problem into a DatabaseProblem whose text is one line without passwords.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 5000
SQLITE_HEADER = b"SQLite format 3\x00"
OUR_TABLES = frozenset({"learners", "attempts", "responses", "ability_snapshots"})
MAX_ECHOED = 40

LOCKED = "the database is locked by another program; close it (or the other quizengine) and start again"
DAMAGED = "the database file is damaged ({detail}); restore a backup or move the file aside"
NOT_SQLITE = "it is not a SQLite database (it may belong to another program); not touching it"
FOREIGN = "it holds another program's tables; not touching it"
IN_MEMORY = ("an in-memory database would lose every answer when the app closes; "
             "give a file instead, e.g. sqlite:///quizengine.sqlite3")
BAD_URL = ("Could not parse SQLAlchemy URL; expected e.g. sqlite:///path/to/quizengine.sqlite3 "
           "or postgresql+psycopg://user@host/dbname")

_USERINFO_PASSWORD = re.compile(r"(//[^:/@]*:)[^@/]*@")
_PASSWORD_SETTING = re.compile(r"(password\s*=\s*)('[^']*'|\S+)", re.IGNORECASE)


class DatabaseProblem(Exception):
    """The database cannot be used as it is. str() is one line for the user and never holds a password."""


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the writer; a killed process loses nothing
    cursor.execute("PRAGMA synchronous=NORMAL")  # safe with WAL: committed answers survive a process kill
    cursor.close()


def as_url(url: str | URL) -> URL:
    """Parse a URL the user typed (a URL object, e.g. the default one built from a path, passes through)."""
    if isinstance(url, URL):
        return url
    try:
        return make_url(url)
    except (ArgumentError, ValueError) as exc:
        raise DatabaseProblem(BAD_URL) from exc


def sqlite_url(path: Path) -> URL:
    """A SQLite URL for a file; built, not formatted, so `%`, `?`, `#`, `@` and `C:\\` stay part of the path."""
    return URL.create("sqlite", database=str(path))


def is_in_memory(url: URL) -> bool:
    if url.get_backend_name() != "sqlite":
        return False
    database = url.database or ""
    return database in ("", ":memory:") or "mode=memory" in database or url.query.get("mode") == "memory"


def sqlite_file(url: URL) -> Path | None:
    """The file behind a SQLite URL; None for other backends, in-memory and `file:` URI databases."""
    if url.get_backend_name() != "sqlite" or is_in_memory(url):
        return None
    database = url.database or ""
    if database.startswith("file:"):
        return None
    return Path(database).expanduser()


def describe(url: str | URL) -> str:
    """How to name a database in messages: the file for SQLite, else the URL with its password hidden."""
    try:
        parsed = as_url(url)
    except DatabaseProblem:
        return _USERINFO_PASSWORD.sub(r"\1***@", str(url))
    path = sqlite_file(parsed)
    if isinstance(url, URL) and path is not None:
        return str(path)
    if isinstance(url, str) and parsed.password is None:
        return url  # as the user typed it
    return parsed.render_as_string(hide_password=True)


def scrub(text: str, url: URL | None) -> str:
    """Remove the URL's password (in every spelling a driver may echo) from an error text."""
    text = _PASSWORD_SETTING.sub(r"\1***", _USERINFO_PASSWORD.sub(r"\1***@", text))
    password = url.password if url is not None else None
    if password:
        for spelling in {str(password), quote_plus(str(password)), quote(str(password), safe="")}:
            text = text.replace(spelling, "***")
    return text


def error_line(exc: BaseException, url: URL | None = None) -> str:
    """The first line of a database error (the driver's own message when there is one), without passwords."""
    text = str(getattr(exc, "orig", None) or exc).strip()
    return scrub(text.splitlines()[0] if text else type(exc).__name__, url)


def explain(exc: BaseException, url: URL | None) -> str:
    """One line for a database error raised while opening: the common SQLite faults in plain words."""
    original = getattr(exc, "orig", None)
    text = str(original if original is not None else exc).strip()
    lowered = text.lower()
    if "database is locked" in lowered or "database table is locked" in lowered:
        return LOCKED
    if "malformed" in lowered or "file is not a database" in lowered:
        return DAMAGED.format(detail=text.splitlines()[0][:80])
    if "readonly database" in lowered:
        return "the database is read-only; the app needs to write your answers to it"
    return error_line(exc, url)


def _writable(path: Path) -> bool:
    # os.access alone says yes to root on anything; the permission bits still say whether the owner meant it.
    return os.access(path, os.W_OK) and path.stat().st_mode & 0o222 != 0


def _table_names(path: Path) -> set[str]:
    """The file's tables, read through a read-only connection so nothing is written to a file we may refuse."""
    uri = path.resolve().as_uri() + "?mode=ro"  # as_uri percent-quotes `?`, `#` and `%` in the path
    connection = sqlite3.connect(uri, uri=True, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)
    try:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    finally:
        connection.close()
    return {str(name) for (name,) in rows if not str(name).startswith("sqlite_")}


def check_sqlite_file(path: Path) -> bool:
    """Refuse a SQLite file the app must not or cannot use; True when there is none yet (it will be created)."""
    if not path.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseProblem(f"{exc.strerror or exc}: {exc.filename or path.parent}") from exc
        if not _writable(path.parent):
            raise DatabaseProblem(f"the folder {path.parent} is read-only, so the database cannot be created there")
        return True
    if path.is_dir():
        raise DatabaseProblem("it is a folder, not a database file")
    if not _writable(path):
        raise DatabaseProblem("the file is read-only; the app needs to write your answers to it")
    if not _writable(path.parent):
        raise DatabaseProblem(f"the folder {path.parent} is read-only; SQLite writes its journal next to the file")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
        if header and header != SQLITE_HEADER:
            raise DatabaseProblem(NOT_SQLITE)
        tables = _table_names(path) if header else set()
    except OSError as exc:
        raise DatabaseProblem(f"{exc.strerror or exc}: {path}") from exc
    except sqlite3.Error as exc:
        raise DatabaseProblem(explain(exc, None)) from exc
    if tables - {"alembic_version"} and not tables & OUR_TABLES:
        raise DatabaseProblem(FOREIGN)
    return False


def make_engine(url: str | URL) -> Engine:
    parsed = as_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_file(parsed)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            parsed = parsed.set(database=str(path))  # `~` expanded for the driver too
        engine = create_engine(parsed, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(parsed, pool_pre_ping=True)


def open_database(url: str | URL, announce: Callable[[str], None] | None = None) -> Engine:
    """Check, create if needed (telling `announce`), and upgrade the database; DatabaseProblem if unusable."""
    parsed = as_url(url)
    if is_in_memory(parsed):
        raise DatabaseProblem(IN_MEMORY)
    path = sqlite_file(parsed)
    if path is not None and check_sqlite_file(path) and announce is not None:
        announce(f"creating a new database at {path}")
    try:
        engine = make_engine(parsed)
    except OSError as exc:
        raise DatabaseProblem(f"{exc.strerror or exc}: {exc.filename or path}") from exc
    try:
        upgrade(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        raise DatabaseProblem(explain(exc, parsed)) from exc
    except BaseException:
        engine.dispose()
        raise
    return engine


def alembic_config() -> Config:
    # The URL is never put in the config: it is a configparser, and a `%` in a path or password breaks it.
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database schema up to `revision` (the app does this on every start).

    A database from a newer quizengine (a revision we do not know) is refused, never touched."""
    config = alembic_config()
    known = {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            # Take the write lock now: two starts upgrade one after the other, and a file another program
            # holds locked fails here (after the busy timeout) rather than on the learner's first answer.
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        current = MigrationContext.configure(connection).get_current_heads()
        unknown = [head for head in current if head not in known]
        if unknown:
            raise DatabaseProblem(f"the database has schema revision '{unknown[0][:MAX_ECHOED]}', newer than this "
                                  "quizengine knows; update quizengine to open it")
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
