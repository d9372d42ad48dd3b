"""Login: a good password opens the desk, a wrong one says so, five wrong ones lock the user (SPEC §1)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from rmdesk import clock
from rmdesk.services import auth
from rmdesk.services.audit import Actor
from rmdesk.store.db import Database
from rmdesk.ui.login import LoginDialog
from rmdesk.ui.ops import OpRunner
from rmdesk.ui.settings import DeskSettings
from rmdesk.ui.translations import Translations
from tests.conftest import TEST_PASSWORD


@pytest.fixture
def runner(db: Database) -> Iterator[OpRunner]:
    r = OpRunner(db)
    yield r
    assert r.shutdown()


@pytest.fixture
def dialog(runner: OpRunner, desk_settings: DeskSettings, users: dict[str, Actor], qtbot: QtBot) -> LoginDialog:
    d = LoginDialog(runner, desk_settings)
    qtbot.addWidget(d)
    d.show()
    return d


def attempt(dialog: LoginDialog, qtbot: QtBot, username: str, password: str) -> None:
    dialog.user_edit.clear()
    qtbot.keyClicks(dialog.user_edit, username)
    dialog.password_edit.clear()
    qtbot.keyClicks(dialog.password_edit, password)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)  # Enter logs in (default button)
    qtbot.waitUntil(lambda: not dialog._busy, timeout=10_000)


def test_good_password_logs_in_and_remembers_the_user(
    dialog: LoginDialog, qtbot: QtBot, desk_settings: DeskSettings
) -> None:
    with qtbot.waitSignal(dialog.logged_in, timeout=10_000) as blocker:
        attempt(dialog, qtbot, "rm1", TEST_PASSWORD)
    user = blocker.args[0]
    assert (user.username, user.role, user.display_name) == ("rm1", "rm", "李经理")
    assert dialog.result() == LoginDialog.DialogCode.Accepted
    assert desk_settings.last_username == "rm1"


def test_wrong_password_says_so_and_counts(dialog: LoginDialog, qtbot: QtBot, db: Database) -> None:
    attempt(dialog, qtbot, "rm1", "not-the-password")
    assert dialog.message.isVisible()
    assert dialog.message.text() == "Wrong user name or password."
    assert dialog.password_edit.text() == ""  # cleared for the next try
    assert dialog.isVisible() and dialog.user is None
    attempt(dialog, qtbot, "nobody", TEST_PASSWORD)
    assert dialog.message.text() == "Wrong user name or password."  # same words: user names are not revealed
    with db.sessions() as s:
        from rmdesk.store.models import User

        assert s.query(User).filter_by(username="rm1").one().failed_attempts == 1


def test_five_wrong_passwords_lock_the_user(dialog: LoginDialog, qtbot: QtBot, db: Database) -> None:
    before = clock.now()
    for _ in range(5):  # policy default: 5 wrong passwords ⚙
        attempt(dialog, qtbot, "rm2", "wrong-password")
    text = dialog.message.text()
    with db.sessions() as s:
        locked_until = auth.find_user(s, "rm2").locked_until  # type: ignore[union-attr]
    assert locked_until is not None
    # locked for 15 minutes ⚙ from the fifth attempt
    assert before + timedelta(minutes=15) <= locked_until <= clock.now() + timedelta(minutes=15)
    assert "locked until" in text and locked_until.strftime("%H:%M") in text and "rm2" in text
    # even the right password is refused while locked, and says why
    attempt(dialog, qtbot, "rm2", TEST_PASSWORD)
    assert dialog.user is None
    assert "locked until" in dialog.message.text()


def test_disabled_user_is_told_to_ask_an_administrator(
    dialog: LoginDialog, qtbot: QtBot, db: Database, users: dict[str, Actor]
) -> None:
    with db.sessions.begin() as s:
        auth.set_disabled(s, users["admin"], "rm2")
    attempt(dialog, qtbot, "rm2", TEST_PASSWORD)
    assert "disabled" in dialog.message.text()


def test_empty_fields_are_refused_without_a_database_trip(dialog: LoginDialog, qtbot: QtBot) -> None:
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "Enter your user name and password."


def test_language_choice_switches_the_dialog_live(
    runner: OpRunner,
    desk_settings: DeskSettings,
    users: dict[str, Actor],
    qtbot: QtBot,
    translations: Translations,
) -> None:
    desk_settings.language = "en"
    translations.apply("en")
    d = LoginDialog(runner, desk_settings, translations)
    qtbot.addWidget(d)
    d.show()
    assert d.login_button.text() == "Log in"
    d.language_combo.setCurrentIndex(d.language_combo.findData("zh_CN"))
    qtbot.waitUntil(lambda: d.login_button.text() == "登录")  # Qt posts LanguageChange to every window
    assert desk_settings.language == "zh_CN"
    attempt(d, qtbot, "rm1", "wrong-password")
    assert d.message.text() == "用户名或密码错误。"
    d.language_combo.setCurrentIndex(d.language_combo.findData("en"))
    qtbot.waitUntil(lambda: d.login_button.text() == "Log in")
