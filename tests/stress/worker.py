"""A learner in a separate process, for the crash and concurrency tests: answers questions through the services
and prints one line per event, flushed, so the parent knows exactly what was acknowledged when it kills us.

    python -m tests.stress.worker --db URL --banks PATH --learner NAME --seed S [--seconds T] [--attempts N]

Lines: `ready`, `serve <attempt> <seq> <question>`, `commit` (a transaction is about to commit),
`ack <attempt> <seq> <question>`, `conflict <message>`, `done <attempt>`, `error <type>: <message>`.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.orm import Session

from quizengine.bank.grading import Answer
from quizengine.services.context import ServiceContext
from quizengine.services.learners import LearnerService, ProfileError
from quizengine.services.quiz import AttemptChanged, AttemptClosed, QuizRunner, QuizService
from quizengine.services.views import QuestionView


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def policy_answer(runner: QuizRunner, view: QuestionView, seed: int) -> Answer:
    """A deterministic learner: right on about half the questions, chosen by a hash of (seed, question)."""
    digest = hashlib.sha256(f"{seed}:{view.question_id}".encode()).digest()
    if digest[0] % 2:
        return Answer("dont_know")
    question = runner.library.question(view.question_id)
    if view.type in ("single_choice", "multiple_choice"):
        return Answer("choice", tuple(question.correct_indices))  # type: ignore[union-attr]
    if view.type == "true_false":
        return Answer("bool", value=question.answer)  # type: ignore[union-attr]
    return Answer("text", value="not the answer") if view.type == "short_text" else Answer("number", value=-1.0)


def learner_id(context: ServiceContext, name: str) -> int:
    learners = LearnerService(context)
    for _ in range(50):
        existing = [learner for learner in learners.list() if learner.name == name]
        if existing:
            return existing[0].id
        try:
            return learners.create(name, None).id
        except ProfileError:
            continue  # another process created it first
    raise RuntimeError(f"could not create or find learner {name}")


def open_runner(quizzes: QuizService, learner: int, mode: str, seed: int) -> QuizRunner:
    while True:
        active = quizzes.active_attempt(learner)
        if active is None:
            return quizzes.start(learner, mode, seed=seed)  # type: ignore[arg-type]
        try:
            runner = quizzes.resume(active)
        except AttemptClosed:
            continue
        if not runner.finished:
            return runner
        if runner.closed:
            continue  # closed by another process since we looked it up
        # Finished by the engine but still active would be a stuck attempt: report it, don't hide it.
        raise RuntimeError(f"attempt {active} is active but has nothing left to ask")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--banks", required=True, type=Path)
    parser.add_argument("--learner", required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--mode", default="quick")
    parser.add_argument("--seconds", type=float, default=0.0, help="keep going (new attempts) this long")
    parser.add_argument("--attempts", type=int, default=1, help="stop after finishing this many attempts")
    args = parser.parse_args()

    context = ServiceContext.open(args.db, [args.banks])
    event.listen(Session, "before_commit", lambda _session: say("commit"))
    quizzes = QuizService(context)
    learner = learner_id(context, args.learner)
    deadline = time.monotonic() + args.seconds
    finished_attempts = 0
    say("ready")
    runner: QuizRunner | None = None
    while finished_attempts < args.attempts or time.monotonic() < deadline:
        if args.seconds and time.monotonic() >= deadline:
            break
        try:
            if runner is None or runner.finished:
                runner = open_runner(quizzes, learner, args.mode, args.seed + finished_attempts)
            view = runner.current()
            if view is None:
                say(f"done {runner.attempt_id}")
                finished_attempts += 1
                runner = None
                continue
            say(f"serve {runner.attempt_id} {view.number} {view.question_id}")
            feedback = runner.submit(policy_answer(runner, view, args.seed))
            say(f"ack {runner.attempt_id} {view.number} {view.question_id}")
            if feedback.finished:
                say(f"done {runner.attempt_id}")
                finished_attempts += 1
                runner = None
        except AttemptChanged as exc:
            say(f"conflict {exc}")
        except Exception as exc:  # everything else is a failure the parent counts
            say(f"error {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
            sys.exit(3)
    context.close()


if __name__ == "__main__":
    main()
