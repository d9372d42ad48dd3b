"""文书: the document register (search, open/preview, handed over, signed copy back), batches, file verification,
and ``print_statement_for`` / ``print_document_for`` for the client file's 打印对账单 (Ctrl+P).

Every database step runs through the op runner (batches with a progress dialog and Cancel); PDFs are previewed
and printed through rmdesk.ui.print_preview. The main window calls ``refresh`` (F5), ``focus_search`` (Ctrl+F)
and ``print_current`` (Ctrl+P: preview the selected document).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, QSortFilterProxyModel, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from rmdesk.paths import data_dir
from rmdesk.services import documents
from rmdesk.services.documents_register import DocumentInfo, VerifyResult
from rmdesk.ui.context import AppContext
from rmdesk.ui.documents_batch_dialog import KINDS, BatchDialog, BatchRequest
from rmdesk.ui.documents_model import LocalFiles, RegisterModel, kind_label
from rmdesk.ui.ops import OpHandle
from rmdesk.ui.print_preview import preview_pdf
from rmdesk.ui.style import MUTED
from rmdesk.ui.table_model import SORT_ROLE

SEARCH_DELAY_MS = 250


def default_folder(ctx: AppContext) -> Path:
    """Where documents go unless the user chooses: the last print folder, else the data directory's documents/."""
    last = ctx.settings.last_print_folder
    if last and Path(last).is_dir():
        return Path(last)
    folder = data_dir() / "documents"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def print_document_for(
    ctx: AppContext, kind: str, client_id: int, parent: QWidget | None = None, *, period: str | None = None,
    preview: bool = True,
) -> OpHandle:  # fmt: skip
    """Make, register and preview one document for a client (the client file's print actions)."""
    folder = default_folder(ctx)
    actor = ctx.actor

    def work(session: Any, _progress: Any) -> documents.IssuedDocument:
        return documents.issue_document(session, actor, kind, client_id, folder, period=period)

    def done(issued: documents.IssuedDocument) -> None:
        if issued.path is not None:
            LocalFiles().remember({issued.doc_no: issued.path})
        ctx.hub.documents_changed.emit()
        if preview and issued.path is not None:
            preview_pdf(ctx, issued.path, parent)

    return ctx.runner.run(
        work,
        done,
        label=QCoreApplication.translate("DocumentsPage", "Generating the document…"),
        parent=parent,
        write=True,
    )


def print_statement_for(ctx: AppContext, client_id: int, parent: QWidget | None = None) -> OpHandle:
    """打印对账单 (Ctrl+P in the client file): this month's statement, registered, then the print preview."""
    return print_document_for(ctx, "statement", client_id, parent)


