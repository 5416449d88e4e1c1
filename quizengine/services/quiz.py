"""Taking an attempt: start, serve the next question, grade and store each answer, finish, resume."""

from __future__ import annotations

import random
import secrets
from collections.abc import Sequence

from sqlalchemy.exc import SQLAlchemyError

from quizengine.bank.grading import Answer, grade, key_text
from quizengine.bank.library import Library, question_hash
from quizengine.bank.models import AnyQuestion, ChoiceQuestion, Numeric, TrueFalse
from quizengine.engine.config import MODE_RULES, Mode, SessionConfig
from quizengine.engine.items import ItemParams, seed_params
from quizengine.engine.levels import level_report
from quizengine.engine.pool import ItemPool
from quizengine.engine.session import AdaptiveSession
from quizengine.services.context import ServiceContext
from quizengine.services.references import resolve_references
from quizengine.services.views import AreaProgress, FeedbackView, QuestionView
from quizengine.store.models import AbilitySnapshot, Attempt, Response, utcnow
from quizengine.store.repositories import AttemptRepository, ResponseRepository, SnapshotRepository

CONFIDENCE_CHOICES = ("low", "medium", "high")
# With label-seeded items (a = 1) the quick rule's SE 0.4 is rarely reached before its 12-question limit, so a
# full quick assessment would ask 12 per area. Capping it at 8 per area keeps it to about an hour for all nine
# areas at a small cost in precision (`quizengine simulate --bank question_banks [--max-items 72]`: RMSE 0.48 -> 0.54).
QUICK_ITEMS_PER_AREA = 8


class QuizError(ValueError):
    """A problem starting or resuming an attempt, worded for the learner."""


class AttemptChanged(QuizError):
    """The attempt moved on without this screen (another window answered, or it was closed): nothing was stored.

    The runner has already reloaded itself from the database, so `current()` is the true next question, or
    `finished` is true and the results are ready.
    """


def item_params(questions: Sequence[AnyQuestion]) -> list[ItemParams]:
    items = []
    for question in questions:
        a, b, c = seed_params(question.difficulty, question.a, question.b, question.c)
        items.append(ItemParams(question.id, question.area or "", question.topic, a, b, c))
    return items


def option_order(question: AnyQuestion, seed: int) -> list[int]:
    """Display order of options: shuffled per attempt and question, stable across resumes."""
    if not isinstance(question, ChoiceQuestion):
        return []
    order = list(range(len(question.options)))
    if question.shuffle:
        random.Random(f"{seed}:{question.id}").shuffle(order)
    return order


def describe_answer(question: AnyQuestion, answer: Answer) -> str:
    if answer.kind == "dont_know":
        return "I don't know"
    if isinstance(question, ChoiceQuestion):
        return "; ".join(question.options[i].text for i in answer.selected) or "(nothing selected)"
    if isinstance(question, TrueFalse):
        return "True" if answer.value else "False"
    if isinstance(question, Numeric) and isinstance(answer.value, float | int):
        return format(answer.value, ",.10g")
    return str(answer.value)


