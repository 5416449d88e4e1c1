"""The taxonomy as authoring commands need it: which areas exist, their topics, and a did-you-mean."""

from __future__ import annotations

import difflib
from pathlib import Path

from pydantic import ValidationError

from quizengine.bank.files import find_yaml_files
from quizengine.bank.models import TaxonomyFile
from quizengine.bank.yaml_source import read_yaml

HOW_TO_ADD_AREA = ("to add an area or topic, add it to the taxonomy file (question_banks/taxonomy.yaml, or a "
                   "taxonomy.yaml beside your banks); see docs/authoring.md")


def read_taxonomy(context_dir: Path) -> dict[str, list[str]]:
    """Area id -> its topic ids, from the taxonomy file in `context_dir` (the shipped one by default)."""
    named = context_dir / "taxonomy.yaml"
    candidates = [named] if named.is_file() else find_yaml_files([context_dir]).files
    for path in candidates:
        document, _ = read_yaml(path)
        if document is None or not isinstance(document.data, dict) or "taxonomy" not in document.data:
            continue
        try:
            taxonomy = TaxonomyFile.model_validate(document.data)
        except ValidationError:
            continue
        return {area.id: [topic.id for topic in area.topics] for area in taxonomy.taxonomy}
    return {}


def _did_you_mean(word: str, known: list[str]) -> str:
    guess = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    return f" (did you mean '{guess[0]}'?)" if guess else ""


def area_problem(area: str, taxonomy: dict[str, list[str]]) -> str | None:
    """Why `area` cannot be used, in one line, or None."""
    if area in taxonomy:
        return None
    known = ", ".join(sorted(taxonomy)) or "none"
    return f"unknown area '{area}'{_did_you_mean(area, sorted(taxonomy))}; known areas: {known}; {HOW_TO_ADD_AREA}"


def topic_problem(area: str, topic: str, taxonomy: dict[str, list[str]]) -> str | None:
    topics = taxonomy.get(area, [])
    if topic in topics:
        return None
    return (f"unknown topic '{topic}' for area '{area}'{_did_you_mean(topic, topics)}; its topics: "
            f"{', '.join(topics)}; {HOW_TO_ADD_AREA}")
