"""Settings: the supervisor changes policy and branch settings (audited); an RM cannot; the language switches
live for the whole window."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from rmdesk import i18n
from rmdesk.services.importing import import_day
from rmdesk.services.policy import load_policy
from rmdesk.store.models import AuditRecord, PolicySetting, RiskWarning
from rmdesk.ui.context import AppContext
from rmdesk.ui.main_window import MainWindow
from rmdesk.ui.policy_model import PolicyModel
from rmdesk.ui.settings_page import SettingsPage
from rmdesk.ui.translations import Translations
from tests.ui.conftest import MakeCtx
from tests.ui.test_import_wizard import AS_OF, write_day


def open_page(ctx: AppContext, qtbot: QtBot) -> SettingsPage:
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 800)
    page.show()
    assert ctx.runner.wait_idle()
    return page


def edit_value(page: SettingsPage, qtbot: QtBot, key: str, text: str) -> None:
    """Double-click the setting's value cell, type, Enter — as a supervisor would."""
    model = page.model
    row = next(i for i, r in enumerate(model.rows) if r.key == key)
    index = model.index(row, PolicyModel.VALUE)
    page.table.scrollTo(index)
    rect = page.table.visualRect(index)
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    # the delegate's editor, open on the cell (an earlier, closed editor may not be deleted yet)
    editors = [e for e in page.table.viewport().findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1
    editor = editors[0]
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # the delegate commits and closes the editor through a queued call
    qtbot.waitUntil(lambda: page.table.state() != QAbstractItemView.State.EditingState)


def test_supervisor_changes_a_line_and_it_is_audited(make_ctx: MakeCtx, qtbot: QtBot) -> None:
    ctx = make_ctx("super")
    page = open_page(ctx, qtbot)
    changed: list[bool] = []
    ctx.hub.policy_changed.connect(lambda: changed.append(True))
    edit_value(page, qtbot, "warning_line", "1.45")
    assert page.model.pending == {"warning_line": "1.45"}
    assert page.save_button.isEnabled()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert ctx.runner.wait_idle()
    with ctx.db.sessions() as s:
        assert str(load_policy(s).warning_line) == "1.45"
        audit = s.execute(select(AuditRecord).where(AuditRecord.entity == "policy")).scalars().all()
    assert [(a.entity_id, a.username, json.loads(a.old), json.loads(a.new)) for a in audit] == [
        ("warning_line", "super", {"warning_line": "1.40"}, {"warning_line": "1.45"})
    ]
    assert changed == [True]
    row = next(r for r in page.model.rows if r.key == "warning_line")
    assert row.value == "1.45" and row.changed_by == "王主管"
    assert "Saved 1 setting" in page.message.text()


def test_invalid_and_inconsistent_values_are_refused(make_ctx: MakeCtx, qtbot: QtBot) -> None:
    ctx = make_ctx("super")
    page = open_page(ctx, qtbot)
    edit_value(page, qtbot, "margin_call_trading_days", "two")
    assert page.model.pending == {}
    assert "not a valid value" in page.message.text()
    edit_value(page, qtbot, "warning_line", "1.25")  # below the 1.30 close-out line
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert "emergency < close-out < warning" in page.message.text()
    assert ctx.runner.wait_idle()
    with ctx.db.sessions() as s:
        assert s.execute(select(PolicySetting)).first() is None  # nothing written


def test_branch_details_saved_and_shown_in_the_window(make_ctx: MakeCtx, qtbot: QtBot) -> None:
    ctx = make_ctx("super")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    page = window.show_section("settings")
    assert isinstance(page, SettingsPage)
    qtbot.waitUntil(lambda: window.started)
    assert ctx.runner.wait_idle()
    edit = page.branch_edits["branch_name"]
    edit.selectAll()
    qtbot.keyClicks(edit, "Demo Securities Pudong Branch")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert ctx.runner.wait_idle()
    with ctx.db.sessions() as s:
        assert load_policy(s).branch_name == "Demo Securities Pudong Branch"
    assert window.branch.text() == "Demo Securities Pudong Branch"


def test_rm_sees_the_settings_but_cannot_change_them(app_ctx: AppContext, qtbot: QtBot) -> None:
    page = open_page(app_ctx, qtbot)
    index = page.model.index(0, PolicyModel.VALUE)
    assert not page.model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert not page.model.setData(index, "9")
    assert not page.save_button.isVisible()
    assert all(edit.isReadOnly() for edit in page.branch_edits.values())
    assert page.model.rowCount() > 40  # every ⚙ number is listed


def test_language_switch_is_live(app_ctx: AppContext, qtbot: QtBot, translations: Translations) -> None:
    app_ctx.settings.language = "en"
    translations.apply("en")
    window = MainWindow(app_ctx, translations)
    qtbot.addWidget(window)
    window.show()
    page = window.show_section("settings")
    assert isinstance(page, SettingsPage)
    assert app_ctx.runner.wait_idle()
    assert window.nav.item(0).text() == "Today"
    page.language_combo.setCurrentIndex(page.language_combo.findData("zh_CN"))
    qtbot.waitUntil(lambda: window.nav.item(0).text() == "工作台")
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [
        "工作台",
        "客户",
        "风险预警",
        "回访",
        "投诉",
        "文书",
        "导入",
        "设置",
    ]
    assert window.user_label.text() == "李经理（客户经理）"
    assert page.title.text() == "设置"
    assert page.model.headerData(PolicyModel.SETTING, Qt.Orientation.Horizontal) == "参数"
    assert i18n.current_language() == "zh_CN"  # services' messages follow
    assert app_ctx.settings.language == "zh_CN"
    page.language_combo.setCurrentIndex(page.language_combo.findData("en"))
    qtbot.waitUntil(lambda: window.nav.item(0).text() == "Today")


def test_unsaved_edits_survive_f5_and_closing_asks_first(
    make_ctx: MakeCtx, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = make_ctx("super")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    page = window.show_section("settings")
    assert isinstance(page, SettingsPage)
    qtbot.waitUntil(lambda: window.started)
    assert ctx.runner.wait_idle()
    edit_value(page, qtbot, "lockout_minutes", "30")
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert ctx.runner.wait_idle()
    assert page.model.pending == {"lockout_minutes": "30"}  # a reload does not throw the edit away

    asked: list[str] = []

    def answer_no(*args: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", answer_no)
    window.close()
    assert window.isVisible() and len(asked) == 1  # "No": the desk stays open with the edit

    qtbot.mouseClick(page.discard_button, Qt.MouseButton.LeftButton)
    assert ctx.runner.wait_idle()
    assert page.model.pending == {}
    window.close()
    assert not window.isVisible() and len(asked) == 1  # nothing unsaved: no question


def test_rescan_applies_new_lines_to_the_latest_day(make_ctx: MakeCtx, qtbot: QtBot, tmp_path: Path) -> None:
    ctx = make_ctx("super")
    write_day(tmp_path / "day", "13500")  # ratio 135,000 / 100,000 = 1.35: "warning" between 1.30 and 1.40
    with ctx.db.sessions.begin() as s:
        assert import_day(s, tmp_path / "day", AS_OF, ctx.actor).applied
    page = open_page(ctx, qtbot)
    edit_value(page, qtbot, "warning_line", "1.45")
    edit_value(page, qtbot, "closeout_line", "1.36")  # now 1.35 < 1.36: close-out → a margin call
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert ctx.runner.wait_idle()
    qtbot.mouseClick(page.rescan_button, Qt.MouseButton.LeftButton)
    assert ctx.runner.wait_idle(30_000)
    assert page.message.text() == "Risk scan of 2026-11-20 done: 1 new warning(s), 1 level change(s)."
    with ctx.db.sessions() as s:
        open_kinds = set(
            s.execute(select(RiskWarning.kind).where(RiskWarning.status.in_(("open", "notified")))).scalars()
        )
    assert "margin_call" in open_kinds and "ratio_warning" not in open_kinds


def test_two_windows_never_overwrite_each_other(make_ctx: MakeCtx, qtbot: QtBot) -> None:
    first, second = make_ctx("super"), make_ctx("super")
    page_a, page_b = open_page(first, qtbot), open_page(second, qtbot)
    edit_value(page_b, qtbot, "warning_line", "1.45")
    qtbot.mouseClick(page_b.save_button, Qt.MouseButton.LeftButton)
    assert second.runner.wait_idle()
    # window A still shows 1.40 and now saves its own edit of the same setting
    edit_value(page_a, qtbot, "warning_line", "1.42")
    qtbot.mouseClick(page_a.save_button, Qt.MouseButton.LeftButton)
    assert first.runner.wait_idle()
    assert "1.45" in page_a.message.text() and "1.40" in page_a.message.text()
    with first.db.sessions() as s:
        assert str(load_policy(s).warning_line) == "1.45"  # B's value stands, A's was not written
        assert len(s.execute(select(AuditRecord).where(AuditRecord.entity == "policy")).scalars().all()) == 1
