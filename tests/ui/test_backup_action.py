"""An admin backs the database up from the File menu: off the GUI thread, a verified copy, an audit record."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from rmdesk.store.backup import check_file
from rmdesk.store.models import AuditRecord
from rmdesk.ui.main_window import MainWindow


def test_admin_backs_up_from_the_file_menu(make_ctx, qtbot: QtBot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = make_ctx("admin")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    target = tmp_path / "copy.sqlite3"
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName", lambda *a, **k: (str(target), ""))
    shown: list[str] = []
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.information", lambda _p, _t, text: shown.append(text))
    assert window.backup_action.isVisible()
    window.backup_action.trigger()
    assert ctx.runner.wait_idle()
    assert check_file(target) is not None  # an intact rmdesk database
    assert shown and str(target) in shown[0] and "SHA-256" in shown[0]
    with ctx.db.sessions() as s:
        rec = s.execute(select(AuditRecord).where(AuditRecord.action == "backup")).scalar_one()
        assert rec.username == "admin"


def test_the_action_is_hidden_from_an_rm(make_ctx, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(make_ctx("rm1"))
    qtbot.addWidget(window)
    assert not window.backup_action.isVisible()
