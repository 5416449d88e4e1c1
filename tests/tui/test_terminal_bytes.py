"""The strongest evidence: run the app on a real pseudo-terminal, walk a hostile bank from profile to results
with the keyboard, and read every byte the app wrote to the terminal."""

from __future__ import annotations

import contextlib
import fcntl
import os
import select
import signal
import struct
import sys
import termios
import time
from pathlib import Path

import pytest

pty = pytest.importorskip("pty")

REPO = Path(__file__).resolve().parents[2]
DOWN, F2, F3, F4, CTRL_Q = "\x1b[B", "\x1bOQ", "\x1bOR", "\x1bOS", "\x11"
# (keys to send, then text that shows the screen they lead to has been drawn)
WALK = [
    ("", "Welcome to quizengine"),
    ("Ada\r", "Target role"),
    ("\r", "Test Engineer"),  # the role picker opens: role titles
    (DOWN + "\r", "Create profile"),
    ("\r", "Assess"),  # home
    ("b", "questions in"),  # banks: area and topic titles and descriptions
    ("\x1b", "Assess"),
    ("a", "know"),  # a question: stem, options, header
    (F2, "Why this question"),  # F2/F3, not w/x: the first question may be a typed answer
    (F3, "Next question"),  # feedback: explanation, whys, references
    ("\r", "Q2"),
    (F4, "Results of attempt"),  # areas, plans, resources
    ("m", "Back"),  # the missed-question review
]


def read_until(fd: int, output: bytearray, wanted: str, deadline: float) -> bool:
    """Read until `wanted` is drawn anew (after the bytes already in `output`)."""
    start = len(output)
    while wanted.encode() not in output[start:]:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        ready, _, _ = select.select([fd], [], [], remaining)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the child closed the terminal
                return False
            if not chunk:
                return False
            output.extend(chunk)
    return True


def drain(fd: int, output: bytearray, quiet: float, limit: float = 5.0) -> None:
    """Read until the app has drawn nothing for `quiet` seconds: the screen is finished and idle."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], quiet)
        if not ready:
            return
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return
        if not chunk:
            return
        output.extend(chunk)


def test_a_hostile_bank_sends_no_escape_sequence_to_a_real_terminal(tmp_path: Path) -> None:
    env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor", "PYTHONPATH": str(REPO),
           "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    env.pop("TEXTUAL", None)
    try:
        pid, fd = pty.fork()
    except OSError as exc:
        pytest.skip(f"no pseudo-terminal here: {exc}")
    if pid == 0:  # the child: the app on the terminal
        os.chdir(REPO)
        os.execve(sys.executable, [sys.executable, "-m", "tests.tui.hostile", str(tmp_path / "pty.sqlite3")], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 140, 0, 0))
    output = bytearray()
    deadline = time.monotonic() + 60  # normally ~4 s; generous for a loaded machine
    reached = []
    try:
        for keys, wanted in WALK:
            if keys:
                os.write(fd, keys.encode())
            if not read_until(fd, output, wanted, deadline):
                break
            reached.append(wanted)
            drain(fd, output, 0.25)  # let the screen (and any load it started) finish before the next key
        os.write(fd, CTRL_Q.encode())
        drain(fd, output, 0.5)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
        os.close(fd)
    text = output.decode("utf-8", errors="replace")
    assert reached == [wanted for _, wanted in WALK], f"stopped after {reached[-1:]}: {text[-300:]!r}"
    assert "␛[31mALERT" in text and "<U+202E>GNP.exe" in text  # the bank text was drawn, visibly neutralised
    for raw in ("\x1b[31mALERT", "\x1b]52;", "\x1b]8;", "\x1b]0;owned", "\x9b", "\u202e", "http://evil.example\x1b"):
        assert raw not in text, f"{raw!r} reached the terminal"
