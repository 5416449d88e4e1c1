"""Helpers for driving the app headless."""

from __future__ import annotations

import html
import re
import time
from collections.abc import Callable

from textual.pilot import Pilot

from quizengine.tui.app import QuizApp


async def settle(pilot: Pilot[None]) -> None:
    """Let thread workers finish and their results reach the screen."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def settle_until(pilot: Pilot[None], ready: Callable[[], bool], timeout: float = 10.0) -> None:
    """Settle until `ready()` holds, then once more: on a loaded CI machine a worker's result can land after the
    first settle, and a snapshot taken then captures a half-updated screen."""
    deadline = time.monotonic() + timeout
    await settle(pilot)
    while not ready():
        assert time.monotonic() < deadline, "the screen never finished loading"
        await pilot.pause(0.05)
        await settle(pilot)
    await pilot.pause(0.1)  # let the footer's bindings and focus styles catch up with the last update
    await settle(pilot)


def screen_text(app: QuizApp) -> str:
    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


async def create_profile(pilot: Pilot[None], name: str = "Ada") -> None:
    await settle(pilot)
    await pilot.click("#name")
    await pilot.press(*name)
    await pilot.press("enter")  # on to the target role, which stays optional
    await pilot.click("#create")
    await settle(pilot)


async def start_practice(pilot: Pilot[None], name: str = "Ada") -> None:
    """Create a profile, then practise the first area in the picker."""
    await create_profile(pilot, name)
    await pilot.press("p")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
