"""The import wizard's check and result pages: the dry run's problems, then what the import changed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWizard, QWizardPage

from rmdesk.ui.context import AppContext
from rmdesk.ui.import_models import ChangesModel, IssuesModel, change_rows
from rmdesk.ui.import_source import SourcePage, fit_columns, make_table, run_import
from rmdesk.ui.ops import OpHandle
from rmdesk.ui.style import ERROR_RED, LEVEL_COLORS, MUTED


class CheckPage(QWizardPage):
    """The dry run: every problem of every file, in one table. The import is offered only when nothing is fatal."""

    def __init__(self, ctx: AppContext, source: SourcePage) -> None:
        super().__init__()
        self.ctx = ctx
        self.source = source
        self.report: Any = None
        self.handle: OpHandle | None = None
        self.setCommitPage(True)
        self.summary = QLabel()
        self.summary.setObjectName("checkSummary")
        self.summary.setWordWrap(True)
        self.files = QLabel()
        self.files.setWordWrap(True)
        self.files.setStyleSheet(f"color: {MUTED};")
        self.model = IssuesModel()
        self.table = make_table(self.model)
        self.table.setObjectName("issuesTable")
        self.recheck_button = QPushButton()
        self.recheck_button.setObjectName("recheckButton")
        self.recheck_button.clicked.connect(self.check)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.recheck_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.files)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Check the files"))
        self.setSubTitle(self.tr("Every row of every file is checked first; nothing is written at this step."))
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("&Import"))
        self.recheck_button.setText(self.tr("Check &again"))
        self.model.retranslate()
        self._show()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def initializePage(self) -> None:
        self.check()

    def cleanupPage(self) -> None:
        if self.handle is not None and not self.handle.done:
            self.handle.cancel()

    def check(self) -> None:
        """Run the dry run again (after fixing a file, say)."""
        self.report = None
        self.model.set_rows([])
        self.summary.setText(self.tr("Checking…"))
        self.summary.setStyleSheet("")
        self.files.setText("")
        self.recheck_button.setEnabled(False)
        self.completeChanged.emit()
        folder, as_of, actor = self.source.folder, self.source.as_of, self.ctx.actor
        self.ctx.settings.last_import_folder = folder
        self.handle = self.ctx.runner.run(
            lambda s, p: run_import(s, p, folder, as_of, actor, dry_run=True),
            self._checked,
            on_failure=self._failed,
            label=self.tr("Checking the files…"),
            progress=True,
            cancellable=True,
            parent=self,
            write=True,
        )
        self.handle.cancelled.connect(self._cancelled)

    def _checked(self, report: Any) -> None:
        self.report = report
        self.model.set_rows(sorted_issues(report))
        fit_columns(self.table, IssuesModel.REASON)
        self.recheck_button.setEnabled(True)
        self._show()
        self.completeChanged.emit()

    def _failed(self, error: BaseException) -> None:
        from rmdesk.ui.errors import describe_error

        self.recheck_button.setEnabled(True)
        self.summary.setText(self.tr("The check could not run: %1").replace("%1", describe_error(error)))
        self.summary.setStyleSheet(f"color: {ERROR_RED};")
        self.ctx.runner.report_failure(error, "", self)

    def _cancelled(self) -> None:
        self.recheck_button.setEnabled(True)
        self.summary.setText(self.tr("The check was cancelled."))

    def _show(self) -> None:
        report = self.report
        if report is None:
            return
        fatal = sum(1 for i in report.issues if i.fatal)
        notices = len(report.issues) - fatal
        if fatal:
            text = (
                self.tr("%1 error(s) and %2 notice(s). Nothing will be written: fix the files, then check again.")
                if notices
                else self.tr("%1 error(s). Nothing will be written: fix the files, then check again.")
            )
            text = text.replace("%1", str(fatal)).replace("%2", str(notices))
            self.summary.setStyleSheet(f"color: {ERROR_RED}; font-weight: bold;")
        else:
            text = (
                self.tr("No errors (%1 notice(s)). Press Import to write the day's data.").replace("%1", str(notices))
                if notices
                else self.tr("No errors. Press Import to write the day's data.")
            )
            self.summary.setStyleSheet(f"color: {LEVEL_COLORS['normal'][0]}; font-weight: bold;")
        self.summary.setText(text)
        files = [
            self.tr("%1 (%2 rows, %3)")
            .replace("%1", f.name)
            .replace("%2", f"{f.rows:,}")
            .replace("%3", str(getattr(f, "encoding", "") or "xlsx"))
            for f in report.files
        ]
        self.files.setText(self.tr("Files read: %1").replace("%1", self.tr("; ").join(files)) if files else "")

    def isComplete(self) -> bool:
        return self.report is not None and bool(self.report.ok)


class ResultPage(QWizardPage):
    """Applies the import (validated again: the files may have changed) and shows what changed."""

    def __init__(self, ctx: AppContext, source: SourcePage) -> None:
        super().__init__()
        self.ctx = ctx
        self.source = source
        self.report: Any = None
        self.done = False
        self.summary = QLabel()
        self.summary.setObjectName("resultSummary")
        self.summary.setWordWrap(True)
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.changes_model = ChangesModel()
        self.changes = make_table(self.changes_model)
        self.changes.setObjectName("changesTable")
        self.issues_model = IssuesModel()
        self.issues = make_table(self.issues_model)
        self.issues.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.counts)
        layout.addWidget(self.changes, 1)
        layout.addWidget(self.issues, 1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Import"))
        self.setSubTitle(self.tr("The day's data is written in one transaction, then the risk scan runs."))
        self.changes_model.retranslate()
        self.issues_model.retranslate()
        self._show()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def initializePage(self) -> None:
        self.done = False
        self.summary.setText(self.tr("Importing…"))
        folder, as_of, actor = self.source.folder, self.source.as_of, self.ctx.actor
        handle = self.ctx.runner.run(
            lambda s, p: run_import(s, p, folder, as_of, actor, dry_run=False),
            self._applied,
            on_failure=self._failed,
            label=self.tr("Importing the day's data…"),
            progress=True,
            cancellable=True,
            parent=self,
            write=True,
        )
        handle.cancelled.connect(self._cancelled)

    def _applied(self, report: Any) -> None:
        self.report = report
        self.done = True
        if report.applied:
            self.changes_model.set_rows(change_rows(report.scan))
            fit_columns(self.changes, ChangesModel.DETAIL)
            self.ctx.hub.announce_import(report)
        else:
            self.issues_model.set_rows(sorted_issues(report))
            fit_columns(self.issues, IssuesModel.REASON)
        self.changes.setVisible(bool(report.applied))
        self.issues.setVisible(not report.applied)
        self._show()
        self.completeChanged.emit()

    def _failed(self, error: BaseException) -> None:
        from rmdesk.ui.errors import describe_error

        self.done = True
        self.summary.setText(
            self.tr("The import failed and nothing was written: %1").replace("%1", describe_error(error))
        )
        self.summary.setStyleSheet(f"color: {ERROR_RED}; font-weight: bold;")
        self.completeChanged.emit()
        self.ctx.runner.report_failure(error, "", self)

    def _cancelled(self) -> None:
        self.done = True
        self.summary.setText(self.tr("The import was cancelled; nothing was written."))
        self.completeChanged.emit()

    def _show(self) -> None:
        report = self.report
        if report is None:
            return
        if not report.applied:
            self.summary.setText(self.tr("The files changed since the check and now have errors; nothing was written."))
            self.summary.setStyleSheet(f"color: {ERROR_RED}; font-weight: bold;")
            return
        rows = self.changes_model.rows
        raised = sum(1 for r in rows if r.action == "raised")
        levels = sum(1 for r in rows if r.action == "level")
        self.summary.setStyleSheet(f"color: {LEVEL_COLORS['normal'][0]}; font-weight: bold;")
        self.summary.setText(
            self.tr("Imported the data as of %1: %2 new warning(s), %3 level change(s).")
            .replace("%1", report.as_of.isoformat())
            .replace("%2", str(raised))
            .replace("%3", str(levels))
        )
        self.counts.setText(count_text(report.counts))

    def isComplete(self) -> bool:
        return self.done


def sorted_issues(report: Any) -> list[Any]:
    """Errors before notices; within each, in file order (as read) and by row (whole-file issues first)."""
    order = {f.name: i for i, f in enumerate(report.files)}
    return sorted(
        report.issues, key=lambda i: (not i.fatal, order.get(i.file, len(order)), -1 if i.row is None else i.row)
    )


def count_text(counts: dict[str, int]) -> str:
    """The import's counts in words ("New clients 12 · Positions 3,400 …")."""
    names = {
        "securities_new": QCoreApplication.translate("ImportWizard", "New securities"),
        "securities_updated": QCoreApplication.translate("ImportWizard", "Updated securities"),
        "clients_new": QCoreApplication.translate("ImportWizard", "New clients"),
        "clients_updated": QCoreApplication.translate("ImportWizard", "Updated clients"),
        "accounts_new": QCoreApplication.translate("ImportWizard", "New credit accounts"),
        "accounts_updated": QCoreApplication.translate("ImportWizard", "Updated credit accounts"),
        "positions": QCoreApplication.translate("ImportWizard", "Positions"),
        "contracts": QCoreApplication.translate("ImportWizard", "Contracts"),
    }
    parts = [f"{names[k]} {counts[k]:,}" for k in names if k in counts]
    return QCoreApplication.translate("ImportWizard", " · ").join(parts)
