"""Turn import drafts into a bank file: ids, topics and difficulty filled in, YAML written, and the result
validated by the project's loader. A question the loader refuses is reported at its source line and left out;
the rest is still written."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from quizengine.bank.areas import area_problem, topic_problem
from quizengine.bank.interchange.common import MAX_ID_LENGTH, Draft, InterchangeError, Note, first_line, slug
from quizengine.bank.loader import load_library
from quizengine.bank.patterns import compile_pattern
from quizengine.bank.problems import Problem
from quizengine.bank.text_safety import one_line

try:  # the C emitter is much faster; the pure-Python one writes the same YAML
    from yaml import CSafeDumper as _BaseDumper
except ImportError:  # pragma: no cover - depends on the platform's PyYAML build
    from yaml import SafeDumper as _BaseDumper  # type: ignore[assignment]

PLACEHOLDER_EXPLANATION = "TODO: explain why the key is right (the imported question had no explanation)."
_FIELD_ORDER = ("id", "type", "topic", "difficulty", "stem", "options", "answer", "accepted", "pattern", "unit",
                "explanation", "references", "tags")


class BankDumper(_BaseDumper):
    """Safe YAML with multi-line text as `|` blocks, so imported stems and code stay readable."""


def _text(dumper: BankDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


BankDumper.add_representer(str, _text)


def dump_bank(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=BankDumper, sort_keys=False, allow_unicode=True, width=120)


@dataclass
class ImportOptions:
    area: str
    topic: str | None = None
    difficulty: int = 3
    id_prefix: str | None = None
    license: str = "unknown: record the source's licence here"
    authors: Sequence[str] = ("imported",)
    title: str | None = None
    source: str = ""  # what was imported, for the bank description
    context_dir: Path | None = None  # taxonomy, resources and roles to validate against (default: shipped)


@dataclass
class ImportOutcome:
    written: int
    notes: list[Note] = field(default_factory=list)


_IDENTIFIER = compile_pattern(r"[a-z0-9][a-z0-9_.\-]{0,119}", True)


class _Ids:
    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.used: set[str] = set()

    def make(self, draft: Draft, index: int) -> str:
        if draft.source_id and _IDENTIFIER.fullmatch(draft.source_id) and draft.source_id not in self.used:
            self.used.add(draft.source_id)
            return draft.source_id
        title = draft.source_id or draft.title or draft.number
        stem = first_line(str(draft.fields.get("stem", "")))
        base = slug(title) if title else slug(stem, 50)
        candidate = f"{self.prefix}.{base or f'q{index + 1}'}"[:MAX_ID_LENGTH - 4].rstrip("-.")
        unique, count = candidate, 1
        while unique in self.used:
            count += 1
            unique = f"{candidate}-{count}"
        self.used.add(unique)
        return unique


def _question(draft: Draft, question_id: str, topic: str, options: ImportOptions) -> dict[str, Any]:
    fields = dict(draft.fields)
    fields.update(id=question_id, topic=topic)
    fields.setdefault("difficulty", options.difficulty)
    fields.setdefault("explanation", PLACEHOLDER_EXPLANATION)
    ordered = {key: fields[key] for key in _FIELD_ORDER if key in fields}
    ordered.update((key, value) for key, value in fields.items() if key not in ordered)
    return ordered


def _topics(drafts: list[Draft], options: ImportOptions, taxonomy: dict[str, list[str]], source: str,
            notes: list[Note]) -> list[str]:
    topics = taxonomy[options.area]
    fallback = options.topic or topics[0]
    if options.topic is None and any(not draft.category for draft in drafts):
        notes.append(Note(source, 1, f"no --topic given: questions without a category go to '{fallback}', the "
                                     f"first topic of '{options.area}'"))
    chosen: list[str] = []
    reported: set[str] = set()
    for draft in drafts:
        topic = fallback
        if draft.category:
            parts = [slug(part) for part in draft.category.split("/")]
            known = [part for part in reversed(parts) if part in topics]
            topic = known[0] if known else fallback
            if not known and draft.category not in reported:
                reported.add(draft.category)
                notes.append(Note(source, draft.line, f"category {draft.category[:60]!r} is not a topic of "
                                                      f"'{options.area}'; its questions go to '{fallback}'"))
        chosen.append(topic)
    return chosen


def _question_index(problem: Problem) -> int | None:
    if not problem.location.startswith("questions["):
        return None
    number = problem.location[len("questions["):].split("]", 1)[0]
    return int(number) if number.isdigit() else None


def _validate(bank: dict[str, Any], context_dir: Path | None) -> tuple[str, list[Problem]]:
    text = dump_bank(bank)
    with tempfile.TemporaryDirectory(prefix="quizengine-import-") as folder:
        path = Path(folder) / "import.yaml"
        path.write_text(text, encoding="utf-8")
        result = load_library([path], context_dir=context_dir)
    return text, result.problems


def write_bank(drafts: list[Draft], out: Path, options: ImportOptions, taxonomy: dict[str, list[str]],
               notes: list[Note]) -> ImportOutcome:
    """Write the drafts that validate to `out`; every other one is a skipped note at its source line."""
    source = options.source or "input"
    problem = area_problem(options.area, taxonomy) or (
        topic_problem(options.area, options.topic, taxonomy) if options.topic else None)
    if problem:
        raise InterchangeError(problem)
    outcome = ImportOutcome(0, list(notes))
    ids = _Ids(options.id_prefix or options.area)
    topics = _topics(drafts, options, taxonomy, source, outcome.notes)
    pending = [(draft, _question(draft, ids.make(draft, index), topic, options))
               for index, (draft, topic) in enumerate(zip(drafts, topics, strict=True))]
    title = options.title or f"Imported from {Path(source).name}"[:200]
    info = {"id": slug(out.stem, 100) or options.area, "title": title,
            "version": "1.0", "area": options.area, "authors": list(options.authors), "license": options.license,
            "description": f"Imported from {source} by quizengine bank import."[:5000]}
    while pending:
        text, problems = _validate({"bank": info, "questions": [q for _, q in pending]}, options.context_dir)
        failed: dict[int, list[Problem]] = {}
        for found in problems:
            index = _question_index(found)
            if index is None:
                raise InterchangeError(f"{out}: the converted bank does not validate: {found.location}: "
                                       f"{found.message}")
            failed.setdefault(index, []).append(found)
        if not failed:
            break
        for index in sorted(failed):
            draft = pending[index][0]
            reasons = "; ".join(f"{p.location.split('.', 1)[1] if '.' in p.location else 'question'}: {p.message}"
                                for p in failed[index][:3])
            outcome.notes.append(Note(source, draft.line, one_line(reasons), skipped=True))
        pending = [item for index, item in enumerate(pending) if index not in failed]
    else:
        raise InterchangeError(f"{source}: no question could be converted; nothing written")
    _write_atomically(out, f"# Imported by quizengine bank import from {one_line(source)}\n" + text)
    outcome.written = len(pending)
    outcome.notes.sort(key=lambda note: note.line)
    return outcome


def _write_atomically(out: Path, text: str) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
