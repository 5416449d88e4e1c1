"""A database made with the first schema upgrades to head with every row kept (the rule: every schema change
ships a migration and a test like this one)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from quizengine.services.context import ServiceContext
from quizengine.services.quiz import AttemptClosed, QuizService
from quizengine.services.results import ResultsService
from quizengine.store.database import make_engine, upgrade
from quizengine.store.models import Base
from tests.conftest import DATA

FIXTURE = DATA / "db" / "schema_0001.sqlite3"
TABLES = ("learners", "attempts", "responses", "ability_snapshots")


def rows(path: Path, table: str, columns: str = "*") -> list[tuple[object, ...]]:
    engine = make_engine(f"sqlite:///{path}")
    with engine.connect() as db:
        result = [tuple(row) for row in db.execute(text(f"SELECT {columns} FROM {table} ORDER BY id"))]
    engine.dispose()
    return result


def test_the_first_schema_upgrades_to_head_with_every_row_kept(tmp_path: Path) -> None:
    database = tmp_path / "old.sqlite3"
    shutil.copy(FIXTURE, database)
    before = {table: rows(database, table) for table in TABLES}
    assert all(before.values())  # the fixture has rows in every table
    engine = make_engine(f"sqlite:///{database}")
    upgrade(engine)
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    engine.dispose()
    for table, old_rows in before.items():
        width = len(old_rows[0])
        assert [row[:width] for row in rows(database, table)] == old_rows, table  # old columns, same values
    # The new counters were filled from the stored answers; answers from before 0002 carry no item parameters.
    assert rows(database, "attempts", "id, answered_count, correct_count") == [(1, 3, 2), (2, 1, 1), (3, 1, 0)]
    assert {row[0] for row in rows(database, "responses", "item_a")} == {None}


def test_an_upgraded_database_still_works_in_the_app(tmp_path: Path) -> None:
    database = tmp_path / "old.sqlite3"
    shutil.copy(FIXTURE, database)
    context = ServiceContext.open(f"sqlite:///{database}")  # the shipped banks, as the app opens it
    try:
        history = ResultsService(context).history(1)
        assert [(a.id, a.answered, a.correct, a.status) for a in history] == [(2, 1, 1, "active"),
                                                                              (1, 3, 2, "finished")]
        latest = {view.area: view for view in ResultsService(context).latest_levels(1)}
        assert latest["programming"].score == 62
        quizzes = QuizService(context)
        # The unfinished attempt was taken on other banks (its stored question hashes differ from today's): it
        # is closed with the results of its answer, and the learner can start afresh.
        with pytest.raises(AttemptClosed, match="banks changed since it started"):
            quizzes.resume(2)
        assert quizzes.active_attempt(1) is None
        assert ResultsService(context).results(2).answered == 1
    finally:
        context.close()
