"""客户 section: the client book — search as you type, filters, sortable columns, open a client's file, new
client, export the current view to Excel (masked).

The page binds no shortcuts itself: the main window's Ctrl+F / Ctrl+N / F5 call ``focus_search``, ``new_client``
and ``refresh`` (two bindings of one key would be ambiguous to Qt). Enter in the search box or the table opens
the current client; so does a double click.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from rmdesk import clock
from rmdesk.services.clients import ClientRow, list_client_rows
from rmdesk.services.clients_export import export_client_rows
from rmdesk.services.clients_search import NO_FIGURES, UNASSIGNED, BookFilter
from rmdesk.services.progress import Progress
from rmdesk.store.models import TIERS
from rmdesk.ui.client_book_model import COL_CLIENT_NO, COL_NAME, ClientBookModel
from rmdesk.ui.client_labels import LEVELS, label
from rmdesk.ui.client_labels import TIERS as TIER_NAMES
from rmdesk.ui.client_lifetime import dispose_later
from rmdesk.ui.context import AppContext
from rmdesk.ui.style import MUTED

if TYPE_CHECKING:
    from rmdesk.ui.client_file import ClientFileWindow

HEADER_KEY = "client_book"
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class ClientBookPage(QWidget):
    """The client book of the logged-in user (an RM sees only their own clients)."""

    loaded = Signal()  # rows arrived from the database (tests wait for it)
    file_opened = Signal(object)  # the ClientFileWindow just shown

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.files: dict[int, ClientFileWindow] = {}
        self._loading = False
        self._reload_again = False
        self._keep_client: int | None = None

        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.search = QLineEdit()
        self.search.setObjectName("clientSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(340)
        self.level_combo = QComboBox()
        self.tier_combo = QComboBox()
        self.risk_combo = QComboBox()
        self.rm_combo = QComboBox()
        self.warning_check = QCheckBox()
        self.archived_check = QCheckBox()
        self.count_label = QLabel()
        self.count_label.setStyleSheet(f"color: {MUTED};")
        self.new_button = QPushButton()
        self.open_button = QPushButton()
        self.export_button = QPushButton()
        self.refresh_button = QPushButton()

        self.model = ClientBookModel(self)
        self.table = QTableView()
        self.table.setObjectName("clientTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_CLIENT_NO, Qt.SortOrder.AscendingOrder)
        self.table.setWordWrap(False)  # one line per cell: cheaper text layout on every repaint
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setHighlightSections(False)
        for col, width in enumerate((120, 110, 90, 80, 100, 120, 80, 100, 110, 90)):
            self.table.setColumnWidth(col, width)
        state = ctx.settings.header_state(HEADER_KEY)
        if state:
            header.restoreState(state)

        self._build_layout()
        self._fill_static_combos()
        self.retranslate_ui()

        self.search.textChanged.connect(self._filters_changed)
        for combo in (self.level_combo, self.tier_combo, self.risk_combo, self.rm_combo):
            combo.currentIndexChanged.connect(self._filters_changed)
        self.warning_check.toggled.connect(self._filters_changed)
        self.archived_check.toggled.connect(self._filters_changed)
        self.table.doubleClicked.connect(self._open_index)
        self.new_button.clicked.connect(self.new_client)
        self.open_button.clicked.connect(self.open_current)
        self.export_button.clicked.connect(self.export_view)
        self.refresh_button.clicked.connect(self.refresh)
        self.search.installEventFilter(self)
        self.table.installEventFilter(self)
        self.model.modelReset.connect(self._update_count)
        for signal in (ctx.hub.clients_changed, ctx.hub.warnings_changed, ctx.hub.callbacks_changed):
            signal.connect(self.refresh)
        ctx.hub.cases_changed.connect(self.refresh)
        ctx.hub.data_imported.connect(self.refresh)
        self.refresh()

    # ---- layout -----------------------------------------------------------------------------------------------
    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.new_button)
        top.addWidget(self.open_button)
        top.addWidget(self.export_button)
        top.addWidget(self.refresh_button)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        for combo in (self.level_combo, self.tier_combo, self.risk_combo, self.rm_combo):
            filters.addWidget(combo)
        filters.addWidget(self.warning_check)
        filters.addWidget(self.archived_check)
        filters.addStretch(1)
        filters.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        self.rm_combo.setVisible(self.ctx.user.role != "rm")  # an RM's book has one RM
        self.new_button.setEnabled(self.ctx.user.role in ("rm", "supervisor"))
        QWidget.setTabOrder(self.search, self.level_combo)
        QWidget.setTabOrder(self.archived_check, self.table)

    def _fill_static_combos(self) -> None:
        self.level_combo.clear()
        self.level_combo.addItem("", None)
        for code in LEVELS:
            self.level_combo.addItem("", code)
        self.level_combo.addItem("", NO_FIGURES)
        self.tier_combo.clear()
        self.tier_combo.addItem("", None)
        for tier in TIERS:
            self.tier_combo.addItem("", tier)
        self.risk_combo.clear()
        self.risk_combo.addItem("", None)
        for level in range(1, 6):
            self.risk_combo.addItem(f"C{level}", level)
        self.rm_combo.addItem("", None)

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Clients"))
        self.search.setPlaceholderText(self.tr("Name, pinyin initials, client/account no, phone's last 4"))
        self.search.setToolTip(self.tr("Ctrl+F. Enter opens the client."))
        self.level_combo.setItemText(0, self.tr("All levels"))
        for i, code in enumerate(LEVELS, start=1):
            self.level_combo.setItemText(i, label(LEVELS, code))  # type: ignore[arg-type]
        self.level_combo.setItemText(len(LEVELS) + 1, self.tr("No figures"))
        self.tier_combo.setItemText(0, self.tr("All tiers"))
        for i, tier in enumerate(TIERS, start=1):
            self.tier_combo.setItemText(i, label(TIER_NAMES, tier))  # type: ignore[arg-type]
        self.risk_combo.setItemText(0, self.tr("All risk levels"))
        self.rm_combo.setItemText(0, self.tr("All RMs"))
        self.warning_check.setText(self.tr("Has open warning"))
        self.archived_check.setText(self.tr("Show archived"))
        self.new_button.setText(self.tr("New client…"))
        self.new_button.setToolTip(self.tr("Ctrl+N"))
        self.open_button.setText(self.tr("Open"))
        self.open_button.setToolTip(self.tr("Enter or double click"))
        self.export_button.setText(self.tr("Export to Excel…"))
        self.export_button.setToolTip(self.tr("The current view, personal data masked"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.refresh_button.setToolTip(self.tr("F5"))
        self.model.retranslate()
        self._update_count()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # ---- actions the main window calls ------------------------------------------------------------------------
    def focus_search(self) -> None:
        """Ctrl+F."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def refresh(self) -> None:
        """F5 and after any change announced by the hub: reload off the GUI thread, never blocking."""
        if self._loading:
            self._reload_again = True
            return
        self._loading = True
        current = self.current_row()
        self._keep_client = current.id if current else self._keep_client
        actor = self.ctx.actor
        self._update_count()
        self.ctx.runner.run(
            lambda s, _p: list_client_rows(s, actor),
            self._loaded,
            on_failure=self._load_failed,
            parent=self,
        )

    def _loaded(self, rows: list[ClientRow]) -> None:
        self._loading = False
        self.model.set_rows(rows)
        self._fill_rm_combo()
        self._restore_current()
        self.loaded.emit()
        if self._reload_again:
            self._reload_again = False
            self.refresh()

    def _load_failed(self, error: BaseException) -> None:
        self._loading = False
        self._reload_again = False
        self.ctx.runner.report_failure(error, parent=self)

    def new_client(self) -> None:
        """Ctrl+N: the client form, empty; the new client's file opens after saving."""
        if not self.new_button.isEnabled():
            return
        from rmdesk.ui.client_form import ClientFormDialog  # on first use: keeps start-up light

        dialog = ClientFormDialog(self.ctx, None, parent=self)
        dialog.saved.connect(lambda detail: self.open_client(detail.id))
        dialog.finished.connect(lambda _r, d=dialog: dispose_later(d))
        dialog.open()

    # ---- selection and opening --------------------------------------------------------------------------------
    def current_row(self) -> ClientRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _restore_current(self) -> None:
        row = self.model.row_of(self._keep_client) if self._keep_client is not None else -1
        if row < 0 and self.model.rowCount() > 0:
            row = 0
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, COL_NAME))

    def _open_index(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row())
        if row is not None:
            self.open_client(row.id)

    def open_current(self) -> None:
        row = self.current_row() or self.model.row_at(0)
        if row is not None:
            self.open_client(row.id)

    def open_client(self, client_id: int) -> ClientFileWindow:
        """Show the client's file (one window per client: opening it again raises the existing one)."""
        self._keep_client = client_id
        window = self.files.get(client_id)
        if window is None:
            from rmdesk.ui.client_file import ClientFileWindow  # pulls numpy/matplotlib: load on first open

            window = ClientFileWindow(self.ctx, client_id, parent=self)
            window.closed.connect(lambda cid=client_id: self._forget(cid))
            self.files[client_id] = window
        elif window.isVisible():
            window.raise_()
            window.activateWindow()
        window.show()
        self.file_opened.emit(window)
        return window

    def _forget(self, client_id: int) -> None:
        """A file window was closed: delete it (safely, see client_lifetime) and open a fresh one next time."""
        window = self.files.pop(client_id, None)
        if window is not None:
            dispose_later(window)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in _ENTER_KEYS and watched in (self.search, self.table):
                self.open_current()
                return True
            if watched is self.search and key == Qt.Key.Key_Down and self.model.rowCount():
                self.table.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return super().eventFilter(watched, event)

    # ---- filters ----------------------------------------------------------------------------------------------
    def current_filter(self) -> BookFilter:
        return BookFilter(
            text=self.search.text(),
            level=self.level_combo.currentData(),
            tier=self.tier_combo.currentData(),
            risk_level=self.risk_combo.currentData(),
            rm_id=self.rm_combo.currentData(),
            has_open_warning=self.warning_check.isChecked(),
            include_archived=self.archived_check.isChecked(),
        )

    def _filters_changed(self, *_args: object) -> None:
        self.model.set_filter(self.current_filter())
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, COL_NAME))

    def _fill_rm_combo(self) -> None:
        chosen = self.rm_combo.currentData()
        self.rm_combo.blockSignals(True)
        while self.rm_combo.count() > 1:
            self.rm_combo.removeItem(1)
        for rm_id, name in self.model.rm_choices():
            self.rm_combo.addItem(name or self.tr("(unassigned)"), UNASSIGNED if rm_id is None else rm_id)
        found = self.rm_combo.findData(chosen)
        self.rm_combo.setCurrentIndex(max(0, found))
        self.rm_combo.blockSignals(False)

    def _update_count(self) -> None:
        if self._loading and not self.model.total:
            self.count_label.setText(self.tr("Loading…"))
            return
        shown, total = self.model.rowCount(), self.model.total
        self.count_label.setText(self.tr("%1 of %2 clients").replace("%1", f"{shown:,}").replace("%2", f"{total:,}"))

    # ---- export -----------------------------------------------------------------------------------------------
    def export_view(self) -> None:
        """Write the current view (filter and order as shown) to an .xlsx file, personal data masked."""
        rows = self.model.visible_rows()
        folder = self.ctx.settings.last_export_folder or str(Path.home())
        suggested = str(Path(folder) / f"clients-{clock.today():%Y%m%d}.xlsx")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export clients"), suggested, self.tr("Excel (*.xlsx)"))
        if not path:
            return
        target = Path(path if path.lower().endswith(".xlsx") else f"{path}.xlsx")
        self.ctx.settings.last_export_folder = str(target.parent)
        actor, lang = self.ctx.actor, self.ctx.settings.language

        def work(session: Session, progress: Progress) -> int:
            return export_client_rows(session, actor, rows, target, lang=lang, progress=progress)

        self.ctx.runner.run(
            work,
            lambda n: self._exported(n, target),
            label=self.tr("Exporting clients…"),
            progress=True,
            cancellable=True,
            parent=self,
            write=True,
        )

    def _exported(self, count: int, target: Path) -> None:
        text = self.tr("Exported %1 clients to %2").replace("%1", f"{count:,}").replace("%2", str(target))
        self.count_label.setText(text)
        QTimer.singleShot(8000, self._update_count)

    def hideEvent(self, event: object) -> None:
        self.ctx.settings.set_header_state(HEADER_KEY, bytes(self.table.horizontalHeader().saveState().data()))
        super().hideEvent(event)  # type: ignore[arg-type]


__all__ = ["ClientBookPage"]
