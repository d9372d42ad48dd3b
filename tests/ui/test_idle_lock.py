"""Idle lock (SPEC §1): after the idle time the desk hides its contents and asks for the password again;
unlocking gives back every window exactly as it was (unsaved text included)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QVBoxLayout
from pytestqt.qtbot import QtBot

from rmdesk.services import auth
from rmdesk.ui.context import AppContext
from rmdesk.ui.idle_lock import Curtain
from rmdesk.ui.main_window import MainWindow
from tests.conftest import TEST_PASSWORD


@pytest.fixture
def window(app_ctx: AppContext, qtbot: QtBot) -> Iterator[MainWindow]:
    w = MainWindow(app_ctx)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.started)
    assert app_ctx.runner.wait_idle()  # the policy (idle minutes) has been read
    assert w.idle_minutes == 15  # SPEC §1 default ⚙
    w.start_idle_lock()
    yield w
    w.idle.stop()


def unlock_with(window: MainWindow, qtbot: QtBot, password: str) -> None:
    dialog = window.lock_screen.dialog
    assert dialog is not None
    dialog.password_edit.clear()
    qtbot.keyClicks(dialog.password_edit, password)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog._busy, timeout=10_000)


def test_lock_hides_everything_and_unlock_keeps_unsaved_work(
    window: MainWindow, app_ctx: AppContext, qtbot: QtBot
) -> None:
    draft = QDialog(window)
    edit = QLineEdit(draft)
    QVBoxLayout(draft).addWidget(edit)
    draft.show()
    qtbot.keyClicks(edit, "client asked for a call back")

    window.idle.set_timeout_ms(200)
    qtbot.waitUntil(lambda: window.idle.is_locked, timeout=5_000)
    qtbot.waitUntil(lambda: window.lock_screen.dialog is not None and window.lock_screen.dialog.isVisible())
    curtains = [c for c in (window.findChild(Curtain), draft.findChild(Curtain)) if c is not None]
    assert len(curtains) == 2 and all(c.isVisible() for c in curtains)  # the book and the draft are covered
    assert curtains[0].geometry() == window.rect()

    unlock_with(window, qtbot, "not-my-password")
    assert window.idle.is_locked
    assert window.lock_screen.dialog.message.text() == "Wrong user name or password."
    with app_ctx.db.sessions() as s:
        from rmdesk.store.models import User

        assert s.query(User).filter_by(username="rm1").one().failed_attempts == 1  # counts towards lockout

    unlock_with(window, qtbot, TEST_PASSWORD)
    assert not window.idle.is_locked
    qtbot.waitUntil(lambda: window.findChild(Curtain) is None and draft.findChild(Curtain) is None)
    assert draft.isVisible() and edit.text() == "client asked for a call back"


def test_activity_postpones_the_lock(window: MainWindow, qtbot: QtBot) -> None:
    window.idle.set_timeout_ms(1_000)
    for _ in range(6):  # 1.5 s of typing, never 1 s without input
        qtbot.keyClick(window.nav, Qt.Key.Key_Down)
        qtbot.wait(250)
    assert not window.idle.is_locked
    with qtbot.waitSignal(window.idle.locked, timeout=5_000):
        pass


def test_locked_user_cannot_unlock_until_the_lockout_ends(
    window: MainWindow, app_ctx: AppContext, qtbot: QtBot
) -> None:
    window.idle.lock()
    for _ in range(5):
        unlock_with(window, qtbot, "wrong-password")
    assert "locked until" in window.lock_screen.dialog.message.text()
    unlock_with(window, qtbot, TEST_PASSWORD)  # right password, but the user is locked out now
    assert window.idle.is_locked
    with app_ctx.db.sessions() as s:
        assert auth.find_user(s, "rm1").locked_until is not None  # type: ignore[union-attr]


def test_escape_does_not_unlock(window: MainWindow, qtbot: QtBot) -> None:
    window.idle.lock()
    dialog = window.lock_screen.dialog
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and window.idle.is_locked
