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
from rmdesk.services.clients_search import SORT_KEYS, BookFilter, BookView
from rmdesk.ui.client_labels import LEVELS as LEVEL_NAMES
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
LEVEL_COLUMNS = frozenset({COL_RATIO, COL_LEVEL})
_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_ALIGN = Qt.ItemDataRole.TextAlignmentRole.value
_FOREGROUND = Qt.ItemDataRole.ForegroundRole.value
_BACKGROUND = Qt.ItemDataRole.BackgroundRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
_SORT_KEY = int(SortKeyRole)
_ROW = int(RowRole)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


class ClientBookModel(QAbstractTableModel):
    """Rows are frozen ClientRows; ``set_filter`` and ``sort`` rebuild the visible list inside a model reset."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._view = BookView()
        self._visible: list[ClientRow] = []
        self._sort_column = COL_CLIENT_NO
        self._today = clock.today()
        self._cells: dict[int, tuple[str, ...]] = {}
        self._foregrounds = {level: color for level in LEVEL_NAMES if (color := level_color(level)) is not None}
        self._backgrounds = {level: color for level in LEVEL_NAMES if (color := level_background(level)) is not None}
        self._red = QColor(ERROR_RED)
        self._grey = QColor("#8a8f98")

    # ---- feeding ----------------------------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[ClientRow]) -> None:
        """Replace every row (after a reload), keeping the filter and the sort."""
        self.beginResetModel()
        self._today = clock.today()
        self._cells.clear()
        self._view.set_rows(rows)
        self._visible = self._view.visible
        self.endResetModel()

    def set_filter(self, flt: BookFilter) -> None:
        """Show only the rows matching ``flt`` (the search box calls this on every keystroke)."""
        if flt == self._view.filter:
            return
        self.beginResetModel()
        self._view.set_filter(flt)
        self._visible = self._view.visible
        self.endResetModel()

    @property
    def book_filter(self) -> BookFilter:
        return self._view.filter

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
        return len(self._view.rows)

    def rm_choices(self) -> list[tuple[int | None, str]]:
        """The RMs present in the book, for the RM filter (None = unassigned)."""
        seen: dict[int | None, str] = {}
        for r in self._view.rows:
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

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        # Hot path: a repaint asks every visible cell for ~9 roles; plain ints and per-row caches keep it cheap.
        row = index.row()
        visible = self._visible
        if row < 0 or row >= len(visible):
            return None
        r = visible[row]
        col = index.column()
        if role == _DISPLAY:
            cells = self._cells.get(r.id)
            if cells is None:
                cells = self._cells[r.id] = self._display(r)
            return cells[col]
        if role == _ALIGN:
            return _RIGHT if col in NUMERIC_COLUMNS else _LEFT
        if role == _FOREGROUND:
            return self._foreground(r, col)
        if role == _BACKGROUND:
            return self._backgrounds.get(r.level or "") if col in LEVEL_COLUMNS else None
        if role == _TOOLTIP and col in LEVEL_COLUMNS and r.as_of is not None:
            return self.tr("As of %1").replace("%1", r.as_of.isoformat())
        if role == _SORT_KEY:
            return str(SORT_KEYS[COLUMNS[col][1]](r))
        if role == _ROW:
            return r
        return None

    def _display(self, r: ClientRow) -> tuple[str, ...]:
        """The texts of one row, in column order (cached per client until the next load or language switch)."""
        return (
            r.client_no,
            r.name,
            label(TIERS, r.tier),  # type: ignore[arg-type]
            short_risk_level(r.risk_level),
            r.rm_name or self.tr("(unassigned)"),
            format_percent(r.maintenance_ratio) if r.level else "",
            level_name(r.level),
            str(r.open_warnings) if r.open_warnings else "",
            r.next_callback.isoformat() if r.next_callback else "",
            str(r.open_cases) if r.open_cases else "",
        )

    def _foreground(self, r: ClientRow, col: int) -> QColor | None:
        if col in LEVEL_COLUMNS:
            return self._foregrounds.get(r.level or "")
        if col == COL_CALLBACK and r.next_callback is not None and r.next_callback < self._today:
            return self._red  # overdue callbacks stand out (SPEC §4)
        if col == COL_WARNINGS and r.open_warnings:
            return self._red
        if r.archived:
            return self._grey
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self.beginResetModel()
        self._sort_column = column
        self._view.set_sort(COLUMNS[column][1], order == Qt.SortOrder.DescendingOrder)
        self._visible = self._view.visible
        self.endResetModel()

    def retranslate(self) -> None:
        """Headers and labels follow a language switch."""
        self._cells.clear()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._visible:
            last = self.index(len(self._visible) - 1, len(COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def today(self) -> date:
        return self._today
