"""Render the shell's screenshots (login, main window, import wizard) with a generated demo book, offscreen.

    QT_QPA_PLATFORM=offscreen python -m rmdesk.ui.screenshots docs/screenshots

The demo book (300 clients, seed 7, as of 2026-11-20) is generated into a temporary database; the import wizard
is shown after importing the shipped sample day into it, on its result page (new warnings, level changes).
Everything is in the default language, Simplified Chinese.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QEventLoop, QTimer
from PySide6.QtWidgets import QWidget, QWizard

from rmdesk.paths import resource_path

AS_OF = date(2026, 11, 20)
SAMPLE_DAY = "2026-11-20_gbk_zh"


def settle(ms: int = 200) -> None:
    """Let queued paints and layout passes run (a script, not the app: it owns the event loop here)."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def save(widget: QWidget, path: Path) -> None:
    settle()
    widget.grab().save(str(path))
    print(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--clients", type=int, default=300)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    from rmdesk.services import auth
    from rmdesk.services.demo import generate
    from rmdesk.store import migrate
    from rmdesk.store.db import open_database
    from rmdesk.ui.app import create_application
    from rmdesk.ui.context import AppContext
    from rmdesk.ui.hub import Hub
    from rmdesk.ui.import_wizard import ImportWizard
    from rmdesk.ui.login import LoginDialog
    from rmdesk.ui.main_window import MainWindow
    from rmdesk.ui.ops import OpRunner
    from rmdesk.ui.settings import DeskSettings
    from rmdesk.ui.translations import Translations

    app = create_application()
    Translations(app).apply("zh_CN")
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{Path(tmp) / 'demo.sqlite3'}")
        migrate.upgrade(db)
        with db.sessions.begin() as session:
            summary = generate(session, clients=args.clients, seed=7, as_of=AS_OF)
        supervisor = next(u for u in summary.users if u.role == "supervisor")
        settings = DeskSettings.open_file(Path(tmp) / "desk.ini")
        runner = OpRunner(db)

        settings.last_username = supervisor.username
        login = LoginDialog(runner, settings)
        login.show()
        save(login, args.out / "login.png")
        login.close()

        with db.sessions() as session:
            user = auth.find_user(session, supervisor.username)
        assert user is not None
        ctx = AppContext(db, user, Hub(), runner, settings)
        window = MainWindow(ctx)
        window.resize(1280, 800)
        window.show()
        runner.wait_idle()
        save(window, args.out / "main_window.png")

        wizard = ImportWizard(ctx, window)
        wizard.show()
        wizard.source.folder_edit.setText(str(resource_path("samples", SAMPLE_DAY)))
        wizard.source.date_edit.setDate(QDate(AS_OF.year, AS_OF.month, AS_OF.day))
        wizard.next()
        runner.wait_idle(60_000)
        if wizard.check.isComplete():
            wizard.button(QWizard.WizardButton.CommitButton).click()
            runner.wait_idle(60_000)
        save(wizard, args.out / "import_wizard.png")
        wizard.close()
        window.close()
        runner.shutdown()
        db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
