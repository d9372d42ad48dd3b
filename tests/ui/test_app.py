"""`rmdesk` without a command: the database is migrated, the login dialog opens, then the main window."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import inspect

from rmdesk import i18n
from rmdesk.services.audit import Actor
from rmdesk.store.db import open_database
from rmdesk.ui import app as app_module
from rmdesk.ui.login import LoginDialog
from rmdesk.ui.main_window import MainWindow
from tests.conftest import TEST_PASSWORD


@pytest.fixture(autouse=True)
def _restore_app_state(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    font, sheet = qapp.font(), qapp.styleSheet()
    yield
    qapp.setFont(font)
    qapp.setStyleSheet(sheet)
    i18n.set_language(None)


def when(condition: Callable[[], object], then: Callable[[], None], tries: int = 500) -> None:
    """Run ``then`` once ``condition`` holds, checking every 20 ms on the event loop (run_app owns the loop)."""

    def check() -> None:
        if condition():
            then()
        elif tries > 0:
            when(condition, then, tries - 1)

    QTimer.singleShot(20, check)


def visible(kind: type) -> object | None:
    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()), None)


def test_login_then_main_window(db_path: Path, users: dict[str, Actor], qtbot: QtBot) -> None:
    seen: dict[str, str] = {}

    def log_in() -> None:
        login = visible(LoginDialog)
        assert isinstance(login, LoginDialog)
        login.user_edit.setText("rm1")
        login.password_edit.setText(TEST_PASSWORD)
        login.attempt()
        when(lambda: visible(MainWindow), look_and_quit)

    def look_and_quit() -> None:
        window = visible(MainWindow)
        assert isinstance(window, MainWindow)
        seen["title"] = window.windowTitle()
        seen["user"] = window.user_label.text()
        seen["section"] = window.current_key
        window.close()

    when(lambda: visible(LoginDialog), log_in)
    code = app_module.run_app(f"sqlite:///{db_path}", "en")
    assert code == 0
    assert seen == {"title": "rmdesk — margin-client desk", "user": "李经理 (Relationship manager)", "section": "today"}


def test_quitting_at_login_exits_cleanly(db_path: Path, users: dict[str, Actor], qtbot: QtBot) -> None:
    def quit_at_login() -> None:
        login = visible(LoginDialog)
        assert isinstance(login, LoginDialog)
        login.quit_button.click()

    when(lambda: visible(LoginDialog), quit_at_login)
    assert app_module.run_app(f"sqlite:///{db_path}", "en") == 0


def test_a_new_file_is_migrated_and_without_users_the_app_says_what_to_do(
    tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))
    path = tmp_path / "fresh.sqlite3"
    assert app_module.run_app(str(path), "en") == 1
    assert "rmdesk init" in told[0]
    db = open_database(f"sqlite:///{path}")
    try:
        assert {"users", "clients", "credit_accounts", "account_figures"} <= set(inspect(db.engine).get_table_names())
    finally:
        db.dispose()


START_PROBE = """
import sys
from pathlib import Path
from rmdesk.ui.app import create_application, prepare_database, open_main_window
from rmdesk.ui.context import AppContext
from rmdesk.ui.hub import Hub
from rmdesk.ui.login import check_password
from rmdesk.ui.ops import OpRunner
from rmdesk.ui.settings import DeskSettings
app = create_application()
db = prepare_database(sys.argv[1])
with db.sessions() as s:
    user = check_password(s, "rm1", sys.argv[2])
ctx = AppContext(db, user, Hub(), OpRunner(db), DeskSettings.open_file(Path(sys.argv[3])))
window = open_main_window(ctx)
window.show_section("today")
ctx.runner.wait_idle()
print(",".join(m for m in ("pandas", "matplotlib", "reportlab", "numpy", "openpyxl", "alembic") if m in sys.modules))
ctx.runner.shutdown()
"""


def test_start_up_to_the_today_page_imports_no_heavy_library(
    db_path: Path, users: dict[str, Actor], tmp_path: Path
) -> None:
    """Cold start budget (bench/bench_gui.py): pandas, matplotlib, reportlab, numpy load only when a page needs
    them; alembic only when the schema is not current."""
    import os
    import subprocess

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", START_PROBE, f"sqlite:///{db_path}", TEST_PASSWORD, str(tmp_path / "probe.ini")],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    )
    assert out.stdout.strip().splitlines()[-1:] in ([""], [])


def test_migration_head_matches_alembic(db_path: Path, users: dict[str, Actor]) -> None:
    from rmdesk.store import migrate

    db = open_database(f"sqlite:///{db_path}")
    try:
        assert app_module.migration_head() == migrate.head_revision(db)
        assert app_module.schema_is_current(db)
    finally:
        db.dispose()
