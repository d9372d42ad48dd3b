"""The import wizard's first page (folder and as-of date) and the helpers its pages share."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWizardPage,
)
from sqlalchemy.orm import Session

from rmdesk import clock
from rmdesk.services.progress import Progress
from rmdesk.ui.context import AppContext
from rmdesk.ui.style import MUTED

IMPORT_SUFFIXES = (".csv", ".xlsx")


def make_table(model: Any) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(False)
    return view


def fit_columns(view: QTableView, stretch: int) -> None:
    """Columns as wide as their contents plus some air; ``stretch`` takes the rest of the width."""
    view.resizeColumnsToContents()
    header = view.horizontalHeader()
    for column in range(header.count()):
        if column != stretch:
            view.setColumnWidth(column, view.columnWidth(column) + 16)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


def run_import(session: Session, progress: Progress, folder: str, as_of: date, actor: Any, dry_run: bool) -> Any:
    """The service call, on the worker (pandas and the importer are imported there, not at start-up)."""
    from rmdesk.services.importing import import_day

    return import_day(session, Path(folder), as_of, actor, dry_run=dry_run, progress=progress)


class SourcePage(QWizardPage):
    """Choose the folder of the core system's files and the day they describe."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.folder_edit = QLineEdit(ctx.settings.last_import_folder)
        self.folder_edit.setObjectName("importFolder")
        self.browse_button = QPushButton()
        self.browse_button.setObjectName("browseButton")
        self.browse_button.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.folder_edit, 1)
        row.addWidget(self.browse_button)
        self.date_edit = QDateEdit()
        self.date_edit.setObjectName("asOfDate")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setMinimumWidth(150)
        self.date_edit.setMaximumWidth(180)
        self.date_edit.setDate(QDate(*_default_as_of().timetuple()[:3]))
        self.files_label = QLabel()
        self.files_label.setWordWrap(True)
        self.files_label.setStyleSheet(f"color: {MUTED};")
        self.form = QFormLayout()
        self.folder_label, self.date_label = QLabel(), QLabel()
        self.folder_label.setBuddy(self.folder_edit)
        self.date_label.setBuddy(self.date_edit)
        self.form.addRow(self.folder_label, row)
        self.form.addRow(self.date_label, self.date_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.files_label)
        layout.addStretch(1)
        self.folder_edit.textChanged.connect(self._folder_changed)
        self.retranslate_ui()
        self._folder_changed()

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Choose the day's files"))
        self.setSubTitle(
            self.tr(
                "The folder holds the core system's export (securities, clients, accounts, positions, contracts; "
                ".csv or .xlsx). Nothing is written until the files have been checked."
            )
        )
        self.folder_label.setText(self.tr("&Folder"))
        self.date_label.setText(self.tr("&As of"))
        self.browse_button.setText(self.tr("&Browse…"))
        self._folder_changed()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder of the day's files"), self.folder_edit.text())
        if folder:
            self.folder_edit.setText(folder)

    @property
    def folder(self) -> str:
        return self.folder_edit.text().strip()

    @property
    def as_of(self) -> date:
        d = self.date_edit.date()
        return date(d.year(), d.month(), d.day())

    def _folder_changed(self) -> None:
        path = Path(self.folder) if self.folder else None
        if path is None:
            self.files_label.setText("")
        elif not path.is_dir():
            self.files_label.setText(self.tr("This folder does not exist."))
        else:
            files = sorted(p.name for p in path.iterdir() if p.suffix.lower() in IMPORT_SUFFIXES)
            self.files_label.setText(
                self.tr("Files in the folder: %1").replace("%1", ", ".join(files))
                if files
                else self.tr("The folder holds no .csv or .xlsx file.")
            )
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return bool(self.folder) and Path(self.folder).is_dir()


def _default_as_of() -> date:
    """The last weekday up to today (the import page corrects it to the last trading day when it can)."""
    day = clock.today()
    while day.weekday() >= 5:
        day = date.fromordinal(day.toordinal() - 1)
    return day
