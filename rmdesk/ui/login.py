"""The login dialog (SPEC §1): user, password, language. Wrong passwords and lockouts say so plainly."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from rmdesk.services import auth
from rmdesk.services.auth import AuthError, UserInfo
from rmdesk.ui.ops import OpRunner
from rmdesk.ui.settings import DeskSettings
from rmdesk.ui.translations import Translations

# Each language is offered in its own words, whatever the current language is.
LANGUAGE_CHOICES = (("zh_CN", "简体中文"), ("en", "English"))


def check_password(session: Session, username: str, password: str) -> UserInfo:
    """authenticate() and commit either way: a failed attempt must count towards the lockout (SPEC §1)."""
    try:
        info = auth.authenticate(session, username, password)
    except AuthError:
        session.commit()
        raise
    session.commit()
    return info


def auth_failure_text(error: BaseException, username: str) -> str:
    """A plain sentence for a refused login or unlock."""
    code = getattr(error, "code", "")
    if code == "locked":
        until: datetime | None = getattr(error, "until", None)
        when = until.strftime("%H:%M") if until else "—"
        return (
            QCoreApplication.translate(
                "LoginText", "Too many wrong passwords: %1 is locked until %2. Try again then, or ask an administrator."
            )
            .replace("%1", username)
            .replace("%2", when)
        )
    if code == "disabled":
        return QCoreApplication.translate("LoginText", "This user is disabled. Please ask an administrator.")
    if code == "bad_credentials":
        return QCoreApplication.translate("LoginText", "Wrong user name or password.")
    from rmdesk.ui.errors import describe_error

    return describe_error(error)


class LoginDialog(QDialog):
    """Shown before the main window; emits ``logged_in(UserInfo)`` and accepts on a good password."""

    logged_in = Signal(object)

    def __init__(
        self,
        runner: OpRunner,
        settings: DeskSettings,
        translations: Translations | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._settings = settings
        self._translations = translations
        self._busy = False
        self.user: UserInfo | None = None
        self.setObjectName("loginDialog")
        self.setMinimumWidth(420)

        self.heading = QLabel()
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.heading.setFont(font)
        self.subheading = QLabel()
        self.subheading.setWordWrap(True)

        self.user_edit = QLineEdit(settings.last_username)
        self.user_edit.setObjectName("username")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.language_combo = QComboBox()
        self.language_combo.setObjectName("language")
        for code, label in LANGUAGE_CHOICES:
            self.language_combo.addItem(label, code)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(settings.language)))
        self.language_combo.currentIndexChanged.connect(self._language_chosen)

        self.form = QFormLayout()
        self.user_label, self.password_label, self.language_label = QLabel(), QLabel(), QLabel()
        self.form.addRow(self.user_label, self.user_edit)
        self.form.addRow(self.password_label, self.password_edit)
        self.form.addRow(self.language_label, self.language_combo)
        for label, buddy in (
            (self.user_label, self.user_edit),
            (self.password_label, self.password_edit),
            (self.language_label, self.language_combo),
        ):
            label.setBuddy(buddy)

        self.message = QLabel()
        self.message.setObjectName("loginMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")
        self.message.hide()

        self.buttons = QDialogButtonBox()
        self.login_button = QPushButton()
        self.login_button.setObjectName("loginButton")
        self.login_button.setDefault(True)
        self.quit_button = QPushButton()
        self.buttons.addButton(self.login_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.quit_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.login_button.clicked.connect(self.attempt)
        self.quit_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        layout.addSpacing(6)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setTabOrder(self.user_edit, self.password_edit)
        self.setTabOrder(self.password_edit, self.language_combo)
        self.setTabOrder(self.language_combo, self.login_button)
        self.retranslate_ui()
        (self.password_edit if self.user_edit.text() else self.user_edit).setFocus()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("rmdesk — log in"))
        self.heading.setText(self.tr("Margin-client desk"))
        self.subheading.setText(self.tr("Log in with your branch user name and password."))
        self.user_label.setText(self.tr("&User name"))
        self.password_label.setText(self.tr("&Password"))
        self.language_label.setText(self.tr("&Language"))
        self.login_button.setText(self.tr("Log in"))
        self.quit_button.setText(self.tr("Quit"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def _language_chosen(self) -> None:
        lang = str(self.language_combo.currentData())
        self._settings.language = lang
        if self._translations is not None:
            self._translations.apply(lang)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def attempt(self) -> None:
        """Check the password on the database worker; the dialog stays responsive meanwhile."""
        if self._busy:
            return
        username = self.user_edit.text().strip()
        password = self.password_edit.text()
        if not username or not password:
            self.show_message(self.tr("Enter your user name and password."))
            return
        self._busy = True
        self.login_button.setEnabled(False)
        self._runner.run(
            lambda session, _p: check_password(session, username, password),
            self._succeeded,
            on_failure=lambda err: self._failed(err, username),
            parent=self,
        )

    def _succeeded(self, info: UserInfo) -> None:
        self._busy = False
        self.login_button.setEnabled(True)
        self.user = info
        self._settings.last_username = info.username
        self.logged_in.emit(info)
        self.accept()

    def _failed(self, error: BaseException, username: str) -> None:
        self._busy = False
        self.login_button.setEnabled(True)
        self.password_edit.clear()
        self.password_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.show_message(auth_failure_text(error, username))
