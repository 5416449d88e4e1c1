"""`quizengine bank new`: a commented starter bank for one area, with one question of every type.

The area must exist in the taxonomy (a did-you-mean otherwise, and how to add one); the file carries the
yaml-language-server schema line so editors complete and check fields; and it is validated before the
command reports success.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from quizengine.bank.areas import area_problem, read_taxonomy, topic_problem
from quizengine.bank.interchange.common import slug
from quizengine.bank.loader import default_bank_dir, load_library
from quizengine.bank.problems import Problem
from quizengine.bank.schema import schema_for

TEMPLATE = Path(__file__).resolve().parent / "templates" / "starter.yaml"
_CHECKOUT_SCHEMA = Path(__file__).resolve().parent.parent.parent / "docs" / "schema" / "bank.schema.json"
BESIDE_SCHEMA = "quizengine-bank.schema.json"


class StarterError(Exception):
    """The starter cannot be written; one line."""


@dataclass
class Starter:
    path: Path
    schema: Path
    problems: list[Problem]


def _schema_path(out: Path) -> Path:
    """The JSON Schema the file points at: the checkout's docs/schema, or a copy written beside the bank."""
    if _CHECKOUT_SCHEMA.is_file():
        return _CHECKOUT_SCHEMA
    beside = out.parent / BESIDE_SCHEMA
    if not beside.exists():
        beside.write_text(json.dumps(schema_for("bank"), indent=2) + "\n", encoding="utf-8")
    return beside


def render_starter(out: Path, area: str, topic: str, schema: Path) -> str:
    bank_id = slug(out.stem, 80) or area
    relative = Path(os.path.relpath(schema, out.parent.resolve())).as_posix()
    if relative.startswith("../../../"):  # far from the checkout: a file URI survives moving the bank around
        relative = schema.as_uri()
    replacements = {"__SCHEMA__": relative, "__AREA__": area, "__TOPIC__": topic, "__BANK_ID__": bank_id,
                    "__TITLE__": f"{area} questions", "__FILE__": out.as_posix()}
    text = TEMPLATE.read_text(encoding="utf-8")
    for marker, value in replacements.items():
        text = text.replace(marker, value)
    return text


def new_bank(out: Path, area: str, topic: str | None = None, *, context_dir: Path | None = None,
             force: bool = False) -> Starter:
    context = context_dir or default_bank_dir()
    taxonomy = read_taxonomy(context)
    problem = area_problem(area, taxonomy) or (topic_problem(area, topic, taxonomy) if topic else None)
    if problem:
        raise StarterError(problem)
    if out.exists() and not force:
        raise StarterError(f"{out}: already exists; choose another path (or --force to overwrite)")
    if out.suffix.lower() not in (".yaml", ".yml"):
        raise StarterError(f"{out}: a bank file must end in .yaml or .yml")
    out.parent.mkdir(parents=True, exist_ok=True)
    schema = _schema_path(out)
    out.write_text(render_starter(out, area, topic or taxonomy[area][0], schema), encoding="utf-8")
    result = load_library([out], context_dir=context)
    return Starter(out, schema, result.problems)
