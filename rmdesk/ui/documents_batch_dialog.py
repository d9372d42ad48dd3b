"""The batch dialog of the 文书 section: which document, for which clients (a filter), into a folder or one file.

It only collects the choice (:class:`BatchRequest`); the page runs the batch through the op runner with a
progress dialog and Cancel. The filter grammar is the service's (rmdesk.services.documents_filter), shown below
the field; the presets fill it in for the usual cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from rmdesk import i18n
from rmdesk.services.documents_data import DocumentError
from rmdesk.services.documents_filter import FILTER_HELP, Selection, parse_filter
from rmdesk.ui.documents_model import kind_label

KINDS = ("margin_call", "statement", "disclosure", "visit_brief")
PRESETS = (
    ("margin_call", QT_TRANSLATE_NOOP("BatchDialog", "Accounts with an open margin call")),
    ("level=emergency", QT_TRANSLATE_NOOP("BatchDialog", "Accounts below the emergency line")),
    ("level=closeout", QT_TRANSLATE_NOOP("BatchDialog", "Accounts below the close-out line")),
    ("level=warning", QT_TRANSLATE_NOOP("BatchDialog", "Accounts below the warning line")),
    ("all", QT_TRANSLATE_NOOP("BatchDialog", "All my clients")),
    ("", QT_TRANSLATE_NOOP("BatchDialog", "Custom filter")),
)


@dataclass(frozen=True)
class BatchRequest:
    kind: str
    selection: Selection
    out: Path
    merged: bool
    period: str | None


class BatchDialog(QDialog):
    """Kind, filter, period (statements) and output; OK only when the filter parses and an output is chosen."""

    def __init__(self, start_folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Print a batch"))
        self.setMinimumWidth(760)
        self.start_folder = start_folder
        self.kind = QComboBox()
        for kind in KINDS:
            self.kind.addItem(kind_label(kind), kind)
        self.preset = QComboBox()
        for expr, label in PRESETS:
            self.preset.addItem(QCoreApplication.translate("BatchDialog", label), expr)
        self.filter = QLineEdit("margin_call")
        self.filter.setObjectName("batchFilter")
        help_text = FILTER_HELP[0] if i18n.current_language() == "zh_CN" else FILTER_HELP[1]
        help_text = "\n".join(help_text.splitlines()[:-1])  # without the command-line examples
        self.help = QLabel(help_text)  # aligned columns: a fixed-pitch font, no wrapping
        self.help.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.help.setStyleSheet("color: #5a5a5a;")
        self.help.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.period = QLineEdit()
        self.period.setPlaceholderText(self.tr("YYYY-MM (default: the month of the latest import)"))
        self.to_folder = QRadioButton(self.tr("One PDF per client, in a folder"))
        self.to_file = QRadioButton(self.tr("One merged PDF for the printer"))
        self.to_folder.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.to_folder)
        group.addButton(self.to_file)
        self.out = QLineEdit(str(start_folder))
        self.out.setObjectName("batchOut")
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self.choose_output)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b;")
        out_row = QHBoxLayout()
        out_row.addWidget(self.out, 1)
        out_row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("Document"), self.kind)
        form.addRow(self.tr("Clients"), self.preset)
        form.addRow(self.tr("Filter"), self.filter)
        form.addRow("", self.help)
        form.addRow(self.tr("Statement period"), self.period)
        form.addRow(self.tr("Output"), self.to_folder)
        form.addRow("", self.to_file)
        form.addRow("", out_row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Generate"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.preset.currentIndexChanged.connect(self._preset_chosen)
        self.kind.currentIndexChanged.connect(self._kind_chosen)
        self.to_file.toggled.connect(self._output_kind_changed)
        self._kind_chosen()
        self.request: BatchRequest | None = None

    def _preset_chosen(self) -> None:
        expr = self.preset.currentData()
        if expr:
            self.filter.setText(expr)
        else:
            self.filter.setFocus()

    def _kind_chosen(self) -> None:
        self.period.setEnabled(self.kind.currentData() == "statement")

    def _output_kind_changed(self, merged: bool) -> None:
        current = Path(self.out.text().strip() or str(self.start_folder))
        if merged and current.suffix.lower() != ".pdf":
            self.out.setText(str(current / f"{self.kind.currentData()}.pdf"))
        elif not merged and current.suffix.lower() == ".pdf":
            self.out.setText(str(current.parent))

    def choose_output(self) -> None:
        if self.to_file.isChecked():
            name, _ = QFileDialog.getSaveFileName(self, self.tr("Merged PDF"), self.out.text(), "PDF (*.pdf)")
            if name:
                self.out.setText(name if name.lower().endswith(".pdf") else name + ".pdf")
        else:
            folder = QFileDialog.getExistingDirectory(self, self.tr("Folder for the PDFs"), self.out.text())
            if folder:
                self.out.setText(folder)

    def accept(self) -> None:
        try:
            selection = parse_filter(self.filter.text())
        except DocumentError as err:
            self.error.setText(err.message())
            self.filter.setFocus()
            return
        out_text = self.out.text().strip()
        merged = self.to_file.isChecked()
        if not out_text or (merged and not out_text.lower().endswith(".pdf")):
            self.error.setText(self.tr("Choose a folder, or a .pdf file for the merged output."))
            return
        out = Path(out_text)
        if merged and out.exists():
            self.error.setText(self.tr("The file exists already; choose another name."))
            return
        kind = self.kind.currentData()
        period = self.period.text().strip() if kind == "statement" else ""
        self.request = BatchRequest(kind, selection, out, merged, period or None)
        super().accept()
