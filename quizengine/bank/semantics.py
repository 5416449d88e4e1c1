"""Checks that need more than one file: areas and topics exist, references resolve, roles name real areas."""

from __future__ import annotations

from quizengine.bank.library import Library
from quizengine.bank.problems import Problem
from quizengine.bank.yaml_source import YamlDocument


def _is_url(reference: str) -> bool:
    return reference.startswith(("http://", "https://"))


def check_library(library: Library, documents: list[tuple[YamlDocument, str]]) -> list[Problem]:
    problems: list[Problem] = []
    by_path = {document.path: document for document, _ in documents}

    def report(path: str, loc: tuple[str | int, ...], message: str) -> None:
        document = by_path.get(path)
        if document is None:
            problems.append(Problem(path, 1, 1, "", message))
            return
        position = document.locate(loc)
        problems.append(Problem(path, position.line, position.column, position.location, message))

    for bank in library.banks:
        if bank.info.area not in library.areas:
            report(bank.path, ("bank", "area"), f"unknown area '{bank.info.area}'")
        raw = by_path[bank.path].data.get("questions", [])
        index_of = {item.get("id"): i for i, item in enumerate(raw) if isinstance(item, dict)}
        for question in bank.questions:
            index = index_of.get(question.id, 0)
            if question.area not in library.areas:
                report(bank.path, ("questions", index, "area"), f"unknown area '{question.area}'")
            else:
                owner = library.topics.get(question.topic)
                if owner is None or owner[0] != question.area:
                    known = ", ".join(t.id for t in library.areas[question.area].topics)
                    report(bank.path, ("questions", index, "topic"),
                           f"unknown topic '{question.topic}' for area '{question.area}' (known: {known})")
            for ref_index, reference in enumerate(question.references):
                if not _is_url(reference) and reference not in library.resources:
                    report(bank.path, ("questions", index, "references", ref_index),
                           f"unknown resource '{reference}' (not in the resources catalogue and not a URL)")

    resource_docs = [doc for doc, kind in documents if kind == "resources"]
    for document in resource_docs:
        for index, item in enumerate(document.data.get("resources") or []):
            if not isinstance(item, dict):
                continue
            for area_index, area in enumerate(item.get("areas") or []):
                if area not in library.areas:
                    report(document.path, ("resources", index, "areas", area_index), f"unknown area '{area}'")
            for topic_index, topic in enumerate(item.get("topics") or []):
                if topic not in library.topics:
                    report(document.path, ("resources", index, "topics", topic_index), f"unknown topic '{topic}'")

    for document in (doc for doc, kind in documents if kind == "roles"):
        for index, item in enumerate(document.data.get("roles") or []):
            if not isinstance(item, dict):
                continue
            for area in item.get("levels") or {}:
                if area not in library.areas:
                    report(document.path, ("roles", index, "levels", area), f"unknown area '{area}'")
    return problems
