"""The calibration file beside the banks: item parameters estimated from stored answers (`bank calibrate`).

JSON, not YAML, on purpose: every .yaml file in the bank folder is read as a bank, and JSON needs no unsafe
loader. The author's bank files are never rewritten; the engine prefers an item's calibrated values here only
once the item has enough answers (its `status`). Validated with pydantic; problems are one line naming the
file and the field.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from quizengine.engine.items import MAX_GUESSING

CALIBRATION_FILE_NAME = "calibration.json"
FORMAT_VERSION = 1
# An item is "calibrated" (a and b from its answers), "b_only" (b from its answers, a kept at the seed) or
# "provisional" (too few answers: the engine keeps the label's parameters).
Status = Literal["calibrated", "b_only", "provisional"]
STATUSES: tuple[Status, ...] = ("calibrated", "b_only", "provisional")

Finite = Annotated[float, Field(allow_inf_nan=False)]


class CalibrationFileError(Exception):
    """A calibration file that cannot be read or fails validation; str() is one line naming file and field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CalibratedItem(_Strict):
    a: Finite = Field(gt=0)
    b: Finite = Field(ge=-10, le=10)
    c: Finite = Field(ge=0, le=MAX_GUESSING)
    se_a: Finite | None = Field(default=None, ge=0)  # None: a was not estimated (kept at the seed)
    se_b: Finite = Field(ge=0)
    n_responses: int = Field(ge=0)
    status: Status
    # The question's content hash when it was calibrated: an edited question goes back to its label values.
    question_hash: str = Field(min_length=1, max_length=64)


class Thresholds(_Strict):
    min_b: int = Field(ge=1)
    min_a: int = Field(ge=1)

    @model_validator(mode="after")
    def _a_needs_more(self) -> Thresholds:
        if self.min_a < self.min_b:
            raise ValueError("min_a must be at least min_b (a needs more answers than b)")
        return self


class CalibrationFile(_Strict):
    format: Literal[1] = 1  # FORMAT_VERSION
    created: datetime
    bank_fingerprint: str = Field(min_length=1, max_length=64)
    model: str = Field(max_length=200)
    learners: int = Field(ge=0)
    responses: int = Field(ge=0)
    iterations: int = Field(ge=0)
    converged: bool
    thresholds: Thresholds
    # Estimated guessing floor per group of items sharing it ("single_choice/4"); empty when c was kept fixed.
    guessing: dict[str, Annotated[float, Field(ge=0, le=MAX_GUESSING, allow_inf_nan=False)]] = Field(
        default_factory=dict)
    areas: list[str]
    area_correlation: list[list[Finite]]
    items: dict[str, CalibratedItem]

    @field_validator("area_correlation")
    @classmethod
    def _entries_in_range(cls, rows: list[list[float]]) -> list[list[float]]:
        if any(abs(value) > 1.0 for row in rows for value in row):
            raise ValueError("correlations must lie in [-1, 1]")
        return rows

    @model_validator(mode="after")
    def _correlation_matches_areas(self) -> CalibrationFile:
        size = len(self.areas)
        rows = self.area_correlation
        if len(rows) != size or any(len(row) != size for row in rows):
            raise ValueError(f"area_correlation must be {size} x {size}, one row and column per area")
        for i in range(size):
            if not math.isclose(rows[i][i], 1.0, abs_tol=1e-6):
                raise ValueError(f"area_correlation[{i}][{i}] must be 1")
            for j in range(i):
                if not math.isclose(rows[i][j], rows[j][i], abs_tol=1e-6):
                    raise ValueError(f"area_correlation must be symmetric ([{i}][{j}] != [{j}][{i}])")
        return self

    def mean_correlation(self, areas: Sequence[str]) -> float | None:
        """The average estimated correlation between pairs of these areas (None: fewer than two estimated)."""
        index = {area: i for i, area in enumerate(self.areas)}
        known = [index[a] for a in areas if a in index]
        pairs = [self.area_correlation[i][j] for n, i in enumerate(known) for j in known[n + 1:]]
        return sum(pairs) / len(pairs) if pairs else None

    def correlation(self, first: str, second: str) -> float | None:
        """The estimated correlation between two areas (None: either was not in the calibration)."""
        if first not in self.areas or second not in self.areas:
            return None
        i, j = self.areas.index(first), self.areas.index(second)
        return (self.area_correlation[i][j] + self.area_correlation[j][i]) / 2

    def status_of(self, question_id: str) -> Status:
        item = self.items.get(question_id)
        return item.status if item else "provisional"


def calibration_path(bank_paths: Mapping[int, Path] | list[Path] | tuple[Path, ...]) -> Path:
    """Where the calibration file of these banks lives: in the first bank folder (or beside the first file)."""
    paths = list(bank_paths.values()) if isinstance(bank_paths, Mapping) else list(bank_paths)
    if not paths:
        raise ValueError("no bank paths")
    first = paths[0]
    return (first if first.is_dir() else first.parent) / CALIBRATION_FILE_NAME


def _field_of(location: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in location) or "(top level)"


def read_calibration(path: Path) -> CalibrationFile:
    """The validated file; CalibrationFileError (one line: file, field, reason) if unreadable or invalid."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CalibrationFileError(f"{path}: cannot read the calibration file: {error}") from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise CalibrationFileError(f"{path}:{error.lineno}:{error.colno}: not valid JSON: {error.msg}") from None
    try:
        return CalibrationFile.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        more = error.error_count() - 1
        extra = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        message = first["msg"].replace("\n", " ")
        raise CalibrationFileError(f"{path}: field {_field_of(first['loc'])}: {message}{extra}") from None


def write_calibration(path: Path, calibration: CalibrationFile) -> None:
    """Write atomically (a temp file renamed over the old one), so a reader never sees half a file."""
    text = json.dumps(calibration.model_dump(mode="json"), indent=1, sort_keys=False) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".calibration-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
