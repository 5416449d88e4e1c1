"""Where quizengine keeps its data. Nothing is created at import time; callers create what they use."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_config_dir, user_data_dir
from sqlalchemy import URL

APP_NAME = "quizengine"
DB_ENV = "QUIZENGINE_DB"


def data_dir() -> Path:
    return Path(user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    return Path(user_config_dir(APP_NAME, appauthor=False))


def default_db_url() -> URL:
    # Built, not formatted: `%`, `?`, `#`, `@` or `C:\` in the data dir stay part of the path.
    return URL.create("sqlite", database=str(data_dir() / "quizengine.sqlite3"))


def resolve_db_url(explicit: str | None = None) -> str | URL:
    """`--db URL` wins, then $QUIZENGINE_DB (both as typed), then the SQLite file in the user data dir."""
    return explicit or os.environ.get(DB_ENV) or default_db_url()
