"""Resolve a question's references (catalogue ids or URLs) to titles and links."""

from __future__ import annotations

from urllib.parse import urlparse

from quizengine.bank.library import Library
from quizengine.services.views import ReferenceView


def resolve_references(library: Library, references: list[str]) -> list[ReferenceView]:
    views = []
    for reference in references:
        resource = library.resources.get(reference)
        if resource is not None:
            views.append(ReferenceView(resource.title, resource.url))
        else:
            host = urlparse(reference).netloc or reference
            views.append(ReferenceView(host, reference))
    return views
