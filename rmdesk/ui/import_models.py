"""Table models of the import wizard and page: problems found, what changed, and past imports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QColor

from rmdesk import i18n
from rmdesk.services.desk import ImportRunRow
from rmdesk.ui.style import ERROR_RED, LEVEL_COLORS, WARNING_AMBER
from rmdesk.ui.table_model import RowTableModel

LEVEL_ORDER = {"normal": 0, "warning": 1, "closeout": 2, "emergency": 3}


class IssuesModel(RowTableModel[Any]):
    """Every problem of a dry run: file, row, column, value, reason, and whether it blocks the import."""

    CONTEXT = "IssuesModel"
    FILE, ROW, COLUMN, VALUE, REASON, SEVERITY = range(6)
    COLUMNS: ClassVar[tuple[str, ...]] = (
        QT_TRANSLATE_NOOP("IssuesModel", "File"),
        QT_TRANSLATE_NOOP("IssuesModel", "Row"),
        QT_TRANSLATE_NOOP("IssuesModel", "Column"),
        QT_TRANSLATE_NOOP("IssuesModel", "Value"),
        QT_TRANSLATE_NOOP("IssuesModel", "Reason"),
        QT_TRANSLATE_NOOP("IssuesModel", "Severity"),
    )

    def display(self, row: Any, column: int) -> str:
        if column == self.FILE:
            return str(row.file or "")
        if column == self.ROW:
            return "" if row.row is None else str(row.row)
        if column == self.COLUMN:
            return str(row.column or "")
        if column == self.VALUE:
            return "" if row.value is None else str(row.value)
        if column == self.REASON:
            return str(row.message())
        if row.fatal:
            return QCoreApplication.translate("IssuesModel", "Error")
        return QCoreApplication.translate("IssuesModel", "Notice")

    def sort_key(self, row: Any, column: int) -> Any:
        if column == self.ROW:
            return -1 if row.row is None else int(row.row)
        if column == self.SEVERITY:
            return 0 if row.fatal else 1
        return self.display(row, column)

    def foreground(self, row: Any, column: int) -> Any:
        if column == self.SEVERITY:
            return QColor(ERROR_RED if row.fatal else WARNING_AMBER)
        return None

    def tooltip(self, row: Any, column: int) -> Any:
        return self.display(row, column) if column in (self.REASON, self.VALUE) else None

    def alignment(self, column: int) -> Any:
        if column == self.ROW:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


@dataclass(frozen=True)
class ChangeRow:
    """One line of "what changed": a warning raised/resolved/escalated, or an account's level moving."""

    account_no: str
    client_no: str
    kind: str  # "warning" or "level"
    code: str  # warning kind, or the new level
    action: str  # raised / updated / resolved / escalated / level
    before: str | None
    due: date | None

    @property
    def severity(self) -> int:
        if self.kind == "level":
            return LEVEL_ORDER.get(self.code, 0)
        return {"emergency": 3, "margin_call": 2}.get(self.code, 1)


def change_rows(scan: Any) -> list[ChangeRow]:
    """The scan's changes (new warnings first, then level changes), most serious first."""
    if scan is None:
        return []
    rows = [
        ChangeRow(c.account_no, c.client_no, "warning", c.kind, c.action, None, c.due)
        for c in getattr(scan, "changes", ())
        if c.action in ("raised", "resolved", "escalated")
    ]
    rows += [
        ChangeRow(c.account_no, c.client_no, "level", c.after, "level", c.before, None)
        for c in getattr(scan, "level_changes", ())
        if not (c.before is None and c.after == "normal")  # a new account in good standing is not news
    ]
    action_order = {"raised": 0, "level": 1, "escalated": 2, "resolved": 3}
    rows.sort(key=lambda r: (action_order.get(r.action, 9), -r.severity, r.account_no))
    return rows


