"""Spaced review with FSRS: missed, unknown and unsure answers become cards; reviewing them schedules them again.

Review answers come after the learner has seen the explanation, so they never create Response rows and never
touch ability estimates: they only move cards and write review logs. Times are naive UTC in the database and
tz-aware UTC inside fsrs, converted at this boundary.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, cast

from fsrs import Card, Rating, Scheduler, State
from fsrs.card import CardDict
from sqlalchemy.exc import IntegrityError

from quizengine.bank.grading import Answer, grade
from quizengine.bank.library import Library
from quizengine.bank.models import ChoiceQuestion, Numeric
from quizengine.services.answers import interpret
from quizengine.services.context import ServiceContext
from quizengine.services.quiz import CONFIDENCE_CHOICES, QuizError, feedback_for, option_order
from quizengine.services.views import ChosenAnswer, ReviewCardView, ReviewOutcome, ReviewSummary
from quizengine.store.models import ReviewCard, ReviewLog
from quizengine.store.repositories import LearnerRepository
from quizengine.store.review_repository import ReviewRepository

# A right answer given with high confidence in under this time is rated Easy. A fixed bound rather than the
# learner's median: it means the same on the first review as on the hundredth, and 15 s is about the time to
# read a short stem and its options and answer without working anything out.
EASY_LATENCY_MS = 15_000
RATING_NAMES = {Rating.Again: "Again", Rating.Hard: "Hard", Rating.Good: "Good", Rating.Easy: "Easy"}
RETENTION_WINDOW_DAYS = 30
LEARN_AHEAD_MINUTES = 20  # Anki's default: cards still being learned and due this soon may be done now


class ReviewError(QuizError):
    """A review problem worded for the learner (a card that is gone, say)."""


def rating_for(correct: bool, confidence: str | None, latency_ms: int) -> Rating:
    """Wrong or "I don't know" -> Again; right but unsure (low confidence) -> Hard; right, certain and fast
    (high confidence, under EASY_LATENCY_MS) -> Easy; any other right answer -> Good."""
    if not correct:
        return Rating.Again
    if confidence == "low":
        return Rating.Hard
    if confidence == "high" and 0 <= latency_ms < EASY_LATENCY_MS:
        return Rating.Easy
    return Rating.Good


def has_question(library: Library, question_id: str) -> bool:
    try:
        library.question(question_id)
    except KeyError:
        return False
    return True


def bring_forward(card: ReviewCard, now: dt.datetime) -> None:
    """Make a card due now; its FSRS memory state stays as it is (an early review is something FSRS handles)."""
    card.due = now
    card.state = {**card.state, "due": as_aware(now).isoformat()}


def as_aware(moment: dt.datetime) -> dt.datetime:
    """Our naive UTC as fsrs wants it."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def as_naive(moment: dt.datetime) -> dt.datetime:
    """fsrs's aware UTC as we store it."""
    return moment.astimezone(dt.UTC).replace(tzinfo=None) if moment.tzinfo is not None else moment


def utc_day_start(now: dt.datetime) -> dt.datetime:
    return dt.datetime(now.year, now.month, now.day)


def comes_back(due: dt.datetime, now: dt.datetime) -> str:
    """When a card is due again, in words: "in 10 minutes", "in 5 hours", "in 3 days", "now"."""
    seconds = (due - now).total_seconds()
    if seconds <= 30:
        return "now"
    for unit, size in (("day", 86_400), ("hour", 3_600), ("minute", 60)):
        if seconds >= size or unit == "minute":
            count = max(1, round(seconds / size))
            return f"in {count} {unit}{'s' if count != 1 else ''}"
    raise AssertionError("unreachable")


_Entry = tuple[int, str, str, bool, dt.datetime]  # card id, question id, area, new?, due


@dataclass(frozen=True)
class _Plan:
    """The cards a queue can hold, read in one transaction."""

    due: list[_Entry]
    waiting: list[_Entry]  # every new card, oldest first
    allowance: int  # new cards still allowed today
    daily_limit: int  # the learner's new cards per day

    @property
    def fresh(self) -> list[_Entry]:
        return self.waiting[:self.allowance]

    @property
    def held_back(self) -> bool:
        """New cards wait for tomorrow's allowance (never, with a limit of 0 a day)."""
        return len(self.waiting) > self.allowance and self.daily_limit > 0


