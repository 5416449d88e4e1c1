"""A library whose text carries everything a hostile bank could smuggle to a terminal, past the validator: used
by the Pilot tests and by the real-terminal (pty) test, which runs `python -m tests.tui.hostile <db file>`."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

from quizengine.bank.library import Library
from quizengine.bank.loader import load_library
from quizengine.bank.models import ChoiceQuestion
from quizengine.services.context import ServiceContext
from quizengine.store.database import make_engine, session_factory, upgrade
from quizengine.tui.app import QuizApp
from tests.conftest import MINI_BANK

# Colour, an OSC 52 clipboard write, an OSC 8 link, a window title, a C1 CSI and a right-to-left override.
HOSTILE = ("RED\x1b[31mALERT CLIP\x1b]52;c;SGVsbG8=\x07 LINK\x1b]8;;http://evil.example\x1b\\here\x1b]8;;\x1b\\ "
           "TITLE\x1b]0;owned\x07 CSI\x9b2J RTL\u202eGNP.exe")
RAW_MARKERS = ("\x1b[31mALERT", "\x1b]52", "\x1b]8;;http://evil", "\x1b]0;owned", "\x9b", "\u202e")
# Raw HTML and Markdown that a renderer might swallow: each must be shown as written.
HTML_STEM = "List<int> stays and Dict<str, int> too"
HTML_EXPLANATION = ("Returns Dict<str, int> here\n\nline<br>break and a <b> c\n\n<script>alert(1)</script>\n\n"
                    "[hidden]: http://x.example/ref\n\n*emphasis* and `code<T>`")
CLICK_ME = "[click me](app.quit) or [this](javascript:alert(1))"


def hostile_library() -> Library:
    """The mini bank with hostile text in stems, options, whys, explanations, area and topic titles and
    descriptions, resource titles and URLs and role titles."""
    clean = load_library([MINI_BANK]).library
    library = Library(question_sources=dict(clean.question_sources), content_hashes=list(clean.content_hashes))
    for area_id, area in clean.areas.items():
        topics = [topic.model_copy(update={"title": f"{topic.title} {HOSTILE}", "description": f"TD {HOSTILE}"})
                  for topic in area.topics]
        library.areas[area_id] = area.model_copy(
            update={"title": f"{area.title} {HOSTILE}", "description": f"AD {HOSTILE}", "topics": topics})
        library.topics.update((topic.id, (area_id, topic)) for topic in topics)
    for resource_id, resource in clean.resources.items():
        library.resources[resource_id] = resource.model_copy(
            update={"title": f"{resource.title} {HOSTILE}", "url": f"{resource.url}?{HOSTILE}"})
    for role_id, role in clean.roles.items():
        library.roles[role_id] = role.model_copy(update={"title": f"{role.title} {HOSTILE}"})
    for bank in clean.banks:
        questions = []
        for question in bank.questions:
            update: dict[str, object] = {"stem": f"Q {HOSTILE}\n\n{HTML_STEM}\n\n{CLICK_ME}",
                                         "explanation": f"E {HOSTILE}\n\n{HTML_EXPLANATION}"}
            if isinstance(question, ChoiceQuestion):
                update["options"] = [o.model_copy(update={"text": f"{o.text} {HOSTILE}", "why": f"W {HOSTILE}"})
                                     for o in question.options]
            questions.append(question.model_copy(update=update))
        library.add_bank(dataclasses.replace(bank, questions=questions))
    return library


def hostile_context(db_file: Path) -> ServiceContext:
    engine = make_engine(f"sqlite:///{db_file}")
    upgrade(engine)
    return ServiceContext(hostile_library(), engine, session_factory(engine))


if __name__ == "__main__":
    context = hostile_context(Path(sys.argv[1]))
    try:
        QuizApp(context).run()
    finally:
        context.close()
