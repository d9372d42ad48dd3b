"""Idle lock (SPEC §1): after the idle time ⚙ the desk hides what it shows and asks for the password again.

Nothing is closed or hidden: every visible window gets an opaque curtain (a child widget on top), so open dialogs
and half-typed forms keep their state, and a modal unlock dialog asks for the password (checked with
auth.authenticate, so wrong passwords count towards the lockout).
"""

from __future__ import annotations

import time

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rmdesk.services.auth import UserInfo
from rmdesk.ui.login import auth_failure_text, check_password
from rmdesk.ui.ops import OpRunner

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
    QEvent.Type.InputMethod,
}


class IdleLock(QObject):
    """Application event filter: input resets the idle clock; ``locked`` fires when the time runs out."""

    locked = Signal()
    unlocked = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timeout_ms = timeout_ms
        self._last = time.monotonic()
        self.is_locked = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._check)

    def start(self) -> None:
        QApplication.instance().installEventFilter(self)
        self._restart(self._timeout_ms)

    def stop(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    @property
    def timeout_ms(self) -> int:
        return self._timeout_ms

    def set_timeout_ms(self, ms: int) -> None:
        """A new idle time (policy changed); 0 turns the lock off."""
        self._timeout_ms = max(0, ms)
        if not self.is_locked:
            self._last = time.monotonic()
            self._restart(self._timeout_ms)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Only a float is written per event: the timer itself is restarted when it fires early (see _check).
        if not self.is_locked and event.type() in _ACTIVITY:
            self._last = time.monotonic()
        return False

    def _restart(self, ms: int) -> None:
        if self._timeout_ms > 0:
            self._timer.start(max(1, ms))
        else:
            self._timer.stop()

    def _check(self) -> None:
        if self.is_locked or self._timeout_ms <= 0:
            return
        idle_ms = int((time.monotonic() - self._last) * 1000)
        if idle_ms < self._timeout_ms:
            self._restart(self._timeout_ms - idle_ms)
            return
        self.lock()

    def lock(self) -> None:
        if not self.is_locked:
            self.is_locked = True
            self._timer.stop()
            self.locked.emit()

    def unlock(self) -> None:
        if self.is_locked:
            self.is_locked = False
            self._last = time.monotonic()
            self._restart(self._timeout_ms)
            self.unlocked.emit()


class Curtain(QWidget):
    """An opaque cover over one window's contents while the desk is locked."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("privacyCurtain")
        self.setAutoFillBackground(True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("#privacyCurtain { background: #e8ecf2; }")
        self.label = QLabel(self)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setStyleSheet("color: #4a5568; font-size: 16pt;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        self.retranslate_ui()
        window.installEventFilter(self)
        self.setGeometry(window.rect())
        self.raise_()
        self.show()

    def retranslate_ui(self) -> None:
        self.label.setText(self.tr("Locked — enter your password to continue"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            self.setGeometry(watched.rect())
        return False

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


class UnlockDialog(QDialog):
    """Asks the logged-in user's password. No way around it (no Cancel, no Quit): the work behind stays open."""

    unlocked = Signal()

    def __init__(self, runner: OpRunner, user: UserInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._user = user
        self._busy = False
        self.setObjectName("unlockDialog")
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setMinimumWidth(380)
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("unlockPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setObjectName("unlockMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")
        self.message.hide()
        self.unlock_button = QPushButton()
        self.unlock_button.setDefault(True)
        buttons = QDialogButtonBox()
        buttons.addButton(self.unlock_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.unlock_button.clicked.connect(self.attempt)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addWidget(self.password_edit)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.retranslate_ui()
        self.password_edit.setFocus()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Desk locked"))
        self.info.setText(
            self.tr("The desk was locked after a period of inactivity. Enter the password of %1 (%2) to continue.")
            .replace("%1", self._user.display_name)
            .replace("%2", self._user.username)
        )
        self.unlock_button.setText(self.tr("Unlock"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def reject(self) -> None:
        """Escape must not unlock the desk."""

    def attempt(self) -> None:
        if self._busy:
            return
        password = self.password_edit.text()
        if not password:
            return
        self._busy = True
        self.unlock_button.setEnabled(False)
        username = self._user.username
        self._runner.run(
            lambda session, _p: check_password(session, username, password),
            self._succeeded,
            on_failure=self._failed,
            parent=self,
        )

    def _succeeded(self, _info: UserInfo) -> None:
        self._busy = False
        self.unlock_button.setEnabled(True)
        self.unlocked.emit()
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        self.unlock_button.setEnabled(True)
        self.password_edit.clear()
        self.message.setText(auth_failure_text(error, self._user.username))
        self.message.show()


class LockScreen(QObject):
    """Puts curtains on every visible window and shows the unlock dialog; undoes both on the right password."""

    def __init__(self, runner: OpRunner, user: UserInfo, idle: IdleLock, main_window: QWidget) -> None:
        super().__init__(main_window)
        self._runner = runner
        self._user = user
        self._idle = idle
        self._main = main_window
        self._curtains: list[Curtain] = []
        self.dialog: UnlockDialog | None = None
        idle.locked.connect(self.engage)

    def engage(self) -> None:
        for window in QApplication.topLevelWidgets():
            if window.isVisible() and not isinstance(window, UnlockDialog):
                self._curtains.append(Curtain(window))
        self.dialog = UnlockDialog(self._runner, self._user, self._main)
        self.dialog.unlocked.connect(self.release)
        self.dialog.open()

    def release(self) -> None:
        for curtain in self._curtains:
            if shiboken6.isValid(curtain):
                curtain.hide()
                curtain.deleteLater()
        self._curtains.clear()
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None
        self._idle.unlock()
