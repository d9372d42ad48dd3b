"""Start-up schema upgrade of an SQLite file, off the GUI thread, behind a busy dialog.

A migration of a year of figures takes up to a minute: the window must keep painting and say what is happening
instead of looking hung. The file is copied beside itself first (rmdesk.store.migrate.upgrade_keeping_copy); a
migration runs in one transaction, so it is not cancellable half-way and the dialog has no cancel button.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt
from PySide6.QtWidgets import QApplication, QProgressDialog

from rmdesk.store.db import Database


def upgrade_with_progress(db: Database) -> Path | None:
    """Copy and migrate ``db`` in a worker thread while a modal busy dialog keeps the GUI alive; re-raises the
    worker's error. Returns where the copy of the old file went (None when none was needed)."""
    from rmdesk.store import migrate

    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["copy"] = migrate.upgrade_keeping_copy(db)
        except BaseException as err:  # handed to the GUI thread, raised there
            outcome["error"] = err

    dialog = QProgressDialog()
    dialog.setWindowTitle(QCoreApplication.translate("Upgrade", "rmdesk"))
    dialog.setLabelText(
        QCoreApplication.translate(
            "Upgrade",
            "Upgrading the database to this version of rmdesk…\n"
            "A copy of the database is kept beside it first. This can take a minute.",
        )
    )
    dialog.setCancelButton(None)  # type: ignore[arg-type]  # one transaction: nothing to cancel half-way
    dialog.setRange(0, 0)
    dialog.setMinimumDuration(0)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.show()
    worker = threading.Thread(target=work, name="rmdesk-upgrade", daemon=True)
    worker.start()
    while worker.is_alive():
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        worker.join(0.03)
    dialog.close()
    dialog.deleteLater()
    if "error" in outcome:
        raise outcome["error"]
    copy: Path | None = outcome.get("copy")
    return copy
