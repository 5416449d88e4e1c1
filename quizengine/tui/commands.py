"""The command palette's app commands (Ctrl+P): everything the home screen offers, from any screen."""

from __future__ import annotations

from collections.abc import Callable

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.message import Message

from quizengine.tui.messages import Navigate, StartAttempt

COMMANDS: list[tuple[str, str, Callable[[], Message]]] = [
    ("Start a quick assessment", "All areas, about 8 questions each", lambda: StartAttempt("quick")),
    ("Start a thorough assessment", "All areas, up to 20 questions each", lambda: StartAttempt("thorough")),
    ("Focus on one area", "Up to 20 questions in an area you choose", lambda: StartAttempt("focus")),
    ("Practice one area", "10 questions in an area you choose, no stopping rule", lambda: StartAttempt("practice")),
    ("Review due cards", "Missed questions, spaced by FSRS: due ones first", lambda: Navigate("review")),
    ("Weak areas", "Gaps to your target, missed topics, drills, study plan", lambda: Navigate("weak-areas")),
    ("Progress over time", "Each area's estimate across attempts, retention, export", lambda: Navigate("progress")),
    ("Past attempts", "Every attempt: reopen its results or resume it", lambda: Navigate("history")),
    ("Question banks", "Areas, topics and question counts", lambda: Navigate("banks")),
    ("Settings", "Target role, feedback, confidence step, theme", lambda: Navigate("settings")),
    ("Home", "Your levels per area (answers are saved)", lambda: Navigate("home")),
    ("Help: keys of this screen", "Every key, including the answer keys", lambda: Navigate("help")),
]


class AppCommands(Provider):
    """Posts the same messages the screens post, so the app navigates exactly as from the home screen."""

    def _run(self, make: Callable[[], Message]) -> Callable[[], None]:
        def run() -> None:
            self.app.post_message(make())

        return run

    async def discover(self) -> Hits:
        for name, help_text, make in COMMANDS:
            yield DiscoveryHit(name, self._run(make), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, make in COMMANDS:
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), self._run(make), text=name, help=help_text)
