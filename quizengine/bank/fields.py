"""Field types of the bank models: safe, length-limited text and finite numbers.

Every text field refuses control characters, escape sequences and bidi controls (see text_safety), and has a
length limit far above what real questions need (docs/bank-format.md lists them), so a hostile file cannot
smuggle terminal escapes or make the app render megabytes. The text checks are pydantic `pattern`
constraints, run in Rust: cheap enough for every string of a 10,000-question bank.
"""

from __future__ import annotations

import math
from typing import Annotated

from pydantic import BeforeValidator, Field

from quizengine.bank.text_safety import INVISIBLE_BMP_CLASS, UNSAFE_CLASS

# Length limits, in characters (the largest shipped values are about 5% of each).
MAX_LONG_TEXT = 20_000  # stem, explanation
MAX_DESCRIPTION = 5_000  # bank, area, topic and resource descriptions, role rationale
MAX_OPTION = 2_000  # option text and feedback, accepted answers, references and URLs
MAX_PATTERN = 1_000
MAX_TITLE = 200  # titles, authors, licence
MAX_LABEL = 100  # tags, units
MAX_VERSION = 50

# Both match the whole text; VISIBLE_TEXT also needs one character that is neither space nor invisible.
SAFE_TEXT = f"^[^{UNSAFE_CLASS}]*$"
VISIBLE_TEXT = f"^[^{UNSAFE_CLASS}]*[^{UNSAFE_CLASS}{INVISIBLE_BMP_CLASS}\\s][^{UNSAFE_CLASS}]*$"


def _safe(max_length: int) -> object:
    return Field(max_length=max_length, pattern=SAFE_TEXT)


def _visible(max_length: int) -> object:
    return Field(min_length=1, max_length=max_length, pattern=VISIBLE_TEXT)


LongText = Annotated[str, _visible(MAX_LONG_TEXT)]
Description = Annotated[str, _visible(MAX_DESCRIPTION)]
OptionalDescription = Annotated[str, _safe(MAX_DESCRIPTION)]
OptionText = Annotated[str, _visible(MAX_OPTION)]
OptionalOptionText = Annotated[str, _safe(MAX_OPTION)]
Title = Annotated[str, _visible(MAX_TITLE)]
Label = Annotated[str, _safe(MAX_LABEL)]
PatternText = Annotated[str, _visible(MAX_PATTERN)]


def _not_bool(value: object) -> object:
    # YAML reads `true` as a boolean and pydantic would take it as 1; in a number field it is a mistake.
    if isinstance(value, bool):
        raise ValueError(f"expected a number, got {str(value).lower()}")
    return value


def _finite_number(value: object) -> object:
    _not_bool(value)
    if isinstance(value, int):
        try:
            float(value)
        except OverflowError:
            raise ValueError("number is too large") from None
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"expected a finite number, got {value}")
    return value


Integer = Annotated[int, BeforeValidator(_not_bool)]
Number = Annotated[float, BeforeValidator(_finite_number), Field(allow_inf_nan=False)]
