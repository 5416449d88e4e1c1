"""UI tests run deterministic attempts: the attempt seed (which drives question choice) is fixed.

A snapshot that does not match prints what differs, as text: CI keeps the test output but not
snapshot_report.html, and a mismatch seen only there could not be told apart from noise.
"""

from __future__ import annotations

import difflib
import html
import pickle
import re
from collections.abc import Callable
from typing import Any

import pytest
from pytest_textual_snapshot import node_to_report_path

MAX_DIFF_LINES = 80


@pytest.fixture(autouse=True)
def _fixed_seed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("quizengine.services.quiz.secrets.randbelow", lambda _n: 1234)


def without_run_hash(svg: str) -> str:
    return re.sub(r"terminal-\d+-", "terminal-", svg)


def svg_lines(svg: str) -> list[str]:
    """The screen's text rows, then its style rules (class names without the per-run hash)."""
    styles = re.findall(r"\.terminal-r\d+ \{[^}]*\}", svg)
    rows: dict[str, str] = {}
    for line, span in re.findall(r'<text [^>]*clip-path="url\(#terminal-line-(\d+)\)"[^>]*>(.*?)</text>', svg, re.S):
        rows[line] = rows.get(line, "") + html.unescape(span).replace("\xa0", " ")
    return [row.rstrip() for row in rows.values() if row.strip()] + styles


def screen_difference(expected_svg: str, actual_svg: str) -> str:
    expected_svg, actual_svg = without_run_hash(expected_svg), without_run_hash(actual_svg)
    diff = list(difflib.unified_diff(svg_lines(expected_svg), svg_lines(actual_svg), "snapshot", "this run",
                                     lineterm="", n=1))
    if not diff:  # same text and styles: the difference is in where the styles were applied
        diff = list(difflib.unified_diff(expected_svg.splitlines(), actual_svg.splitlines(),
                                         "snapshot (svg)", "this run (svg)", lineterm="", n=0))
    return "\n".join(diff[:MAX_DIFF_LINES])


@pytest.fixture
def snap_compare(snap_compare: Callable[..., bool], request: pytest.FixtureRequest) -> Callable[..., bool]:
    def compare(*args: Any, **kwargs: Any) -> bool:
        same = snap_compare(*args, **kwargs)
        if not same:
            data = pickle.loads(node_to_report_path(request.node).read_bytes())
            expected, actual = data[1], data[2]
            print(f"snapshot mismatch, what differs:\n{screen_difference(expected, actual)}")
        return same
    return compare