class DocumentsPage(QWidget):
    """The 文书 section; refreshes on hub.documents_changed."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.files = LocalFiles()
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setStyleSheet(f"color: {MUTED};")
        self.search = QLineEdit()
        self.search.setObjectName("documentSearch")
        self.search.setClearButtonEnabled(True)
        self.kind = QComboBox()
        self.kind.setObjectName("documentKind")
        self.model = RegisterModel()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setObjectName("documentRegister")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(RegisterModel.GENERATED, Qt.SortOrder.DescendingOrder)  # newest first
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.table.activated.connect(lambda _i: self.open_selected())
        self.count_label = QLabel()
        self.open_button = QPushButton()
        self.handed_button = QPushButton()
        self.signed_button = QPushButton()
        self.batch_button = QPushButton()
        self.verify_button = QPushButton()
        self.open_button.clicked.connect(self.open_selected)
        self.handed_button.clicked.connect(self.mark_handed_over)
        self.signed_button.clicked.connect(self.mark_signed_returned)
        self.batch_button.clicked.connect(self.open_batch)
        self.verify_button.clicked.connect(self.verify_a_file)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.kind.currentIndexChanged.connect(lambda _i: self.refresh())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.kind)
        top.addWidget(self.batch_button)
        top.addWidget(self.verify_button)
        actions = QHBoxLayout()
        actions.addWidget(self.open_button)
        actions.addWidget(self.handed_button)
        actions.addWidget(self.signed_button)
        actions.addStretch(1)
        actions.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        self.retranslate_ui()
        self._update_buttons()
        ctx.hub.documents_changed.connect(self.refresh)
        self.refresh()

    # ---- texts ------------------------------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Documents"))
        self.intro.setText(
            self.tr(
                "Every statement, risk-disclosure letter, margin-call notice and visit brief the branch generated, "
                "with its number and SHA-256: who got what and when, and whether the signed copy came back."
            )
        )
        self.search.setPlaceholderText(self.tr("Search by document no., client no. or name (Ctrl+F)"))
        current = self.kind.currentData()
        self.kind.blockSignals(True)
        self.kind.clear()
        self.kind.addItem(self.tr("All kinds"), "")
        for kind in (*KINDS, "merged"):
            self.kind.addItem(kind_label(kind), kind)
        self.kind.setCurrentIndex(max(0, self.kind.findData(current or "")))
        self.kind.blockSignals(False)
        self.open_button.setText(self.tr("Open / print…"))
        self.handed_button.setText(self.tr("Handed over to the client"))
        self.signed_button.setText(self.tr("Signed copy came back"))
        self.batch_button.setText(self.tr("Print a batch…"))
        self.verify_button.setText(self.tr("Verify a file…"))
        self.model.retranslate()
        self._update_count()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def _update_count(self) -> None:
        self.count_label.setText(self.tr("Listed: %1").replace("%1", f"{self.model.rowCount():,}"))

    # ---- main window hooks ----------------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def print_current(self) -> None:
        self.open_selected()

    def refresh(self, *_args: object) -> OpHandle:
        actor, text, kind = self.ctx.actor, self.search.text(), self.kind.currentData() or None
        return self.ctx.runner.run(
            lambda s, _p: documents.list_register(s, actor, text, kind), self._loaded, parent=self
        )

    def _loaded(self, rows: list[DocumentInfo]) -> None:
        chosen = self.selected()
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(RegisterModel.CLIENT, QHeaderView.ResizeMode.Stretch)
        if chosen is not None:
            for row, info in enumerate(rows):
                if info.doc_no == chosen.doc_no:
                    self.table.selectRow(self.proxy.mapFromSource(self.model.index(row, 0)).row())
        self._update_count()
        self._update_buttons()

    # ---- the selected document ------------------------------------------------------------------------------
    def selected(self) -> DocumentInfo | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        source: QModelIndex = self.proxy.mapToSource(rows[0])
        return self.model.row_at(source.row())

    def _update_buttons(self) -> None:
        info = self.selected()
        self.open_button.setEnabled(info is not None)
        handable = info is not None and info.kind in ("statement", "disclosure", "margin_call")
        self.handed_button.setEnabled(handable and info is not None and info.handed_over_at is None)
        signable = info is not None and info.kind in ("disclosure", "margin_call")
        self.signed_button.setEnabled(signable and info is not None and info.signed_returned_at is None)

    def open_selected(self) -> None:
        """Preview the selected document from where this desk saved it, or from a file the user picks (checked
        against the register first, so a modified copy is never printed as the issued one)."""
        info = self.selected()
        if info is None:
            return
        path = self.files.find(info.doc_no)
        if path is not None:
            preview_pdf(self.ctx, path, self)
            return
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Where is %1?").replace("%1", info.file_name), str(default_folder(self.ctx)), "PDF (*.pdf)"
        )
        if name:
            self._verify(Path(name), expected=info)

    def _mark(self, action: Any) -> None:
        info = self.selected()
        if info is None:
            return
        actor, doc_no = self.ctx.actor, info.doc_no
        self.ctx.runner.run(
            lambda s, _p: action(s, actor, doc_no), lambda _r: self.ctx.hub.documents_changed.emit(), parent=self,
            write=True,
        )  # fmt: skip

    def mark_handed_over(self) -> None:
        self._mark(documents.mark_handed_over)

    def mark_signed_returned(self) -> None:
        self._mark(documents.mark_signed_returned)

    # ---- batches and verification ---------------------------------------------------------------------------
    def open_batch(self) -> BatchDialog:
        dialog = BatchDialog(default_folder(self.ctx), self)
        dialog.accepted.connect(lambda: self.start_batch(dialog.request) if dialog.request else None)
        dialog.open()
        return dialog

    def start_batch(self, request: BatchRequest) -> OpHandle:
        db, actor = self.ctx.db, self.ctx.actor

        def work(_session: Any, progress: Any) -> documents.BatchResult:
            return documents.run_batch(db.sessions, request.kind, request.selection, request.out, request.merged,
                                       actor, progress, period=request.period)  # fmt: skip

        return self.ctx.runner.run(
            work, self._batch_done, label=self.tr("Generating the documents…"), progress=True, cancellable=True,
            parent=self,
        )  # fmt: skip

    def _batch_done(self, result: documents.BatchResult) -> None:
        paths = {d.doc_no: d.path for d in result.documents if d.path is not None}
        if result.merged is not None and result.merged.path is not None:
            paths[result.merged.doc_no] = result.merged.path
        self.files.remember(paths)
        folder = result.out.parent if result.merged is not None else result.out
        self.ctx.settings.last_print_folder = str(folder)
        self.ctx.hub.documents_changed.emit()
        text = self.tr("%1 document(s), %2 page(s), in %3.").replace("%1", str(len(result.documents)))
        text = text.replace("%2", str(result.pages)).replace("%3", str(result.out))
        if result.skipped:
            lines = "\n".join(f"{s.client_no}: {s.message}" for s in result.skipped[:20])
            text += "\n\n" + self.tr("Skipped:") + "\n" + lines
        self.last_batch = result
        box = QMessageBox(
            QMessageBox.Icon.Information, self.tr("Batch done"), text, QMessageBox.StandardButton.Ok, self
        )
        box.open()
        if result.merged is not None and result.merged.path is not None:
            preview_pdf(self.ctx, result.merged.path, self)

    def verify_a_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Verify a document file"), str(default_folder(self.ctx)), "PDF (*.pdf)"
        )
        if name:
            self._verify(Path(name))

    def _verify(self, path: Path, expected: DocumentInfo | None = None) -> OpHandle:
        def done(result: VerifyResult) -> None:
            self.last_verify = result
            record = result.record
            text = result.message()
            if record is not None:
                text += "\n\n" + self.tr("%1 — %2, client %3, generated %4").replace("%1", record.doc_no).replace(
                    "%2", kind_label(record.kind)).replace("%3", record.client_no).replace(
                    "%4", record.generated_at.strftime("%Y-%m-%d %H:%M"))  # fmt: skip
            matches = expected is None or (record is not None and record.doc_no == expected.doc_no)
            if result.issued and matches:
                assert record is not None
                self.files.remember({record.doc_no: path})
                if expected is not None:
                    preview_pdf(self.ctx, path, self)
                    return
            elif result.issued:
                text += "\n\n" + self.tr("This file is another document, not %1.").replace(
                    "%1", expected.doc_no if expected else "")  # fmt: skip
            icon = QMessageBox.Icon.Information if result.issued else QMessageBox.Icon.Warning
            box = QMessageBox(icon, self.tr("Verify a document file"), text, QMessageBox.StandardButton.Ok, self)
            box.open()

        return self.ctx.runner.run(lambda s, _p: documents.verify_file(s, path), done, parent=self)

    def keyPressEvent(self, event: Any) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.table.hasFocus():
            self.open_selected()
            return
        super().keyPressEvent(event)
