"""Taking an attempt: start, serve the next question, grade and store each answer, finish, resume."""

from __future__ import annotations

import random
import secrets
import threading
from collections.abc import Mapping, Sequence

from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from quizengine.bank.grading import Answer, grade, key_text
from quizengine.bank.library import Library, question_hash
from quizengine.bank.models import AnyQuestion, ChoiceQuestion, MultipleChoice, Numeric, TrueFalse
from quizengine.engine.config import ENGINE_VERSION, Mode, SessionConfig
from quizengine.engine.pool import ItemPool
from quizengine.engine.session import AdaptiveSession
from quizengine.services.answers import CREDIT_RULE, describe_options, interpret
from quizengine.services.calibrate import calibration_for
from quizengine.services.context import ServiceContext
from quizengine.services.drill import drill_scope, restricted_pool, stored_topics
from quizengine.services.measurement import (
    borrowed_correlation,
    borrowed_correlations,
    evidence_before,
    item_params,
    profile_settings,
    session_config,
    store_snapshots,
)
from quizengine.services.references import resolve_references
from quizengine.services.resume import bank_changes, replay_stored, stored_answers
from quizengine.services.views import AreaProgress, ChosenAnswer, FeedbackView, QuestionView
from quizengine.store.database import error_line
from quizengine.store.models import Attempt, Response
from quizengine.store.repositories import (
    AttemptRepository,
    ResponseRepository,
)

CONFIDENCE_CHOICES = ("low", "medium", "high")


class QuizError(ValueError):
    """A problem starting or resuming an attempt, worded for the learner."""


class AttemptChanged(QuizError):
    """The attempt moved on without this screen (another window answered, or it was closed): nothing was stored.

    The runner has already reloaded itself from the database, so `current()` is the true next question, or
    `finished` is true and the results are ready.
    """


def option_order(question: AnyQuestion, seed: int) -> list[int]:
    """Display order of options: shuffled per attempt and question, stable across resumes."""
    if not isinstance(question, ChoiceQuestion):
        return []
    order = list(range(len(question.options)))
    if question.shuffle:
        random.Random(f"{seed}:{question.id}").shuffle(order)
    return order


def describe_answer(question: AnyQuestion, answer: Answer, order: Sequence[int] = ()) -> str:
    if answer.kind == "dont_know":
        return "I don't know"
    if isinstance(question, ChoiceQuestion):
        return describe_options(question, answer.selected, order) or "(nothing selected)"
    if isinstance(question, TrueFalse):
        return "True" if answer.value else "False"
    if isinstance(question, Numeric) and isinstance(answer.value, float | int):
        return format(answer.value, ",.10g")
    return str(answer.value)


class AttemptClosed(QuizError):
    """Resuming was refused because the banks changed under the attempt; it was closed with its results."""

    def __init__(self, attempt_id: int, message: str) -> None:
        super().__init__(message)
        self.attempt_id = attempt_id


