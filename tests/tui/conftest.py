"""UI tests run deterministic attempts: the attempt seed (which drives question choice) is fixed."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fixed_seed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("quizengine.services.quiz.secrets.randbelow", lambda _n: 1234)
