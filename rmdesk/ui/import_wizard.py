"""The import wizard (SPEC §7): folder and as-of date → dry run with every problem in a table → apply only when
clean → what changed (new warnings, level changes). Every database step runs on the op runner with progress.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent
from PySide6.QtWidgets import QWidget, QWizard

from rmdesk.ui.context import AppContext
from rmdesk.ui.import_pages import CheckPage, ResultPage
from rmdesk.ui.import_source import SourcePage


class ImportWizard(QWizard):
    """Modeless wizard over the main window; the window stays usable while an import runs."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("importWizard")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.source = SourcePage(ctx)
        self.check = CheckPage(ctx, self.source)
        self.result = ResultPage(ctx, self.source)
        for page in (self.source, self.check, self.result):
            self.addPage(page)
        self.resize(980, 640)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Import the day's files"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("&Next >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< &Back"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Cancel"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Close"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def set_as_of(self, day: date) -> None:
        self.source.date_edit.setDate(QDate(day.year, day.month, day.day))


__all__ = ["ImportWizard"]