class ChangesModel(RowTableModel[ChangeRow]):
    """New warnings and level changes after an import."""

    CONTEXT = "ChangesModel"
    ACCOUNT, CLIENT, CHANGE, DETAIL, DUE = range(5)
    COLUMNS: ClassVar[tuple[str, ...]] = (
        QT_TRANSLATE_NOOP("ChangesModel", "Account"),
        QT_TRANSLATE_NOOP("ChangesModel", "Client no."),
        QT_TRANSLATE_NOOP("ChangesModel", "Change"),
        QT_TRANSLATE_NOOP("ChangesModel", "Detail"),
        QT_TRANSLATE_NOOP("ChangesModel", "Due"),
    )
    ACTIONS: ClassVar[dict[str, str]] = {
        "raised": QT_TRANSLATE_NOOP("ChangesModel", "New warning"),
        "resolved": QT_TRANSLATE_NOOP("ChangesModel", "Warning resolved"),
        "escalated": QT_TRANSLATE_NOOP("ChangesModel", "Warning escalated"),
        "level": QT_TRANSLATE_NOOP("ChangesModel", "Level changed"),
    }

    def display(self, row: ChangeRow, column: int) -> str:
        if column == self.ACCOUNT:
            return row.account_no
        if column == self.CLIENT:
            return row.client_no
        if column == self.CHANGE:
            return QCoreApplication.translate("ChangesModel", self.ACTIONS.get(row.action, row.action))
        if column == self.DETAIL:
            if row.kind == "level":
                before = (
                    i18n.t(f"level.{row.before}") if row.before else QCoreApplication.translate("ChangesModel", "new")
                )
                return f"{before} → {i18n.t(f'level.{row.code}')}"
            return i18n.t(f"warning.{row.code}")
        return row.due.isoformat() if row.due else ""

    def sort_key(self, row: ChangeRow, column: int) -> Any:
        if column == self.DETAIL:
            return row.severity
        return self.display(row, column)

    def foreground(self, row: ChangeRow, column: int) -> Any:
        if column != self.DETAIL:
            return None
        level = row.code if row.kind == "level" else {3: "emergency", 2: "closeout", 1: "warning"}.get(row.severity)
        if row.action == "resolved":
            level = "normal"
        pair = LEVEL_COLORS.get(level or "")
        return QColor(pair[0]) if pair else None


class ImportRunsModel(RowTableModel[ImportRunRow]):
    CONTEXT = "ImportRunsModel"
    AS_OF, STARTED, USER, STATUS, SOURCE = range(5)
    COLUMNS: ClassVar[tuple[str, ...]] = (
        QT_TRANSLATE_NOOP("ImportRunsModel", "As of"),
        QT_TRANSLATE_NOOP("ImportRunsModel", "Imported at"),
        QT_TRANSLATE_NOOP("ImportRunsModel", "By"),
        QT_TRANSLATE_NOOP("ImportRunsModel", "Result"),
        QT_TRANSLATE_NOOP("ImportRunsModel", "Folder"),
    )
    STATUSES: ClassVar[dict[str, str]] = {
        "applied": QT_TRANSLATE_NOOP("ImportRunsModel", "Imported"),
        "rejected": QT_TRANSLATE_NOOP("ImportRunsModel", "Rejected (nothing written)"),
        "dry_run": QT_TRANSLATE_NOOP("ImportRunsModel", "Checked only"),
    }

    def display(self, row: ImportRunRow, column: int) -> str:
        if column == self.AS_OF:
            return row.as_of.isoformat()
        if column == self.STARTED:
            return row.started_at.strftime("%Y-%m-%d %H:%M")
        if column == self.USER:
            return row.username or QCoreApplication.translate("ImportRunsModel", "System")
        if column == self.STATUS:
            return QCoreApplication.translate("ImportRunsModel", self.STATUSES.get(row.status, row.status))
        return row.source

    def foreground(self, row: ImportRunRow, column: int) -> Any:
        if column == self.STATUS and row.status == "rejected":
            return QColor(ERROR_RED)
        return None

    def tooltip(self, row: ImportRunRow, column: int) -> Any:
        return row.source if column == self.SOURCE else None
