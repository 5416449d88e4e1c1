"""The answer is one unit of work: stored with the attempt's closing or not at all, never twice, never into a
finished attempt, and an attempt whose banks changed is closed with its results instead of crashing resume."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from quizengine.bank.grading import Answer
from quizengine.engine.config import ENGINE_VERSION
from quizengine.services.context import ServiceContext
from quizengine.services.learners import LearnerService, ProfileError
from quizengine.services.quiz import AttemptChanged, AttemptClosed, QuizRunner, QuizService
from quizengine.store.models import AbilitySnapshot, Attempt, Response
from quizengine.store.repositories import LearnerRepository, ResponseRepository, SnapshotRepository
from tests.conftest import MINI_BANK

DONT_KNOW = Answer("dont_know")


def stored(context: ServiceContext, attempt_id: int) -> tuple[Attempt, list[Response], list[AbilitySnapshot]]:
    with context.transaction() as db:
        attempt = db.get(Attempt, attempt_id)
        assert attempt is not None
        responses = list(db.scalars(select(Response).where(Response.attempt_id == attempt_id).order_by(Response.seq)))
        snapshots = list(db.scalars(select(AbilitySnapshot).where(AbilitySnapshot.attempt_id == attempt_id)))
        db.expunge_all()
        return attempt, responses, snapshots


@pytest.fixture
def second_context(db_url: str, context: ServiceContext) -> Iterator[ServiceContext]:
    """Another process's view of the same database file (its own engine and connections)."""
    other = ServiceContext.open(db_url, [MINI_BANK])
    yield other
    other.close()


def practice(context: ServiceContext, items: int = 3, seed: int = 7) -> QuizRunner:
    learner = LearnerService(context).create("Ada", None)
    return QuizService(context).start(learner.id, "practice", ["alpha"], practice_items=items, seed=seed)


