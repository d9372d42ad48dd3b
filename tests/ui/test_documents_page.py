# ruff: noqa: F811 — the book fixtures are imported from tests.services.test_documents
"""The 文书 section against a temporary database (book: tests/services/test_documents): the register an RM sees,
search, hand-over and signed copies, a batch through the dialog with progress, verification of a picked file, and
the client file's print_statement_for ending in a print preview whose pages reach the printer."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from rmdesk.services import documents
from rmdesk.services.audit import Actor
from rmdesk.services.documents_register import DocumentInfo
from rmdesk.store.db import Database
from rmdesk.store.models import DocumentRecord
from rmdesk.ui.context import AppContext
from rmdesk.ui.documents_model import RegisterModel
from rmdesk.ui.documents_page import DocumentsPage, print_statement_for
from rmdesk.ui.print_preview import PdfPreviewDialog, paint_pages
from tests.services.test_documents import NOW, Book, book, fixed_now, out  # noqa: F401 — fixtures


def _issue(db: Database, actor: Actor, kind: str, client_id: int, folder: Path) -> documents.IssuedDocument:
    with db.sessions.begin() as s:
        return documents.issue_document(s, actor, kind, client_id, folder)


def _page(ctx: AppContext, qtbot: QtBot) -> DocumentsPage:
    page = DocumentsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 600)
    page.show()
    assert ctx.runner.wait_idle()
    return page


def _doc_nos(page: DocumentsPage) -> list[str]:
    return sorted(page.model.index(r, RegisterModel.DOC_NO).data() for r in range(page.model.rowCount()))


def _select(page: DocumentsPage, doc_no: str) -> None:
    for row in range(page.proxy.rowCount()):
        if page.proxy.index(row, RegisterModel.DOC_NO).data() == doc_no:
            page.table.selectRow(row)
            return
    raise AssertionError(f"{doc_no} not listed")


def _close_boxes(page: DocumentsPage) -> list[str]:
    texts = []
    for box in page.findChildren(QMessageBox):
        if box.isVisible():
            texts.append(box.text())
            box.close()
    return texts


def test_register_model_is_a_valid_qt_model(qtmodeltester: object) -> None:
    info = DocumentInfo(1, "DZD-20261121-00001", "statement", 1, "C1", "张伟", "A1", None, "2026-11", None, NOW,
                        "李经理", "0" * 64, "x.pdf", 2, None, None, None)  # fmt: skip
    model = RegisterModel([info, info])
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.index(0, RegisterModel.PAGES).data() == "2"


def test_an_rm_sees_only_their_clients_documents_and_can_search(
    db: Database, users: dict[str, Actor], book: Book, out: Path, app_ctx: AppContext, qtbot: QtBot
) -> None:
    mine = _issue(db, users["rm1"], "statement", book.a1, out)
    letter = _issue(db, users["rm1"], "disclosure", book.a2, out)
    _issue(db, users["super"], "statement", book.a3, out)  # rm2's client
    page = _page(app_ctx, qtbot)
    assert _doc_nos(page) == sorted([mine.doc_no, letter.doc_no])
    qtbot.keyClicks(page.search, "FXJS")
    qtbot.waitUntil(lambda: _doc_nos(page) == [letter.doc_no])
    page.search.clear()
    qtbot.waitUntil(lambda: len(_doc_nos(page)) == 2)
    page.kind.setCurrentIndex(page.kind.findData("statement"))
    qtbot.waitUntil(lambda: _doc_nos(page) == [mine.doc_no])


def test_handed_over_and_signed_copy_buttons(
    db: Database, users: dict[str, Actor], book: Book, out: Path, app_ctx: AppContext, qtbot: QtBot
) -> None:
    letter = _issue(db, users["rm1"], "disclosure", book.a1, out)
    page = _page(app_ctx, qtbot)
    _select(page, letter.doc_no)
    assert page.handed_button.isEnabled() and page.signed_button.isEnabled()
    page.signed_button.click()
    assert app_ctx.runner.wait_idle()
    qtbot.waitUntil(lambda: not page.signed_button.isEnabled())
    with db.sessions() as s:
        row = s.execute(select(DocumentRecord).where(DocumentRecord.doc_no == letter.doc_no)).scalar_one()
    assert (row.handed_over_at, row.signed_returned_at) == (NOW, NOW)
    assert page.model.index(0, RegisterModel.SIGNED).data() == "2026-11-21 10:00"


def test_a_batch_from_the_dialog_writes_registers_and_lists_the_documents(
    users: dict[str, Actor], book: Book, out: Path, app_ctx: AppContext, qtbot: QtBot
) -> None:
    page = _page(app_ctx, qtbot)
    dialog = page.open_batch()
    dialog.kind.setCurrentIndex(dialog.kind.findData("statement"))
    dialog.preset.setCurrentIndex(dialog.preset.findData("all"))
    assert dialog.filter.text() == "all"
    dialog.out.setText(str(out / "nov"))
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert app_ctx.runner.wait_idle(30_000)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    assert sorted(p.name.split("_")[1] for p in (out / "nov").iterdir()) == ["CA1.pdf", "CA2.pdf"]
    (message,) = _close_boxes(page)
    assert "CNOACC" in message  # skipped: no credit account, and the dialog says so
    assert app_ctx.settings.last_print_folder == str(out / "nov")
    _select(page, page.model.index(0, RegisterModel.DOC_NO).data())
    assert page.files.find(page.selected().doc_no) is not None  # type: ignore[union-attr]


def test_a_bad_filter_keeps_the_dialog_open(app_ctx: AppContext, qtbot: QtBot, book: Book) -> None:
    page = _page(app_ctx, qtbot)
    dialog = page.open_batch()
    dialog.filter.setText("level=red")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.isVisible() and "level=red" in dialog.error.text()
    dialog.reject()


def test_verifying_a_picked_file(
    db: Database, users: dict[str, Actor], book: Book, out: Path, app_ctx: AppContext, qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    doc = _issue(db, users["rm1"], "statement", book.a1, out)
    assert doc.path is not None
    copy = out / "copy.pdf"
    data = bytearray(doc.path.read_bytes())
    data[len(data) // 2] ^= 0x04
    copy.write_bytes(bytes(data))
    page = _page(app_ctx, qtbot)
    for picked, expected in ((doc.path, "内容未被修改"), (copy, "已被修改")):
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, _p=picked, **_k: (str(_p), "PDF (*.pdf)"))
        page.verify_a_file()
        assert app_ctx.runner.wait_idle()
        (message,) = _close_boxes(page)
        assert expected in message and doc.doc_no in message


def test_print_statement_for_registers_then_previews_every_page(
    db: Database, book: Book, app_ctx: AppContext, qtbot: QtBot, tmp_path: Path
) -> None:
    page = _page(app_ctx, qtbot)
    print_statement_for(app_ctx, book.a1, page)
    qtbot.waitUntil(lambda: page.findChild(PdfPreviewDialog) is not None, timeout=20_000)
    dialog = page.findChild(PdfPreviewDialog)
    assert dialog is not None
    with db.sessions() as s:
        (row,) = s.execute(select(DocumentRecord)).scalars().all()
    assert row.kind == "statement" and dialog.pdf.name.startswith(row.doc_no)
    assert len(dialog.pages) == row.pages
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)  # what the Print button does, to a PDF file
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert paint_pages(printer, dialog.pages) == row.pages
    assert len(PdfReader(str(tmp_path / "printed.pdf")).pages) == row.pages
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)  # the register refreshed through the hub
    dialog.reject()
    assert not dialog.pages[0].exists()  # the page images went with the dialog
