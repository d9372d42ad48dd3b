"""Start-up upgrade of an older SQLite file: a busy dialog while the worker copies and migrates, GUI alive."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog
from pytestqt.qtbot import QtBot

from rmdesk.store import migrate
from rmdesk.store.db import open_database
from rmdesk.ui.upgrade_dialog import upgrade_with_progress


def test_the_upgrade_runs_behind_a_busy_dialog_and_keeps_a_copy(tmp_path: Path, qtbot: QtBot) -> None:
    path = tmp_path / "rmdesk.sqlite3"
    old = open_database(f"sqlite:///{path}")
    migrate.upgrade(old, "0001")
    old.dispose()
    seen: list[str] = []
    # another program holds the write lock: the migration waits for it (busy timeout), so the dialog is up for
    # certain while the GUI thread keeps running; the lock is let go once the dialog has been seen
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")

    def look() -> None:  # runs on the GUI thread while the worker waits and migrates: the event loop is alive
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]
        seen.extend(d.labelText() for d in dialogs)
        if seen and blocker.in_transaction:
            blocker.execute("ROLLBACK")

    timer = QTimer()
    timer.timeout.connect(look)
    timer.start(5)
    db = open_database(f"sqlite:///{path}")
    try:
        copy = upgrade_with_progress(db)
        timer.stop()
        assert migrate.is_current(db)
    finally:
        db.dispose()
        blocker.close()
    assert copy is not None and copy.exists() and copy.parent == tmp_path
    assert seen, "no busy dialog was shown while the worker ran"
    assert "Upgrading the database" in seen[0] or "升级数据库" in seen[0]
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]
