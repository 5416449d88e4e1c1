"""Resuming an attempt on banks that may have changed since it started.

An attempt resumes exactly only if every answered question is still there, unchanged and in the same area.
Otherwise replaying it would either fail or silently score answers against different questions, so the attempt
is closed instead, with the results its stored answers support (scored with the item parameters stored with
each answer), and the learner is told why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from quizengine.bank.library import Library, question_hash
from quizengine.engine.config import SessionConfig
from quizengine.engine.items import ItemParams
from quizengine.engine.pool import ItemPool
from quizengine.engine.session import AdaptiveSession
from quizengine.store.repositories import ResponseRepository


@dataclass(frozen=True)
class StoredAnswer:
    question_id: str
    area: str
    topic: str
    correct: bool
    question_hash: str
    params: tuple[float, float, float] | None  # (a, b, c) the engine used; None before schema 0002


def stored_answers(db: Session, attempt_id: int) -> list[StoredAnswer]:
    answers = []
    for row in ResponseRepository(db).for_attempt(attempt_id):
        params = None
        if row.item_a is not None and row.item_b is not None and row.item_c is not None:
            params = (row.item_a, row.item_b, row.item_c)
        answers.append(StoredAnswer(row.question_id, row.area, row.topic, row.correct, row.question_hash, params))
    return answers


def bank_changes(library: Library, fingerprint: str, answers: Sequence[StoredAnswer]) -> list[str]:
    """What keeps the stored answers from replaying exactly on the loaded banks ([] when nothing does)."""
    changes = []
    known = {question.id for question in library.questions}
    same_banks = fingerprint == library.fingerprint
    for answer in answers:
        if answer.question_id not in known:
            changes.append(f"question '{answer.question_id}' was removed")
            continue
        if same_banks:
            continue
        question = library.question(answer.question_id)
        if (question.area or "") != answer.area:
            changes.append(f"question '{answer.question_id}' moved to area '{question.area}'")
        elif question_hash(question) != answer.question_hash:
            changes.append(f"question '{answer.question_id}' was edited")
    return changes


def replay_stored(pool: ItemPool, config: SessionConfig, seed: int,
                  answers: Sequence[StoredAnswer]) -> AdaptiveSession:
    """The attempt's estimates from its stored answers alone, each scored with the parameters stored with it
    (or, for answers stored before those were kept, the question's current ones). Answers that can be placed
    in none of the attempt's areas are left out."""
    items: dict[str, ItemParams] = {}
    for answer in answers:
        if answer.area not in config.areas or answer.question_id in items:
            continue
        if answer.params is not None:
            a, b, c = answer.params
        elif answer.question_id in pool.position:
            current = pool.items[pool.position[answer.question_id]]
            a, b, c = current.a, current.b, current.c
        else:
            continue
        items[answer.question_id] = ItemParams(answer.question_id, answer.area, answer.topic, a, b, c)
    scored = [(answer.question_id, answer.correct) for answer in answers if answer.question_id in items]
    # Order matters only for the next-question choice, which this session never makes.
    own_pool = ItemPool.build(list(items.values()))
    return AdaptiveSession.replay(own_pool, config, seed, scored)
