"""Turn pydantic validation errors into one-line, position-carrying problems."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from quizengine.bank import models
from quizengine.bank.problems import Problem
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
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def describe(error: ErrorDetails) -> str:
    kind = error["type"]
    loc = error["loc"]
    field = str(loc[-1]) if loc else ""
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
        position = document.locate((*prefix, *error["loc"]), at_key=error["type"] == "extra_forbidden")
        problems.append(Problem(document.path, position.line, position.column, position.location, describe(error)))
    return problems
