"""GUI fixtures: an AppContext logged in against the test database, and a small demo book when available.

``app_ctx`` is rm1's context on the fresh ``db``; ``make_ctx("super")`` builds another user's (optionally on a
different database, e.g. ``make_ctx("zhuguan", database=demo_db)``). Every runner is shut down at teardown, so
no worker thread outlives its test.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from rmdesk import i18n
from rmdesk.services import auth
from rmdesk.services.audit import Actor
from rmdesk.store import migrate
from rmdesk.store.db import Database, open_database
from rmdesk.ui.context import AppContext
from rmdesk.ui.hub import Hub
from rmdesk.ui.ops import OpRunner
from rmdesk.ui.settings import DeskSettings
from rmdesk.ui.translations import Translations

DEMO_AS_OF = date(2026, 11, 20)  # the Friday before "today" (2026-11-21)
DEMO_CLIENTS = 60
DEMO_SEED = 7

MakeCtx = Callable[..., AppContext]


@pytest.fixture
def desk_settings(tmp_path: Path) -> DeskSettings:
    """Desk settings in an .ini of this test only (never the user's)."""
    return DeskSettings.open_file(tmp_path / "desk.ini")


@pytest.fixture
def make_ctx(db: Database, users: dict[str, Actor], qtbot: QtBot, tmp_path: Path) -> Iterator[MakeCtx]:
    made: list[AppContext] = []

    def make(
        username: str = "rm1", *, database: Database | None = None, settings: DeskSettings | None = None
    ) -> AppContext:
        database = database or db
        with database.sessions() as session:
            info = auth.find_user(session, username)
        assert info is not None, f"no user {username} in the test database"
        ctx = AppContext(
            db=database,
            user=info,
            hub=Hub(),
            runner=OpRunner(database),
            settings=settings or DeskSettings.open_file(tmp_path / f"desk-{username}-{len(made)}.ini"),
        )
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        assert ctx.runner.shutdown(), "an op was still running at teardown"


@pytest.fixture
def app_ctx(make_ctx: MakeCtx) -> AppContext:
    """rm1 (李经理, role rm) logged in on the empty test database."""
    return make_ctx("rm1")


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    """Generate the demo book once per test session; each test gets a copy of the file."""
    demo = pytest.importorskip("rmdesk.services.demo")
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    database = open_database(f"sqlite:///{path}")
    try:
        migrate.upgrade(database)
        with database.sessions.begin() as session:
            summary = demo.generate(session, clients=DEMO_CLIENTS, seed=DEMO_SEED, as_of=DEMO_AS_OF)
        with database.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        database.dispose()
    return path, summary


@pytest.fixture
def demo_summary(_demo_template: tuple[Path, Any]) -> Any:
    """What the demo generator returned (users and passwords, counts, as_of)."""
    return _demo_template[1]


@pytest.fixture
def demo_db(_demo_template: tuple[Path, Any], tmp_path: Path) -> Iterator[Database]:
    """A private copy of a small generated demo book (skipped until rmdesk.services.demo exists)."""
    target = tmp_path / "demo.sqlite3"
    shutil.copyfile(_demo_template[0], target)
    database = open_database(f"sqlite:///{target}")
    yield database
    database.dispose()


# The offscreen platform plugin warns that it cannot propagate size hints whenever a top-level window with a
# minimum size is shown; that is a limitation of the test platform, not of our code.
OFFSCREEN_NOISE = ("This plugin does not support propagateSizeHints",)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "/tests/ui/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE))


@pytest.fixture
def translations(qapp: Any) -> Iterator[Translations]:
    """The app's translator switch; afterwards Qt shows source strings again and services follow RMDESK_LANG."""
    t = Translations(qapp)
    yield t
    t.uninstall()
    i18n.set_language(None)
