"""The document register as a table model, and where this desk saved the documents it made.

The register stores each file's name, not where it went (folders differ per PC); the desk remembers the paths of
the files it wrote in a small JSON index in the user data directory, so "Open" finds them again. A file that was
moved can be picked by hand: it is then checked against the register by its SHA-256.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QColor

from rmdesk.paths import data_dir
from rmdesk.services.documents_register import DocumentInfo
from rmdesk.ui.table_model import RowTableModel

CONTEXT = "RegisterModel"
KIND_LABELS = {
    "statement": QT_TRANSLATE_NOOP("RegisterModel", "Statement"),
    "disclosure": QT_TRANSLATE_NOOP("RegisterModel", "Risk disclosure"),
    "margin_call": QT_TRANSLATE_NOOP("RegisterModel", "Margin-call notice"),
    "visit_brief": QT_TRANSLATE_NOOP("RegisterModel", "Visit brief"),
    "merged": QT_TRANSLATE_NOOP("RegisterModel", "Merged batch file"),
}
INDEX_FILE = "documents-index.json"


def kind_label(kind: str) -> str:
    return QCoreApplication.translate(CONTEXT, KIND_LABELS.get(kind, kind))


def _when(value: Any) -> str:
    return "" if value is None else value.strftime("%Y-%m-%d %H:%M")


class RegisterModel(RowTableModel[DocumentInfo]):
    """文书登记: one row per registered document, newest first (as the service returns them)."""

    CONTEXT = CONTEXT
    DOC_NO, KIND, CLIENT_NO, CLIENT, PERIOD, GENERATED, BY, PAGES, HANDED, SIGNED = range(10)
    COLUMNS: ClassVar[tuple[str, ...]] = (
        QT_TRANSLATE_NOOP("RegisterModel", "Document no."),
        QT_TRANSLATE_NOOP("RegisterModel", "Kind"),
        QT_TRANSLATE_NOOP("RegisterModel", "Client no."),
        QT_TRANSLATE_NOOP("RegisterModel", "Client"),
        QT_TRANSLATE_NOOP("RegisterModel", "Period / as of"),
        QT_TRANSLATE_NOOP("RegisterModel", "Generated"),
        QT_TRANSLATE_NOOP("RegisterModel", "By"),
        QT_TRANSLATE_NOOP("RegisterModel", "Pages"),
        QT_TRANSLATE_NOOP("RegisterModel", "Handed over"),
        QT_TRANSLATE_NOOP("RegisterModel", "Signed copy back"),
    )

    def display(self, row: DocumentInfo, column: int) -> str:
        if column == self.DOC_NO:
            return row.doc_no
        if column == self.KIND:
            text = kind_label(row.kind)
            return f"{text} {row.template_version}" if row.template_version else text
        if column == self.CLIENT_NO:
            return "" if row.kind == "merged" else row.client_no
        if column == self.CLIENT:
            return "" if row.kind == "merged" else row.client_name
        if column == self.PERIOD:
            return row.period or (row.as_of.isoformat() if row.as_of else "")
        if column == self.GENERATED:
            return _when(row.generated_at)
        if column == self.BY:
            return row.generated_by
        if column == self.PAGES:
            return str(row.pages)
        if column == self.HANDED:
            return _when(row.handed_over_at)
        if column == self.SIGNED:
            return _when(row.signed_returned_at)
        return ""

    def sort_key(self, row: DocumentInfo, column: int) -> Any:
        if column == self.PAGES:
            return row.pages
        return self.display(row, column)

    def alignment(self, column: int) -> Any:
        if column == self.PAGES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def foreground(self, row: DocumentInfo, column: int) -> Any:
        if column == self.SIGNED and row.kind == "disclosure" and row.signed_returned_at is None:
            return QColor("#b35c00")  # a letter whose signed copy has not come back yet
        return None

    def row_at(self, row: int) -> DocumentInfo | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None


class LocalFiles:
    """doc_no → the path this desk wrote it to (a JSON file; unreadable → empty, never an error)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or data_dir() / INDEX_FILE

    def _load(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def remember(self, entries: dict[str, Path]) -> None:
        data = self._load()
        data.update({doc_no: str(path) for doc_no, path in entries.items()})
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=0), encoding="utf-8")
        tmp.replace(self.path)

    def find(self, doc_no: str) -> Path | None:
        """The file if it is still where this desk wrote it."""
        path = self._load().get(doc_no)
        return Path(path) if path and Path(path).is_file() else None