class QuizRunner:
    """One attempt in progress. Each answer is one unit of work: graded, the next engine state computed on a copy,
    the response (and, after the last answer, the attempt's closing) stored in one transaction, and only then the
    new state kept. Work on one runner is serialised, so ending an attempt during a save waits for the save."""

    def __init__(self, context: ServiceContext, attempt_id: int, config: SessionConfig, seed: int,
                 pool: ItemPool, recently_seen: Sequence[str], answered: Sequence[tuple[str, bool]] = (),
                 *, closed: bool = False, evidence: Mapping[str, int] | None = None) -> None:
        self.context = context
        self.attempt_id = attempt_id
        self.config = config
        self.seed = seed
        self._pool = pool
        self._recently_seen = list(recently_seen)
        self._lock = threading.Lock()
        self._closed = closed  # finished or abandoned in the database, by this runner or another process
        self.evidence = dict(evidence or {})  # answers behind the starting profile, per area
        self.session = AdaptiveSession.replay(pool, config, seed, answered, self._recently_seen)

    @property
    def library(self) -> Library:
        return self.context.library

    @property
    def finished(self) -> bool:
        return self._closed or self.session.next_item() is None

    @property
    def closed(self) -> bool:
        """The attempt is closed in the database (by this runner or another process)."""
        return self._closed

    def progress(self) -> list[AreaProgress]:
        """Per area, how far it is towards stopping: 1 once done, else its answers out of its question limit."""
        rule = self.config.stopping_rule
        views = []
        for area in self.config.areas:
            estimate = self.session.estimates[area]
            limit = rule.limit(estimate.cut is not None)
            precision = 1.0 if estimate.done else (min(1.0, estimate.n_items / limit) if limit else 0.0)
            if self.config.mode == "practice":
                precision = 0.0
            views.append(AreaProgress(area, self.library.area_title(area), estimate.theta, estimate.se,
                                      estimate.n_items, estimate.done, precision))
        return views

    def current(self) -> QuestionView | None:
        selection = None if self._closed else self.session.next_item()
        if selection is None:
            return None
        question = self.library.question(selection.item_id)
        order = option_order(question, self.seed)
        options = [question.options[i].text for i in order] if isinstance(question, ChoiceQuestion) else []
        return QuestionView(
            attempt_id=self.attempt_id, number=len(self.session.answered) + 1, question_id=question.id,
            type=question.type, area=question.area or "", area_title=self.library.area_title(question.area or ""),
            topic_title=self.library.topic_title(question.topic), difficulty=question.difficulty,
            stem=question.stem, options=options, option_order=order,
            unit=question.unit if isinstance(question, Numeric) else "", reason=selection.reason,
            progress=self.progress(),
        )

    def check(self, chosen: ChosenAnswer) -> None:
        """Raise AnswerProblem (nothing stored) if `chosen` can't be read as an answer to the current question."""
        selection = None if self._closed else self.session.next_item()
        if selection is not None:
            question = self.library.question(selection.item_id)
            interpret(question, option_order(question, self.seed), chosen)

    def submit(self, answer: Answer | ChosenAnswer, *, latency_ms: int = 0,
               confidence: str | None = None) -> FeedbackView:
        """Grade and store an answer: in bank terms, or as chosen on screen (mapped to the bank's order here)."""
        if confidence is not None and confidence not in CONFIDENCE_CHOICES:
            raise QuizError(f"confidence must be one of {', '.join(CONFIDENCE_CHOICES)}")
        with self._lock:
            selection = None if self._closed else self.session.next_item()
            if selection is None:
                raise AttemptChanged("This attempt is already finished; its results are ready.")
            question = self.library.question(selection.item_id)
            order = option_order(question, self.seed)
            if isinstance(answer, ChosenAnswer):
                answer = interpret(question, order, answer)
            result = grade(question, answer)
            after = self.session.copy()
            after.record(question.id, result.correct)
            seq = len(after.answered)
            finished = after.next_item() is None
            item = self._pool.items[self._pool.position[question.id]]
            estimate = after.estimates[item.area]
            try:
                with self.context.transaction() as db:
                    if not AttemptRepository(db).claim_answer(self.attempt_id, seq, result.correct):
                        raise _Superseded
                    ResponseRepository(db).add(Response(
                        attempt_id=self.attempt_id, seq=seq, question_id=question.id,
                        question_hash=question_hash(question), area=item.area, topic=question.topic,
                        answer=answer.to_json(), correct=result.correct, score=result.score, confidence=confidence,
                        latency_ms=max(0, latency_ms), theta_after=estimate.theta, se_after=estimate.se,
                        item_a=item.a, item_b=item.b, item_c=item.c, engine_version=ENGINE_VERSION,
                    ))
                    if finished:  # the claim above holds the lock: nobody else can close it meanwhile
                        AttemptRepository(db).close(self.attempt_id, "finished", after.stop_reason or "finished")
                        store_snapshots(db, self.attempt_id, after, self.evidence)
            except (_Superseded, IntegrityError) as exc:
                raise self._superseded() from exc
            except SQLAlchemyError as exc:
                raise QuizError(f"Your answer could not be saved ({error_line(exc)}); nothing was recorded, "
                                "try again.") from exc
            self.session = after  # stored: only now does the live state move on
            self._closed = finished
        return feedback_for(self.library, question, answer, result.correct, result.score, finished, order)

    def finish(self, reason: str) -> None:
        """Close the attempt now with one ability snapshot per measured area (ending early, or starting over)."""
        with self._lock:
            if self._closed:
                return
            try:
                with self.context.transaction() as db:
                    # Close first: the guarded update takes the write lock, so no answer can slip in between
                    # counting the stored answers and scoring them.
                    if not AttemptRepository(db).close(self.attempt_id, "finished", reason):
                        self._closed = True  # already closed elsewhere: its results stand
                        return
                    session = self.session
                    if ResponseRepository(db).count_for(self.attempt_id) != len(session.answered):
                        session = self._replay_stored(db)  # another process answered since we last looked
                    store_snapshots(db, self.attempt_id, session, self.evidence)
                    self.session = session
            except SQLAlchemyError as exc:
                raise QuizError(f"The attempt could not be closed ({error_line(exc)}); your answers are "
                                "saved, try again.") from exc
            self._closed = True

    def _replay_stored(self, db: Session) -> AdaptiveSession:
        answered = [(r.question_id, r.correct) for r in ResponseRepository(db).for_attempt(self.attempt_id)]
        return AdaptiveSession.replay(self._pool, self.config, self.seed, answered, self._recently_seen)

    def _superseded(self) -> AttemptChanged:
        """Another process moved the attempt on: reload the true state and say what happened."""
        try:
            with self.context.transaction() as db:
                attempt = AttemptRepository(db).get(self.attempt_id)
                active = attempt is not None and attempt.status == "active"
                session = self._replay_stored(db) if active else self.session
        except (SQLAlchemyError, ValueError):
            self._closed = True
            return AttemptChanged("This attempt was changed elsewhere and can't continue here; open it from "
                                  "Past attempts.")
        self.session = session
        if not active:
            self._closed = True
            return AttemptChanged("This attempt was finished in another window; nothing more was recorded here.")
        return AttemptChanged("This question was already answered in another window; your answer was not "
                              "recorded. Here is the next question.")


