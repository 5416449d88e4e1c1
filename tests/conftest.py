"""Shared fixtures: a throwaway database and the small test bank."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from quizengine.services.context import ServiceContext

DATA = Path(__file__).parent / "data"
MINI_BANK = DATA / "mini"


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.sqlite3'}"


@pytest.fixture
def context(db_url: str) -> Iterator[ServiceContext]:
    ctx = ServiceContext.open(db_url, [MINI_BANK])
    yield ctx
    ctx.close()


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the real user data dir from tests."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.delenv("QUIZENGINE_DB", raising=False)
