"""Failures shown to people: a plain message first, the technical details one click away and easy to copy."""

from __future__ import annotations

import traceback

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from rmdesk import i18n


def describe_error(error: BaseException) -> str:
    """A sentence a relationship manager can act on; services' coded errors speak the user's language."""
    code = getattr(error, "code", None)
    if isinstance(code, str) and i18n.has(code):
        params = getattr(error, "params", None) or {}
        return i18n.t(code, **params)
    name = type(error).__name__
    text = str(error)
    if name == "OperationalError" and "locked" in text:
        return QCoreApplication.translate(
            "ErrorText", "The database is busy (another program is writing to it). Please try again in a moment."
        )
    if name in ("OperationalError", "DatabaseError", "InterfaceError"):
        return QCoreApplication.translate(
            "ErrorText", "The database could not be read or written. Check that the file or server is available."
        )
    if isinstance(error, PermissionError):
        return QCoreApplication.translate("ErrorText", "Access was denied to a file or folder: %1").replace("%1", text)
    if isinstance(error, FileNotFoundError):
        return QCoreApplication.translate("ErrorText", "A file or folder was not found: %1").replace("%1", text)
    if isinstance(error, OSError):
        return QCoreApplication.translate("ErrorText", "A file could not be read or written: %1").replace("%1", text)
    if text:
        return QCoreApplication.translate("ErrorText", "Something went wrong: %1").replace("%1", text)
    return QCoreApplication.translate("ErrorText", "Something went wrong (%1).").replace("%1", name)


class ErrorDialog(QDialog):
    """The readable message, and the traceback in a read-only box with a Copy button."""

    def __init__(self, parent: QWidget | None, error: BaseException, details: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Error"))
        self.setMinimumWidth(480)
        self.message = describe_error(error)
        self.details_text = details or "".join(traceback.format_exception(error))

        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(40, 40))
        label = QLabel(self.message)
        label.setWordWrap(True)
        label.setObjectName("errorMessage")
        top = QHBoxLayout()
        top.addWidget(icon, 0)
        top.addWidget(label, 1)

        self.details = QPlainTextEdit(self.details_text)
        self.details.setReadOnly(True)
        self.details.setMinimumHeight(160)
        self.details.hide()

        self.toggle = QPushButton(self.tr("Show details"))
        self.toggle.setCheckable(True)
        self.toggle.toggled.connect(self._toggle_details)
        self.copy = QPushButton(self.tr("Copy details"))
        self.copy.clicked.connect(self.copy_details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("OK"))
        buttons.addButton(self.toggle, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self.accept)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)

    def _toggle_details(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.toggle.setText(self.tr("Hide details") if shown else self.tr("Show details"))
        self.adjustSize()

    def copy_details(self) -> None:
        """Message and traceback together, ready to paste into a support request."""
        QGuiApplication.clipboard().setText(f"{self.message}\n\n{self.details_text}")


_open_dialogs: set[ErrorDialog] = set()  # a parentless dialog needs a Python reference while it is shown


def show_error(parent: QWidget | None, error: BaseException, details: str = "") -> ErrorDialog:
    """Open the dialog window-modally without blocking the caller (no exec(): ops keep running)."""
    dialog = ErrorDialog(parent, error, details)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _open_dialogs.add(dialog)
    dialog.finished.connect(lambda _result: _open_dialogs.discard(dialog))
    dialog.open()
    return dialog
