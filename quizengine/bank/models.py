"""Pydantic models of the bank format: taxonomy, questions, resources and role profiles.

The models are the single source of truth for the format: the loader validates against them and
`quizengine bank schema` exports their JSON Schema for editors.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Identifier = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.\-]*$", min_length=1, max_length=120)]
NonEmptyText = Annotated[str, Field(min_length=1)]
Difficulty = Annotated[int, Field(ge=1, le=5, description="1 = beginner ... 5 = expert")]
Level = Annotated[int, Field(ge=0, le=5, description="0 = not required, 1 = novice ... 5 = expert")]


class Strict(BaseModel):
    """Base: unknown keys are errors (they are almost always typos) and strings are stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


# --- taxonomy -------------------------------------------------------------------------------------


class Topic(Strict):
    id: Identifier
    title: NonEmptyText
    description: NonEmptyText


class Area(Strict):
    id: Identifier
    title: NonEmptyText
    description: NonEmptyText
    topics: list[Topic] = Field(min_length=1)


class TaxonomyFile(Strict):
    taxonomy: list[Area] = Field(min_length=1)


# --- resources and roles --------------------------------------------------------------------------

ResourceKind = Literal["course", "book", "docs", "video", "practice", "certification", "article"]


class Resource(Strict):
    id: Identifier
    title: NonEmptyText
    url: Annotated[str, Field(pattern=r"^https?://\S+$")]
    kind: ResourceKind
    level: Difficulty
    free: bool
    hours: Annotated[float, Field(gt=0, le=1000)]
    areas: list[Identifier] = Field(min_length=1)
    topics: list[Identifier] = Field(default_factory=list)
    description: str = ""


class ResourcesFile(Strict):
    resources: list[Resource] = Field(min_length=1)


class Role(Strict):
    id: Identifier
    title: NonEmptyText
    rationale: NonEmptyText
    levels: dict[Identifier, Level] = Field(min_length=1)


class RolesFile(Strict):
    roles: list[Role] = Field(min_length=1)


# --- questions ------------------------------------------------------------------------------------


class Option(Strict):
    text: NonEmptyText
    correct: bool = False
    why: str = Field(default="", description="Feedback shown when this option is chosen.")


def _coerce_option(value: object) -> object:
    # A bare string is shorthand for an option whose correctness comes from `answer`.
    return {"text": value} if isinstance(value, str) else value


class QuestionBase(Strict):
    id: Identifier
    area: Identifier | None = Field(default=None, description="Defaults to the bank's area.")
    topic: Identifier
    difficulty: Difficulty
    a: Annotated[float, Field(gt=0, le=4)] | None = Field(default=None, description="IRT discrimination")
    b: Annotated[float, Field(ge=-5, le=5)] | None = Field(default=None, description="IRT difficulty")
    c: Annotated[float, Field(ge=0, lt=0.5)] | None = Field(default=None, description="IRT guessing floor")
    stem: NonEmptyText
    explanation: NonEmptyText
    references: list[NonEmptyText] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    expires: dt.date | None = None


class ChoiceQuestion(QuestionBase):
    options: list[Option] = Field(min_length=2, max_length=8)
    shuffle: bool = Field(default=True, description="Shuffle options when served.")

    @field_validator("options", mode="before")
    @classmethod
    def _options_shorthand(cls, value: object) -> object:
        return [_coerce_option(v) for v in value] if isinstance(value, list) else value

    @field_validator("options")
    @classmethod
    def _distinct_options(cls, options: list[Option]) -> list[Option]:
        seen: set[str] = set()
        for option in options:
            key = " ".join(option.text.split()).casefold()
            if key in seen:
                raise ValueError(f"option {option.text!r} appears twice")
            seen.add(key)
        return options

    @property
    def correct_indices(self) -> list[int]:
        return [i for i, option in enumerate(self.options) if option.correct]

    def _apply_answer(self, answers: list[str]) -> None:
        texts = [option.text for option in self.options]
        for answer in answers:
            if answer not in texts:
                raise ValueError(f"answer {answer!r} is not among the options")
        marked = [
            option.model_copy(update={"correct": option.correct or option.text in answers})
            for option in self.options
        ]
        object.__setattr__(self, "options", marked)


