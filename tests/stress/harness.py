"""Drive worker processes, kill them, and check the database after every kill: what the crash and concurrency
tests (and `make stress`) share."""

from __future__ import annotations

import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from quizengine.services.context import ServiceContext
from quizengine.services.learners import LearnerService
from quizengine.services.quiz import QuizService
from quizengine.store.models import AbilitySnapshot, Attempt, Response
from tests.stress.worker import policy_answer

ROOT = Path(__file__).resolve().parents[2]
SHIPPED_BANKS = ROOT / "question_banks"
LINE_TIMEOUT_S = 60.0


class Worker:
    """A worker process whose output lines arrive on a queue."""

    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "tests.stress.worker", *args], cwd=ROOT,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1,
                                        env={**os.environ, "PYTHONUNBUFFERED": "1"})
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.all_lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.all_lines.append(line.rstrip("\n"))
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def next_line(self, timeout: float = LINE_TIMEOUT_S) -> str | None:
        return self.lines.get(timeout=timeout)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(30)

    def wait(self, timeout: float) -> str:
        try:
            _, stderr = self.process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise
        return stderr


def reference_sequence(banks: Path, db_url: str, name: str, seed: int, mode: str) -> list[str]:
    """The questions an uninterrupted attempt asks, answered by the workers' deterministic policy."""
    context = ServiceContext.open(db_url, [banks])
    try:
        learner = LearnerService(context).create(name, None)
        runner = QuizService(context).start(learner.id, mode, seed=seed)  # type: ignore[arg-type]
        asked = []
        while (view := runner.current()) is not None:
            asked.append(view.question_id)
            runner.submit(policy_answer(runner, view, seed))
        return asked
    finally:
        context.close()


@dataclass
class Consistency:
    attempts: int = 0
    responses: int = 0
    problems: list[str] = field(default_factory=list)


def check_database(context: ServiceContext, acked: set[tuple[int, int, str]]) -> Consistency:
    """Every acknowledged answer is stored; answers are numbered 1..n with matching counters; no active attempt
    is stuck with nothing to ask; every finished attempt's snapshots count exactly its stored answers."""
    report = Consistency()
    with context.transaction() as db:
        attempts = list(db.scalars(select(Attempt)))
        rows = list(db.scalars(select(Response)))
        snapshots = list(db.scalars(select(AbilitySnapshot)))
        by_attempt: dict[int, list[Response]] = {}
        for row in rows:
            by_attempt.setdefault(row.attempt_id, []).append(row)
        stored = {(row.attempt_id, row.seq, row.question_id) for row in rows}
        snapshot_items = Counter[int]()
        for snapshot in snapshots:
            snapshot_items[snapshot.attempt_id] += snapshot.n_items
        states = [(a.id, a.status, a.answered_count, a.correct_count) for a in attempts]
    report.attempts, report.responses = len(states), len(stored)
    lost = acked - stored
    if lost:
        report.problems.append(f"{len(lost)} acknowledged answers lost, e.g. {sorted(lost)[0]}")
    quizzes = QuizService(context)
    for attempt_id, status, answered, correct in states:
        answers = sorted(by_attempt.get(attempt_id, []), key=lambda r: r.seq)
        if [r.seq for r in answers] != list(range(1, len(answers) + 1)):
            report.problems.append(f"attempt {attempt_id}: answers numbered {[r.seq for r in answers]}")
        if (answered, correct) != (len(answers), sum(r.correct for r in answers)):
            report.problems.append(f"attempt {attempt_id}: counters {answered}/{correct} for {len(answers)} answers")
        if status == "active" and quizzes.resume(attempt_id).finished:
            report.problems.append(f"attempt {attempt_id}: stuck active with nothing left to ask")
        if status == "finished" and snapshot_items[attempt_id] != len(answers):
            report.problems.append(f"attempt {attempt_id}: finished with {snapshot_items[attempt_id]} answers "
                                   f"scored but {len(answers)} stored (answers into a finished attempt?)")
    return report


@dataclass
class CrashReport:
    kills: int = 0
    kills_by_strategy: Counter[str] = field(default_factory=Counter)
    kills_inside_commit: int = 0  # after a transaction began committing, before its answer was acknowledged
    acked: int = 0
    attempts_completed: int = 0
    resumes_checked: int = 0
    problems: list[str] = field(default_factory=list)


