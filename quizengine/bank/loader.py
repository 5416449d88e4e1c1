"""Load bank files (questions, taxonomy, resources, roles) into a Library, collecting every problem."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError

from quizengine.bank.errors import problems_from
from quizengine.bank.files import FoundFiles, find_yaml_files
from quizengine.bank.library import Library, LoadedBank, SourceRef
from quizengine.bank.models import (
    AnyQuestion,
    BankInfo,
    Question,
    ResourcesFile,
    RolesFile,
    TaxonomyFile,
)
from quizengine.bank.problems import BankError, Problem
from quizengine.bank.semantics import check_library
from quizengine.bank.text_safety import clip
from quizengine.bank.yaml_source import YamlDocument, read_yaml

_QUESTION = TypeAdapter[AnyQuestion](Question)
_FILE_KINDS = ("questions", "taxonomy", "resources", "roles")


def default_bank_dir() -> Path:
    """The shipped banks: inside the wheel (`quizengine/_banks`) or, in a source checkout, `question_banks/`."""
    package_dir = Path(__file__).resolve().parent.parent
    installed = package_dir / "_banks"
    return installed if installed.is_dir() else package_dir.parent / "question_banks"


@dataclass
class LoadResult:
    library: Library
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _kind(document: YamlDocument) -> tuple[str | None, Problem | None]:
    data = document.data
    if not isinstance(data, dict):
        got = {list: "a list", str: "a string", int: "a number", float: "a number", bool: "a boolean"}.get(
            type(data), "nothing")
        problem = Problem(document.path, 1, 1, "",
                          f"expected a mapping at the top level (with 'bank' and 'questions', 'taxonomy', "
                          f"'resources' or 'roles'), got {got}")
        return None, problem
    for kind in _FILE_KINDS:
        if kind in data:
            return kind, None
    if "bank" in data:
        return "questions", None
    keys = ", ".join(clip(str(key)) for key in list(data)[:5])
    return None, Problem(document.path, 1, 1, "",
                         f"unknown file kind: top-level keys are {keys}; expected 'bank' and 'questions', "
                         "'taxonomy', 'resources' or 'roles'")


def _load_questions(document: YamlDocument, library: Library, problems: list[Problem]) -> None:
    data: dict[str, Any] = document.data
    unknown = [key for key in data if key not in ("bank", "questions")]
    for key in unknown:
        position = document.locate((key,))
        problems.append(Problem(document.path, position.line, position.column, clip(str(key)),
                                f"unknown field '{clip(str(key))}' (a bank file has 'bank' and 'questions')"))
    try:
        info = BankInfo.model_validate(_with_written_version(document, data.get("bank")))
    except ValidationError as exc:
        problems.extend(problems_from(exc, document, ("bank",)))
        return
    raw_questions = data.get("questions")
    if not isinstance(raw_questions, list) or not raw_questions:
        position = document.locate(("questions",))
        problems.append(Problem(document.path, position.line, position.column, "questions",
                                "'questions' must be a non-empty list"))
        return
    questions: list[AnyQuestion] = []
    for index, raw in enumerate(raw_questions):
        if isinstance(raw, dict) and raw.get("area") is None:
            raw = {**raw, "area": info.area}  # a question's area defaults to its bank's
        try:
            question = _QUESTION.validate_python(raw)
        except ValidationError as exc:
            problems.extend(problems_from(exc, document, ("questions", index)))
            continue
        position = document.locate(("questions", index))
        if question.id in library.question_sources:
            first = library.question_sources[question.id]
            problems.append(Problem(document.path, position.line, position.column, f"questions[{index}].id",
                                    f"duplicate question id '{question.id}' (also at {first})"))
            continue
        library.question_sources[question.id] = SourceRef(document.path, position.line)
        questions.append(question)
    library.add_bank(LoadedBank(document.path, info, questions))


def _with_written_version(document: YamlDocument, bank: object) -> object:
    """`version: 1.10` is read by YAML as the float 1.1; keep the text the author wrote instead."""
    if not isinstance(bank, dict) or isinstance(bank.get("version"), str | bool):
        return bank
    node, _ = document.node_at(("bank", "version"))
    if isinstance(node, yaml.ScalarNode) and node.tag != "tag:yaml.org,2002:null":
        return {**bank, "version": node.value}
    return bank


def _load_file(document: YamlDocument, kind: str, library: Library, problems: list[Problem]) -> None:
    try:
        if kind == "questions":
            _load_questions(document, library, problems)
        elif kind == "taxonomy":
            for area in TaxonomyFile.model_validate(document.data).taxonomy:
                if area.id in library.areas:
                    problems.append(Problem(document.path, 1, 1, "taxonomy", f"duplicate area id '{area.id}'"))
                library.areas[area.id] = area
                for topic in area.topics:
                    if topic.id in library.topics:
                        problems.append(Problem(document.path, 1, 1, "taxonomy",
                                                f"topic id '{topic.id}' is used by two areas"))
                    library.topics[topic.id] = (area.id, topic)
        elif kind == "resources":
            for index, resource in enumerate(ResourcesFile.model_validate(document.data).resources):
                if resource.id in library.resources:
                    position = document.locate(("resources", index, "id"))
                    problems.append(Problem(document.path, position.line, position.column, position.location,
                                            f"duplicate resource id '{resource.id}'"))
                library.resources[resource.id] = resource
        elif kind == "roles":
            for role in RolesFile.model_validate(document.data).roles:
                library.roles[role.id] = role
    except ValidationError as exc:
        problems.extend(problems_from(exc, document))


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Loading creates hundreds of thousands of small acyclic objects; the cyclic collector would rescan them
    over and over (4x the parse time on a 10,000-question bank), so it waits until loading is done. The banks
    then live as long as the app, so the survivors are moved out of the collector's sight (`gc.freeze`); they
    are still freed by reference counting when dropped."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def load_library(paths: Sequence[Path], *, context_dir: Path | None = None) -> LoadResult:
    """Load every YAML file under `paths`.

    When the files carry no taxonomy (validating a single bank, say), the taxonomy, resources and roles of
    `context_dir` (default: the shipped banks) are loaded as context so areas and references can be checked.
    """
    with _gc_paused():
        return _load_library(paths, context_dir)


def _load_library(paths: Sequence[Path], context_dir: Path | None) -> LoadResult:
    found = find_yaml_files(list(paths))
    files, problems = found.files, found.problems
    library = Library()
    documents: list[tuple[YamlDocument, str]] = []
    for path in files:
        document, file_problems = read_yaml(path)
        problems.extend(file_problems)
        if document is None:
            continue
        kind, kind_problem = _kind(document)
        if kind is None:
            assert kind_problem is not None
            problems.append(kind_problem)
            continue
        library.content_hashes.append(document.content_hash)
        documents.append((document, kind))
    # Context files first, so questions can be checked against areas and resources wherever they sit.
    documents.sort(key=lambda pair: pair[1] == "questions")
    for document, kind in documents:
        _load_file(document, kind, library, problems)
    problems.extend(_folders_without_banks(found, documents, problems))
    if not library.areas:
        _load_context(context_dir or default_bank_dir(), library, files, problems)
    problems.extend(check_library(library, documents))
    problems.sort(key=lambda p: (p.path, p.line, p.column))
    return LoadResult(library, problems, [str(f) for f in files])


def _folders_without_banks(found: FoundFiles, documents: list[tuple[YamlDocument, str]],
                           problems: list[Problem]) -> list[Problem]:
    """A folder given to load must hold a bank: one with only catalogue files (or none) is a mistaken path.
    Files that failed to read may have been the bank, and already have their problem."""
    banks = {document.path for document, kind in documents if kind == "questions"}
    broken = {problem.path for problem in problems}
    missing = []
    for folder, files in found.folders.items():
        names = {str(path) for path in files}
        if files and not names & (banks | broken):
            missing.append(Problem(str(folder), 1, 1, "", "folder holds no bank (no file with 'bank' and "
                                   "'questions'); only taxonomy, resources or roles files"))
    return missing


def _load_context(context_dir: Path, library: Library, given: list[Path], problems: list[Problem]) -> None:
    context_files = find_yaml_files([context_dir]).files
    resolved = {_resolved(p) for p in given}
    for path in context_files:
        if _resolved(path) in resolved:
            continue
        document, file_problems = read_yaml(path)
        if document is None:
            problems.extend(file_problems)
            continue
        kind, _ = _kind(document)
        if kind in ("taxonomy", "resources", "roles"):
            _load_file(document, kind, library, problems)


def _resolved(path: Path) -> Path:
    """The real path, or the path itself for a symbolic-link loop (reading refuses it by name anyway)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path


def load_library_or_raise(paths: Sequence[Path]) -> Library:
    result = load_library(paths)
    if result.problems:
        raise BankError(result.problems)
    return result.library
