"""文件 → 备份数据库…: an admin's consistent online backup, off the GUI thread with progress and cancel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget
from sqlalchemy.orm import Session

from rmdesk import clock
from rmdesk.services import audit
from rmdesk.services.progress import Progress
from rmdesk.store.backup import BackupError, BackupInfo, backup
from rmdesk.ui.context import AppContext


def may_back_up(ctx: AppContext) -> bool:
    return ctx.user.role == "admin" and ctx.db.is_sqlite


def start_backup(ctx: AppContext, parent: QWidget) -> Path | None:
    """Ask where to write, then run the backup on the database worker. Returns the chosen path (None: cancelled)."""
    if not may_back_up(ctx):
        QMessageBox.information(
            parent,
            QCoreApplication.translate("BackupAction", "Back up database"),
            QCoreApplication.translate("BackupAction", "Only an administrator backs up the embedded database."),
        )
        return None
    suggested = str(Path.home() / f"rmdesk-backup-{clock.now():%Y%m%d-%H%M}.sqlite3")
    name, _filter = QFileDialog.getSaveFileName(
        parent,
        QCoreApplication.translate("BackupAction", "Back up database"),
        suggested,
        QCoreApplication.translate("BackupAction", "rmdesk database (*.sqlite3)"),
    )
    if not name:
        return None
    target = Path(name)
    actor = ctx.actor

    def work(session: Session, progress: Progress) -> BackupInfo:
        progress.status(QCoreApplication.translate("BackupAction", "Copying the database…"))
        info = backup(ctx.db.url, target, progress)
        audit.record(
            session,
            actor,
            "backup",
            info.path.name,
            "backup",
            None,
            {"path": str(info.path), "sha256": info.sha256, "bytes": info.bytes},
        )
        return info

    def done(info: BackupInfo) -> None:
        QMessageBox.information(
            parent,
            QCoreApplication.translate("BackupAction", "Back up database"),
            QCoreApplication.translate("BackupAction", "Backed up to %1 (%2 bytes).\nSHA-256: %3")
            .replace("%1", str(info.path))
            .replace("%2", f"{info.bytes:,}")
            .replace("%3", info.sha256),
        )

    def failed(err: BaseException) -> None:
        if isinstance(err, BackupError):
            QMessageBox.warning(
                parent,
                QCoreApplication.translate("BackupAction", "Back up database"),
                QCoreApplication.translate("BackupAction", "Not backed up: %1").replace("%1", str(err)),
            )
        else:
            ctx.runner.report_failure(err, "", parent)

    ctx.runner.run(
        work,
        done,
        on_failure=failed,
        label=QCoreApplication.translate("BackupAction", "Backing up the database"),
        progress=True,
        cancellable=True,
        parent=parent,
        write=True,
    )
    return target
