"""`quizengine bank lint`: warnings about valid banks that would still serve learners badly.

Each warning is `path:line: code: message`; docs/authoring.md lists the codes. Lint runs after validation:
it reads banks through the loader, so it only ever sees questions the app would serve.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from quizengine.bank.library import Library
from quizengine.bank.lint_duplicates import near_duplicates
from quizengine.bank.lint_text import CODE_COLUMNS, look_alikes, markdown_surprises, prose_and_code, wide_code_lines
from quizengine.bank.loader import load_library
from quizengine.bank.models import AnyQuestion, ChoiceQuestion, SingleChoice
from quizengine.bank.problems import Problem
from quizengine.bank.text_safety import one_line

MIN_DISTRACTORS = 3
LONG_CORRECT_RATIO = 1.6  # the correct option at least this much longer than the longest distractor ...
LONG_CORRECT_MARGIN = 15  # ... and this many characters longer
POSITION_MIN_QUESTIONS = 8  # position skew is judged on banks with at least this many single choices
POSITION_MAX_SHARE = 0.4
MIN_PER_LEVEL = 8  # questions per difficulty level and area for the adaptive engine to choose from
PLACEHOLDER_PREFIX = "TODO"
_ABOVE = ("all of the above", "none of the above", "both of the above", "all the above", "none of these")

CODES: dict[str, str] = {
    "near-duplicate": "two stems share most of their wording (within or across banks)",
    "answer-position": "the correct option sits at one position in too many single-choice questions",
    "long-correct": "the correct option is much longer than every distractor",
    "all-none-above": "an option 'all/none of the above' (it breaks when options are shuffled)",
    "few-distractors": f"fewer than {MIN_DISTRACTORS} wrong options",
    "no-reference": "no reference to read more",
    "few-at-level": f"fewer than {MIN_PER_LEVEL} questions at a difficulty level in an area",
    "expired": "the question's expires date has passed",
    "markdown": "text that Markdown would swallow or change (2*3*4, __init__, raw HTML, link definitions)",
    "wide-code": f"a code line wider than {CODE_COLUMNS} columns (wraps in an 80-column terminal)",
    "look-alike": "invisible, full-width or mixed-script characters",
    "placeholder": f"an explanation still starting '{PLACEHOLDER_PREFIX}' (left by import)",
}


@dataclass(frozen=True, slots=True)
class LintWarning:
    path: str
    line: int
    code: str
    message: str

    def __str__(self) -> str:
        return one_line(f"{self.path}:{self.line}: {self.code}: {self.message}")

    def as_dict(self) -> dict[str, str | int]:
        return {"path": self.path, "line": self.line, "code": self.code, "message": self.message}


@dataclass
class LintResult:
    problems: list[Problem]  # validation problems: lint cannot vouch for what does not load
    warnings: list[LintWarning]
    questions: int


def _texts(question: AnyQuestion) -> Iterator[tuple[str, str]]:
    yield "stem", question.stem
    yield "explanation", question.explanation
    if isinstance(question, ChoiceQuestion):
        for number, option in enumerate(question.options, start=1):
            yield f"option {number}", option.text
            if option.why:
                yield f"option {number} why", option.why


def _choice_warnings(question: ChoiceQuestion) -> Iterator[tuple[str, str]]:
    wrong = [option.text for option in question.options if not option.correct]
    right = [option.text for option in question.options if option.correct]
    if len(wrong) < MIN_DISTRACTORS:
        yield "few-distractors", (f"{len(wrong)} wrong option(s); {MIN_DISTRACTORS} or more make guessing "
                                  "less rewarding")
    for option in question.options:
        if any(phrase in option.text.lower() for phrase in _ABOVE):
            yield "all-none-above", f"option {option.text[:40]!r}: it is often right and breaks when shuffled"
    if isinstance(question, SingleChoice) and wrong:
        longest_wrong = max(len(text) for text in wrong)
        if len(right[0]) >= LONG_CORRECT_RATIO * longest_wrong and len(right[0]) - longest_wrong >= LONG_CORRECT_MARGIN:
            yield "long-correct", (f"the correct option has {len(right[0])} characters, the longest distractor "
                                   f"{longest_wrong}: length gives the answer away")


def _question_warnings(question: AnyQuestion, today: dt.date) -> Iterator[tuple[str, str]]:
    if isinstance(question, ChoiceQuestion):
        yield from _choice_warnings(question)
    if not question.references:
        yield "no-reference", "no references: add a resource id or a URL where a learner can read more"
    if question.expires is not None and question.expires < today:
        yield "expired", f"expired on {question.expires.isoformat()}: re-check it and move the date on"
    if question.explanation.startswith(PLACEHOLDER_PREFIX):
        yield "placeholder", "the explanation is a placeholder; explain why the key is right"
    for field, text in _texts(question):
        prose, code = prose_and_code(text)
        for message in markdown_surprises(prose):
            yield "markdown", f"{field}: {message}"
        for message in look_alikes(text):
            yield "look-alike", f"{field}: {message}"
        for number, width in wide_code_lines(code):
            yield "wide-code", (f"{field}: code line {number} is {width} columns; over {CODE_COLUMNS} it wraps in "
                                "an 80-column terminal")


def _bank_warnings(library: Library, bank_lines: dict[str, int]) -> Iterator[LintWarning]:
    by_area: dict[str, Counter[int]] = defaultdict(Counter)
    first_path: dict[str, str] = {}
    for bank in library.banks:
        singles = [q for q in bank.questions if isinstance(q, SingleChoice)]
        positions = Counter(question.correct_indices[0] for question in singles)
        if len(singles) >= POSITION_MIN_QUESTIONS:
            position, count = positions.most_common(1)[0]
            if count / len(singles) > POSITION_MAX_SHARE:
                yield LintWarning(bank.path, bank_lines.get(bank.path, 1), "answer-position",
                                  f"option {position + 1} is correct in {count} of {len(singles)} single-choice "
                                  f"questions; spread the key (it shows with shuffle: false and in exports)")
        for question in bank.questions:
            by_area[question.area or bank.info.area][question.difficulty] += 1
            first_path.setdefault(question.area or bank.info.area, bank.path)
    for area, levels in sorted(by_area.items()):
        short = [f"level {level}: {levels[level]}" for level in range(1, 6) if levels[level] < MIN_PER_LEVEL]
        if short:
            path = first_path[area]
            yield LintWarning(path, bank_lines.get(path, 1), "few-at-level",
                              f"area '{area}' has fewer than {MIN_PER_LEVEL} questions at {', '.join(short)}; "
                              "the adaptive engine runs out of items there")


def lint_library(library: Library, today: dt.date | None = None) -> list[LintWarning]:
    today = today or dt.date.today()
    warnings: list[LintWarning] = []
    bank_lines = {bank.path: 1 for bank in library.banks}
    questions = [(bank.path, question) for bank in library.banks for question in bank.questions]
    for path, question in questions:
        line = library.question_sources[question.id].line
        warnings.extend(LintWarning(path, line, code, message)
                        for code, message in _question_warnings(question, today))
    for first, second, similarity in near_duplicates([question.stem for _, question in questions]):
        (path, question), (_, other) = questions[second], questions[first]
        warnings.append(LintWarning(path, library.question_sources[question.id].line, "near-duplicate",
                                    f"stem is {similarity:.0%} like '{other.id}' "
                                    f"({library.question_sources[other.id]})"))
    warnings.extend(_bank_warnings(library, bank_lines))
    warnings.sort(key=lambda warning: (warning.path, warning.line, warning.code))
    return warnings


def lint_paths(paths: Sequence[Path], today: dt.date | None = None, context_dir: Path | None = None) -> LintResult:
    result = load_library(paths, context_dir=context_dir)
    return LintResult(result.problems, lint_library(result.library, today), len(result.library.questions))


