"""The same schema and use cases on PostgreSQL (a cohort's shared database).

Runs when QUIZENGINE_TEST_PG_URL names an empty database (.ci/run starts a local server when it can).
"""

from __future__ import annotations

import os

import pytest
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

PG_URL = os.environ.get("QUIZENGINE_TEST_PG_URL")
pytestmark = pytest.mark.skipif(not PG_URL, reason="QUIZENGINE_TEST_PG_URL is not set")


def test_postgres_schema_matches_models_and_attempts_resume() -> None:
    assert PG_URL is not None
    context = ServiceContext.open(PG_URL, [MINI_BANK])
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
        with context.engine.begin() as connection:  # leave the database empty for the next run
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        context.close()
