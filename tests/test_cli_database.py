"""Start-up against awkward databases: odd paths, hostile URLs, faults. Always one line on stderr, exit 1, no
traceback, no password, and nothing written to a file the app refuses."""

from __future__ import annotations

import importlib.util
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizengine import paths
from quizengine.cli import cli
from quizengine.store import database
from quizengine.store.database import scrub, sqlite_url
from tests.conftest import MINI_BANK

UPGRADE = ("db", "upgrade")
APP = ("--banks", str(MINI_BANK))  # the app's own start; every case below fails before the UI would open


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)  # a traceback fails the test
    return result.exit_code, result.stdout, result.stderr


def one_line_error(args: tuple[str, ...], url: str) -> str:
    code, out, err = run("--db", url, *args)
    assert code == 1 and out == ""
    assert len(err.splitlines()) == 1 and err.startswith("error: cannot open the database "), err
    return err


def url_of(path: Path) -> str:
    return sqlite_url(path).render_as_string()


@pytest.fixture
def existing_db(tmp_path: Path) -> Path:
    path = tmp_path / "q.sqlite3"
    assert run("--db", url_of(path), *UPGRADE)[0] == 0
    return path


@pytest.mark.parametrize("name", ["per%cent", "100%", "%41", "c:olon", "a@t", "ha#sh", "quest?ion", "C:\\Users"])
def test_default_data_dir_with_special_characters_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        name: str) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / name))
    expected = tmp_path / name / "quizengine" / "quizengine.sqlite3"
    for _start in range(2):  # create, then open the existing file
        code, out, err = run(*UPGRADE)
        assert code == 0, err
    assert out == f"database at head: {expected}\n"
    assert expected.is_file() and [p.name for p in tmp_path.iterdir() if not p.name.startswith("xdg-")] == [name]
    assert run("locate")[1].startswith(f"database: {expected}\n")


def test_db_url_with_quoted_special_characters_names_that_exact_file(tmp_path: Path) -> None:
    path = tmp_path / "we%ird:dir@x#y?z" / "q.sqlite3"
    code, _, err = run("--db", url_of(path), *UPGRADE)
    assert code == 0, err
    assert path.is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["we%ird:dir@x#y?z"]  # not cut at `#` or `?`


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:"])
def test_in_memory_database_is_refused_because_answers_would_be_lost(url: str) -> None:
    assert "in-memory database would lose every answer" in one_line_error(UPGRADE, url)


@pytest.mark.skipif(importlib.util.find_spec("psycopg") is None, reason="psycopg is not installed")
@pytest.mark.parametrize("args", [UPGRADE, APP])
def test_postgres_password_is_never_printed(args: tuple[str, ...]) -> None:
    url = "postgresql+psycopg://quiz:s3cr%40t%25pw@127.0.0.1:1/quiz"  # nothing listens on port 1
    err = one_line_error(args, url)
    assert "s3cr" not in err and "quiz:***@127.0.0.1:1/quiz" in err
    code, out, _ = run("--db", url, "locate")
    assert code == 0 and "s3cr" not in out and "database: postgresql+psycopg://quiz:***@127.0.0.1:1/quiz" in out


def test_unparsable_url_with_a_password_is_echoed_without_it() -> None:
    err = one_line_error(UPGRADE, "postgresql//quiz:s3cret@host/db")
    assert "s3cret" not in err and "Could not parse SQLAlchemy URL" in err


def test_password_echoed_by_a_driver_is_scrubbed() -> None:
    url = database.as_url("postgresql+psycopg://quiz:s3cr%40t@db.example/quiz")
    text = "invalid connection option: host=db.example password=s3cr@t user=quiz; dsn postgresql://quiz:s3cr%40t@db"
    assert "s3cr" not in scrub(text, url)


@pytest.mark.parametrize("args", [UPGRADE, APP])
def test_database_from_a_newer_schema_is_refused(existing_db: Path, args: tuple[str, ...]) -> None:
    with sqlite3.connect(existing_db) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    err = one_line_error(args, url_of(existing_db))
    assert "schema revision '0099_from_the_future', newer than this quizengine knows" in err


def test_garbage_file_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"these are my notes, not a database\n" * 50)
    assert "it is not a SQLite database" in one_line_error(UPGRADE, url_of(path))
    assert path.read_bytes() == b"these are my notes, not a database\n" * 50


def test_valid_header_with_corrupt_pages_is_reported_damaged(existing_db: Path) -> None:
    data = bytearray(existing_db.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    data[page_size:] = b"\xde\xad\xbe\xef" * ((len(data) - page_size) // 4)  # page 1 (the header) stays valid
    existing_db.write_bytes(bytes(data))
    assert "the database file is damaged (database disk image is malformed)" in one_line_error(APP, url_of(existing_db))


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[list[Path]]:
    """Paths to make read-only; their permissions are restored afterwards so tmp_path can be cleaned."""
    made: list[Path] = []
    yield made
    for path in made:
        path.chmod(0o755)


def test_read_only_file_is_refused(existing_db: Path, read_only: list[Path]) -> None:
    existing_db.chmod(0o444)
    read_only.append(existing_db)
    assert "the file is read-only" in one_line_error(APP, url_of(existing_db))


def test_existing_file_in_read_only_folder_is_refused(existing_db: Path, read_only: list[Path]) -> None:
    existing_db.parent.chmod(0o555)
    read_only.append(existing_db.parent)
    assert f"the folder {existing_db.parent} is read-only" in one_line_error(UPGRADE, url_of(existing_db))


def test_new_file_in_read_only_folder_is_refused(tmp_path: Path, read_only: list[Path]) -> None:
    folder = tmp_path / "locked-away"
    folder.mkdir(mode=0o555)
    read_only.append(folder)
    err = one_line_error(UPGRADE, url_of(folder / "q.sqlite3"))
    assert f"the folder {folder} is read-only, so the database cannot be created there" in err


@pytest.mark.parametrize("args", [UPGRADE, APP])
def test_locked_database_says_so_instead_of_hanging(existing_db: Path, monkeypatch: pytest.MonkeyPatch,
                                                    args: tuple[str, ...]) -> None:
    monkeypatch.setattr(database, "SQLITE_BUSY_TIMEOUT_MS", 200)  # the app waits 5 s; the message is the same
    other = sqlite3.connect(existing_db, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        assert "the database is locked by another program" in one_line_error(args, url_of(existing_db))
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_missing_db_path_is_announced_before_it_is_created(tmp_path: Path) -> None:
    path = tmp_path / "typo" / "q.sqlite3"
    code, _, err = run("--db", url_of(path), *UPGRADE)
    assert code == 0 and err == f"creating a new database at {path}\n" and path.is_file()
    assert run("--db", url_of(path), *UPGRADE)[2] == ""  # said once, when it is created


def test_default_database_is_announced_on_first_run_only() -> None:
    expected = paths.data_dir() / "quizengine.sqlite3"
    assert run(*UPGRADE)[2] == f"creating a new database at {expected}\n"
    assert run(*UPGRADE)[2] == ""


@pytest.mark.parametrize("args", [UPGRADE, APP])
def test_another_programs_database_is_refused_untouched(tmp_path: Path, args: tuple[str, ...]) -> None:
    path = tmp_path / "browser-history.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE visits (url TEXT, at INTEGER)")
        connection.execute("INSERT INTO visits VALUES ('https://example.org', 1)")
    connection.close()
    before = path.read_bytes()
    assert "it holds another program's tables; not touching it" in one_line_error(args, url_of(path))
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("browser")] == ["browser-history.sqlite3"]
