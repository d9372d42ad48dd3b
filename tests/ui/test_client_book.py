"""The client book page against a temporary database: an RM's own clients only, search as you type (pinyin,
Chinese through the input method, phone digits), filters, sorting, opening a file with Enter, the Excel export,
and the main window's shortcuts reaching the page."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from rmdesk.services.audit import Actor
from rmdesk.services.names import initials
from rmdesk.store.db import Database
from rmdesk.store.models import AuditRecord
from rmdesk.ui.client_book import ClientBookPage
from rmdesk.ui.client_book_model import COL_LEVEL, COL_NAME, COL_RATIO, RowRole, SortKeyRole
from rmdesk.ui.client_file import ClientFileWindow
from rmdesk.ui.context import AppContext
from tests.services.clients_support import add_account, add_client, add_figures


def type_chinese(widget: QWidget, text: str) -> None:
    """Commit text the way an input method does (qtbot.keyClicks with non-ASCII text aborts the process)."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def close_window(qtbot: QtBot, window: QWidget) -> None:
    """Close a self-disposing window and wait until Qt has deleted it (before the test's page goes away)."""
    gone: list[bool] = []
    window.destroyed.connect(lambda *_: gone.append(True))
    window.close()
    qtbot.waitUntil(lambda: bool(gone))


@pytest.fixture
def seeded(db: Database, users: dict[str, Actor]) -> None:
    """rm1: 张伟 (warning, 135.12%) and 单田芳 (normal, 210.00%); rm2: 李娜."""
    with db.sessions.begin() as s:
        zhang = add_client(s, "C0001", "张伟", users["rm1"].id, initials=initials("张伟"), phone="13812345678")
        shan = add_client(s, "C0002", "单田芳", users["rm1"].id, initials=initials("单田芳"), tier="VIP")
        add_client(s, "C0003", "李娜", users["rm2"].id, initials=initials("李娜"), phone="13700005678")
        add_figures(s, add_account(s, zhang, "880001"), date(2026, 11, 20), "1.3512", "warning")
        add_figures(s, add_account(s, shan, "880002"), date(2026, 11, 20), "2.1000", "normal")


def _page(ctx: AppContext, qtbot: QtBot) -> ClientBookPage:
    page = ClientBookPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 600)
    page.show()
    qtbot.waitUntil(lambda: page.model.total > 0)
    return page


def _names(page: ClientBookPage) -> list[str]:
    return [page.model.index(r, COL_NAME).data() for r in range(page.model.rowCount())]


def test_rm_sees_own_clients_and_finds_them_by_pinyin_chinese_and_phone(
    app_ctx: AppContext, qtbot: QtBot, seeded: None
) -> None:
    page = _page(app_ctx, qtbot)
    assert sorted(_names(page)) == ["单田芳", "张伟"]  # 李娜 is rm2's
    assert "2" in page.count_label.text()
    qtbot.keyClicks(page.search, "zw")
    assert _names(page) == ["张伟"]
    page.search.clear()
    qtbot.keyClicks(page.search, "stf")  # 单 read as the surname shàn
    assert _names(page) == ["单田芳"]
    page.search.clear()
    type_chinese(page.search, "单田")
    assert page.search.text() == "单田"
    assert _names(page) == ["单田芳"]
    page.search.clear()
    qtbot.keyClicks(page.search, "5678")  # last 4 of 张伟's phone; 李娜's also ends 5678 but is rm2's
    assert _names(page) == ["张伟"]
    page.search.clear()
    qtbot.keyClicks(page.search, "C0003")
    assert _names(page) == []
    assert page.count_label.text().startswith("0")


def test_level_is_coloured_and_filters_and_sorting_work(app_ctx: AppContext, qtbot: QtBot, seeded: None) -> None:
    page = _page(app_ctx, qtbot)
    page.level_combo.setCurrentIndex(page.level_combo.findData("warning"))
    assert _names(page) == ["张伟"]
    ratio = page.model.index(0, COL_RATIO)
    assert ratio.data() == "135.12%"
    assert ratio.data(Qt.ItemDataRole.ForegroundRole).name() == "#8a5300"  # the warning colour
    assert page.model.index(0, COL_LEVEL).data() == "Warning"
    page.level_combo.setCurrentIndex(0)
    page.tier_combo.setCurrentIndex(page.tier_combo.findData("VIP"))
    assert _names(page) == ["单田芳"]
    page.tier_combo.setCurrentIndex(0)
    page.table.sortByColumn(COL_RATIO, Qt.SortOrder.DescendingOrder)
    assert _names(page) == ["单田芳", "张伟"]  # 210.00% before 135.12%
    page.table.sortByColumn(COL_RATIO, Qt.SortOrder.AscendingOrder)
    assert _names(page) == ["张伟", "单田芳"]
    assert page.model.index(0, COL_NAME).data(RowRole).client_no == "C0001"
    assert page.model.index(0, COL_RATIO).data(SortKeyRole)


