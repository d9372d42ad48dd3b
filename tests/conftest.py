"""Shared fixtures: a fresh, really migrated SQLite file per test, and users of each role."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

# Qt must see these before it loads (tests/ui imports it).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("RMDESK_LANG", "zh_CN")
os.environ.setdefault("RMDESK_ARGON2_PROFILE", "test")

import pytest
from sqlalchemy.orm import Session

from rmdesk.services import auth
from rmdesk.services.audit import Actor
from rmdesk.store import migrate
from rmdesk.store.db import Database, open_database

TEST_PASSWORD = "demo-pass-123"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "/tests/ui/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the real user data directory."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("RMDESK_HOME", str(home))
    monkeypatch.delenv("RMDESK_DB", raising=False)
    monkeypatch.delenv("RMDESK_USER", raising=False)
    monkeypatch.delenv("RMDESK_PASSWORD", raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "rmdesk.sqlite3"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = open_database(f"sqlite:///{db_path}")
    migrate.upgrade(database)
    yield database
    database.dispose()


@pytest.fixture
def session(db: Database) -> Iterator[Session]:
    with db.sessions() as s:
        yield s


def add_test_users(database: Database) -> dict[str, Actor]:
    """admin, super (supervisor, 王主管), rm1 (李经理) and rm2 (赵经理), all with TEST_PASSWORD."""
    out: dict[str, Actor] = {}
    with database.sessions.begin() as s:
        admin = auth.add_user(
            s, Actor(None, "setup", "admin"), "admin", TEST_PASSWORD, "admin", "管理员", bootstrap=True
        )
        out["admin"] = admin.actor()
        for name, role, display in (
            ("super", "supervisor", "王主管"),
            ("rm1", "rm", "李经理"),
            ("rm2", "rm", "赵经理"),
        ):
            out[name] = auth.add_user(s, out["admin"], name, TEST_PASSWORD, role, display).actor()
    return out


@pytest.fixture
def users(db: Database) -> dict[str, Actor]:
    """An admin, a supervisor and two RMs, all with TEST_PASSWORD."""
    return add_test_users(db)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[object]:
    """One real PostgreSQL server per test process (xdist worker)."""
    from tests.pg import PostgresServer

    server = PostgresServer()
    yield server
    server.stop()


@pytest.fixture
def pg_db(pg_server: object) -> Iterator[Database]:
    """A fresh PostgreSQL database migrated with the real migrations."""
    database = open_database(pg_server.new_database())  # type: ignore[attr-defined]
    migrate.upgrade(database)
    yield database
    database.dispose()
