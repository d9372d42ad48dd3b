"""The documents service on a real PostgreSQL server (SPEC §9): the same book, numbers, register, verification
and a merged batch as on SQLite (no SQLite-only SQL in the service)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from rmdesk import clock
from rmdesk.services import auth, documents
from rmdesk.services.audit import Actor, verify_chain
from rmdesk.store.db import Database
from rmdesk.store.models import DocumentRecord
from tests.reports.pdftools import compact, page_count, text
from tests.services.test_documents import NOW, make_book

pytestmark = pytest.mark.postgres


def test_documents_on_postgres(pg_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "now", lambda: NOW)
    with pg_db.sessions.begin() as s:
        admin = auth.add_user(s, Actor(None, "setup", "admin"), "admin", "pg-pass-123", "admin", bootstrap=True)
        users = {
            name: auth.add_user(s, admin.actor(), name, "pg-pass-123", role, display).actor()
            for name, role, display in (
                ("super", "supervisor", "王主管"),
                ("rm1", "rm", "李经理"),
                ("rm2", "rm", "赵经理"),
            )
        }
    with pg_db.sessions.begin() as s:
        book = make_book(s, users)
    with pg_db.sessions.begin() as s:
        notice = documents.issue_document(s, users["rm1"], "margin_call", book.a1, tmp_path)
    assert notice.path is not None and notice.doc_no == "ZBTZ-20261121-00001"
    assert "2026年11月24日15:00" in compact(text(notice.path))  # as on SQLite: Tue 24 Nov at 15:00
    merged = tmp_path / "letters.pdf"
    result = documents.run_batch(pg_db.sessions, "disclosure", documents.parse_filter("level=normal"), merged, True,
                                 users["super"])  # fmt: skip
    assert [d.client_no for d in result.documents] == ["CA2", "CA3"]
    assert page_count(merged) == result.pages
    with pg_db.sessions() as s:
        assert documents.verify_file(s, merged).issued
        assert documents.verify_file(s, notice.path).issued
        found = documents.list_register(s, users["rm1"], "zbtz")
        kinds = sorted(s.execute(select(DocumentRecord.kind)).scalars())
        assert verify_chain(s).ok
    assert [d.doc_no for d in found] == [notice.doc_no]  # case-insensitive search, rm1's clients only
    assert kinds == ["disclosure", "disclosure", "margin_call", "merged"]
    assert result.merged is not None and result.merged.doc_no == "PL-20261121-00001"