class _Superseded(Exception):
    """The guarded update found the attempt closed or its next answer already stored."""


def feedback_for(library: Library, question: AnyQuestion, answer: Answer, correct: bool, score: float,
                 finished: bool = False, order: Sequence[int] = ()) -> FeedbackView:
    notes: list[str] = []
    if isinstance(question, ChoiceQuestion):
        shown = answer.selected if answer.kind == "choice" else ()
        for index in dict.fromkeys([*shown, *question.correct_indices]):
            option = question.options[index]
            if option.why:
                notes.append(f"{option.text}: {option.why}")
    return FeedbackView(
        question_id=question.id, stem=question.stem, correct=correct, score=score, dont_know=answer.kind == "dont_know",
        your_answer=describe_answer(question, answer, order),
        key=describe_options(question, question.correct_indices, order) if isinstance(question, ChoiceQuestion)
        else key_text(question),
        explanation=question.explanation, option_notes=notes,
        references=resolve_references(library, question.references), finished=finished,
        credit_rule=CREDIT_RULE if isinstance(question, MultipleChoice) else "",
    )


class QuizService:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context
        self._pool: ItemPool | None = None

    @property
    def pool(self) -> ItemPool:
        """Every loaded question as the engine sees it, built once and shared by all attempts."""
        if self._pool is None:
            calibration = calibration_for(self.context.bank_paths).calibration
            self._pool = ItemPool.build(item_params(self.context.library.questions, calibration))
        return self._pool

    def calibration_problem(self) -> str | None:
        """Why the banks' calibration file was not used (one line), or None when it is fine or absent."""
        return calibration_for(self.context.bank_paths).problem

    def _pool_for(self, settings: Mapping[str, object]) -> ItemPool:
        """The attempt's pool: every question, or a drill's topics only."""
        topics = stored_topics(settings)
        return restricted_pool(self.pool.items, topics) if topics else self.pool

    def _config(self, mode: str, areas: Sequence[str], settings: dict[str, object]) -> SessionConfig:
        """The attempt's engine settings, rebuilt from what was stored when it started (so resuming is exact)."""
        practice = settings.get("practice_items", 10)
        titles = {area: self.context.library.area_title(area) for area in areas}
        targets = settings.get("targets")
        priors = settings.get("priors")
        correlation = settings.get("area_correlation")  # absent on attempts started before it was stored
        correlations = settings.get("area_correlations")  # a calibration's matrix, when one was used
        return session_config(
            mode, areas, titles,
            {str(k): int(v) for k, v in targets.items()} if isinstance(targets, dict) else {},
            {str(k): (float(v[0]), float(v[1])) for k, v in priors.items()} if isinstance(priors, dict) else {},
            practice_items=int(practice) if isinstance(practice, int) else 10,
            **({"area_correlation": float(correlation)} if isinstance(correlation, int | float) else {}),
            area_correlations=correlations if isinstance(correlations, list) else None,
        )

    def start(self, learner_id: int, mode: Mode, areas: Sequence[str] | None = None,
              practice_items: int = 10, seed: int | None = None,
              topics: Sequence[str] | None = None) -> QuizRunner:
        """`topics` makes a focus attempt a drill on those topics of its area (see services.drill)."""
        library = self.context.library
        chosen = list(areas) if areas else [a for a in library.areas if any(q.area == a for q in library.questions)]
        unknown = [a for a in chosen if a not in library.areas]
        if unknown:
            raise QuizError(f"Unknown area(s): {', '.join(unknown)}")
        if mode == "focus" and len(chosen) != 1:
            raise QuizError("Focus mode needs exactly one area.")
        if topics is not None and mode != "focus":
            raise QuizError("Only a focus attempt can be restricted to topics.")
        if not any(q.area in chosen for q in library.questions):
            raise QuizError("The loaded banks have no questions for the chosen area(s).")
        seed = secrets.randbelow(2**31) if seed is None else seed
        calibration = calibration_for(self.context.bank_paths).calibration
        settings: dict[str, object] = {"practice_items": practice_items,
                                       "area_correlation": borrowed_correlation(calibration, chosen)}
        correlations = borrowed_correlations(calibration, chosen)
        if correlations is not None:
            settings["area_correlations"] = [list(row) for row in correlations]
        if topics is not None:
            settings["drill_topics"] = list(drill_scope(library, chosen[0], topics).topics)
        self.close_unfinished(learner_id)  # one unfinished attempt at a time
        with self.context.transaction() as db:
            attempts = AttemptRepository(db)
            recent = sorted(attempts.recent_question_ids(learner_id))
            settings["recently_seen"] = recent
            settings.update(profile_settings(db, self.context.library.roles, learner_id, chosen))
            attempt = attempts.add(Attempt(learner_id=learner_id, mode=mode, areas=chosen, settings=settings,
                                           seed=seed, bank_fingerprint=self.context.library.fingerprint,
                                           status="active"))
            attempt_id = attempt.id
        config = self._config(mode, chosen, settings)
        return QuizRunner(self.context, attempt_id, config, seed, self._pool_for(settings), recent,
                          evidence=evidence_before(settings))

    def close_unfinished(self, learner_id: int) -> None:
        """Finish any unfinished attempt with the results its answers support, so none is lost."""
        tried: set[int] = set()
        while (attempt_id := self.active_attempt(learner_id)) is not None:
            if attempt_id in tried:  # it would not close (a database problem): don't loop on it
                raise QuizError(f"Attempt #{attempt_id} could not be closed; try again.")
            tried.add(attempt_id)
            try:
                runner = self.resume(attempt_id)
            except AttemptClosed:
                continue  # resume() closed it already: the banks changed under it
            runner.finish("closed early when a new attempt started")

    def active_attempt(self, learner_id: int) -> int | None:
        with self.context.transaction() as db:
            attempt = AttemptRepository(db).active_for(learner_id)
            return attempt.id if attempt else None

    def resume(self, attempt_id: int) -> QuizRunner:
        """Rebuild the attempt's exact state from its stored answers; the next question is the one it would
        have asked had it never been interrupted. If the banks changed under it, close it instead (AttemptClosed)."""
        with self.context.transaction() as db:
            # Answers first, then the attempt: SQLite reads each SELECT afresh, and in this order a final answer
            # we see always comes with its attempt's closing (they commit together).
            answers = stored_answers(db, attempt_id)
            attempt = AttemptRepository(db).get(attempt_id)
            if attempt is None:
                raise QuizError(f"No attempt {attempt_id}.")
            areas, mode, seed, settings = list(attempt.areas), attempt.mode, attempt.seed, dict(attempt.settings)
            fingerprint, active = attempt.bank_fingerprint, attempt.status == "active"
        config = self._config(mode, areas, settings)
        pool = self._pool_for(settings)
        stored = settings.get("recently_seen")
        recent = [str(q) for q in stored] if isinstance(stored, list) else []
        if not active:
            return QuizRunner(self.context, attempt_id, config, seed, pool, recent, closed=True,
                              evidence=evidence_before(settings))
        changes = bank_changes(self.context.library, fingerprint, answers)
        if not changes:
            try:
                stored_pairs = [(answer.question_id, answer.correct) for answer in answers]
                return QuizRunner(self.context, attempt_id, config, seed, pool, recent, stored_pairs,
                                  evidence=evidence_before(settings))
            except ValueError as exc:  # the engine refused the stored answers: treat it as a change of banks
                changes = [str(exc)]
        reason = f"closed when resumed: the question banks changed since it started ({changes[0]})"
        with self.context.transaction() as db:
            if AttemptRepository(db).close(attempt_id, "finished", reason):
                answers = stored_answers(db, attempt_id)  # again, under the lock the closing took
                store_snapshots(db, attempt_id, replay_stored(pool, config, seed, answers),
                                evidence_before(settings))
        count = f"{len(answers)} answer{'s' if len(answers) != 1 else ''}"
        raise AttemptClosed(attempt_id, f"Attempt #{attempt_id} can't resume: the question banks changed since it "
                                        f"started ({changes[0]}). It was closed with the results of your {count}; "
                                        "see Past attempts.")
