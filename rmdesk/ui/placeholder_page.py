"""A section that a later version builds: says so plainly, and lists what it will do and what to use meanwhile."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from rmdesk.ui.style import MUTED


class PlaceholderPage(QWidget):
    """Title, a "comes in a later version" line, the planned features as a list, and a hint for today."""

    def __init__(self, title: str, features: tuple[str, ...], meanwhile: str, context: str = "Sections") -> None:
        super().__init__()
        self._context = context
        self._title_src, self._features_src, self._meanwhile_src = title, features, meanwhile
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.notice = QLabel()
        self.notice.setObjectName("placeholderNotice")
        self.notice.setWordWrap(True)
        self.features = QLabel()
        self.features.setTextFormat(Qt.TextFormat.RichText)
        self.features.setWordWrap(True)
        self.meanwhile = QLabel()
        self.meanwhile.setWordWrap(True)
        self.meanwhile.setStyleSheet(f"color: {MUTED};")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(12)
        layout.addWidget(self.title)
        layout.addWidget(self.notice)
        layout.addWidget(self.features)
        layout.addWidget(self.meanwhile)
        layout.addStretch(1)
        self.retranslate_ui()

    def _t(self, text: str) -> str:
        return QCoreApplication.translate(self._context, text)

    def retranslate_ui(self) -> None:
        self.title.setText(self._t(self._title_src))
        self.notice.setText(self.tr("This section comes in a later version of rmdesk. It will:"))
        items = "".join(f"<li style='margin-bottom:4px'>{self._t(f)}</li>" for f in self._features_src)
        self.features.setText(f"<ul>{items}</ul>")
        self.meanwhile.setText(self._t(self._meanwhile_src))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
