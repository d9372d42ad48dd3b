"""Shown when a save meets a newer stored version: both versions side by side, differing fields highlighted, and
two explicit ways on — load the stored version, or apply this window's changes on top of it and review again.
Nothing is ever overwritten without the user seeing what the other person saved."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

HIGHLIGHT = "#fff4d6"


@dataclass(frozen=True)
class ConflictRow:
    """One field: its label, the stored value (theirs), this window's value (mine), and who changed it."""

    title: str
    theirs: str
    mine: str
    they_changed: bool
    i_changed: bool

    @property
    def differs(self) -> bool:
        return self.theirs != self.mine


class ConflictDialog(QDialog):
    """Emits ``load_theirs`` or ``apply_mine``; Cancel keeps the form as it is (saving will conflict again)."""

    load_theirs = Signal()
    apply_mine = Signal()

    def __init__(self, rows: list[ConflictRow], saved_at: str, version: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.setWindowTitle(self.tr("Changed by someone else"))
        self.rows = rows
        intro = QLabel(
            self.tr(
                "This client was changed and saved (version %1) after you opened it. Nothing has been "
                "overwritten. Compare the two versions:"
            ).replace("%1", str(version))
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(len(rows), 3)
        self.table.setObjectName("conflictTable")
        self.table.setHorizontalHeaderLabels([self.tr("Field"), self.tr("Stored now"), self.tr("Yours")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        bold = QFont()
        bold.setBold(True)
        for i, row in enumerate(rows):
            cells = (row.title, row.theirs, row.mine)
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if row.differs:
                    item.setBackground(QBrush(QColor(HIGHLIGHT)))
                    if (j == 1 and row.they_changed) or (j == 2 and row.i_changed):
                        item.setFont(bold)
                self.table.setItem(i, j, item)
        self.table.resizeRowsToContents()
        note = QLabel(
            self.tr(
                "Highlighted: fields that differ; bold: the side that changed it. Stored version saved at %1."
            ).replace("%1", saved_at)
        )
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.load_button = QPushButton(self.tr("Load the stored version"))
        self.apply_button = QPushButton(self.tr("Apply my changes to the stored version"))
        self.load_button.setObjectName("loadTheirs")
        self.apply_button.setObjectName("applyMine")
        self.buttons.addButton(self.load_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.load_button.clicked.connect(self._load)
        self.apply_button.clicked.connect(self._apply)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self.resize(760, 520)

    def _load(self) -> None:
        self.accept()
        self.load_theirs.emit()

    def _apply(self) -> None:
        self.accept()
        self.apply_mine.emit()