def test_the_last_answer_and_the_closing_are_stored_together_or_not_at_all(
        context: ServiceContext, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = practice(context, items=2)
    runner.submit(DONT_KNOW)
    last_question = runner.current()
    assert last_question is not None

    def broken(self: SnapshotRepository, snapshots: object) -> None:
        raise OperationalError("INSERT", {}, Exception("disk I/O error"))

    with monkeypatch.context() as patch:
        patch.setattr(SnapshotRepository, "add_all", broken)
        with pytest.raises(Exception, match="could not be saved"):
            runner.submit(DONT_KNOW)
    attempt, responses, _ = stored(context, runner.attempt_id)
    # Neither the answer nor a half-closed attempt: the learner can simply send it again.
    assert attempt.status == "active" and len(responses) == 1 and attempt.answered_count == 1
    assert runner.current() == last_question
    feedback = runner.submit(DONT_KNOW)
    assert feedback.finished
    attempt, responses, snapshots = stored(context, runner.attempt_id)
    assert attempt.status == "finished" and len(responses) == 2
    assert sum(s.n_items for s in snapshots) == 2


def test_each_response_keeps_the_item_parameters_and_engine_version_it_was_scored_with(
        context: ServiceContext) -> None:
    runner = practice(context, items=2)
    question = runner.current()
    assert question is not None
    runner.submit(DONT_KNOW)
    _, responses, _ = stored(context, runner.attempt_id)
    item = QuizService(context).pool.items[QuizService(context).pool.position[question.question_id]]
    assert (responses[0].item_a, responses[0].item_b, responses[0].item_c) == (item.a, item.b, item.c)
    assert responses[0].engine_version == ENGINE_VERSION


def test_a_stale_window_cannot_answer_a_question_already_answered_elsewhere(
        context: ServiceContext, second_context: ServiceContext) -> None:
    mine = practice(context, items=4)
    theirs = QuizService(second_context).resume(mine.attempt_id)
    first = mine.current()
    assert first is not None and theirs.current() == first
    mine.submit(DONT_KNOW)
    with pytest.raises(AttemptChanged, match="already answered in another window"):
        theirs.submit(Answer("choice", (0,)))
    # The stale window now shows the true next question, and its next answer is stored as answer 2.
    true_next = mine.current()
    assert true_next is not None and theirs.current() == true_next and true_next.number == 2
    theirs.submit(DONT_KNOW)
    _, responses, _ = stored(context, mine.attempt_id)
    assert [r.seq for r in responses] == [1, 2]
    assert [r.question_id for r in responses] == [first.question_id, true_next.question_id]


def test_nothing_goes_into_an_attempt_finished_elsewhere(
        context: ServiceContext, second_context: ServiceContext) -> None:
    mine = practice(context, items=4)
    theirs = QuizService(second_context).resume(mine.attempt_id)
    mine.submit(DONT_KNOW)
    mine.finish("ended early by you")
    with pytest.raises(AttemptChanged, match="finished in another window"):
        theirs.submit(DONT_KNOW)
    assert theirs.finished and theirs.current() is None
    theirs.finish("ended early by you")  # a no-op: the first closing stands
    attempt, responses, snapshots = stored(context, mine.attempt_id)
    assert attempt.status == "finished" and len(responses) == 1 and attempt.answered_count == 1
    assert sum(s.n_items for s in snapshots) == 1


def test_ending_from_a_stale_window_scores_every_stored_answer(
        context: ServiceContext, second_context: ServiceContext) -> None:
    mine = practice(context, items=5)
    theirs = QuizService(second_context).resume(mine.attempt_id)
    mine.submit(DONT_KNOW)
    mine.submit(DONT_KNOW)
    theirs.finish("ended early by you")  # it has seen none of the two answers
    _, responses, snapshots = stored(context, mine.attempt_id)
    assert len(responses) == 2 and sum(s.n_items for s in snapshots) == 2


def test_ending_during_a_save_waits_for_it(context: ServiceContext, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = practice(context, items=5)
    saving, release = threading.Event(), threading.Event()
    original_add = ResponseRepository.add

    def slow_add(self: ResponseRepository, response: Response) -> Response:
        saving.set()
        assert release.wait(10)
        return original_add(self, response)

    monkeypatch.setattr(ResponseRepository, "add", slow_add)
    submit = threading.Thread(target=runner.submit, args=(DONT_KNOW,))
    submit.start()
    assert saving.wait(10)
    end = threading.Thread(target=runner.finish, args=("ended early by you",))
    end.start()
    end.join(0.3)
    assert end.is_alive()  # waiting for the save, not closing the attempt under it
    release.set()
    submit.join(10)
    end.join(10)
    attempt, responses, snapshots = stored(context, runner.attempt_id)
    assert attempt.status == "finished" and len(responses) == 1
    assert sum(s.n_items for s in snapshots) == 1


def edited_bank(tmp_path: Path, old: str, new: str) -> Path:
    folder = tmp_path / "banks"
    shutil.copytree(MINI_BANK, folder)
    alpha = folder / "alpha.yaml"
    text = alpha.read_text()
    assert old in text
    alpha.write_text(text.replace(old, new, 1))
    return folder


@pytest.mark.parametrize(("old", "new", "why"), [
    ("stem: 'alpha question 0: pick **right**'", "stem: 'alpha question 0, reworded'", "was edited"),
    ("- id: alpha.q0\n  topic: a-one", "- id: alpha.q0\n  area: beta\n  topic: b-one", "moved to area 'beta'"),
    ("- id: alpha.q0\n", "- id: alpha.q0-renamed\n", "was removed"),
])
def test_resuming_on_changed_banks_closes_the_attempt_with_its_results(
        tmp_path: Path, db_url: str, context: ServiceContext, old: str, new: str, why: str) -> None:
    learner = LearnerService(context).create("Ada", None)
    quizzes = QuizService(context)
    # Practice asks all 10 alpha questions of the mini bank; answer until alpha.q0 has been asked (not last).
    runner = quizzes.start(learner.id, "practice", ["alpha"], seed=7, practice_items=10)
    answered: list[str] = []
    while len(answered) < 9:
        view = runner.current()
        assert view is not None
        answered.append(view.question_id)
        runner.submit(DONT_KNOW)
        if "alpha.q0" in answered:
            break
    assert "alpha.q0" in answered
    changed = ServiceContext.open(db_url, [edited_bank(tmp_path, old, new)])
    try:
        with pytest.raises(AttemptClosed, match=why) as refused:
            QuizService(changed).resume(runner.attempt_id)
        assert f"closed with the results of your {len(answered)} answer" in str(refused.value)
        attempt, _, snapshots = stored(changed, runner.attempt_id)
        assert attempt.status == "finished" and "question banks changed" in (attempt.stop_reason or "")
        assert sum(s.n_items for s in snapshots) == len(answered)
        # The learner is not locked out: a new attempt starts normally.
        fresh = QuizService(changed).start(learner.id, "focus", ["alpha"], seed=8)
        assert fresh.current() is not None
    finally:
        changed.close()


def test_two_processes_creating_the_same_profile_one_wins_the_other_is_told(
        context: ServiceContext, second_context: ServiceContext, monkeypatch: pytest.MonkeyPatch) -> None:
    LearnerService(context).create("Ada", None)
    # The other process checked before this one inserted: its own check finds nothing, the insert collides.
    monkeypatch.setattr(LearnerRepository, "by_name", lambda self, name: None)
    with pytest.raises(ProfileError, match="A profile named 'Ada' already exists"):
        LearnerService(second_context).create("Ada", None)
