# ruff: noqa: F811 — the book fixtures are imported from test_documents and named as test parameters
"""Batches (SPEC §6): the filter grammar, who is selected, one PDF per client or one merged PDF that verifies,
the 2-process pool, cancel and a concurrent number clash leaving nothing behind. Book: tests/services/test_documents.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader
from sqlalchemy import func, select

from rmdesk.services import documents, documents_batch
from rmdesk.services.audit import Actor
from rmdesk.services.clients import ClientError
from rmdesk.services.progress import Cancelled, NullProgress
from rmdesk.store.db import Database
from rmdesk.store.models import AuditRecord, DocumentRecord
from tests.reports.pdftools import compact, page_count, text
from tests.services.test_documents import NOW, Book, book, fixed_now, out  # noqa: F401 — fixtures

Term = documents_batch.Term


def test_filter_grammar() -> None:
    parse = documents.parse_filter
    assert parse("margin_call").terms == (Term("margin_call"),)
    assert parse(" level=closeout & rm=rm01 ").terms == (Term("level", ("closeout",)), Term("rm", ("rm01",)))
    assert parse("clients=C1,C2, all").terms == (Term("clients", ("C1", "C2")), Term("all"))
    for bad in ("", "level=red", "rm=", "clients=,", "everyone", "margin_call=yes", "level"):
        with pytest.raises(documents.DocumentError) as err:
            parse(bad)
        assert err.value.code == "documents.bad_filter", bad


@given(st.text(max_size=40))
def test_any_text_either_parses_or_is_a_bad_filter(expr: str) -> None:
    try:
        selection = documents.parse_filter(expr)
    except documents.DocumentError as err:
        assert err.code == "documents.bad_filter"
    else:
        assert selection.terms and all(
            t.key in ("all", "margin_call", "level", "rm", "clients") for t in selection.terms
        )


def _selected(db: Database, actor: Actor, expr: str) -> list[str]:
    with db.sessions() as s:
        return [t.client_no for t in documents.select_targets(s, actor, documents.parse_filter(expr))]


def test_selection_by_each_term_within_what_the_user_may_see(db: Database, users: dict[str, Actor], book: Book) -> None:
    rm1, boss = users["rm1"], users["super"]
    assert _selected(db, rm1, "all") == ["CA1", "CA2", "CNOACC"]  # rm2's CA3 is not rm1's
    assert _selected(db, boss, "all") == ["CA1", "CA2", "CA3", "CNOACC"]
    assert _selected(db, boss, "margin_call") == ["CA1"]  # ratio 1.2999 < 1.30
    assert _selected(db, boss, "level=normal") == ["CA2", "CA3"]
    assert _selected(db, boss, "level=closeout & rm=rm1") == ["CA1"]
    assert _selected(db, boss, "rm=rm2") == ["CA3"]
    assert _selected(db, rm1, "clients=CA1,A2") == ["CA1", "CA2"]  # a client or an account number
    with pytest.raises(documents.DocumentError) as err:
        _selected(db, boss, "clients=CA1,NOPE")
    assert (err.value.code, err.value.params) == ("documents.unknown_clients", {"numbers": "NOPE"})
    with pytest.raises(documents.DocumentError):
        _selected(db, boss, "rm=nobody")
    with pytest.raises(ClientError):
        _selected(db, rm1, "clients=CA3")  # naming another RM's client is refused, not silently dropped


def test_folder_batch_one_verified_pdf_per_client_and_skips_listed(
    db: Database, users: dict[str, Actor], book: Book, out: Path
) -> None:
    result = documents.run_batch(db.sessions, "statement", documents.parse_filter("all"), out, False, users["rm1"])
    assert [d.client_no for d in result.documents] == ["CA1", "CA2"]
    assert [(s.client_no, s.code) for s in result.skipped] == [("CNOACC", "documents.no_account")]
    assert [d.doc_no for d in result.documents] == ["DZD-20261121-00001", "DZD-20261121-00002"]  # no gap for the skip
    files = sorted(p.name for p in out.iterdir())
    assert files == ["DZD-20261121-00001_CA1.pdf", "DZD-20261121-00002_CA2.pdf"]
    assert result.pages == sum(page_count(out / f) for f in files)
    with db.sessions() as s:
        for f in files:
            assert documents.verify_file(s, out / f).issued
        rows = s.execute(select(DocumentRecord.batch_id, DocumentRecord.period, DocumentRecord.generated_at)).all()
        audits = s.execute(select(func.count()).select_from(AuditRecord).where(AuditRecord.entity == "document"))
        assert audits.scalar_one() == 2
    assert rows == [(result.batch_id, "2026-11", NOW)] * 2
    assert "¥12,999.00" in compact(text(out / files[0]))  # CA1's total assets, as in the single statement


def test_merged_batch_page_count_is_the_sum_and_the_merged_file_verifies(
    db: Database, users: dict[str, Actor], book: Book, out: Path
) -> None:
    target = out / "letters.pdf"
    result = documents.run_batch(db.sessions, "disclosure", documents.parse_filter("all"), target, True, users["rm1"])
    assert [d.client_no for d in result.documents] == ["CA1", "CA2", "CNOACC"]  # a letter needs no account
    assert list(out.iterdir()) == [target]  # only the merged file
    assert page_count(target) == sum(d.pages for d in result.documents) == result.pages
    merged = result.merged
    assert merged is not None and merged.doc_no == "PL-20261121-00001" and merged.pages == result.pages
    assert PdfReader(str(target)).metadata.get("/Subject") == merged.doc_no  # type: ignore[union-attr]
    with db.sessions() as s:
        check = documents.verify_file(s, target)
        kinds = s.execute(select(DocumentRecord.kind, DocumentRecord.batch_id, DocumentRecord.file_name)).all()
    assert check.issued and check.record is not None and check.record.kind == documents.MERGED
    assert sorted(kinds) == sorted([("disclosure", result.batch_id, "letters.pdf")] * 3 +
                                   [("merged", result.batch_id, "letters.pdf")])  # fmt: skip
    body = compact(text(target))
    assert body.count("融资融券交易风险揭示书") >= 3 and "司马青衫" in body


def test_pool_rendering_gives_the_same_documents(
    db: Database, users: dict[str, Actor], book: Book, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(documents_batch, "IN_PROCESS_BELOW", 1)  # use the 2-process pool even for a few documents
    result = documents.run_batch(db.sessions, "visit_brief", documents.parse_filter("all"), out, False, users["super"])
    assert [d.client_no for d in result.documents] == ["CA1", "CA2", "CA3", "CNOACC"]
    with db.sessions() as s:
        assert all(documents.verify_file(s, d.path).issued for d in result.documents if d.path)
    assert "129.99%" in compact(text(out / result.documents[0].file_name))
    assert result.pages == sum(page_count(d.path) for d in result.documents if d.path)


class CancelAfter(NullProgress):
    def __init__(self, documents_done: int) -> None:
        self.left = documents_done

    def advance(self, n: int = 1) -> None:
        self.left -= n

    def cancelled(self) -> bool:
        return self.left <= 0


def test_cancel_registers_nothing_and_removes_what_was_written(
    db: Database, users: dict[str, Actor], book: Book, out: Path
) -> None:
    for merged, target in ((False, out / "folder"), (True, out / "merged.pdf")):
        with pytest.raises(Cancelled):
            documents.run_batch(db.sessions, "disclosure", documents.parse_filter("all"), target, merged,
                                users["super"], CancelAfter(2))  # fmt: skip
        assert not target.exists() or list(target.iterdir()) == []
    with db.sessions() as s:
        assert s.execute(select(func.count()).select_from(DocumentRecord)).scalar_one() == 0


class ClashingWriter(NullProgress):
    """Another desk registers a document with one of the batch's numbers while the batch runs."""

    def __init__(self, db: Database, client_id: int) -> None:
        self.db, self.client_id, self.done = db, client_id, False

    def advance(self, n: int = 1) -> None:
        if self.done:
            return
        self.done = True
        with self.db.sessions.begin() as s:
            s.add(DocumentRecord(doc_no="FXJS-20261121-00002", client_id=self.client_id, kind="disclosure",
                                 generated_at=datetime(2026, 11, 21, 10, 0), sha256="0" * 64, file_name="x.pdf",
                                 pages=1, archived=False))  # fmt: skip


def test_a_number_taken_meanwhile_fails_cleanly(db: Database, users: dict[str, Actor], book: Book, out: Path) -> None:
    with pytest.raises(documents.DocumentError) as err:
        documents.run_batch(db.sessions, "disclosure", documents.parse_filter("all"), out, False, users["rm1"],
                            ClashingWriter(db, book.a1))  # fmt: skip
    assert err.value.code == "documents.number_taken"
    assert list(out.iterdir()) == []
    with db.sessions() as s:
        assert s.execute(select(DocumentRecord.doc_no)).scalars().all() == ["FXJS-20261121-00002"]


def test_an_empty_selection_makes_nothing(db: Database, users: dict[str, Actor], book: Book, out: Path) -> None:
    result = documents.run_batch(db.sessions, "margin_call", documents.parse_filter("level=emergency"), out / "m.pdf",
                                 True, users["super"])  # fmt: skip
    assert (result.documents, result.merged, result.pages) == ((), None, 0)
    assert list(out.iterdir()) == []
