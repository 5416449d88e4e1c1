"""Helpers for driving the app headless."""

from __future__ import annotations

import html
import re

from textual.pilot import Pilot

from quizengine.tui.app import QuizApp


async def settle(pilot: Pilot[None]) -> None:
    """Let thread workers finish and their results reach the screen."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


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
