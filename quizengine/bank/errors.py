"""Turn pydantic validation errors into one-line, position-carrying problems."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from quizengine.bank import models
from quizengine.bank.fields import VISIBLE_TEXT
from quizengine.bank.problems import Problem
from quizengine.bank.text_safety import clip, find_unsafe
from quizengine.bank.yaml_source import YamlDocument, register_known_fields


def _model_fields() -> set[str]:
    names: set[str] = set()
    for value in vars(models).values():
        if isinstance(value, type) and issubclass(value, BaseModel):
            names.update(value.model_fields)
    names.add("type")
    return names


KNOWN_FIELDS = _model_fields()
register_known_fields(KNOWN_FIELDS)


def _short(value: object, limit: int = 40) -> str:
    if isinstance(value, str | bytes | list | dict):  # never repr a whole (possibly 10 MB) input
        value = value[: limit + 1] if isinstance(value, str | bytes) else value
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _unsafe_character(error: ErrorDetails) -> str | None:
    """The description of the first unsafe character, when that is why a text pattern did not match."""
    if error["type"] != "string_pattern_mismatch" or not isinstance(error.get("input"), str):
        return None
    first = next(find_unsafe(error["input"]), None)
    return first.description if first else None


def describe(error: ErrorDetails) -> str:
    kind = error["type"]
    loc = error["loc"]
    field = clip(str(loc[-1])) if loc else ""
    if kind == "extra_forbidden":
        guess = difflib.get_close_matches(field, sorted(KNOWN_FIELDS), n=1, cutoff=0.75)
        hint = f" (did you mean '{guess[0]}'?)" if guess else ""
        return f"unknown field '{field}'{hint}"
    if kind == "missing":
        return f"missing required field '{field}'"
    if kind == "union_tag_invalid":
        ctx = error.get("ctx", {})
        return f"unknown question type {ctx.get('tag')!r}; expected one of {ctx.get('expected_tags')}"
    if kind == "union_tag_not_found":
        return f"missing field 'type'; expected one of {', '.join(models.QUESTION_TYPES)}"
    if kind == "string_too_short" and error.get("ctx", {}).get("min_length") == 1:
        return "must not be empty"
    unsafe = _unsafe_character(error)
    if unsafe:
        return f"contains {unsafe}; control characters, escape sequences and bidi controls are not allowed in bank text"
    if kind == "string_pattern_mismatch" and error.get("ctx", {}).get("pattern") == VISIBLE_TEXT:
        return "must not be empty (it holds only spaces or invisible characters)"
    if kind == "string_too_long":
        length = len(error["input"]) if isinstance(error.get("input"), str) else 0
        limit = error.get("ctx", {}).get("max_length", 0)
        return f"text is {length:,} characters long, over the limit of {limit:,}"
    if kind == "finite_number":
        return f"expected a finite number (got {_short(error.get('input'))})"
    message = error["msg"]
    if message.startswith("Value error, "):
        return message.removeprefix("Value error, ")
    if kind in {"string_type", "int_type", "float_type", "bool_type", "list_type", "dict_type", "model_type",
                "int_parsing", "float_parsing", "bool_parsing", "date_from_datetime_parsing", "date_parsing",
                "date_type", "string_pattern_mismatch", "greater_than", "greater_than_equal", "less_than",
                "less_than_equal", "too_short", "too_long", "string_too_short", "literal_error"}:
        return f"{message[0].lower()}{message[1:]} (got {_short(error.get('input'))})"
    return message


def problems_from(exc: ValidationError, document: YamlDocument, prefix: Iterable[str | int] = ()) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        loc = (*prefix, *error["loc"])
        if _unsafe_character(error):
            position = document.locate_unsafe(loc)
        else:
            position = document.locate(loc, at_key=error["type"] == "extra_forbidden")
        problems.append(Problem(document.path, position.line, position.column, position.location, describe(error)))
    return problems
