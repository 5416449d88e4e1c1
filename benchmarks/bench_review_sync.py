"""Spaced review with 1,000,000 stored answers: how long making cards and reading the queue take.

One learner with 5,000 attempts of 100 answers (and a second learner with as many), on the small test bank.
Target: after the first sync, a sync, a queue read and the due counts each within 100 ms (home reads the due
counts on every visit). Run: python benchmarks/bench_review_sync.py
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import insert

from quizengine.services.context import ServiceContext
from quizengine.services.learners import LearnerService
from quizengine.services.review import ReviewService
from quizengine.store.models import Attempt, Response

MINI_BANK = Path(__file__).resolve().parent.parent / "tests" / "data" / "mini"
ATTEMPTS, PER_ATTEMPT, TARGET_MS = 10_000, 100, 100.0
NOW = dt.datetime(2026, 3, 2, 9)


def answer_row(attempt_id: int, seq: int, question_id: str, correct: bool) -> dict[str, object]:
    return dict(attempt_id=attempt_id, seq=seq, question_id=question_id, question_hash="h",
                area=question_id.split(".")[0], topic="a-one", answer={"kind": "dont_know"}, correct=correct,
                score=0.0, confidence=None, latency_ms=1000, theta_after=0.0, se_after=1.0, answered_at=NOW)


def seed(context: ServiceContext, learners: tuple[int, int], first_attempt: int, attempts: int,
         rng: random.Random) -> None:
    question_ids = [q.id for q in context.library.questions]
    with context.engine.begin() as connection:
        connection.execute(insert(Attempt), [
            dict(id=first_attempt + i, learner_id=learners[i % 2], mode="quick", areas=["alpha"], settings={},
                 seed=1, bank_fingerprint="x", status="finished", started_at=NOW, answered_count=PER_ATTEMPT,
                 correct_count=0) for i in range(attempts)])
        rows: list[dict[str, object]] = []
        for i in range(attempts):
            rows.extend(answer_row(first_attempt + i, s + 1, rng.choice(question_ids), rng.random() > 0.3)
                        for s in range(PER_ATTEMPT))
            if len(rows) >= 100_000:
                connection.execute(insert(Response), rows)
                rows = []
        if rows:
            connection.execute(insert(Response), rows)


def timed_ms(job: Callable[[], object], repeats: int = 7) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        job()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        context = ServiceContext.open(f"sqlite:///{folder}/big.sqlite3", [MINI_BANK])
        learners = LearnerService(context)
        ada, bob = learners.create("Ada", None).id, learners.create("Bob", None).id
        rng = random.Random(1)
        seed(context, (ada, bob), 1, ATTEMPTS, rng)
        reviews = ReviewService(context, fuzzing=False)
        start = time.perf_counter()
        made = reviews.sync_cards(ada, NOW)
        first = (time.perf_counter() - start) * 1000
        print(f"{ATTEMPTS * PER_ATTEMPT:,} stored answers; first sync over the whole history: {made} cards in "
              f"{first:,.0f} ms (once, in a background thread)")
        figures = {
            "sync, nothing new": timed_ms(lambda: reviews.sync_cards(ada, NOW)),
            "queue": timed_ms(lambda: reviews.queue(ada, NOW)),
            "due counts (home)": timed_ms(lambda: reviews.due_counts(ada, NOW)),
        }
        seed(context, (ada, ada), ATTEMPTS + 1, 1, rng)
        start = time.perf_counter()
        reviews.sync_cards(ada, NOW)
        figures["sync after one more attempt"] = (time.perf_counter() - start) * 1000
        context.close()
    for name, value in figures.items():
        print(f"{name}: {value:.1f} ms median (target <= {TARGET_MS:.0f} ms)")
    return 0 if all(value <= TARGET_MS for value in figures.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
