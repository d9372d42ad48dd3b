"""导入: start the import wizard, and see every past import (which day, who, when, applied or rejected)."""

from __future__ import annotations

from datetime import date

import shiboken6
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QPushButton, QVBoxLayout, QWidget

from rmdesk import clock
from rmdesk.services.desk import ImportRunRow, recent_imports
from rmdesk.ui.context import AppContext
from rmdesk.ui.import_models import ImportRunsModel
from rmdesk.ui.import_source import fit_columns, make_table
from rmdesk.ui.import_wizard import ImportWizard
from rmdesk.ui.style import MUTED


def _last_trading_day(session: object) -> date:
    from rmdesk.services.calendar import load_calendar

    return load_calendar(session).trading_day_on_or_before(clock.today())  # type: ignore[arg-type]


class ImportPage(QWidget):
    """The history refreshes after every import (hub.data_imported) and on F5."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.wizard: ImportWizard | None = None
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setStyleSheet(f"color: {MUTED};")
        self.start_button = QPushButton()
        self.start_button.setObjectName("startImport")
        self.start_button.setMinimumHeight(34)
        self.start_button.clicked.connect(self.open_wizard)
        self.history_label = QLabel()
        self.history_label.setStyleSheet("font-weight: bold; margin-top: 10px;")
        self.model = ImportRunsModel()
        self.table = make_table(self.model)
        self.table.setObjectName("importHistory")
        self.table.horizontalHeader().setSectionResizeMode(ImportRunsModel.SOURCE, QHeaderView.ResizeMode.Stretch)
        top = QHBoxLayout()
        top.addWidget(self.start_button)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addLayout(top)
        layout.addWidget(self.history_label)
        layout.addWidget(self.table, 1)
        self.retranslate_ui()
        ctx.hub.data_imported.connect(self.refresh)
        self.refresh()

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Import"))
        self.intro.setText(
            self.tr(
                "Load the day's export of the core system: securities, clients, credit accounts, positions and "
                "contracts. The files are checked completely first; the import writes all or nothing, then the "
                "risk scan raises the day's warnings."
            )
        )
        self.start_button.setText(self.tr("Import the day's files…"))
        self.history_label.setText(self.tr("Past imports"))
        self.model.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def refresh(self, *_args: object) -> None:
        self.ctx.runner.run(lambda s, _p: recent_imports(s), self._loaded, parent=self)

    def _loaded(self, rows: list[ImportRunRow]) -> None:
        self.model.set_rows(rows)
        fit_columns(self.table, ImportRunsModel.SOURCE)

    def open_wizard(self) -> ImportWizard:
        """One wizard at a time; it is modeless so the desk stays usable while the files are checked."""
        if self.wizard is not None and shiboken6.isValid(self.wizard) and self.wizard.isVisible():
            self.wizard.raise_()
            self.wizard.activateWindow()
            return self.wizard
        self.wizard = ImportWizard(self.ctx, self.window())
        self.wizard.show()
        wizard = self.wizard
        self.ctx.runner.run(lambda s, _p: _last_trading_day(s), wizard.set_as_of, parent=wizard)
        return wizard
