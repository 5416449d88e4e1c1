"""The loaded library: taxonomy, resources, roles and questions from one or more bank files."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from quizengine.bank.models import AnyQuestion, Area, BankInfo, Resource, Role, Topic


@dataclass(frozen=True)
class SourceRef:
    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass
class LoadedBank:
    path: str
    info: BankInfo
    questions: list[AnyQuestion]


@dataclass
class Library:
    areas: dict[str, Area] = field(default_factory=dict)
    topics: dict[str, tuple[str, Topic]] = field(default_factory=dict)  # topic id -> (area id, topic)
    resources: dict[str, Resource] = field(default_factory=dict)
    roles: dict[str, Role] = field(default_factory=dict)
    banks: list[LoadedBank] = field(default_factory=list)
    question_sources: dict[str, SourceRef] = field(default_factory=dict)
    content_hashes: list[str] = field(default_factory=list)
    _by_id: dict[str, AnyQuestion] = field(default_factory=dict, repr=False)

    @property
    def questions(self) -> list[AnyQuestion]:
        return [q for bank in self.banks for q in bank.questions]

    def add_bank(self, bank: LoadedBank) -> None:
        self.banks.append(bank)
        self._by_id.update((question.id, question) for question in bank.questions)

    def question(self, question_id: str) -> AnyQuestion:
        return self._by_id[question_id]

    def area_title(self, area_id: str) -> str:
        area = self.areas.get(area_id)
        return area.title if area else area_id

    def topic_title(self, topic_id: str) -> str:
        entry = self.topics.get(topic_id)
        return entry[1].title if entry else topic_id

    @property
    def fingerprint(self) -> str:
        """Identifies the exact bank content an attempt was taken on."""
        digest = hashlib.sha256()
        for content_hash in sorted(self.content_hashes):
            digest.update(content_hash.encode())
        return digest.hexdigest()[:16]


def question_hash(question: AnyQuestion) -> str:
    """Hash of a question's content as served, so history can tell when a question changed."""
    payload = question.model_dump_json(exclude={"tags", "references", "expires"})
    return hashlib.sha256(payload.encode()).hexdigest()[:16]
