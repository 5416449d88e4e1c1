"""What the UI may show of bank text and of failures: the UI layer imports this, never bank or store."""

from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError

from quizengine.bank.text_safety import neutralise
from quizengine.services.answers import AnswerProblem
from quizengine.services.learners import ProfileError
from quizengine.services.quiz import QuizError
from quizengine.store.database import error_line

LEARNER_FACING_ERRORS = (QuizError, ProfileError, AnswerProblem)


def display_text(text: str) -> str:
    """Bank text with every control character, escape sequence and bidi control made visible and harmless."""
    return neutralise(text)


def learner_message(exc: BaseException) -> str | None:
    """One line for a failure the learner should simply be told about (their input, a database problem);
    None for anything unexpected (a bug), which deserves the error window and a traceback in the log."""
    if isinstance(exc, LEARNER_FACING_ERRORS):
        return display_text(str(exc))
    if isinstance(exc, SQLAlchemyError):
        return f"Database error: {display_text(error_line(exc))[:200]}. Nothing you saved was lost; try again."
    return None


def error_summary(exc: BaseException) -> str:
    """`Type: first line of the message`, safe to show and to copy."""
    lines = str(exc).strip().splitlines()
    return display_text(f"{type(exc).__name__}: {lines[0] if lines else 'no details'}")[:200]