class ReviewService:
    def __init__(self, context: ServiceContext, *, fuzzing: bool = True) -> None:
        self.context = context
        self.fuzzing = fuzzing  # FSRS spreads intervals a little so cards learned together don't bunch up

    # --- cards -----------------------------------------------------------------------------------------------

    def sync_cards(self, learner_id: int, now: dt.datetime) -> int:
        """Make cards for answers missed, not known or unsure since the last sync; returns how many were made.

        Idempotent, and cheap to call on every queue read: it reads only answers newer than the newest card
        source. One card per question: a later miss of a carded question makes none, but becomes that card's
        source, so the next sync starts after it (else a learner whose questions are all carded would have
        their whole history re-read on every call), and makes a card scheduled for later due now."""
        try:
            return self._make_cards(learner_id, now)
        except IntegrityError:  # another window made the same cards at the same moment: theirs stand
            return 0

    def _make_cards(self, learner_id: int, now: dt.datetime) -> int:
        with self.context.transaction() as db:
            repository = ReviewRepository(db)
            sources = repository.card_sources(learner_id, repository.newest_source(learner_id))
            if not sources:
                return 0
            cards = repository.cards_for(learner_id, [s.question_id for s in sources])
            made = 0
            for source in sources:  # oldest first
                existing = cards.get(source.question_id)
                if existing is not None:
                    existing.source_response_id = source.response_id
                    if not source.correct and existing.reviews and existing.due > now:
                        bring_forward(existing, now)  # missed again in an assessment: due now, not in a month
                    continue
                row = repository.add_card(ReviewCard(
                    learner_id=learner_id, question_id=source.question_id, area=source.area, topic=source.topic,
                    source_response_id=source.response_id, state={}, due=now, reviews=0, created_at=now))
                row.state = cast("dict[str, Any]", Card(card_id=row.id, due=as_aware(now)).to_dict())
                cards[source.question_id] = row
                made += 1
            return made

    def _plan(self, learner_id: int, now: dt.datetime, areas: Collection[str] | None = None) -> _Plan:
        self.sync_cards(learner_id, now)
        questions = self.context.library
        with self.context.transaction() as db:
            learner = LearnerRepository(db).get(learner_id)
            if learner is None:
                raise ReviewError(f"No learner with id {learner_id}.")
            repository = ReviewRepository(db)
            # Cards whose question left the loaded banks are skipped (kept, for when the bank comes back).
            due = [(c.id, c.question_id, c.area, False, c.due) for c in repository.due(learner_id, now)
                   if has_question(questions, c.question_id) and (areas is None or c.area in areas)]
            allowance = max(0, learner.daily_new_reviews
                            - repository.introduced_since(learner_id, utc_day_start(now)))
            waiting = [(c.id, c.question_id, c.area, True, c.due) for c in repository.new(learner_id)
                       if has_question(questions, c.question_id) and (areas is None or c.area in areas)]
        return _Plan(due, waiting, allowance, learner.daily_new_reviews)

    def queue(self, learner_id: int, now: dt.datetime, areas: Collection[str] | None = None) -> list[ReviewCardView]:
        """Due cards first (oldest due first), then new cards up to today's (UTC) allowance of new cards; only
        the given areas' cards when `areas` is given (the allowance is still shared by all areas)."""
        plan = self._plan(learner_id, now, areas)
        return [self._card_view(*entry) for entry in [*plan.due, *plan.fresh]]

    def session_size(self, learner_id: int, now: dt.datetime) -> int:
        """How many cards a review session of every area started now would show (home's "N due"): the per-area
        counts can't be summed, since the new-card allowance is shared."""
        plan = self._plan(learner_id, now)
        return len(plan.due) + len(plan.fresh)

    def learn_ahead(self, learner_id: int, now: dt.datetime, areas: Collection[str] | None = None,
                    minutes: int = LEARN_AHEAD_MINUTES) -> list[ReviewCardView]:
        """Cards still being learned (learning or relearning steps) due within `minutes`, soonest first: what a
        session can offer to go over again at its end instead of sending the learner away for ten minutes."""
        with self.context.transaction() as db:
            soon = [(c.id, c.question_id, c.area, False, c.due)
                    for c in ReviewRepository(db).due(learner_id, now + dt.timedelta(minutes=minutes))
                    if c.state.get("state") in (State.Learning, State.Relearning)
                    and has_question(self.context.library, c.question_id) and (areas is None or c.area in areas)]
        return [self._card_view(*entry) for entry in soon]

    def due_counts(self, learner_id: int, now: dt.datetime) -> dict[str, int]:
        """Per area, the cards a review session of that area started now would show: its due cards and its new
        ones up to today's allowance. Areas without any are left out."""
        plan = self._plan(learner_id, now)
        due = Counter(area for _, _, area, _, _ in plan.due)
        waiting = Counter(area for _, _, area, _, _ in plan.waiting)
        counts = {area: due[area] + min(plan.allowance, waiting[area]) for area in due.keys() | waiting.keys()}
        return {area: count for area, count in sorted(counts.items()) if count}

    def _card_view(self, card_id: int, question_id: str, area: str, new: bool, due: dt.datetime) -> ReviewCardView:
        library = self.context.library
        question = library.question(question_id)
        order = option_order(question, card_id)
        return ReviewCardView(
            card_id=card_id, question_id=question_id, type=question.type, area=area,
            area_title=library.area_title(area), topic_title=library.topic_title(question.topic),
            stem=question.stem,
            options=[question.options[i].text for i in order] if isinstance(question, ChoiceQuestion) else [],
            option_order=order, unit=question.unit if isinstance(question, Numeric) else "", new=new, due=due)

    # --- answering -------------------------------------------------------------------------------------------

    def check(self, card: ReviewCardView, chosen: ChosenAnswer) -> Answer:
        """The bank-order answer, or AnswerProblem (said inline; nothing stored) when it can't be read."""
        return interpret(self.context.library.question(card.question_id), card.option_order, chosen)

    def answer(self, card_id: int, answer: Answer | ChosenAnswer, latency_ms: int, confidence: str | None,
               now: dt.datetime) -> ReviewOutcome:
        """Grade a review answer, reschedule the card with FSRS and log the review. Never a Response row."""
        if confidence is not None and confidence not in CONFIDENCE_CHOICES:
            raise ReviewError(f"confidence must be one of {', '.join(CONFIDENCE_CHOICES)}")
        library = self.context.library
        with self.context.transaction() as db:
            row = ReviewRepository(db).get(card_id)
            if row is None or not has_question(library, row.question_id):
                raise ReviewError("This review card is no longer available (its question left the banks).")
            learner = LearnerRepository(db).get(row.learner_id)
            assert learner is not None  # cards go with their learner
            question = library.question(row.question_id)
            order = option_order(question, card_id)
            if isinstance(answer, ChosenAnswer):
                answer = interpret(question, order, answer)
            result = grade(question, answer)
            latency_ms = max(0, latency_ms)
            rating = rating_for(result.correct, confidence, latency_ms)
            before = Card.from_dict(cast(CardDict, row.state)) if row.state else Card(card_id=card_id)
            scheduler = Scheduler(desired_retention=learner.desired_retention, enable_fuzzing=self.fuzzing)
            after, _ = scheduler.review_card(before, rating, review_datetime=as_aware(now),
                                             review_duration=latency_ms)
            elapsed = ((as_aware(now) - before.last_review).total_seconds() / 86_400
                       if before.last_review is not None else None)
            due = as_naive(after.due)
            row.state = cast("dict[str, Any]", after.to_dict())
            row.due = due
            row.reviews += 1
            ReviewRepository(db).add_log(ReviewLog(
                card_id=card_id, learner_id=row.learner_id, question_id=row.question_id, rating=int(rating),
                correct=result.correct, confidence=confidence, latency_ms=latency_ms,
                state_before=int(before.state), elapsed_days=elapsed, due_after=due, reviewed_at=now))
        feedback = feedback_for(library, question, answer, result.correct, result.score, order=order)
        return ReviewOutcome(card_id, result.correct, RATING_NAMES[rating], due, comes_back(due, now), feedback)

    # --- statistics --------------------------------------------------------------------------------------------

    def next_review(self, learner_id: int, now: dt.datetime) -> tuple[dt.datetime | None, str]:
        """When the next card can be reviewed, and that in words: the earliest due card, or tomorrow (UTC) when
        new cards are only waiting for the daily allowance."""
        plan = self._plan(learner_id, now)
        if plan.due or plan.fresh:
            return now, "now"
        with self.context.transaction() as db:
            upcoming = ReviewRepository(db).next_due_after(learner_id, now)
            candidates = [upcoming.due] if upcoming and has_question(self.context.library, upcoming.question_id) else []
        if plan.held_back:
            candidates.append(utc_day_start(now) + dt.timedelta(days=1))
        if not candidates:
            if plan.waiting:  # the limit is 0 a day
                return None, f"none: {len(plan.waiting)} new card(s) wait, and new cards per day is 0 in Settings"
            return None, "nothing scheduled"
        when = min(candidates)
        return when, comes_back(when, now)

    def summary(self, learner_id: int, since: dt.datetime, now: dt.datetime) -> ReviewSummary:
        """The reviews logged since `since` (a session's start): how many, right, Again, and the next due."""
        with self.context.transaction() as db:
            logs = [(log.correct, log.rating) for log in ReviewRepository(db).logs_since(learner_id, since)]
        when, text = self.next_review(learner_id, now)
        return ReviewSummary(reviewed=len(logs), correct=sum(1 for correct, _ in logs if correct),
                             again=sum(1 for _, rating in logs if rating == Rating.Again),
                             next_due=when, next_due_text=text)

    def true_retention(self, learner_id: int, now: dt.datetime,
                       days: int = RETENTION_WINDOW_DAYS) -> tuple[int, int]:
        """Anki's true retention over the last `days`: (right, total) among reviews of cards that were in the
        Review state (learned and due again), so learning steps don't count."""
        with self.context.transaction() as db:
            return ReviewRepository(db).retention_counts(learner_id, now - dt.timedelta(days=days),
                                                         int(State.Review))
