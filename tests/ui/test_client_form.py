"""The client form against a temporary database: a field's problem appears under it and Save waits for a valid
value; the service's own checks come back to the right field; a second window's save shows both versions and
never overwrites the first window's change."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from rmdesk.services.audit import Actor
from rmdesk.services.clients import ClientDetail, get_client
from rmdesk.store.db import Database
from rmdesk.store.models import Client
from rmdesk.ui.client_conflict import ConflictDialog
from rmdesk.ui.client_form import ClientFormDialog
from rmdesk.ui.context import AppContext
from tests.services.clients_support import add_client, make_id

ID_1980 = make_id("110105", date(1980, 3, 7), 123)  # 3 is odd → 男


def type_chinese(widget: QWidget, text: str) -> None:
    """Commit text the way an input method does (qtbot.keyClicks with non-ASCII text aborts the process)."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def field(dialog: ClientFormDialog, name: str) -> QLineEdit:
    widget = dialog.widgets[name]
    assert isinstance(widget, QLineEdit)
    return widget


def retype(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


@pytest.fixture(autouse=True)
def _discard_without_asking(monkeypatch: pytest.MonkeyPatch) -> None:
    """Closing a dirty form asks first; at teardown (qtbot closes every widget) the answer is "discard"."""
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)


@pytest.fixture
def existing(db: Database, users: dict[str, Actor]) -> ClientDetail:
    with db.sessions.begin() as s:
        c = add_client(
            s,
            "E0001",
            "张伟",
            users["rm1"].id,
            id_no=ID_1980,
            gender="男",
            birth_date=date(1980, 3, 7),
            phone="13812345678",
            address="上海市浦东新区 1 号",
        )
        return get_client(s, users["rm1"], c.id)


def _dialog(ctx: AppContext, qtbot: QtBot, detail: ClientDetail | None) -> ClientFormDialog:
    dialog = ClientFormDialog(ctx, detail)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_new_client_waits_for_a_valid_mobile_then_saves_as_the_rms_own(
    app_ctx: AppContext, qtbot: QtBot, db: Database, users: dict[str, Actor]
) -> None:
    dialog = _dialog(app_ctx, qtbot, None)
    assert not dialog.save_button.isEnabled()  # client no and name are required
    assert dialog.errors["name"].isHidden()  # ... but nothing is shouted before the user typed
    qtbot.keyClicks(field(dialog, "client_no"), "N0001")
    type_chinese(field(dialog, "name"), "王小明")
    qtbot.keyClicks(field(dialog, "phone"), "1381234567")  # 10 digits
    assert dialog.errors["phone"].isVisible()
    assert dialog.errors["phone"].text() == "手机号应为 1 开头的 11 位数字"
    assert not dialog.save_button.isEnabled()
    qtbot.keyClicks(field(dialog, "phone"), "8")
    assert dialog.errors["phone"].isHidden()
    assert dialog.save_button.isEnabled()
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    with db.sessions() as s:
        client = s.execute(select(Client).where(Client.client_no == "N0001")).scalar_one()
    assert (client.name, client.name_initials, client.phone) == ("王小明", "wxm", "13812345678")
    assert client.rm_id == users["rm1"].id


def test_edit_with_a_bad_id_then_a_good_one(
    app_ctx: AppContext, qtbot: QtBot, db: Database, existing: ClientDetail
) -> None:
    dialog = _dialog(app_ctx, qtbot, existing)
    assert field(dialog, "id_no").text() == ID_1980[:6] + "********" + ID_1980[-4:]  # masked, and kept if untouched
    assert dialog.save_button.isEnabled()
    wrong = ID_1980[:17] + ("0" if ID_1980[17] != "0" else "1")  # check digit off by one
    retype(qtbot, field(dialog, "id_no"), wrong)
    assert dialog.errors["id_no"].text() == "身份证号校验位不正确"
    assert not dialog.save_button.isEnabled()
    other = make_id("110105", date(1980, 3, 7), 135)  # same birth date and gender, another sequence
    retype(qtbot, field(dialog, "id_no"), other)
    assert dialog.errors["id_no"].isHidden() and dialog.save_button.isEnabled()
    with qtbot.waitSignal(dialog.saved):
        dialog.save_button.click()
    with db.sessions() as s:
        stored = s.get(Client, existing.id)
        assert stored is not None
        assert (stored.id_no, stored.phone, stored.version) == (other, "13812345678", 2)


