"""Pydantic models of the bank format: taxonomy, questions, resources and role profiles.

The models are the single source of truth for the format: the loader validates against them and
`quizengine bank schema` exports their JSON Schema for editors.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from quizengine.bank.fields import (
    MAX_OPTION,
    MAX_VERSION,
    SAFE_TEXT,
    Description,
    Integer,
    Label,
    LongText,
    Number,
    OptionalDescription,
    OptionalOptionText,
    OptionText,
    PatternText,
    Title,
)
from quizengine.bank.patterns import PatternError, compile_pattern
from quizengine.bank.text_safety import strip_invisible

Identifier = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.\-]*$", min_length=1, max_length=120)]
Difficulty = Annotated[Integer, Field(ge=1, le=5, description="1 = beginner ... 5 = expert")]
Level = Annotated[Integer, Field(ge=0, le=5, description="0 = not required, 1 = novice ... 5 = expert")]


class Strict(BaseModel):
    """Base: unknown keys are errors (they are almost always typos) and strings are stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


# --- taxonomy -------------------------------------------------------------------------------------


class Topic(Strict):
    id: Identifier
    title: Title
    description: Description


class Area(Strict):
    id: Identifier
    title: Title
    description: Description
    topics: list[Topic] = Field(min_length=1)


class TaxonomyFile(Strict):
    taxonomy: list[Area] = Field(min_length=1)


# --- resources and roles --------------------------------------------------------------------------

ResourceKind = Literal["course", "book", "docs", "video", "practice", "certification", "article"]
# A retired or closed offering stays in the catalogue, for reference, but is never recommended.
ResourceStatus = Literal["active", "retired", "closed"]


class Resource(Strict):
    id: Identifier
    title: Title
    url: Annotated[str, Field(pattern=r"^https?://[^\s\x00-\x1f\x7f-\x9f]+$", max_length=MAX_OPTION)]
    kind: ResourceKind
    level: Difficulty
    free: bool
    hours: Annotated[Number, Field(gt=0, le=1000)]
    areas: list[Identifier] = Field(min_length=1)
    topics: list[Identifier] = Field(default_factory=list)
    description: OptionalDescription = ""
    status: ResourceStatus = Field(default="active", description="retired or closed ones are never recommended")
    status_note: OptionalDescription = Field(default="", description="Why and since when it is retired or closed.")


class ResourcesFile(Strict):
    resources: list[Resource] = Field(min_length=1)


class Role(Strict):
    id: Identifier
    title: Title
    rationale: Description
    levels: dict[Identifier, Level] = Field(min_length=1)


class RolesFile(Strict):
    roles: list[Role] = Field(min_length=1)


# --- questions ------------------------------------------------------------------------------------


class Option(Strict):
    text: OptionText
    correct: bool = False
    why: OptionalOptionText = Field(default="", description="Feedback shown when this option is chosen.")


def _short(text: str, limit: int = 40) -> str:
    shown = repr(text[:limit])
    return shown if len(text) <= limit else shown[:-1] + "..." + shown[-1]


def _looks_like(text: str) -> str:
    """What a reader sees: no invisible characters, compatibility forms folded (full-width A is A), spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", strip_invisible(text)).split())


def _difference(first: str, second: str) -> str:
    reasons = []
    if strip_invisible(first) != first or strip_invisible(second) != second:
        reasons.append("invisible characters")
    first, second = (unicodedata.normalize("NFC", strip_invisible(text)) for text in (first, second))
    if first != second:
        same_words = " ".join(first.split()) == " ".join(second.split())
        reasons.append("spacing" if same_words else "look-alike characters (full-width or other compatibility forms)")
    return " and ".join(reasons)


def _coerce_option(value: object) -> object:
    # A bare string is shorthand for an option whose correctness comes from `answer`.
    return {"text": value} if isinstance(value, str) else value


class QuestionBase(Strict):
    id: Identifier
    area: Identifier | None = Field(default=None, description="Defaults to the bank's area.")
    topic: Identifier
    difficulty: Difficulty
    a: Annotated[Number, Field(gt=0, le=4)] | None = Field(default=None, description="IRT discrimination")
    b: Annotated[Number, Field(ge=-5, le=5)] | None = Field(default=None, description="IRT difficulty")
    c: Annotated[Number, Field(ge=0, le=0.5)] | None = Field(default=None, description="IRT guessing floor")
    stem: LongText
    explanation: LongText
    references: list[OptionText] = Field(default_factory=list)
    tags: list[Label] = Field(default_factory=list)
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
        exact: dict[str, int] = {}  # NFC text -> option number
        alike: dict[str, int] = {}  # what the text looks like -> option number
        for number, option in enumerate(options, start=1):
            text = unicodedata.normalize("NFC", option.text)
            if text in exact:
                raise ValueError(f"option {_short(option.text)} appears twice (options {exact[text]} and {number})")
            look = _looks_like(text)
            if look in alike:
                first = alike[look]
                raise ValueError(f"options {first} and {number} look identical: they differ only in "
                                 f"{_difference(options[first - 1].text, option.text)}")
            exact[text] = alike[look] = number
        return options

    @property
    def correct_indices(self) -> list[int]:
        return [i for i, option in enumerate(self.options) if option.correct]

    def _apply_answer(self, answers: list[str]) -> None:
        texts = [unicodedata.normalize("NFC", option.text) for option in self.options]
        wanted = {unicodedata.normalize("NFC", answer) for answer in answers}
        for answer in answers:
            if unicodedata.normalize("NFC", answer) not in texts:
                raise ValueError(f"answer {_short(answer)} is not among the options")
        marked = [
            option.model_copy(update={"correct": option.correct or text in wanted})
            for option, text in zip(self.options, texts, strict=True)
        ]
        object.__setattr__(self, "options", marked)


class SingleChoice(ChoiceQuestion):
    type: Literal["single_choice"]
    answer: OptionText | None = Field(default=None, description="Text of the correct option (or mark it correct).")

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
    answer: list[OptionText] | None = Field(default=None, description="Texts of the correct options.")

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
    value: Number | None = None
    tolerance: Annotated[Number, Field(ge=0)] = 0.0
    relative_tolerance: Annotated[Number, Field(ge=0, lt=1)] = 0.0
    min: Number | None = None
    max: Number | None = None

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
    unit: Label = ""


class ShortText(QuestionBase):
    type: Literal["short_text"]
    accepted: list[OptionText] = Field(default_factory=list)
    pattern: PatternText | None = Field(
        default=None, description="RE2 regular expression matched against the whole answer, in linear time.")
    case_sensitive: bool = False

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, pattern: str | None) -> str | None:
        if pattern is not None:
            try:
                compile_pattern(pattern)
            except PatternError as exc:
                raise ValueError(str(exc)) from None
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
    title: Title
    version: Annotated[str, Field(min_length=1, max_length=MAX_VERSION, pattern=SAFE_TEXT)] = Field(
        description='Quote it ("1.10"): the loader keeps the written text of an unquoted number too.')
    area: Identifier
    authors: list[Title] = Field(min_length=1)
    license: Title
    description: OptionalDescription = ""

    @field_validator("version", mode="before")
    @classmethod
    def _version_text(cls, value: object) -> object:
        if isinstance(value, bool):
            raise ValueError(f"expected a version such as \"1.0\", got {str(value).lower()}")
        return str(value) if isinstance(value, int | float) else value


class BankFile(Strict):
    bank: BankInfo
    questions: list[Question] = Field(min_length=1)


AnyQuestion = SingleChoice | MultipleChoice | TrueFalse | Numeric | ShortText