def test_book_model_passes_the_model_tester(app_ctx: AppContext, qtbot: QtBot, seeded: None, qtmodeltester) -> None:
    page = _page(app_ctx, qtbot)
    qtmodeltester.check(page.model)
    qtbot.keyClicks(page.search, "z")
    qtmodeltester.check(page.model)


def test_enter_in_the_search_box_opens_the_clients_file(app_ctx: AppContext, qtbot: QtBot, seeded: None) -> None:
    page = _page(app_ctx, qtbot)
    qtbot.keyClicks(page.search, "zw")
    with qtbot.waitSignal(page.file_opened) as opened:
        qtbot.keyClick(page.search, Qt.Key.Key_Return)
    window = opened.args[0]
    assert isinstance(window, ClientFileWindow)
    qtbot.waitUntil(lambda: window.file is not None)
    assert window.name_label.text() == "张伟"
    assert window.profile.values["phone"].text().startswith("138****5678")  # masked
    close_window(qtbot, window)
    assert page.files == {}


def test_supervisor_sees_every_rm_and_filters_by_rm(make_ctx, qtbot: QtBot, seeded: None, users) -> None:
    page = _page(make_ctx("super"), qtbot)
    assert sorted(_names(page)) == ["单田芳", "张伟", "李娜"]
    assert not page.rm_combo.isHidden()
    page.rm_combo.setCurrentIndex(page.rm_combo.findData(users["rm2"].id))
    assert _names(page) == ["李娜"]


def test_hub_change_reloads_the_book(app_ctx: AppContext, qtbot: QtBot, seeded: None, db: Database, users) -> None:
    page = _page(app_ctx, qtbot)
    with db.sessions.begin() as s:
        add_client(s, "C0009", "王芳", users["rm1"].id, initials=initials("王芳"))
    with qtbot.waitSignal(page.loaded):
        app_ctx.hub.clients_changed.emit()
    assert "王芳" in _names(page)


def test_export_writes_the_current_view_masked(
    app_ctx: AppContext, qtbot: QtBot, seeded: None, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl import load_workbook

    page = _page(app_ctx, qtbot)
    qtbot.keyClicks(page.search, "zw")
    target = tmp_path / "view.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "Excel (*.xlsx)"))
    page.export_view()
    assert app_ctx.runner.wait_idle()
    rows = list(load_workbook(target).active.iter_rows(values_only=True))
    assert len(rows) == 2  # header + 张伟 only: the filtered view
    assert rows[1][1] == "张伟" and "138****5678" in rows[1]
    with db.sessions() as s:
        assert s.execute(select(AuditRecord).where(AuditRecord.action == "export")).scalars().one().username == "rm1"


def test_main_window_shortcuts_reach_the_book(app_ctx: AppContext, qtbot: QtBot, seeded: None) -> None:
    from rmdesk.ui.client_form import ClientFormDialog
    from rmdesk.ui.main_window import MainWindow

    window = MainWindow(app_ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    page = window.show_section("clients")
    assert isinstance(page, ClientBookPage)
    qtbot.waitUntil(lambda: page.model.total == 2)
    page.table.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()
    with qtbot.waitSignal(page.loaded):
        qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    forms = [w for w in page.findChildren(ClientFormDialog) if w.isVisible()]
    assert len(forms) == 1 and forms[0].windowTitle() == "New client"
    forms[0].done(0)


def test_archiving_from_the_file_takes_the_client_out_of_the_book(
    app_ctx: AppContext, qtbot: QtBot, seeded: None, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from rmdesk.store.models import Client

    page = _page(app_ctx, qtbot)
    window = page.open_client(next(r.id for r in page.model.visible_rows() if r.name == "张伟"))
    qtbot.waitUntil(lambda: window.file is not None)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(page.loaded):
        window.archive_button.click()
    assert _names(page) == ["单田芳"]
    page.archived_check.setChecked(True)
    assert sorted(_names(page)) == ["单田芳", "张伟"]
    with db.sessions() as s:
        assert s.query(Client).filter_by(client_no="C0001").one().archived  # kept, only archived
    qtbot.waitUntil(lambda: window.archive_button.text() == "Restore")
    close_window(qtbot, window)
