"""The client file's small tables (positions, contracts, warnings, callbacks, cases, documents, related clients):
one generic table model over frozen records, with the column sets of each tab.

These sets are small (tens to hundreds of rows), so sorting is a plain Python sort inside the model.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from rmdesk.money import format_percent, format_yuan
from rmdesk.services.clients_tabs import CallbackItem, WarningItem
from rmdesk.services.figures import ContractLine
from rmdesk.ui import client_labels as L
from rmdesk.ui.style import ERROR_RED, MUTED

Index = QModelIndex | QPersistentModelIndex
CONTEXT = "ClientTables"
SortKeyRole = Qt.ItemDataRole.UserRole + 1
RowRole = Qt.ItemDataRole.UserRole + 2
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


@dataclass(frozen=True)
class Column:
    """A column: English header (translated in context "ClientTables"), display text, optional sort key/colour."""

    title: str
    text: Callable[[Any], str]
    key: Callable[[Any], Any] | None = None
    numeric: bool = False
    color: Callable[[Any], str | None] | None = None


class RecordTableModel(QAbstractTableModel):
    """Read-only rows of frozen records; ``sort`` orders by the column's key (missing values last).

    Until the user sorts, rows keep the service's order (e.g. newest first); a chosen sort survives reloads.
    """

    def __init__(self, columns: Sequence[Column], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self._records: list[Any] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None

    def set_records(self, records: Sequence[Any]) -> None:
        self.beginResetModel()
        self._records = self._sorted(list(records))
        self.endResetModel()

    def record(self, row: int) -> Any:
        return self._records[row] if 0 <= row < len(self._records) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 — Qt's signature
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return QCoreApplication.translate(CONTEXT, self.columns[section].title)
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return _RIGHT if self.columns[section].numeric else _LEFT
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._records):
            return None
        rec = self._records[index.row()]
        col = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.text(rec)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if col.numeric else _LEFT
        if role == Qt.ItemDataRole.ForegroundRole and col.color is not None:
            color = col.color(rec)
            return QColor(color) if color else None
        if role == SortKeyRole:
            return str(self._key(col, rec))
        if role == RowRole:
            return rec
        return None

    @staticmethod
    def _key(col: Column, rec: Any) -> Any:
        value = col.key(rec) if col.key is not None else col.text(rec)
        return (value is None, value if value is not None else 0)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        self.beginResetModel()
        self._sort = (column, order)
        self._records = self._sorted(self._records)
        self.endResetModel()

    def _sorted(self, records: list[Any]) -> list[Any]:
        if self._sort is None:
            return records
        column, order = self._sort
        col = self.columns[column]
        present = [r for r in records if self._key(col, r)[0] is False]
        missing = [r for r in records if self._key(col, r)[0] is True]
        present.sort(key=lambda r: self._key(col, r), reverse=order == Qt.SortOrder.DescendingOrder)
        return present + missing

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)


COLUMN_GAP = 18  # pixels added to each fitted column, so numbers and headers do not touch


def make_table_view(model: RecordTableModel) -> QTableView:
    """A read-only, sortable view with breathing room between columns; no sort indicator until the user sorts."""
    view = QTableView()
    view.setModel(model)
    header = view.horizontalHeader()
    header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    view.setSortingEnabled(True)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(26)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(not model.columns[-1].numeric)  # a stretched number drifts to the far right
    model.modelReset.connect(lambda: fit_columns(view))
    return view


def fit_columns(view: QTableView) -> None:
    """Columns as wide as their contents plus a gap (the user may still drag them)."""
    view.resizeColumnsToContents()
    header = view.horizontalHeader()
    for col in range(header.count()):
        view.setColumnWidth(col, header.sectionSize(col) + COLUMN_GAP)


# ---- formatting helpers -------------------------------------------------------------------------------------


def price(value: Decimal | None) -> str:
    """A price exactly as imported: 2 decimals, or 3 when the third is used (never rounded to the fen)."""
    if value is None:
        return ""
    q = value.quantize(Decimal("0.001"))
    return f"{q:,.3f}" if q != q.quantize(Decimal("0.01")) else f"{q:,.2f}"


def money(value: Decimal | None) -> str:
    return "" if value is None else format_yuan(value, symbol=False)


def qty(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


def pct(value: Decimal | None) -> str:
    return "" if value is None else format_percent(value)


def day(value: date | datetime | None) -> str:
    if value is None:
        return ""
    return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else value.isoformat()


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


# ---- column sets ----------------------------------------------------------------------------------------------

POSITION_COLUMNS = (
    Column(QT_TRANSLATE_NOOP("ClientTables", "Code"), lambda p: p.code),
    Column(QT_TRANSLATE_NOOP("ClientTables", "Security"), lambda p: p.name),
    Column(QT_TRANSLATE_NOOP("ClientTables", "Kind"), lambda p: L.label(L.SECURITY_KINDS, p.kind)),
    Column(QT_TRANSLATE_NOOP("ClientTables", "Quantity"), lambda p: qty(p.quantity), lambda p: p.quantity, True),
    Column(QT_TRANSLATE_NOOP("ClientTables", "Close"), lambda p: price(p.close), lambda p: p.close, True),
    Column(
        QT_TRANSLATE_NOOP("ClientTables", "Market value"),
        lambda p: money(p.market_value),
        lambda p: p.market_value,
        True,
    ),
    Column(QT_TRANSLATE_NOOP("ClientTables", "Haircut"), lambda p: pct(p.haircut), lambda p: p.haircut, True),
    Column(
        QT_TRANSLATE_NOOP("ClientTables", "Collateral value"),
        lambda p: money(p.collateral_value),
        lambda p: p.collateral_value,
        True,
    ),
)


def _contract_outstanding(c: ContractLine) -> str:
    if c.type == "short":
        return qty(c.outstanding_quantity)
    return money(c.outstanding_amount)


CONTRACT_COLUMNS = (
    Column(QT_TRANSLATE_NOOP("ClientTables", "Contract no"), lambda c: c.contract_no),
    Column(QT_TRANSLATE_NOOP("ClientTables", "Type"), lambda c: L.label(L.CONTRACT_TYPES, c.type)),
    Column(QT_TRANSLATE_NOOP("ClientTables", "Code"), lambda c: c.code),
    Column(QT_TRANSLATE_NOOP("ClientTables", "Security"), lambda c: c.name),
    Column(QT_TRANSLATE_NOOP("ClientTables", "Trade date"), lambda c: day(c.trade_date), lambda c: c.trade_date),
    Column(QT_TRANSLATE_NOOP("ClientTables", "Price"), lambda c: price(c.trade_price), lambda c: c.trade_price, True),
    Column(
        QT_TRANSLATE_NOOP("ClientTables", "Quantity"), lambda c: qty(c.trade_quantity), lambda c: c.trade_quantity, True
    ),
    Column(
        QT_TRANSLATE_NOOP("ClientTables", "Amount"), lambda c: money(c.trade_amount), lambda c: c.trade_amount, True
    ),
    Column(QT_TRANSLATE_NOOP("ClientTables", "Outstanding"), _contract_outstanding, None, True),
    Column(QT_TRANSLATE_NOOP("ClientTables", "Rate"), lambda c: pct(c.rate), lambda c: c.rate, True),
    Column(
        QT_TRANSLATE_NOOP("ClientTables", "Accrued interest"),
        lambda c: money(c.accrued_interest),
        lambda c: c.accrued_interest,
        True,
    ),
    Column(QT_TRANSLATE_NOOP("ClientTables", "Due date"), lambda c: day(c.due_date), lambda c: c.due_date),
    Column(
        QT_TRANSLATE_NOOP("ClientTables", "Status"),
        lambda c: _t("Open") if c.is_open else _t("Repaid"),
        color=lambda c: None if c.is_open else MUTED,
    ),
)
QT_TRANSLATE_NOOP("ClientTables", "Open")
QT_TRANSLATE_NOOP("ClientTables", "Repaid")


def _warning_color(w: WarningItem) -> str | None:
    return ERROR_RED if w.status in ("open", "escalated") else (MUTED if w.status == "resolved" else None)


WARNING_COLUMNS = (
    Column(QT_TRANSLATE_NOOP("ClientTables", "Kind"), lambda w: L.label(L.WARNING_KINDS, w.kind)),
    Column(
        QT_TRANSLATE_NOOP("ClientTables", "Status"),
        lambda w: L.label(L.WARNING_STATUSES, w.status),
        color=_warning_color,
    ),
    Column(QT_TRANSLATE_NOOP("ClientTables", "Raised"), lambda w: day(w.raised_as_of), lambda w: w.raised_as_of),
    Column(
        QT_TRANSLATE_NOOP("ClientTables", "Last seen"), lambda w: day(w.last_seen_as_of), lambda w: w.last_seen_as_of
    ),
    Column(QT_TRANSLATE_NOOP("ClientTables", "Due"), lambda w: day(w.due_date or w.contact_due), lambda w: w.due_date),
    Column(QT_TRANSLATE_NOOP("ClientTables", "Closed"), lambda w: day(w.closed_at), lambda w: w.closed_at),
)


def _callback_color(c: CallbackItem, today: date | None = None) -> str | None:
    from rmdesk import clock

    if c.status == "planned" and c.due_date < (today or clock.today()):
        return ERROR_RED  # overdue callbacks stand out (SPEC §4)
    return None


CALLBACK_COLUMNS = (
    Column(
        QT_TRANSLATE_NOOP("ClientTables", "Due"), lambda c: day(c.due_date), lambda c: c.due_date, color=_callback_color
    ),
    Column(QT_TRANSLATE_NOOP("ClientTables", "Status"), lambda c: L.label(L.CALLBACK_STATUSES, c.status)),
    Column(QT_TRANSLATE_NOOP("ClientTables", "Reason"), lambda c: L.label(L.CALLBACK_SOURCES, c.source)),
    Column(QT_TRANSLATE_NOOP("ClientTables", "Done at"), lambda c: day(c.done_at), lambda c: c.done_at),
    Column(QT_TRANSLATE_NOOP("ClientTables", "By"), lambda c: c.done_by),
    Column(QT_TRANSLATE_NOOP("ClientTables", "Channel"), lambda c: c.channel),
    Column(QT_TRANSLATE_NOOP("ClientTables", "Outcome"), lambda c: c.outcome),
    Column(
        QT_TRANSLATE_NOOP("ClientTables", "Satisfaction"),
        lambda c: "" if c.satisfaction is None else f"{c.satisfaction}/5",
        lambda c: c.satisfaction,
        True,
    ),
)

CASE_COLUMNS = (
    Column(QT_TRANSLATE_NOOP("ClientTables", "Case no"), lambda c: c.case_no),
    Column(QT_TRANSLATE_NOOP("ClientTables", "Received"), lambda c: day(c.received_at), lambda c: c.received_at),
    Column(QT_TRANSLATE_NOOP("ClientTables", "Category"), lambda c: c.category),
    Column(QT_TRANSLATE_NOOP("ClientTables", "Channel"), lambda c: c.channel),
    Column(QT_TRANSLATE_NOOP("ClientTables", "Urgency"), lambda c: c.urgency),
    Column(QT_TRANSLATE_NOOP("ClientTables", "Status"), lambda c: L.label(L.CASE_STATUSES, c.status)),
    Column(QT_TRANSLATE_NOOP("ClientTables", "Respond by"), lambda c: day(c.respond_due), lambda c: c.respond_due),
    Column(QT_TRANSLATE_NOOP("ClientTables", "Summary"), lambda c: c.summary),
)

DOCUMENT_COLUMNS = (
    Column(QT_TRANSLATE_NOOP("ClientTables", "Document no"), lambda d: d.doc_no),
    Column(QT_TRANSLATE_NOOP("ClientTables", "Kind"), lambda d: L.label(L.DOCUMENT_KINDS, d.kind)),
    Column(QT_TRANSLATE_NOOP("ClientTables", "Period"), lambda d: d.period or day(d.as_of)),
    Column(QT_TRANSLATE_NOOP("ClientTables", "Generated"), lambda d: day(d.generated_at), lambda d: d.generated_at),
    Column(QT_TRANSLATE_NOOP("ClientTables", "By"), lambda d: d.generated_by),
    Column(QT_TRANSLATE_NOOP("ClientTables", "Pages"), lambda d: str(d.pages), lambda d: d.pages, True),
    Column(
        QT_TRANSLATE_NOOP("ClientTables", "Signed copy back"),
        lambda d: day(d.signed_returned_at),
        lambda d: d.signed_returned_at,
    ),
    Column(QT_TRANSLATE_NOOP("ClientTables", "SHA-256"), lambda d: d.sha256[:16] + "…"),
)

RELATED_COLUMNS = (
    Column(QT_TRANSLATE_NOOP("ClientTables", "Client no"), lambda r: r.client_no),
    Column(QT_TRANSLATE_NOOP("ClientTables", "Name"), lambda r: r.name),
    Column(QT_TRANSLATE_NOOP("ClientTables", "Relation"), lambda r: r.relation),
    Column(
        QT_TRANSLATE_NOOP("ClientTables", "Access"),
        lambda r: _t("Yours") if r.visible else _t("Another RM's client"),
        color=lambda r: None if r.visible else MUTED,
    ),
)
QT_TRANSLATE_NOOP("ClientTables", "Yours")
QT_TRANSLATE_NOOP("ClientTables", "Another RM's client")
