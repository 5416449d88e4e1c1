"""Every bank text field refuses an escape sequence, pointing at the escape inside the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizengine.bank.loader import load_library

CORPUS = Path(__file__).resolve().parent.parent / "data" / "hostile"
BANK = (CORPUS / "SAFE_UPPER_SUFFIX.YML").read_text(encoding="utf-8")
TAXONOMY = """taxonomy:
  - id: hostile-area
    title: Area
    description: An area.
    topics:
      - id: hostile-topic
        title: A topic
        description: A topic.
"""
ESCAPE = r'"x\e[31m"'


@pytest.mark.parametrize(("text", "old", "location"), [
    (BANK, "title: Test", "bank.title"),
    (BANK, "authors: [me]", "bank.authors[0]"),
    (BANK, "license: CC0-1.0", "bank.license"),
    (BANK, "description: fine", "bank.description"),
    (BANK, "stem: Which?", "questions[0].stem"),
    (BANK, "explanation: Because.", "questions[0].explanation"),
    (BANK, "tags: [safe]", "questions[0].tags[0]"),
    (BANK, "tags: [safe]", "questions[0].references[0]"),
    (TAXONOMY, "title: Area", "taxonomy[0].title"),
    (TAXONOMY, "description: An area.", "taxonomy[0].description"),
    (TAXONOMY, "title: A topic", "taxonomy[0].topics[0].title"),
    (TAXONOMY, "description: A topic.", "taxonomy[0].topics[0].description"),
])
def test_escape_in_text_field_is_refused_at_the_escape(tmp_path: Path, text: str, old: str, location: str) -> None:
    key = location.rsplit(".", 1)[-1].split("[")[0]
    new = f"{key}: [{ESCAPE}]" if location.endswith("[0]") else f"{key}: {ESCAPE}"
    edited = text.replace(old, new, 1) if key in old else text.replace(old, f"{old}\n    {new}", 1)
    path = tmp_path / "bank.yaml"
    path.write_text(edited, encoding="utf-8")
    line_number, line = next((n, line) for n, line in enumerate(edited.splitlines(), 1) if ESCAPE in line)
    column = line.index(ESCAPE) + 3  # 1-based, after the opening quote and the 'x'
    messages = [str(p) for p in load_library([path]).problems]
    assert messages == [f"{path}:{line_number}:{column}: {location}: contains an escape character (U+001B, starts "
                        "terminal escape sequences); control characters, escape sequences and bidi controls are not "
                        "allowed in bank text"]