def crash_campaign(workdir: Path, kills: int, seed: int, banks: Path = SHIPPED_BANKS,
                   mode: str = "quick") -> CrashReport:
    """Run learners one after another, SIGKILLing their process at random points (a random delay, or right as
    a commit starts, or a few milliseconds into it) until `kills` kills; after each kill check the database, and
    on each restart check that the next question is exactly the one the uninterrupted attempt asks."""
    rng = random.Random(seed)
    db_url = f"sqlite:///{workdir / 'crash.sqlite3'}"
    report = CrashReport()
    acked: set[tuple[int, int, str]] = set()
    checker = ServiceContext.open(db_url, [banks])
    learner_index = 0
    try:
        while report.kills < kills and not report.problems:
            name, learner_seed = f"learner-{learner_index}", 1000 + learner_index
            expected = reference_sequence(banks, f"sqlite:///{workdir / f'ref-{learner_index}.sqlite3'}", name,
                                          learner_seed, mode)
            done = False
            while not done and not report.problems:
                strategy = rng.choice(["random-delay", "at-commit", "in-commit"])
                worker = Worker("--db", db_url, "--banks", str(banks), "--learner", name,
                                "--seed", str(learner_seed), "--mode", mode)
                commits_to_wait = rng.randint(1, 12)
                kill_at = None
                last = ""
                while True:
                    timeout = LINE_TIMEOUT_S if kill_at is None else max(0.0, kill_at - time.monotonic())
                    try:
                        line = worker.next_line(timeout)
                    except queue.Empty:
                        line = "timeout"
                    if line is None:  # the worker ended by itself
                        stderr = worker.wait(30)
                        if worker.process.returncode != 0:
                            report.problems.append(f"worker failed: {stderr.strip().splitlines()[-1:]}")
                        break
                    if line == "timeout" or (kill_at is not None and time.monotonic() >= kill_at):
                        break
                    last = line
                    kind, _, rest = line.partition(" ")
                    if kind == "ready" and strategy == "random-delay":
                        kill_at = time.monotonic() + rng.uniform(0.01, 0.5)  # a whole attempt takes about 1 s
                    elif kind == "serve":
                        attempt_id, seq, question = rest.split()
                        number = int(seq)
                        if number > len(expected) or expected[number - 1] != question:
                            report.problems.append(f"{name}: question {number} was {question}, expected "
                                                   f"{expected[number - 1] if number <= len(expected) else 'none'}")
                        report.resumes_checked += 1
                    elif kind == "ack":
                        attempt_id, seq, question = rest.split()
                        acked.add((int(attempt_id), int(seq), question))
                        report.acked += 1
                    elif kind == "commit" and strategy != "random-delay":
                        commits_to_wait -= 1
                        if commits_to_wait <= 0:
                            if strategy == "in-commit":
                                time.sleep(rng.uniform(0.0, 0.004))
                            break
                    elif kind == "done":
                        done = True
                    elif kind == "error":
                        report.problems.append(f"{name}: {rest}")
                if worker.process.poll() is None:
                    worker.kill()
                    report.kills += 1
                    report.kills_by_strategy[strategy] += 1
                    report.kills_inside_commit += last == "commit"
                if done:
                    report.attempts_completed += 1
                report.problems.extend(check_database(checker, acked).problems)
                if report.kills >= kills:
                    break
            learner_index += 1
    finally:
        checker.close()
    return report


@dataclass
class ConcurrencyReport:
    processes: int
    same_learner: bool
    seconds: float
    acked: int = 0
    conflicts: int = 0
    errors: list[str] = field(default_factory=list)
    attempts: int = 0
    problems: list[str] = field(default_factory=list)


def concurrency_run(workdir: Path, processes: int, same_learner: bool, seconds: float,
                    banks: Path = SHIPPED_BANKS, mode: str = "quick") -> ConcurrencyReport:
    db_url = f"sqlite:///{workdir / f'concurrent-{processes}-{same_learner}.sqlite3'}"
    setup = ServiceContext.open(db_url, [banks])  # migrate once, before the workers race to
    setup.close()
    workers = [Worker("--db", db_url, "--banks", str(banks), "--learner", "shared" if same_learner else f"w{i}",
                      "--seed", str(10 * i + 1), "--mode", mode, "--seconds", str(seconds), "--attempts", "0")
               for i in range(processes)]
    report = ConcurrencyReport(processes, same_learner, seconds)
    acked: set[tuple[int, int, str]] = set()
    for worker in workers:
        stderr = worker.wait(seconds + 120)
        if worker.process.returncode != 0:
            failure = [line for line in stderr.splitlines() if line and not line.startswith((" ", "("))]
            report.errors.append(f"exit {worker.process.returncode}: {failure[-1:]}")
        for line in worker.all_lines:
            kind, _, rest = line.partition(" ")
            if kind == "ack":
                attempt_id, seq, question = rest.split()
                acked.add((int(attempt_id), int(seq), question))
                report.acked += 1
            elif kind == "conflict":
                report.conflicts += 1
            elif kind == "error":
                report.errors.append(rest)
    checker = ServiceContext.open(db_url, [banks])
    try:
        consistency = check_database(checker, acked)
    finally:
        checker.close()
    report.attempts, report.problems = consistency.attempts, consistency.problems
    return report