class QuizRunner:
    """One attempt in progress. Each submitted answer is committed on its own before feedback is shown."""

    def __init__(self, context: ServiceContext, attempt_id: int, config: SessionConfig, seed: int,
                 pool: ItemPool, recently_seen: Sequence[str], answered: Sequence[tuple[str, bool]] = ()) -> None:
        self.context = context
        self.attempt_id = attempt_id
        self.config = config
        self.seed = seed
        self._pool = pool
        self._recently_seen = list(recently_seen)
        self.session = AdaptiveSession.replay(pool, config, seed, answered, self._recently_seen)

    @property
    def library(self) -> Library:
        return self.context.library

    @property
    def finished(self) -> bool:
        return self.session.next_item() is None

    def progress(self) -> list[AreaProgress]:
        target = (self.config.stopping or MODE_RULES[self.config.mode]).target_se
        views = []
        for area in self.config.areas:
            estimate = self.session.estimates[area]
            precision = min(1.0, target / estimate.se) if target and estimate.n_items else 0.0
            if self.config.mode == "practice":
                precision = 0.0
            views.append(AreaProgress(area, self.library.area_title(area), estimate.theta, estimate.se,
                                      estimate.n_items, estimate.done, precision))
        return views

    def current(self) -> QuestionView | None:
        selection = self.session.next_item()
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

    def submit(self, answer: Answer, *, latency_ms: int = 0, confidence: str | None = None) -> FeedbackView:
        selection = self.session.next_item()
        if selection is None:
            raise QuizError("This attempt is already finished.")
        if confidence is not None and confidence not in CONFIDENCE_CHOICES:
            raise QuizError(f"confidence must be one of {', '.join(CONFIDENCE_CHOICES)}")
        question = self.library.question(selection.item_id)
        result = grade(question, answer)
        before = list(self.session.answered)
        self.session.record(question.id, result.correct)
        estimate = self.session.estimates[question.area or ""]
        try:
            with self.context.transaction() as db:
                ResponseRepository(db).add(Response(
                    attempt_id=self.attempt_id, seq=len(self.session.answered), question_id=question.id,
                    question_hash=question_hash(question), area=question.area or "", topic=question.topic,
                    answer=answer.to_json(), correct=result.correct, score=result.score, confidence=confidence,
                    latency_ms=max(0, latency_ms), theta_after=estimate.theta, se_after=estimate.se,
                ))
        except SQLAlchemyError as exc:
            # Keep memory and database in step: forget the answer that was not stored, so it can be resent.
            self.session = AdaptiveSession.replay(self._pool, self.config, self.seed, before, self._recently_seen)
            reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
            raise QuizError(f"Your answer could not be saved ({reason}); nothing was recorded, try again.") from exc
        finished = self.session.next_item() is None
        if finished:
            self.finish(self.session.stop_reason or "finished")
        return feedback_for(self.library, question, answer, result.correct, result.score, finished)

    def finish(self, reason: str) -> None:
        """Close the attempt and store one ability snapshot per measured area."""
        with self.context.transaction() as db:
            attempt = AttemptRepository(db).get(self.attempt_id)
            if attempt is None or attempt.status == "finished":
                return
            snapshots = []
            for area, estimate in self.session.estimates.items():
                if estimate.n_items == 0:
                    continue
                report = level_report(estimate.theta, estimate.se)
                snapshots.append(AbilitySnapshot(attempt_id=attempt.id, area=area, theta=estimate.theta,
                                                 se=estimate.se, n_items=estimate.n_items, level=report.level,
                                                 score=report.score))
            SnapshotRepository(db).add_all(snapshots)
            attempt.status = "finished"
            attempt.finished_at = utcnow()
            attempt.stop_reason = reason


def feedback_for(library: Library, question: AnyQuestion, answer: Answer, correct: bool, score: float,
                 finished: bool = False) -> FeedbackView:
    notes: list[str] = []
    if isinstance(question, ChoiceQuestion):
        shown = answer.selected if answer.kind == "choice" else ()
        for index in dict.fromkeys([*shown, *question.correct_indices]):
            option = question.options[index]
            if option.why:
                notes.append(f"{option.text}: {option.why}")
    return FeedbackView(
        question_id=question.id, stem=question.stem, correct=correct, score=score, dont_know=answer.kind == "dont_know",
        your_answer=describe_answer(question, answer), key=key_text(question),
        explanation=question.explanation, option_notes=notes,
        references=resolve_references(library, question.references), finished=finished,
    )


