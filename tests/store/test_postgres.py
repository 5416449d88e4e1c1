"""The same schema and use cases on PostgreSQL (a cohort's shared database).

Runs when QUIZENGINE_TEST_PG_URL names a database (.ci/run starts a local server when it can); each test works in
a fresh schema of its own (see `postgres_url` in tests/conftest.py). The rest of tests/store and tests/services run
on PostgreSQL too, through the parametrised `db_url` fixture.
"""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from quizengine.bank.grading import Answer
from quizengine.services.context import ServiceContext
from quizengine.services.learners import LearnerService
from quizengine.services.quiz import QuizService
from quizengine.services.results import ResultsService
from quizengine.store.models import Base
from tests.conftest import MINI_BANK


def test_postgres_schema_matches_models_and_attempts_resume(postgres_url: str) -> None:
    context = ServiceContext.open(postgres_url, [MINI_BANK])
    try:
        with context.engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
        learner = LearnerService(context).create("Cohort member", "tester")
        quizzes = QuizService(context)
        runner = quizzes.start(learner.id, "quick", seed=11)
        runner.submit(Answer("dont_know"))
        expected = runner.current()
        assert expected is not None
        resumed = quizzes.resume(runner.attempt_id).current()
        assert resumed is not None and resumed.question_id == expected.question_id
        while runner.current() is not None:
            runner.submit(Answer("dont_know"))
        results = ResultsService(context).results(runner.attempt_id)
        assert results.answered == len(runner.session.answered)
    finally:
        context.close()


def test_each_postgres_test_gets_its_own_empty_schema(postgres_url: str) -> None:
    """Tests never see each other's rows: the fixture's schema is fresh, and it is the only one on the path."""
    context = ServiceContext.open(postgres_url, [MINI_BANK])
    try:
        with context.engine.connect() as connection:
            schema = connection.execute(text("SELECT current_schema()")).scalar_one()
            assert str(schema).startswith("test_")
            assert connection.execute(text("SELECT count(*) FROM learners")).scalar_one() == 0
    finally:
        context.close()
