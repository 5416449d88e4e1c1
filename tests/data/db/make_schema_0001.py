"""How tests/data/db/schema_0001.sqlite3 was made: the FIRST schema (revision 0001) with rows in every table.

    python tests/data/db/make_schema_0001.py

Kept for reference; the committed file is the fixture (a database an early user really could have).
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import text

from quizengine.store.database import make_engine, upgrade

FIXTURE = Path(__file__).with_name("schema_0001.sqlite3")

LEARNERS = [(1, "Ada", "ml-engineer", "nord", "immediate", 0, "2026-11-20 09:00:00"),
            (2, "Bob", None, None, "end", 1, "2026-11-21 10:00:00")]
ATTEMPTS = [  # id, learner, mode, areas, seed, status, stop_reason, started, finished
    (1, 1, "quick", ["programming", "mathematics"], 11, "finished", "all areas precise enough",
     "2026-11-20 09:05:00", "2026-11-20 09:30:00"),
    (2, 1, "focus", ["programming"], 12, "active", None, "2026-11-22 08:00:00", None),
    (3, 2, "practice", ["mathematics"], 13, "abandoned", "the question banks changed since this attempt started",
     "2026-11-21 10:05:00", "2026-11-21 10:20:00"),
]
RESPONSES = [  # attempt, seq, question, area, topic, correct
    (1, 1, "programming.python-core.late-binding-closures", "programming", "python-core", 1),
    (1, 2, "programming.python-core.mutable-default", "programming", "python-core", 0),
    (1, 3, "mathematics.linear-algebra.matrix-shapes", "mathematics", "linear-algebra", 1),
    (2, 1, "programming.python-core.mutable-default", "programming", "python-core", 1),
    (3, 1, "mathematics.linear-algebra.matrix-shapes", "mathematics", "linear-algebra", 0),
]


def main() -> None:
    FIXTURE.unlink(missing_ok=True)
    engine = make_engine(f"sqlite:///{FIXTURE}")
    upgrade(engine, "0001")
    with engine.begin() as db:
        for row in LEARNERS:
            db.execute(text("INSERT INTO learners VALUES (:id, :name, :role, :theme, :feedback, :ask, :created)"),
                       dict(zip(["id", "name", "role", "theme", "feedback", "ask", "created"], row, strict=True)))
        for a in ATTEMPTS:
            db.execute(text("INSERT INTO attempts (id, learner_id, mode, areas, settings, seed, bank_fingerprint, "
                            "status, stop_reason, started_at, finished_at) VALUES (:id, :learner, :mode, :areas, "
                            ":settings, :seed, 'f00dfeedcafe0001', :status, :reason, :started, :finished)"),
                       {"id": a[0], "learner": a[1], "mode": a[2], "areas": json.dumps(a[3]),
                        "settings": json.dumps({"practice_items": 10, "recently_seen": []}), "seed": a[4],
                        "status": a[5], "reason": a[6], "started": a[7], "finished": a[8]})
        for index, r in enumerate(RESPONSES, start=1):
            db.execute(text("INSERT INTO responses (id, attempt_id, seq, question_id, question_hash, area, topic, "
                            "answer, correct, score, confidence, latency_ms, theta_after, se_after, answered_at) "
                            "VALUES (:id, :attempt, :seq, :question, 'abcdef0123456789', :area, :topic, :answer, "
                            ":correct, :score, 'medium', 4200, 0.25, 0.8, '2026-11-20 09:10:00')"),
                       {"id": index, "attempt": r[0], "seq": r[1], "question": r[2], "area": r[3], "topic": r[4],
                        "answer": json.dumps({"kind": "dont_know", "selected": [], "value": None}),
                        "correct": r[5], "score": float(r[5])})
        for index, (attempt, area) in enumerate([(1, "programming"), (1, "mathematics"), (3, "mathematics")], 1):
            db.execute(text("INSERT INTO ability_snapshots VALUES (:id, :attempt, :area, 0.3, 0.45, 2, 3, 62, "
                            "'2026-11-20 09:30:00')"), {"id": index, "attempt": attempt, "area": area})
    with engine.connect() as db:  # fold the WAL into the file, so the fixture is one self-contained file
        db.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        db.exec_driver_sql("PRAGMA journal_mode=DELETE")
    engine.dispose()


if __name__ == "__main__":
    main()