class QuizService:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context
        self._pool: ItemPool | None = None

    @property
    def pool(self) -> ItemPool:
        """Every loaded question as the engine sees it, built once and shared by all attempts."""
        if self._pool is None:
            self._pool = ItemPool.build(item_params(self.context.library.questions))
        return self._pool

    def _config(self, mode: str, areas: Sequence[str], settings: dict[str, object]) -> SessionConfig:
        practice = settings.get("practice_items", 10)
        titles = {area: self.context.library.area_title(area) for area in areas}
        cap = QUICK_ITEMS_PER_AREA * len(areas) if mode == "quick" and len(areas) > 1 else None
        return SessionConfig(mode=mode if mode in MODE_RULES else "quick",  # type: ignore[arg-type]
                             areas=tuple(areas), practice_items=int(practice) if isinstance(practice, int) else 10,
                             max_total_items=cap, area_titles=titles)

    def start(self, learner_id: int, mode: Mode, areas: Sequence[str] | None = None,
              practice_items: int = 10, seed: int | None = None) -> QuizRunner:
        library = self.context.library
        chosen = list(areas) if areas else [a for a in library.areas if any(q.area == a for q in library.questions)]
        unknown = [a for a in chosen if a not in library.areas]
        if unknown:
            raise QuizError(f"Unknown area(s): {', '.join(unknown)}")
        if mode == "focus" and len(chosen) != 1:
            raise QuizError("Focus mode needs exactly one area.")
        if not any(q.area in chosen for q in library.questions):
            raise QuizError("The loaded banks have no questions for the chosen area(s).")
        seed = secrets.randbelow(2**31) if seed is None else seed
        settings: dict[str, object] = {"practice_items": practice_items}
        self.close_unfinished(learner_id)  # one unfinished attempt at a time
        with self.context.transaction() as db:
            attempts = AttemptRepository(db)
            recent = sorted(attempts.recent_question_ids(learner_id))
            settings["recently_seen"] = recent
            attempt = attempts.add(Attempt(learner_id=learner_id, mode=mode, areas=chosen, settings=settings,
                                           seed=seed, bank_fingerprint=self.context.library.fingerprint,
                                           status="active"))
            attempt_id = attempt.id
        config = self._config(mode, chosen, settings)
        return QuizRunner(self.context, attempt_id, config, seed, self.pool, recent)

    def close_unfinished(self, learner_id: int) -> None:
        """Finish any unfinished attempt with the results its answers support, so none is lost."""
        while (attempt_id := self.active_attempt(learner_id)) is not None:
            try:
                runner = self.resume(attempt_id)
            except QuizError:
                continue  # resume() marked it abandoned: its questions are gone from the banks
            runner.finish("closed early when a new attempt started")

    def active_attempt(self, learner_id: int) -> int | None:
        with self.context.transaction() as db:
            attempt = AttemptRepository(db).active_for(learner_id)
            return attempt.id if attempt else None

    def resume(self, attempt_id: int) -> QuizRunner:
        """Rebuild the attempt's exact state from its stored answers; the next question is the one it would
        have asked had it never been interrupted."""
        with self.context.transaction() as db:
            attempt = AttemptRepository(db).get(attempt_id)
            if attempt is None:
                raise QuizError(f"No attempt {attempt_id}.")
            responses = [(r.question_id, r.correct) for r in ResponseRepository(db).for_attempt(attempt_id)]
            areas, mode, seed, settings = list(attempt.areas), attempt.mode, attempt.seed, dict(attempt.settings)
        known = {q.id for q in self.context.library.questions}
        missing = [qid for qid, _ in responses if qid not in known]
        if missing:
            self.abandon(attempt_id, "the question banks changed since this attempt started")
            raise QuizError(f"This attempt can't resume: question '{missing[0]}' is no longer in the banks.")
        config = self._config(mode, areas, settings)
        stored = settings.get("recently_seen")
        recent = [str(q) for q in stored] if isinstance(stored, list) else []
        return QuizRunner(self.context, attempt_id, config, seed, self.pool, recent, responses)

    def abandon(self, attempt_id: int, reason: str = "abandoned") -> None:
        with self.context.transaction() as db:
            attempt = AttemptRepository(db).get(attempt_id)
            if attempt is not None and attempt.status == "active":
                attempt.status = "abandoned"
                attempt.stop_reason = reason
                attempt.finished_at = utcnow()

