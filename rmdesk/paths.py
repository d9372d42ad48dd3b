"""Where things live: shipped resources (inside the package) and the user's data directory."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

APP_NAME = "rmdesk"


def resource_path(*parts: str) -> Path:
    """A file shipped in ``resources/`` (checkout) or ``rmdesk/resources`` (installed package)."""
    base = Path(str(resources.files("rmdesk.resources")))
    return base.joinpath(*parts)


def data_dir() -> Path:
    """The user data directory (``RMDESK_HOME`` overrides it, e.g. for tests)."""
    override = os.environ.get("RMDESK_HOME")
    if override:
        path = Path(override)
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_url() -> str:
    """``RMDESK_DB`` or the embedded SQLite file in the user data directory."""
    env = os.environ.get("RMDESK_DB")
    if env:
        return as_db_url(env)
    return as_db_url(str(data_dir() / "rmdesk.sqlite3"))


def as_db_url(path_or_url: str) -> str:
    """Accept a plain file path or an SQLAlchemy URL."""
    if "://" in path_or_url:
        return path_or_url
    return f"sqlite:///{Path(path_or_url).expanduser().resolve()}"
