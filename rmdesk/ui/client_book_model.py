"""The client book's table model: every client the user may see, filtered and sorted inside the model.

Filtering happens on a Python list with precomputed search keys (rmdesk.services.clients_search): a keystroke
over 20,000 clients costs a few milliseconds, where a QSortFilterProxyModel calling data() per row took seconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
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

from rmdesk import clock
from rmdesk.money import format_percent
from rmdesk.services.clients import ClientRow
from rmdesk.services.clients_search import SORT_KEYS, BookFilter, filter_rows, sort_indices
from rmdesk.ui.client_labels import TIERS, label, level_name, short_risk_level
from rmdesk.ui.style import ERROR_RED, level_background, level_color

Index = QModelIndex | QPersistentModelIndex

COL_CLIENT_NO = 0
COL_NAME = 1
COL_TIER = 2
COL_RISK = 3
COL_RM = 4
COL_RATIO = 5
COL_LEVEL = 6
COL_WARNINGS = 7
COL_CALLBACK = 8
COL_CASES = 9

# (header source text, sort key name in clients_search.SORT_KEYS)
COLUMNS: tuple[tuple[str, str], ...] = (
    (QT_TRANSLATE_NOOP("ClientBookModel", "Client no"), "client_no"),
    (QT_TRANSLATE_NOOP("ClientBookModel", "Name"), "name"),
    (QT_TRANSLATE_NOOP("ClientBookModel", "Tier"), "tier"),
    (QT_TRANSLATE_NOOP("ClientBookModel", "Risk level"), "risk_level"),
    (QT_TRANSLATE_NOOP("ClientBookModel", "RM"), "rm"),
    (QT_TRANSLATE_NOOP("ClientBookModel", "Maintenance ratio"), "maintenance_ratio"),
    (QT_TRANSLATE_NOOP("ClientBookModel", "Level"), "level"),
    (QT_TRANSLATE_NOOP("ClientBookModel", "Open warnings"), "open_warnings"),
    (QT_TRANSLATE_NOOP("ClientBookModel", "Next callback"), "next_callback"),
    (QT_TRANSLATE_NOOP("ClientBookModel", "Open cases"), "open_cases"),
)
NUMERIC_COLUMNS = frozenset({COL_RATIO, COL_WARNINGS, COL_CASES})
SortKeyRole = Qt.ItemDataRole.UserRole + 1
RowRole = Qt.ItemDataRole.UserRole + 2
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


class ClientBookModel(QAbstractTableModel):
    """Rows are frozen ClientRows; ``set_filter`` and ``sort`` rebuild the visible list inside a model reset."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._all: list[ClientRow] = []
        self._ordered: list[ClientRow] = []  # all rows in the current sort order
        self._visible: list[ClientRow] = []
        self._filter = BookFilter()
        self._sort_column = COL_CLIENT_NO
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._today = clock.today()

    # ---- feeding ----------------------------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[ClientRow]) -> None:
        """Replace every row (after a reload), keeping the filter and the sort."""
        self.beginResetModel()
        self._all = list(rows)
        self._today = clock.today()
        self._ordered = self._sorted(self._all)
        self._visible = self._filtered()
        self.endResetModel()

    def set_filter(self, flt: BookFilter) -> None:
        """Show only the rows matching ``flt`` (the search box calls this on every keystroke)."""
        if flt == self._filter:
            return
        self.beginResetModel()
        self._filter = flt
        self._visible = self._filtered()
        self.endResetModel()

    @property
    def book_filter(self) -> BookFilter:
        return self._filter

    def _filtered(self) -> list[ClientRow]:
        rows = self._ordered
        return [rows[i] for i in filter_rows(rows, self._filter)]

    def _sorted(self, rows: list[ClientRow]) -> list[ClientRow]:
        key = COLUMNS[self._sort_column][1]
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        order = sort_indices(rows, list(range(len(rows))), key, descending)
        return [rows[i] for i in order]

    # ---- access -----------------------------------------------------------------------------------------------
    def row_at(self, row: int) -> ClientRow | None:
        return self._visible[row] if 0 <= row < len(self._visible) else None

    def row_of(self, client_id: int) -> int:
        """The visible row of a client, -1 when filtered out or unknown."""
        for i, r in enumerate(self._visible):
            if r.id == client_id:
                return i
        return -1

    def visible_rows(self) -> list[ClientRow]:
        """The current view in its order (what the Excel export writes)."""
        return list(self._visible)

    @property
    def total(self) -> int:
        """Rows loaded (before the filter; archived included)."""
        return len(self._all)

    def rm_choices(self) -> list[tuple[int | None, str]]:
        """The RMs present in the book, for the RM filter (None = unassigned)."""
        seen: dict[int | None, str] = {}
        for r in self._all:
            seen.setdefault(r.rm_id, r.rm_name)
        return sorted(seen.items(), key=lambda kv: (kv[0] is None, kv[1]))

    # ---- Qt model API -----------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 — Qt's signature
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return QCoreApplication.translate("ClientBookModel", COLUMNS[section][0])
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return _RIGHT if section in NUMERIC_COLUMNS else _LEFT
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._visible):
            return None
        r = self._visible[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, col)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if col in NUMERIC_COLUMNS else _LEFT
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(r, col)
        if role == Qt.ItemDataRole.BackgroundRole and col in (COL_RATIO, COL_LEVEL):
            return level_background(r.level)
        if role == Qt.ItemDataRole.ToolTipRole and col in (COL_RATIO, COL_LEVEL) and r.as_of is not None:
            return self.tr("As of %1").replace("%1", r.as_of.isoformat())
        if role == SortKeyRole:
            return str(SORT_KEYS[COLUMNS[col][1]](r))
        if role == RowRole:
            return r
        return None

    def _display(self, r: ClientRow, col: int) -> str:
        if col == COL_CLIENT_NO:
            return r.client_no
        if col == COL_NAME:
            return r.name
        if col == COL_TIER:
            return label(TIERS, r.tier)  # type: ignore[arg-type]
        if col == COL_RISK:
            return short_risk_level(r.risk_level)
        if col == COL_RM:
            return r.rm_name or self.tr("(unassigned)")
        if col == COL_RATIO:
            return format_percent(r.maintenance_ratio) if r.level else ""
        if col == COL_LEVEL:
            return level_name(r.level)
        if col == COL_WARNINGS:
            return str(r.open_warnings) if r.open_warnings else ""
        if col == COL_CALLBACK:
            return r.next_callback.isoformat() if r.next_callback else ""
        if col == COL_CASES:
            return str(r.open_cases) if r.open_cases else ""
        return ""

    def _foreground(self, r: ClientRow, col: int) -> QColor | None:
        if col in (COL_RATIO, COL_LEVEL):
            return level_color(r.level)
        if col == COL_CALLBACK and r.next_callback is not None and r.next_callback < self._today:
            return QColor(ERROR_RED)  # overdue callbacks stand out (SPEC §4)
        if col == COL_WARNINGS and r.open_warnings:
            return QColor(ERROR_RED)
        if r.archived:
            return QColor("#8a8f98")
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self.beginResetModel()
        self._sort_column, self._sort_order = column, order
        self._ordered = self._sorted(self._all)
        self._visible = self._filtered()
        self.endResetModel()

    def retranslate(self) -> None:
        """Headers and labels follow a language switch."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._visible:
            last = self.index(len(self._visible) - 1, len(COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def today(self) -> date:
        return self._today
