"""Start-up upgrade of an older SQLite file: a busy dialog while the worker copies and migrates, GUI alive."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import insert

from rmdesk import clock
from rmdesk.store import migrate
from rmdesk.store.db import open_database
from rmdesk.store.models import Client, CreditAccount
from rmdesk.ui.upgrade_dialog import upgrade_with_progress

ACCOUNTS, DAYS = 200, 1_000  # 200,000 history rows at revision 0001: the 0002 copy takes a noticeable while
IDS = range(1, ACCOUNTS + 1)


def _old_book(path: Path) -> None:
    db = open_database(f"sqlite:///{path}")
    migrate.upgrade(db, "0001")
    now = clock.now()
    with db.sessions.begin() as s:
        s.execute(
            insert(Client),
            [{"id": i, "client_no": f"C{i:04d}", "name": "客户", "created_at": now, "updated_at": now} for i in IDS],
        )
        s.execute(insert(CreditAccount), [{"id": i, "account_no": f"A{i:04d}", "client_id": i, "cash": 0} for i in IDS])
    db.dispose()
    con = sqlite3.connect(path)
    with con:
        days = [(date(2023, 1, 1) + timedelta(days=k)).isoformat() for k in range(DAYS)]
        con.executemany(
            "INSERT INTO ratio_history (account_id, as_of, maintenance_ratio, total_assets, total_liabilities, level)"
            " VALUES (?, ?, 1500000, 100, 50, 'normal')",
            [(a, d) for d in days for a in IDS],
        )
    con.close()


def test_the_upgrade_runs_behind_a_busy_dialog_and_keeps_a_copy(tmp_path: Path, qtbot: QtBot) -> None:
    path = tmp_path / "rmdesk.sqlite3"
    _old_book(path)
    seen: list[str] = []

    def look() -> None:  # runs on the GUI thread while the worker copies and migrates: the event loop is alive
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]
        seen.extend(d.labelText() for d in dialogs)

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
    assert copy is not None and copy.exists() and copy.parent == tmp_path
    assert seen, "no busy dialog was shown while the worker ran"
    assert "Upgrading the database" in seen[0] or "升级数据库" in seen[0]
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]
    con = sqlite3.connect(path)
    try:  # every history row came through the upgrade
        assert con.execute("SELECT count(*) FROM ratio_history").fetchone() == (ACCOUNTS * DAYS,)
    finally:
        con.close()