def test_birth_date_must_agree_with_the_id(app_ctx: AppContext, qtbot: QtBot, existing: ClientDetail) -> None:
    dialog = _dialog(app_ctx, qtbot, existing)
    retype(qtbot, field(dialog, "id_no"), ID_1980)  # the full number, typed again
    retype(qtbot, field(dialog, "birth_date"), "1980-03-08")
    assert dialog.errors["birth_date"].text() == "与身份证号中的出生日期 1980-03-07 不一致"
    assert not dialog.save_button.isEnabled()


def test_server_check_lands_next_to_the_field(app_ctx: AppContext, qtbot: QtBot, existing: ClientDetail) -> None:
    dialog = _dialog(app_ctx, qtbot, None)
    qtbot.keyClicks(field(dialog, "client_no"), "E0001")  # taken: only the database knows
    type_chinese(field(dialog, "name"), "李雷")
    dialog.save_button.click()
    qtbot.waitUntil(dialog.errors["client_no"].isVisible)
    assert dialog.errors["client_no"].text() == "客户号已被其他客户使用"
    assert dialog.isVisible() and not dialog.save_button.isEnabled()
    retype(qtbot, field(dialog, "client_no"), "E0002")
    assert dialog.save_button.isEnabled()


def test_concurrent_edit_shows_both_versions_and_never_overwrites(
    app_ctx: AppContext, make_ctx, qtbot: QtBot, db: Database, existing: ClientDetail
) -> None:
    first = _dialog(app_ctx, qtbot, existing)
    second = _dialog(make_ctx("super"), qtbot, existing)  # opened before the first one saves
    retype(qtbot, field(first, "address"), "Beijing Road 2")
    with qtbot.waitSignal(first.saved):
        first.save_button.click()
    retype(qtbot, field(second, "email"), "wei@example.com")
    second.save_button.click()
    qtbot.waitUntil(lambda: isinstance(getattr(second, "conflict", None), ConflictDialog))
    conflict: ConflictDialog = second.conflict
    rows = {r.title: r for r in conflict.rows}
    assert (rows["Address"].theirs, rows["Address"].mine) == ("Beijing Road 2", "上海市浦东新区 1 号")
    assert rows["Address"].they_changed and not rows["Address"].i_changed
    assert rows["E-mail"].i_changed and rows["E-mail"].mine == "wei@example.com"
    with db.sessions() as s:
        stored = s.get(Client, existing.id)
        assert stored is not None and (stored.address, stored.email) == ("Beijing Road 2", None)
    conflict.apply_button.click()  # keep my e-mail on top of their address, then save again
    assert field(second, "address").text() == "Beijing Road 2"
    assert field(second, "email").text() == "wei@example.com"
    with qtbot.waitSignal(second.saved):
        second.save_button.click()
    with db.sessions() as s:
        stored = s.get(Client, existing.id)
        assert stored is not None
        assert (stored.address, stored.email, stored.version) == ("Beijing Road 2", "wei@example.com", 3)


def test_loading_the_stored_version_discards_mine(
    app_ctx: AppContext, make_ctx, qtbot: QtBot, db: Database, existing: ClientDetail
) -> None:
    first = _dialog(app_ctx, qtbot, existing)
    second = _dialog(app_ctx, qtbot, replace(existing))
    retype(qtbot, field(first, "occupation"), "teacher")
    with qtbot.waitSignal(first.saved):
        first.save_button.click()
    retype(qtbot, field(second, "occupation"), "doctor")
    second.save_button.click()
    qtbot.waitUntil(lambda: isinstance(getattr(second, "conflict", None), ConflictDialog))
    second.conflict.load_button.click()
    assert field(second, "occupation").text() == "teacher"
    assert second.expected_version == 2


def test_escape_with_changes_asks_first(
    app_ctx: AppContext, qtbot: QtBot, existing: ClientDetail, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = _dialog(app_ctx, qtbot, existing)
    retype(qtbot, field(dialog, "occupation"), "pilot")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
