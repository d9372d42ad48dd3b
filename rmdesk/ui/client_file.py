"""One client's file in its own window: profile, suitability and eligibility, related clients, the account's
figures with the ratio chart, positions, contracts, and the warnings/callbacks/cases/documents tabs.

Personal data is masked; a supervisor can reveal it (confirmed, then audited by the service). The window has its
own shortcuts (F5 refresh, Ctrl+E edit, Esc close): it is a separate top-level window, so they never clash with
the main window's.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from rmdesk.services.clients import ClientError
from rmdesk.services.clients_edit import archive_client
from rmdesk.services.clients_file import ClientFile, load_client_file
from rmdesk.ui import client_labels as L
from rmdesk.ui.client_figures import FiguresPanel
from rmdesk.ui.client_form import ClientFormDialog
from rmdesk.ui.client_lifetime import dispose_later
from rmdesk.ui.client_profile import ProfilePanel
from rmdesk.ui.client_tables import (
    CALLBACK_COLUMNS,
    CASE_COLUMNS,
    CONTRACT_COLUMNS,
    DOCUMENT_COLUMNS,
    POSITION_COLUMNS,
    WARNING_COLUMNS,
    Column,
    RecordTableModel,
    make_table_view,
)
from rmdesk.ui.context import AppContext
from rmdesk.ui.style import LEVEL_COLORS, MUTED

PRINT_KINDS = ("statement", "disclosure", "margin_call", "visit_brief")
TABS = ("profile", "account", "positions", "contracts", "warnings", "callbacks", "cases", "documents")


class ClientFileWindow(QWidget):
    """A top-level window per client. ``loaded`` fires each time the file has been (re)read; ``closed`` when the
    user closes it (whoever opened it then disposes of it with client_lifetime.dispose_later)."""

    loaded = Signal(object)
    closed = Signal()

    def __init__(self, ctx: AppContext, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("clientFile")
        self.ctx = ctx
        self.client_id = client_id
        self.file: ClientFile | None = None
        self.revealed = False
        self._loading = False

        self.name_label = QLabel()
        self.name_label.setObjectName("pageTitle")
        self.sub_label = QLabel()
        self.sub_label.setStyleSheet(f"color: {MUTED};")
        self.level_badge = QLabel()
        self.edit_button = QPushButton()
        self.reveal_button = QPushButton()
        self.archive_button = QPushButton()
        self.archive_button.setEnabled(False)
        self.print_button = QToolButton()
        self.print_button.setObjectName("printButton")
        self.print_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.print_menu = QMenu(self)
        self.print_actions: dict[str, QAction] = {}
        for kind in PRINT_KINDS:
            action = self.print_menu.addAction("")
            action.triggered.connect(lambda _c=False, k=kind: self.print_document(k))
            self.print_actions[kind] = action
        self.print_button.setMenu(self.print_menu)
        self.print_button.clicked.connect(lambda: self.print_document("statement"))
        self.refresh_button = QPushButton()
        self.close_button = QPushButton()
        self.reveal_button.setVisible(ctx.is_supervisor)
        self.edit_button.setEnabled(False)

        self.profile = ProfilePanel()
        self.figures = FiguresPanel()
        self.models: dict[str, RecordTableModel] = {}
        self.tables: dict[str, QTableView] = {}
        for key, columns in (
            ("positions", POSITION_COLUMNS),
            ("contracts", CONTRACT_COLUMNS),
            ("warnings", WARNING_COLUMNS),
            ("callbacks", CALLBACK_COLUMNS),
            ("cases", CASE_COLUMNS),
            ("documents", DOCUMENT_COLUMNS),
        ):
            self._add_table(key, columns)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("clientTabs")
        self.tabs.addTab(self.profile, "")
        self.tabs.addTab(self.figures, "")
        for key in TABS[2:]:
            self.tabs.addTab(self.tables[key], "")

        head = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.name_label)
        titles.addWidget(self.sub_label)
        head.addLayout(titles)
        head.addSpacing(12)
        head.addWidget(self.level_badge)
        head.addStretch(1)
        buttons = (
            self.edit_button,
            self.print_button,
            self.archive_button,
            self.reveal_button,
            self.refresh_button,
            self.close_button,
        )
        for button in buttons:
            head.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.addLayout(head)
        layout.addWidget(self.tabs, 1)

        self.edit_button.clicked.connect(self.edit)
        self.reveal_button.clicked.connect(self.toggle_reveal)
        self.archive_button.clicked.connect(self.toggle_archived)
        self.refresh_button.clicked.connect(self.refresh)
        self.close_button.clicked.connect(self.close)
        self.profile.related_opened.connect(self.open_related)
        for keys, slot in (
            (QKeySequence.StandardKey.Refresh, self.refresh),
            ("Ctrl+E", self.edit),
            (QKeySequence.StandardKey.Print, lambda: self.print_document("statement")),
            ("Escape", self.close),
            (QKeySequence.StandardKey.Close, self.close),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(slot)
        for signal in (ctx.hub.clients_changed, ctx.hub.warnings_changed, ctx.hub.callbacks_changed):
            signal.connect(self.refresh)
        ctx.hub.cases_changed.connect(self.refresh)
        ctx.hub.documents_changed.connect(self.refresh)
        ctx.hub.data_imported.connect(self.refresh)
        self.resize(1100, 760)
        self.retranslate_ui()
        self.refresh()

    def _add_table(self, key: str, columns: tuple[Column, ...]) -> None:
        model = RecordTableModel(columns, self)
        self.models[key] = model
        view = make_table_view(model)
        view.setObjectName(f"table_{key}")
        self.tables[key] = view

    # ---- text -------------------------------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        self.edit_button.setText(self.tr("Edit…"))
        self.edit_button.setToolTip(self.tr("Ctrl+E"))
        self.reveal_button.setText(self.tr("Mask personal data") if self.revealed else self.tr("Reveal personal data"))
        self.reveal_button.setToolTip(self.tr("Supervisors only; recorded in the audit log"))
        archived = self.file is not None and self.file.detail.archived
        self.archive_button.setText(self.tr("Restore") if archived else self.tr("Archive…"))
        self.archive_button.setToolTip(self.tr("Archived clients leave the book but are never deleted"))
        self.print_button.setText(self.tr("Print statement"))
        self.print_button.setToolTip(self.tr("Ctrl+P; the arrow offers the other documents"))
        names = {
            "statement": self.tr("Account statement (this month)"),
            "disclosure": self.tr("Risk-disclosure letter"),
            "margin_call": self.tr("Margin-call notice"),
            "visit_brief": self.tr("Visit briefing pack"),
        }
        for kind, action in self.print_actions.items():
            action.setText(names[kind])
        self.refresh_button.setText(self.tr("Refresh"))
        self.refresh_button.setToolTip(self.tr("F5"))
        self.close_button.setText(self.tr("Close"))
        for model in self.models.values():
            model.retranslate()
        self.profile.retranslate_ui()
        self.figures.retranslate_ui()
        self._update_titles()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def _update_titles(self) -> None:
        f = self.file
        counts = {key: model.rowCount() for key, model in self.models.items()}
        names = {
            "profile": self.tr("Profile"),
            "account": self.tr("Account and figures"),
            "positions": self.tr("Positions (%1)"),
            "contracts": self.tr("Contracts (%1)"),
            "warnings": self.tr("Warnings (%1)"),
            "callbacks": self.tr("Callbacks (%1)"),
            "cases": self.tr("Complaints (%1)"),
            "documents": self.tr("Documents (%1)"),
        }
        for i, key in enumerate(TABS):
            self.tabs.setTabText(i, names[key].replace("%1", str(counts.get(key, 0))))
        if f is None:
            self.setWindowTitle(self.tr("Client file"))
            self.name_label.setText(self.tr("Loading…"))
            return
        d = f.detail
        self.setWindowTitle(self.tr("Client file — %1 %2").replace("%1", d.name).replace("%2", d.client_no))
        self.name_label.setText(d.name)
        parts = [d.client_no, L.label(L.TIERS, d.tier), L.label(L.RISK_LEVELS, d.risk_level)]
        parts.append(self.tr("RM %1").replace("%1", d.rm_name) if d.rm_name else self.tr("(unassigned)"))
        if d.account is not None:
            parts.append(self.tr("account %1").replace("%1", d.account.account_no))
        self.sub_label.setText(" · ".join(p for p in parts if p))
        figures = f.figures
        if figures is None:
            self.level_badge.setText("")
            self.level_badge.setStyleSheet("")
        else:
            from rmdesk.money import format_percent

            color, background = LEVEL_COLORS.get(figures.level, ("#000", "#fff"))
            self.level_badge.setText(f"{L.level_name(figures.level)}  {format_percent(figures.maintenance_ratio)}")
            self.level_badge.setStyleSheet(
                f"color: {color}; background: {background}; padding: 6px 12px; border-radius: 4px; font-weight: bold;"
            )

    # ---- loading ----------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the file off the GUI thread (masked again: revealing is one audited, explicit act)."""
        self._load(reveal=False)

    def _load(self, *, reveal: bool) -> None:
        actor, client_id = self.ctx.actor, self.client_id
        self._loading = True
        self.ctx.runner.run(
            lambda s, _p: load_client_file(s, actor, client_id, reveal=reveal),
            self._loaded,
            on_failure=self._failed,
            parent=self,
            write=reveal,
        )

    def _loaded(self, file: ClientFile) -> None:
        self._loading = False
        self.file = file
        self.revealed = file.detail.revealed
        self.profile.show_file(file)
        self.figures.show_file(file)
        for key, records in (
            ("positions", file.positions),
            ("contracts", file.contracts),
            ("warnings", file.warnings),
            ("callbacks", file.callbacks),
            ("cases", file.cases),
            ("documents", file.documents),
        ):
            self.models[key].set_records(records)
        self.edit_button.setEnabled(file.detail.editable)
        self.archive_button.setEnabled(file.detail.editable)
        self.retranslate_ui()
        self.loaded.emit(file)

    def _failed(self, error: BaseException) -> None:
        self._loading = False
        self.ctx.runner.report_failure(error, parent=self)

    # ---- actions ----------------------------------------------------------------------------------------------
    def toggle_reveal(self) -> None:
        """Supervisor: show the full ID and phone (after a confirmation; the service audits it)."""
        if self.revealed:
            self.refresh()
            return
        answer = QMessageBox.question(
            self,
            self.tr("Reveal personal data"),
            self.tr("The full ID number and mobile number will be shown. This is recorded in the audit log."),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._load(reveal=True)

    def edit(self) -> None:
        """Ctrl+E: the client form for this client (saving refreshes every view through the hub)."""
        if self.file is None or not self.file.detail.editable:
            return
        dialog = ClientFormDialog(self.ctx, self.file.detail, parent=self)
        dialog.finished.connect(lambda _r, d=dialog: dispose_later(d))
        dialog.open()

    def print_document(self, kind: str) -> None:
        """Make, register and preview one of the client's documents (SPEC §6), through the documents section."""
        if self.file is None:
            return
        from rmdesk.ui.documents_page import print_document_for

        print_document_for(self.ctx, kind, self.client_id, self)

    def toggle_archived(self) -> None:
        """Archive (after a confirmation) or restore the client; records are kept either way."""
        if self.file is None or not self.file.detail.editable:
            return
        detail = self.file.detail
        archive = not detail.archived
        if archive:
            answer = QMessageBox.question(
                self,
                self.tr("Archive client"),
                self.tr('Archive %1? The client leaves the book (see "Show archived"); nothing is deleted.').replace(
                    "%1", f"{detail.name} {detail.client_no}"
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        actor, version = self.ctx.actor, detail.version
        self.ctx.runner.run(
            lambda s, _p: archive_client(s, actor, detail.id, version, archived=archive),
            lambda _d: self.ctx.hub.clients_changed.emit(),
            on_failure=self._archive_failed,
            parent=self,
            write=True,
        )

    def _archive_failed(self, error: BaseException) -> None:
        if isinstance(error, ClientError):
            QMessageBox.warning(self, self.tr("Archive client"), error.message())
            self.refresh()
        else:
            self.ctx.runner.report_failure(error, parent=self)

    def open_related(self, client_id: int) -> None:
        """A related client's file: through the book (one window per client) when this window came from it."""
        parent = self.parentWidget()
        opener = getattr(parent, "open_client", None)
        if opener is not None:
            opener(client_id)
        else:
            window = ClientFileWindow(self.ctx, client_id, parent=parent)
            window.closed.connect(lambda w=window: dispose_later(w))
            window.show()

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        if event.isAccepted():
            self.closed.emit()
