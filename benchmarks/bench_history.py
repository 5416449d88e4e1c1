"""Home, history and results stay fast for a learner with a long history: 1,000,000 stored answers.

    python benchmarks/bench_history.py

Builds (once, cached in the temp dir) a SQLite database through the migrations with 20,000 finished attempts
of 50 answers for one learner, then times the services the screens call. Targets: home (latest levels and the
unfinished attempt) <= 100 ms, first history page <= 200 ms, one attempt's results <= 50 ms.
"""

from __future__ import annotations

import datetime as dt
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from quizengine.bank.loader import default_bank_dir, load_library_or_raise  # noqa: E402
from quizengine.services.context import ServiceContext  # noqa: E402
from quizengine.services.quiz import QuizService  # noqa: E402
from quizengine.services.results import ResultsService  # noqa: E402
from quizengine.store.database import make_engine, upgrade  # noqa: E402
from quizengine.store.models import AbilitySnapshot, Attempt, Learner, Response  # noqa: E402

ATTEMPTS, PER_ATTEMPT = 20_000, 50
DB_PATH = Path(tempfile.gettempdir()) / f"quizengine-bench-history-{ATTEMPTS}x{PER_ATTEMPT}.sqlite3"
RUNS = 15


def build(path: Path) -> None:
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    library = load_library_or_raise([default_bank_dir()])
    questions = [(q.id, q.area or "", q.topic) for q in library.questions]
    areas = sorted({area for _, area, _ in questions})
    start = dt.datetime(2025, 1, 1)
    with engine.begin() as connection:
        connection.execute(insert(Learner), [{"id": 1, "name": "Long history", "feedback": "immediate",
                                              "ask_confidence": False, "created_at": start}])
        for first in range(1, ATTEMPTS + 1, 1000):
            attempts, responses, snapshots = [], [], []
            for attempt_id in range(first, min(first + 1000, ATTEMPTS + 1)):
                when = start + dt.timedelta(minutes=attempt_id)
                attempts.append({"id": attempt_id, "learner_id": 1, "mode": "quick", "areas": areas, "settings": {},
                                 "seed": attempt_id, "bank_fingerprint": library.fingerprint, "status": "finished",
                                 "stop_reason": "finished", "started_at": when, "finished_at": when,
                                 "answered_count": PER_ATTEMPT, "correct_count": PER_ATTEMPT // 2})
                for seq in range(1, PER_ATTEMPT + 1):
                    question_id, area, topic = questions[(attempt_id * 7 + seq) % len(questions)]
                    responses.append({"attempt_id": attempt_id, "seq": seq, "question_id": question_id,
                                      "question_hash": "0" * 16, "area": area, "topic": topic,
                                      "answer": {"kind": "dont_know", "selected": [], "value": None},
                                      "correct": seq % 2 == 0, "score": float(seq % 2 == 0), "latency_ms": 9000,
                                      "theta_after": 0.0, "se_after": 0.5, "answered_at": when})
                for area in areas:
                    snapshots.append({"attempt_id": attempt_id, "area": area, "theta": 0.1, "se": 0.4,
                                      "n_items": PER_ATTEMPT // len(areas), "level": 3, "score": 54,
                                      "created_at": when})
            connection.execute(insert(Attempt), attempts)
            connection.execute(insert(Response), responses)
            connection.execute(insert(AbilitySnapshot), snapshots)
    engine.dispose()


def timed(work: Callable[[], object]) -> tuple[float, float]:
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        work()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))]


def main() -> int:
    if not DB_PATH.exists():
        started = time.perf_counter()
        partial = DB_PATH.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        build(partial)
        partial.rename(DB_PATH)
        print(f"built {ATTEMPTS * PER_ATTEMPT:,} answers in {time.perf_counter() - started:.0f} s at {DB_PATH}")
    context = ServiceContext.open(f"sqlite:///{DB_PATH}")
    reports, quizzes = ResultsService(context), QuizService(context)
    figures = {
        "home": (timed(lambda: (reports.latest_levels(1), quizzes.active_attempt(1))), 100),
        "history, first page": (timed(lambda: reports.history(1)), 200),
        "results of one attempt": (timed(lambda: reports.results(ATTEMPTS // 2)), 50),
    }
    context.close()
    met = True
    for name, ((median, p95), target) in figures.items():
        met &= p95 <= target
        print(f"{name}: median {median:.1f} ms, p95 {p95:.1f} ms (target <= {target} ms)")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB, "
          f"{ATTEMPTS * PER_ATTEMPT:,} stored answers")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
