"""`quizengine bank lint`: warnings about valid banks that would still serve learners badly.

Each warning is `path:line: code: message`; docs/authoring.md lists the codes. Lint runs after validation:
it reads banks through the loader, so it only ever sees questions the app would serve.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from quizengine.bank.library import Library
from quizengine.bank.lint_duplicates import near_duplicates
from quizengine.bank.lint_text import CODE_COLUMNS, look_alikes, markdown_surprises, prose_and_code, wide_code_lines
from quizengine.bank.loader import load_library
from quizengine.bank.models import AnyQuestion, ChoiceQuestion, SingleChoice
from quizengine.bank.problems import Problem
from quizengine.bank.text_safety import one_line
from quizengine.bank.yaml_source import YamlDocument, read_yaml

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


Where = tuple[str | int, ...]  # a field inside a question, as a YAML path: ("stem",), ("options", 2, "why")
Found = tuple[str, str, Where, int | None]  # code, message, field, 0-based line inside the field's text


def _texts(question: AnyQuestion) -> Iterator[tuple[str, Where, str]]:
    yield "stem", ("stem",), question.stem
    yield "explanation", ("explanation",), question.explanation
    if isinstance(question, ChoiceQuestion):
        for number, option in enumerate(question.options, start=1):
            yield f"option {number}", ("options", number - 1, "text"), option.text
            if option.why:
                yield f"option {number} why", ("options", number - 1, "why"), option.why


def _choice_warnings(question: ChoiceQuestion) -> Iterator[Found]:
    wrong = [option.text for option in question.options if not option.correct]
    right = [option.text for option in question.options if option.correct]
    if len(wrong) < MIN_DISTRACTORS:
        yield "few-distractors", (f"{len(wrong)} wrong option(s); {MIN_DISTRACTORS} or more make guessing "
                                  "less rewarding"), ("options",), None
    for index, option in enumerate(question.options):
        if any(phrase in option.text.lower() for phrase in _ABOVE):
            yield ("all-none-above", f"option {option.text[:40]!r}: it is often right and breaks when shuffled",
                   ("options", index, "text"), None)
    if isinstance(question, SingleChoice) and wrong:
        longest_wrong = max(len(text) for text in wrong)
        if len(right[0]) >= LONG_CORRECT_RATIO * longest_wrong and len(right[0]) - longest_wrong >= LONG_CORRECT_MARGIN:
            yield "long-correct", (f"the correct option has {len(right[0])} characters, the longest distractor "
                                   f"{longest_wrong}: length gives the answer away"), (
                                       "options", question.correct_indices[0], "text"), None


def _question_warnings(question: AnyQuestion, today: dt.date) -> Iterator[Found]:
    if isinstance(question, ChoiceQuestion):
        yield from _choice_warnings(question)
    if not question.references:
        yield "no-reference", "no references: add a resource id or a URL where a learner can read more", (), None
    if question.expires is not None and question.expires < today:
        yield ("expired", f"expired on {question.expires.isoformat()}: re-check it and move the date on",
               ("expires",), None)
    if question.explanation.startswith(PLACEHOLDER_PREFIX):
        yield ("placeholder", "the explanation is a placeholder; explain why the key is right", ("explanation",),
               None)
    for field, where, text in _texts(question):
        prose, code = prose_and_code(text)
        for line, message in markdown_surprises(prose):
            yield "markdown", f"{field}: {message}", where, line
        for line, message in look_alikes(text):
            yield "look-alike", f"{field}: {message}", where, line
        for line, width in wide_code_lines(code):
            yield "wide-code", (f"{field}: a code line is {width} columns; over {CODE_COLUMNS} it wraps in an "
                                "80-column terminal"), where, line


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


class _Lines:
    """File lines of fields, from the YAML documents when there are any (else the question's first line)."""

    def __init__(self, library: Library, documents: Mapping[str, YamlDocument]) -> None:
        self.library = library
        self.documents = documents
        self.index: dict[str, dict[str, int]] = {}  # path -> question id -> position in `questions`

    def of(self, path: str, question: AnyQuestion, where: Where, text_line: int | None) -> int:
        first = self.library.question_sources[question.id].line
        document = self.documents.get(path)
        if document is None or not where:
            return first
        if path not in self.index:
            raw = document.data.get("questions", []) if isinstance(document.data, dict) else []
            self.index[path] = {str(item.get("id")): i for i, item in enumerate(raw) if isinstance(item, dict)}
        position = self.index[path].get(question.id)
        if position is None:
            return first
        node, _ = document.node_at(("questions", position, *where))
        line = int(node.start_mark.line) + 1
        if text_line is not None and isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
            line += 1 + text_line  # a block scalar's text starts on the line after its indicator
        return line


def lint_library(library: Library, today: dt.date | None = None,
                 documents: Mapping[str, YamlDocument] | None = None) -> list[LintWarning]:
    """Warnings for every loaded bank; with the banks' YAML documents, each names the line of its field."""
    today = today or dt.date.today()
    warnings: list[LintWarning] = []
    lines = _Lines(library, documents or {})
    bank_lines = {bank.path: 1 for bank in library.banks}
    questions = [(bank.path, question) for bank in library.banks for question in bank.questions]
    for path, question in questions:
        warnings.extend(LintWarning(path, lines.of(path, question, where, text_line), code, message)
                        for code, message, where, text_line in _question_warnings(question, today))
    for first, second, similarity in near_duplicates([question.stem for _, question in questions]):
        (path, question), (_, other) = questions[second], questions[first]
        warnings.append(LintWarning(path, library.question_sources[question.id].line, "near-duplicate",
                                    f"stem is {similarity:.0%} like '{other.id}' "
                                    f"({library.question_sources[other.id]})"))
    warnings.extend(_bank_warnings(library, bank_lines))
    warnings.sort(key=lambda warning: (warning.path, warning.line, warning.code))
    return warnings


def duplicates_against(library: Library, others: Library) -> list[LintWarning]:
    """Near-duplicates between the linted banks and other banks (the shipped ones, say), reported on the former.
    A question with the same id on both sides is the same question (a bank linted against its own folder)."""
    mine = [(bank.path, question) for bank in library.banks for question in bank.questions]
    known = {question.id for _, question in mine}
    theirs = [question for question in others.questions if question.id not in known]
    warnings = []
    for first, second, similarity in near_duplicates([q.stem for _, q in mine] + [q.stem for q in theirs]):
        if first < len(mine) <= second:
            path, question = mine[first]
            other = theirs[second - len(mine)]
            warnings.append(LintWarning(path, library.question_sources[question.id].line, "near-duplicate",
                                        f"stem is {similarity:.0%} like '{other.id}' "
                                        f"({others.question_sources[other.id]})"))
    return warnings


def lint_paths(paths: Sequence[Path], today: dt.date | None = None, context_dir: Path | None = None,
               against: Sequence[Path] = ()) -> LintResult:
    """Lint `paths`; near-duplicates are also sought in the banks under `against`, which are not linted."""
    result = load_library(paths, context_dir=context_dir)
    documents = {}
    for bank in result.library.banks:  # read again for field positions: the loader keeps only question lines
        document, _ = read_yaml(Path(bank.path), bank.path)
        if document is not None:
            documents[bank.path] = document
    warnings = lint_library(result.library, today, documents)
    if against:
        others = load_library(against, context_dir=context_dir)
        problems = [*result.problems, *others.problems]
        warnings = sorted([*warnings, *duplicates_against(result.library, others.library)],
                          key=lambda warning: (warning.path, warning.line, warning.code))
        return LintResult(problems, warnings, len(result.library.questions))
    return LintResult(result.problems, warnings, len(result.library.questions))


