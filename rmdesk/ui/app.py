"""Start-up: Qt application, translations, database, login dialog, main window (``rmdesk`` without a command).

Nothing heavy is imported here (no pandas, matplotlib, reportlab): pages import what they need when opened.
"""

from __future__ import annotations

import logging
import re
import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from sqlalchemy.exc import SQLAlchemyError

from rmdesk.paths import as_db_url, default_db_url
from rmdesk.store.db import Database, open_database
from rmdesk.ui.context import AppContext
from rmdesk.ui.hub import Hub
from rmdesk.ui.ops import OpRunner
from rmdesk.ui.settings import DeskSettings
from rmdesk.ui.style import SHELL_STYLESHEET, install_cjk_font
from rmdesk.ui.translations import Translations

if TYPE_CHECKING:
    from rmdesk.ui.main_window import MainWindow

log = logging.getLogger(__name__)


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with rmdesk's name, a CJK-capable font and the shell's stylesheet."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    app.setApplicationName("rmdesk")
    app.setOrganizationName("rmdesk")
    install_cjk_font(app)
    app.setStyleSheet(SHELL_STYLESHEET)
    return app


_REVISION = re.compile(r"^(down_revision|revision)\s*(?::[^=]*)?=\s*(.+)$", re.MULTILINE)


def migration_head() -> str | None:
    """The newest migration's revision, read from the migration files (importing alembic costs ~150 ms)."""
    import rmdesk.store

    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (Path(rmdesk.store.__file__).with_name("migrations") / "versions").glob("*.py"):
        found = dict(_REVISION.findall(path.read_text(encoding="utf-8")))
        if "revision" not in found:
            continue
        revisions.add(found["revision"].strip().strip("\"'"))
        down = found.get("down_revision", "None").strip()
        parents.update(part.strip().strip("\"'") for part in down.strip("()").split(",") if part.strip() != "None")
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None  # several heads or none: let alembic decide


def schema_is_current(db: Database) -> bool:
    """True when the database's alembic revision is the newest migration's (a cheap check at start-up)."""
    head = migration_head()
    if head is None:
        return False
    try:
        with db.engine.connect() as conn:
            current = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    except SQLAlchemyError:
        return False  # a new file: no table yet
    return current == head


def prepare_database(db_url: str | None) -> Database:
    """Open the database; an embedded SQLite file is created or migrated (harmless), never seeded."""
    url = as_db_url(db_url) if db_url else default_db_url()
    db = open_database(url)
    if schema_is_current(db):
        return db
    from rmdesk.store import migrate

    if db.is_sqlite:
        if migrate.current_revision(db) is None:
            migrate.upgrade(db)  # a new file: the tables are created in a blink
        else:
            from rmdesk.ui.upgrade_dialog import upgrade_with_progress

            copy = upgrade_with_progress(db)
            log.info("database upgraded; the file before the upgrade is kept in %s", copy)
    elif not migrate.is_current(db):
        db.dispose()
        raise RuntimeError(
            QCoreApplication.translate("App", "The database needs an update. Run “rmdesk init” once, then start again.")
        )
    return db


def has_users(db: Database) -> bool:
    from rmdesk.services.auth import user_count

    with db.sessions() as session:
        return user_count(session) > 0


def _install_excepthook(runner: OpRunner) -> None:
    """An uncaught exception in a slot becomes the readable error dialog instead of a silent stack trace."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        details = "".join(traceback.format_exception(kind, value, tb))
        log.error("uncaught exception\n%s", details)
        try:
            runner.report_failure(value, details)
        except Exception:  # the dialog itself failed: at least keep the trace on stderr
            sys.__excepthook__(kind, value, tb)

    sys.excepthook = hook


def run_app(db_url: str | None, lang: str | None) -> int:
    """Login, then the main window; returns the process exit code."""
    app = create_application()
    settings = DeskSettings.open_default()
    translations = Translations(app)
    translations.apply(lang or settings.language)
    try:
        db = prepare_database(db_url)
    except Exception as err:
        QMessageBox.critical(
            None,
            QCoreApplication.translate("App", "rmdesk"),
            QCoreApplication.translate("App", "The database could not be opened:\n%1").replace("%1", str(err)),
        )
        return 1
    if not has_users(db):
        QMessageBox.information(
            None,
            QCoreApplication.translate("App", "rmdesk"),
            QCoreApplication.translate(
                "App",
                "This database has no users yet. Run “rmdesk init” to create the first administrator "
                "(and “rmdesk demo” for a demo branch), then start rmdesk again.",
            ),
        )
        db.dispose()
        return 1
    runner = OpRunner(db)
    _install_excepthook(runner)
    from rmdesk.ui.login import LoginDialog

    login = LoginDialog(runner, settings, translations)
    if login.exec() != QDialog.DialogCode.Accepted or login.user is None:
        runner.shutdown()
        db.dispose()
        return 0
    window = open_main_window(AppContext(db, login.user, Hub(), runner, settings), translations)
    code = app.exec()
    runner.shutdown()
    db.dispose()
    del window
    return int(code)


def open_main_window(ctx: AppContext, translations: Translations | None = None) -> MainWindow:
    """Build and show the main window for a logged-in user, with the idle lock running."""
    from rmdesk.ui.main_window import MainWindow

    window: MainWindow = MainWindow(ctx, translations)
    window.show()
    window.start_idle_lock()
    return window
