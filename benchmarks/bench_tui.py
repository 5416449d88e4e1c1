"""App responsiveness, headless: process start to the first question, and keypress to the next screen.

Compared with the bare `import textual` time on the same machine (the floor for any Textual app).
Run: python benchmarks/bench_tui.py
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 5
ANSWERS = 30
CHILD = r"""
import asyncio, sys
from quizengine.services.context import ServiceContext
from quizengine.services.learners import LearnerService
from quizengine.tui.app import QuizApp
from quizengine.tui.screens.question import QuestionScreen

async def main():
    context = ServiceContext.open(sys.argv[1])
    if not LearnerService(context).list():
        LearnerService(context).create("Bench", "ml-engineer")
    app = QuizApp(context)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("enter")           # pick the profile
        while not type(app.screen).__name__ == "HomeScreen":
            await asyncio.sleep(0.001)
        await pilot.press("a")               # full quick assessment
        while not (isinstance(app.screen, QuestionScreen) and app.screen.view is not None):
            await asyncio.sleep(0.001)
        await pilot.pause()
        print("FIRST-QUESTION-SHOWN", flush=True)
asyncio.run(main())
"""


def median_seconds(command: list[str], marker: str | None = None, runs: int = RUNS) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        assert process.stdout is not None
        if marker:
            for line in process.stdout:
                if marker in line:
                    break
        else:
            process.wait(timeout=60)
        elapsed = time.perf_counter() - started
        process.wait(timeout=60)
        timings.append(elapsed)
    return statistics.median(timings)


async def keypress_latencies(db_url: str) -> tuple[list[float], list[float], list[float]]:
    from quizengine.services.context import ServiceContext
    from quizengine.tui.app import QuizApp
    from quizengine.tui.screens.feedback import FeedbackScreen
    from quizengine.tui.screens.question import QuestionScreen

    context = ServiceContext.open(db_url)
    app = QuizApp(context)
    to_feedback: list[float] = []
    to_next: list[float] = []
    no_op: list[float] = []
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("enter")
        await pilot.pause(0.2)
        await pilot.press("a")
        while not (isinstance(app.screen, QuestionScreen) and app.screen.view is not None):
            await asyncio.sleep(0.001)
        for _ in range(ANSWERS):
            started = time.perf_counter()
            await pilot.press("z")  # a key with no binding: what Pilot itself costs per keypress
            await pilot.pause()
            no_op.append(time.perf_counter() - started)
        for _ in range(ANSWERS):
            screen = app.screen
            assert isinstance(screen, QuestionScreen)
            started = time.perf_counter()
            await pilot.press("f3")  # "I don't know": same path as any answer (grade, store, commit)
            while not isinstance(app.screen, FeedbackScreen):
                await asyncio.sleep(0.0005)
            await pilot.pause()
            to_feedback.append(time.perf_counter() - started)
            previous = screen.view
            started = time.perf_counter()
            await pilot.press("enter")
            while app.screen is not screen or screen.view is previous:
                await asyncio.sleep(0.0005)
            await pilot.pause()
            to_next.append(time.perf_counter() - started)
    context.close()
    return to_feedback, to_next, no_op


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    python = sys.executable
    with tempfile.TemporaryDirectory() as folder:
        db_url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        env_import = median_seconds([python, "-c", "import textual.app"])
        first = median_seconds([python, "-c", CHILD, db_url], marker="FIRST-QUESTION-SHOWN")
        to_feedback, to_next, no_op = asyncio.run(keypress_latencies(db_url))
    print(f"bare 'import textual.app' process: median {env_import * 1000:.0f} ms over {RUNS} runs")
    print(f"process start -> first question shown (9 areas, 451 questions, SQLite): median {first * 1000:.0f} ms "
          f"= {first / env_import:.1f}x the bare import")
    print(f"headless Pilot keypress with no binding (the harness floor): median "
          f"{statistics.median(no_op) * 1000:.1f} ms")
    print(f"answer key -> feedback shown (grade + commit): median {statistics.median(to_feedback) * 1000:.1f} ms, "
          f"p95 {p(to_feedback, 0.95) * 1000:.1f} ms over {ANSWERS}")
    print(f"Enter -> next question shown (selection + render): median {statistics.median(to_next) * 1000:.1f} ms, "
          f"p95 {p(to_next, 0.95) * 1000:.1f} ms over {ANSWERS}")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    sys.exit(main())
