"""Previewing one bank file as a taker sees it, for authors: no learner, no attempt, no database.

`PreviewService.load()` reads the file through the real loader and returns, per question in file order, the
same `QuestionView` the question screen shows and the `FeedbackView` (key, explanation, option notes,
references) the feedback screen shows; a question that does not validate is kept in its place with its
problems. `changed()` is cheap enough to poll: a stat, and a hash only when the stat moved.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quizengine.bank.files import FileRefused, read_bank_bytes
from quizengine.bank.grading import key_text
from quizengine.bank.library import Library
from quizengine.bank.loader import load_library
from quizengine.bank.models import AnyQuestion, ChoiceQuestion, MultipleChoice, Numeric
from quizengine.bank.problems import Problem
from quizengine.bank.yaml_source import read_yaml
from quizengine.services.answers import CREDIT_RULE, describe_options
from quizengine.services.references import resolve_references
from quizengine.services.views import FeedbackView, QuestionView

PREVIEW_REASON = "preview: options in file order (takers see them shuffled unless shuffle: false)"


@dataclass(frozen=True)
class FileStamp:
    mtime_ns: int
    size: int
    digest: str  # sha256 of the bytes; "" when the file cannot be read


def file_stamp(path: Path) -> FileStamp | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    try:
        digest = hashlib.sha256(read_bank_bytes(path)).hexdigest()
    except FileRefused:
        digest = ""
    return FileStamp(info.st_mtime_ns, info.st_size, digest)


@dataclass(frozen=True)
class PreviewItem:
    """One question of the file, in file order: its views, or (when it does not validate) its problems."""

    index: int  # position in the file's `questions` list
    line: int
    question_id: str
    question: QuestionView | None
    feedback: FeedbackView | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return self.question is not None


@dataclass(frozen=True)
class Preview:
    path: str
    items: list[PreviewItem]
    problems: list[Problem]  # every problem of the file, in order
    file_problems: list[Problem]  # those not inside one question (YAML syntax, bank metadata, ...)

    @property
    def ok(self) -> bool:
        return not self.problems


def _question_view(library: Library, question: AnyQuestion, number: int) -> QuestionView:
    is_choice = isinstance(question, ChoiceQuestion)
    order = list(range(len(question.options))) if isinstance(question, ChoiceQuestion) else []
    return QuestionView(
        attempt_id=0, number=number, question_id=question.id, type=question.type, area=question.area or "",
        area_title=library.area_title(question.area or ""), topic_title=library.topic_title(question.topic),
        difficulty=question.difficulty, stem=question.stem,
        options=[option.text for option in question.options] if isinstance(question, ChoiceQuestion) else [],
        option_order=order, unit=question.unit if isinstance(question, Numeric) else "",
        reason=PREVIEW_REASON if is_choice else "preview", progress=[])


def _feedback_view(library: Library, question: AnyQuestion) -> FeedbackView:
    notes: list[str] = []
    key = key_text(question)
    if isinstance(question, ChoiceQuestion):
        order = list(range(len(question.options)))
        key = describe_options(question, question.correct_indices, order)
        notes = [f"{option.text}: {option.why}" for option in question.options if option.why]
    return FeedbackView(
        question_id=question.id, stem=question.stem, correct=True, score=1.0, dont_know=False,
        your_answer=key, key=key, explanation=question.explanation, option_notes=notes,
        references=resolve_references(library, question.references), finished=False,
        credit_rule=CREDIT_RULE if isinstance(question, MultipleChoice) else "")


def _question_index(problem: Problem) -> int | None:
    if not problem.location.startswith("questions["):
        return None
    number = problem.location[len("questions["):].split("]", 1)[0]
    return int(number) if number.isdigit() else None


class PreviewService:
    """Loads one bank file for preview. Never opens or writes a learner database."""

    def __init__(self, path: Path, context_dir: Path | None = None) -> None:
        self.path = path
        self.context_dir = context_dir
        self._stamp: FileStamp | None = None

    def changed(self) -> bool:
        """Whether the file differs from the last `load()`: stat first, and the hash only if the stat moved."""
        try:
            info = os.stat(self.path)
        except OSError:
            return self._stamp is not None
        if self._stamp is not None and (info.st_mtime_ns, info.st_size) == (self._stamp.mtime_ns, self._stamp.size):
            return False
        current = file_stamp(self.path)
        if current is None or self._stamp is None:
            return current != self._stamp
        if current.digest == self._stamp.digest:
            self._stamp = current  # touched, not changed: remember the new stat so the next check is cheap
            return False
        return True

    def load(self) -> Preview:
        self._stamp = file_stamp(self.path)
        result = load_library([self.path], context_dir=self.context_dir)
        mine = [problem for problem in result.problems if problem.path == str(self.path)] or result.problems
        document, _ = read_yaml(self.path)
        raw: list[Any] = []
        if document is not None and isinstance(document.data, dict):
            listed = document.data.get("questions")
            raw = listed if isinstance(listed, list) else []
        by_index: dict[int, list[Problem]] = {}
        file_problems: list[Problem] = []
        for problem in mine:
            index = _question_index(problem)
            if index is None or index >= len(raw):
                file_problems.append(problem)
            else:
                by_index.setdefault(index, []).append(problem)
        loaded = {question.id: question for bank in result.library.banks for question in bank.questions}
        items: list[PreviewItem] = []
        for index, entry in enumerate(raw):
            question_id = str(entry.get("id", "")) if isinstance(entry, dict) else ""
            line = document.locate(("questions", index)).line if document is not None else 1
            question = loaded.get(question_id) if index not in by_index else None
            if question is None:
                items.append(PreviewItem(index, line, question_id, None, None, by_index.get(index, [])))
                continue
            items.append(PreviewItem(index, line, question_id, _question_view(result.library, question, index + 1),
                                     _feedback_view(result.library, question)))
        return Preview(str(self.path), items, mine, file_problems)