class SingleChoice(ChoiceQuestion):
    type: Literal["single_choice"]
    answer: str | None = Field(default=None, description="Text of the correct option (or mark it correct).")

    @model_validator(mode="after")
    def _exactly_one(self) -> SingleChoice:
        if self.answer is not None:
            self._apply_answer([self.answer])
        count = len(self.correct_indices)
        if count != 1:
            raise ValueError(f"single_choice needs exactly one correct option, found {count}")
        return self


class MultipleChoice(ChoiceQuestion):
    type: Literal["multiple_choice"]
    answer: list[str] | None = Field(default=None, description="Texts of the correct options.")

    @model_validator(mode="after")
    def _some_correct(self) -> MultipleChoice:
        if self.answer is not None:
            self._apply_answer(self.answer)
        count = len(self.correct_indices)
        if count < 1 or count == len(self.options):
            raise ValueError("multiple_choice needs at least one correct and one incorrect option")
        return self


class TrueFalse(QuestionBase):
    type: Literal["true_false"]
    answer: bool


class NumericAnswer(Strict):
    value: float | None = None
    tolerance: Annotated[float, Field(ge=0)] = 0.0
    relative_tolerance: Annotated[float, Field(ge=0, lt=1)] = 0.0
    min: float | None = None
    max: float | None = None

    @model_validator(mode="after")
    def _value_or_range(self) -> NumericAnswer:
        has_range = self.min is not None or self.max is not None
        if (self.value is None) == (not has_range):
            raise ValueError("give either 'value' (with a tolerance) or a 'min'/'max' range")
        if has_range and (self.min is None or self.max is None or self.min > self.max):
            raise ValueError("a range needs both 'min' and 'max', with min <= max")
        return self

    def accepts(self, number: float) -> bool:
        if self.value is None:
            assert self.min is not None and self.max is not None
            return self.min <= number <= self.max
        allowed = max(self.tolerance, abs(self.value) * self.relative_tolerance, 1e-9)
        return abs(number - self.value) <= allowed

    def describe(self) -> str:
        def show(number: float) -> str:
            return format(number, ",.10g")  # 16,777,216 rather than 1.67772e+07

        if self.value is None:
            assert self.min is not None and self.max is not None
            return f"between {show(self.min)} and {show(self.max)}"
        if self.tolerance:
            return f"{show(self.value)} (± {show(self.tolerance)})"
        if self.relative_tolerance:
            return f"{show(self.value)} (± {self.relative_tolerance:.0%})"
        return show(self.value)


class Numeric(QuestionBase):
    type: Literal["numeric"]
    answer: NumericAnswer
    unit: str = ""


class ShortText(QuestionBase):
    type: Literal["short_text"]
    accepted: list[NonEmptyText] = Field(default_factory=list)
    pattern: str | None = Field(default=None, description="Regular expression matched against the whole answer.")
    case_sensitive: bool = False

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, pattern: str | None) -> str | None:
        if pattern is not None:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"pattern is not a valid regular expression: {exc}") from None
        return pattern

    @model_validator(mode="after")
    def _something_accepted(self) -> ShortText:
        if not self.accepted and self.pattern is None:
            raise ValueError("short_text needs 'accepted' answers or a 'pattern'")
        return self


Question = Annotated[
    SingleChoice | MultipleChoice | TrueFalse | Numeric | ShortText, Field(discriminator="type")
]
QUESTION_TYPES: tuple[str, ...] = ("single_choice", "multiple_choice", "true_false", "numeric", "short_text")


class BankInfo(Strict):
    id: Identifier
    title: NonEmptyText
    version: Annotated[str, Field(min_length=1)]
    area: Identifier
    authors: list[NonEmptyText] = Field(min_length=1)
    license: NonEmptyText
    description: str = ""

    @field_validator("version", mode="before")
    @classmethod
    def _version_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int | float) else value


class BankFile(Strict):
    bank: BankInfo
    questions: list[Question] = Field(min_length=1)


AnyQuestion = SingleChoice | MultipleChoice | TrueFalse | Numeric | ShortText
