"""Shared fixtures: a throwaway database and the small test bank.

`db_url` is SQLite everywhere; the store, service and calibration tests (DATABASE_TEST_DIRS) run once on SQLite and
once on PostgreSQL when QUIZENGINE_TEST_PG_URL names a database (.ci/run starts a local server when it can). Each
PostgreSQL test gets a fresh schema of its own in that database (via `search_path`, about 0.1 s with the
migrations), dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from quizengine.services.context import ServiceContext

# CI runs the property tests on a fixed sequence of examples, so a landing is decided by the change, not by which
# random examples a run happened to draw; local runs keep exploring new ones (and found the bugs they pin).
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")

DATA = Path(__file__).parent / "data"
MINI_BANK = DATA / "mini"
PG_ENV = "QUIZENGINE_TEST_PG_URL"
DATABASE_TEST_DIRS = frozenset({"store", "services", "calibration"})
BACKENDS = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run the database tests of DATABASE_TEST_DIRS on both backends; every other test keeps its id and SQLite."""
    if "db_backend" not in metafunc.fixturenames:
        return
    path, here = Path(metafunc.definition.path).resolve(), Path(__file__).parent.resolve()
    parts = path.relative_to(here).parts if path.is_relative_to(here) else ()
    if len(parts) > 1 and parts[0] in DATABASE_TEST_DIRS:
        metafunc.parametrize("db_backend", BACKENDS, indirect=True)


@pytest.fixture
def db_backend(request: pytest.FixtureRequest) -> str:
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A URL whose connections see only a fresh, empty schema of the test database (skips without one)."""
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} is not set")
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    yield make_url(base).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False)
    try:
        with admin.connect() as connection:
            # A connection a test left inside a transaction would make the drop wait: give up after a while.
            connection.execute(text("SET lock_timeout = '10s'"))
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    except SQLAlchemyError as exc:
        warnings.warn(f"PostgreSQL test schema {schema} left behind: {str(exc).splitlines()[0]}", stacklevel=1)
    finally:
        admin.dispose()


@pytest.fixture
def db_url(db_backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if db_backend == "postgresql":
        return str(request.getfixturevalue("postgres_url"))
    return f"sqlite:///{tmp_path / 'test.sqlite3'}"


@pytest.fixture
def context(db_url: str) -> Iterator[ServiceContext]:
    ctx = ServiceContext.open(db_url, [MINI_BANK])
    yield ctx
    ctx.close()


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the real user data dir from tests."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.delenv("QUIZENGINE_DB", raising=False)
