"""One document at a time (SPEC §6): the PDF shows the engine's figures for a hand-computed book, the register
records it (number, SHA-256, audit), verification tells issued from modified, and RMs print only their clients.

The book (built with the real models, figures by rmdesk.services.risk.refresh):
- 600000.SH closes at 10.000, 000001.SZ at 20.000, haircut 0.65 each.
- A1 (rm1): 500 × 600000.SH + 250 × 000001.SZ = 10,000.00 market value; one open financing contract owing
  10,000.00 (600000.SH, 1,000 shares) and one repaid contract (owing 0, not open). Cash 6,000 on 2026-10-30,
  5,000 on 2026-11-02 and 2,999 on 2026-11-20, so the ratio is 1.6000, 1.5000 and 1.2999 (margin call).
- A2 (rm1): cash 50,000, 1,000 × 600000.SH, owing 5,000: ratio (50,000 + 10,000) / 5,000 = 12.0000, normal.
- A3 (rm2): another RM's client. CNOACC (rm1): a client without a credit account.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from sqlalchemy import select
from sqlalchemy.orm import Session

from rmdesk import clock
from rmdesk.money import format_yuan
from rmdesk.services import documents, risk
from rmdesk.services.audit import Actor
from rmdesk.services.clients import ClientError
from rmdesk.services.figures import read_figures
from rmdesk.store.db import Database
from rmdesk.store.models import AuditRecord, Callback, Client, ComplaintCase, CreditAccount, DocumentRecord
from tests.reports.pdftools import compact, page_count, text
from tests.services.book_factory import AccountSpec, Deal, account, security

NOW = datetime(2026, 11, 21, 10, 0)
FULL_ID = "110105199001011234"
FULL_PHONE = "13812345678"


@dataclass(frozen=True)
class Book:
    a1: int  # client ids
    a2: int
    a3: int
    no_account: int
    a1_account: int


def make_book(session: Session, users: dict[str, Actor]) -> Book:
    """The book of the module docstring, with figures for 2026-10-30, 2026-11-02 and 2026-11-20."""
    security(session, "600000.SH", "10.000", name="浦发银行")
    security(session, "000001.SZ", "20.000", name="平安银行")
    rm1, rm2 = users["rm1"].id, users["rm2"].id
    a1 = account(
        session,
        AccountSpec(
            "A1",
            cash="6000",
            positions=[("600000.SH", 500), ("000001.SZ", 250)],
            deals=[
                Deal("600000.SH", 1000, "10000", due_date=date(2027, 3, 1)),
                Deal("000001.SZ", 100, "0", trade_price="20.000"),  # repaid: not open
            ],
            rm_id=rm1,
        ),
    )
    a2 = account(
        session,
        AccountSpec(
            "A2", cash="50000", positions=[("600000.SH", 1000)], deals=[Deal("600000.SH", 500, "5000")], rm_id=rm1
        ),
    )
    a3 = account(session, AccountSpec("A3", cash="50000", positions=[("600000.SH", 100)], rm_id=rm2))
    client = session.get(Client, a1.client_id)
    assert client is not None
    client.id_no, client.phone, client.name = FULL_ID, FULL_PHONE, "欧阳明远"
    lone = Client(client_no="CNOACC", name="司马青衫", rm_id=rm1, risk_level=5, risk_assessed_on=date(2026, 1, 5),
                  created_at=NOW, updated_at=NOW)  # fmt: skip
    session.add(lone)
    session.flush()
    for day, cash in ((date(2026, 10, 30), "6000"), (date(2026, 11, 2), "5000"), (date(2026, 11, 20), "2999")):
        a1.cash = Decimal(cash)
        session.flush()
        risk.refresh(session, day)
    return Book(a1.client_id, a2.client_id, a3.client_id, lone.id, a1.id)


@pytest.fixture
def fixed_now(monkeypatch: pytest.MonkeyPatch) -> datetime:
    monkeypatch.setattr(clock, "now", lambda: NOW)
    return NOW


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """Where the documents go (the test database lives in tmp_path itself)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def book(db: Database, users: dict[str, Actor], fixed_now: datetime) -> Book:
    with db.sessions.begin() as s:
        return make_book(s, users)


def issue(db: Database, actor: Actor, kind: str, client_id: int, out: Path, **kw: object) -> documents.IssuedDocument:
    with db.sessions.begin() as s:
        return documents.issue_document(s, actor, kind, client_id, out, **kw)  # type: ignore[arg-type]


def test_statement_shows_the_engine_figures_of_the_hand_computed_book(
    db: Database, users: dict[str, Actor], book: Book, out: Path
) -> None:
    doc = issue(db, users["rm1"], "statement", book.a1, out)
    assert doc.path is not None and doc.path.parent == out
    body = compact(text(doc.path))
    with db.sessions() as s:
        (fig,) = read_figures(s, None, [book.a1_account])
    # by hand: assets 2,999 + 10,000 = 12,999.00; liabilities 10,000.00; ratio 12,999 / 10,000 = 1.2999
    hand = {
        "total_assets": Decimal("12999.00"),
        "total_liabilities": Decimal("10000.00"),
        "net_assets": Decimal("2999.00"),  # 12,999 − 10,000
        "market_value": Decimal("10000.00"),  # 500 × 10 + 250 × 20
        "collateral_value": Decimal("6500.00"),  # 10,000 × 0.65
        "credit_limit": Decimal("10000000.00"),
        "credit_available": Decimal("9990000.00"),  # 10,000,000 − 10,000 used
        # cash 2,999 + 250 × 20 × 0.65 (600000.SH fully financed: no collateral-only shares) − 10,000 × 1.00
        "available_margin": Decimal("-3751.00"),
        "withdrawable": Decimal("0.00"),  # min(2,999, −3,751, 12,999 − 3 × 10,000) < 0 → 0
    }
    for name, value in hand.items():
        assert getattr(fig, name) == value, name
        assert format_yuan(value) in body, name
    assert fig.maintenance_ratio == Decimal("1.2999")
    assert "129.99%" in body
    assert "对账期间：2026年11月1日至2026年11月20日" in body  # the latest import is inside November
    assert f"文书编号：{doc.doc_no}" in body and doc.doc_no == "DZD-20261121-00001"
    assert "第1页/共2页" in body or "第1页/共1页" in body


def test_statement_lists_positions_and_only_open_contracts_and_the_period_chart(
    db: Database, users: dict[str, Actor], book: Book, out: Path
) -> None:
    doc = issue(db, users["rm1"], "statement", book.a1, out)
    assert doc.path is not None
    body = compact(text(doc.path))
    # code, name, quantity, close, market value, haircut, collateral value (every row read across)
    assert "000001.SZ平安银行25020.005,000.000.653,250.00" in body  # 250 × 20.000 = 5,000.00; × 0.65 = 3,250.00
    assert "600000.SH浦发银行50010.005,000.000.653,250.00" in body  # 500 × 10.000 = 5,000.00; × 0.65 = 3,250.00
    assert "合计10,000.006,500.00" in body  # the engine's market_value and collateral_value
    # number, security, type, trade date, price, quantity, amount, outstanding, rate, accrued interest, due date
    assert "600000.SH浦发银行融资2026-06-0110.001,00010,000.0010,000.008.35%0.00" in body
    assert "2027-03-01" in body
    with db.sessions() as s:
        numbers = dict(s.execute(select(DocumentRecord.doc_no, DocumentRecord.period)).all())
        contracts = s.execute(select(CreditAccount).where(CreditAccount.id == book.a1_account)).scalar_one()
    assert numbers == {doc.doc_no: "2026-11"}
    assert contracts.account_no == "A1"
    assert "KA1-" in body  # the open financing contract's number
    assert body.count("KA1-") == 1  # the repaid one is not listed
    from tests.reports.pdftools import image_count

    assert sum(image_count(doc.path, p) for p in range(1, page_count(doc.path) + 1)) == 1  # the ratio chart


def test_past_period_uses_its_period_end_figures_and_never_todays_holdings(
    db: Database, users: dict[str, Actor], book: Book, out: Path
) -> None:
    doc = issue(db, users["rm1"], "statement", book.a1, out / "oct.pdf", period="2026-10")
    assert doc.path is not None and doc.as_of == date(2026, 10, 30)
    body = compact(text(doc.path))
    # 2026-10-30: cash 6,000 → assets 16,000.00, ratio 16,000 / 10,000 = 160.00%
    assert "¥16,000.00" in body and "160.00%" in body
    assert "对账期间：2026年10月1日至2026年10月31日" in body
    assert "600000.SH" not in body  # the positions held now are not October's
    assert "仅保存最近一次清算" in body


def test_a_period_without_figures_or_a_bad_period_is_refused(
    db: Database, users: dict[str, Actor], book: Book, out: Path
) -> None:
    with pytest.raises(documents.DocumentError) as err:
        issue(db, users["rm1"], "statement", book.a1, out / "sep.pdf", period="2026-09")
    assert err.value.code == "documents.no_figures"
    with pytest.raises(documents.DocumentError) as err:
        issue(db, users["rm1"], "statement", book.a1, out / "x.pdf", period="2026-13")
    assert err.value.code == "documents.bad_period"
    with pytest.raises(documents.DocumentError) as err:
        issue(db, users["rm1"], "statement", book.no_account, out / "y.pdf")
    assert err.value.code == "documents.no_account"
    assert list(out.iterdir()) == []
    with db.sessions() as s:
        assert s.execute(select(DocumentRecord)).first() is None


def test_margin_call_notice_deadline_is_the_warnings_due_date_at_1500(
    db: Database, users: dict[str, Actor], book: Book, out: Path
) -> None:
    doc = issue(db, users["rm1"], "margin_call", book.a1, out)
    assert doc.path is not None and doc.doc_no == "ZBTZ-20261121-00001"
    body = compact(text(doc.path))
    # as of Friday 2026-11-20, 2 trading days: Mon 11-23 is the 1st, Tue 11-24 the 2nd
    assert "2026年11月24日15:00" in body
    assert "触发追保的清算日（2026年11月20日）后第2个交易日（2026年11月24日）的15:00" in body  # how it was set
    assert "129.99%" in body  # the ratio
    assert "¥2,001.00" in body  # top-up: 1.50 × 10,000 − 12,999
    assert "¥4,002.00" in body  # repay: 2,001 / (1.50 − 1)
    assert "150.00%" in body and "130.00%" in body and "140.00%" in body and "120.00%" in body  # the lines
    assert "强制平仓" in body  # what happens if it passes


def test_margin_call_needs_an_active_margin_call(db: Database, users: dict[str, Actor], book: Book, out: Path) -> None:
    with pytest.raises(documents.DocumentError) as err:
        issue(db, users["rm1"], "margin_call", book.a2, out)
    assert err.value.code == "documents.no_margin_call"


def test_personal_data_is_masked_in_every_document(
    db: Database, users: dict[str, Actor], book: Book, out: Path
) -> None:
    for kind in documents.KINDS:
        doc = issue(db, users["rm1"], kind, book.a1, out)
        assert doc.path is not None
        body = compact(text(doc.path))
        assert FULL_ID not in body and FULL_PHONE not in body, kind
        assert "110105********1234" in body, kind
        assert "欧阳明远" in body, kind


def test_visit_brief_lists_warnings_cases_callbacks_and_eligibility(
    db: Database, users: dict[str, Actor], book: Book, out: Path
) -> None:
    with db.sessions.begin() as s:
        s.add(ComplaintCase(case_no="TS2026000007", client_id=book.a1, channel="电话", category="收费与利息",
                            summary="对融资利息有疑问", received_at=datetime(2026, 11, 10, 9, 0),
                            status="investigating", ack_due=date(2026, 11, 11),
                            respond_due=date(2026, 12, 1)))  # fmt: skip
        s.add(ComplaintCase(case_no="TS2026000001", client_id=book.a1, channel="电话", category="其他",
                            summary="已办结的旧工单", received_at=datetime(2026, 3, 1, 9, 0), status="closed",
                            ack_due=date(2026, 3, 2), respond_due=date(2026, 3, 20)))  # fmt: skip
        s.add(Callback(client_id=book.a1, source="manual", due_date=date(2026, 9, 30), status="done",
                       done_at=datetime(2026, 9, 29, 16, 5), done_by=users["rm1"].id, channel="电话",
                       outcome="客户确认风险揭示", satisfaction=5, created_at=NOW))  # fmt: skip
    doc = issue(db, users["rm1"], "visit_brief", book.a1, out)
    assert doc.path is not None
    body = compact(text(doc.path))
    assert "追加担保物" in body and "2026-11-24" in body  # the open margin-call warning and its due date
    assert "TS2026000007" in body and "TS2026000001" not in body  # open cases only
    assert "客户确认风险揭示" in body and "李经理" in body  # the callback and who did it
    assert "风险等级不低于C4且测评在有效期内" in body  # the eligibility checklist
    assert "C4相对积极型" in body  # suitability: the client's level
    assert "129.99%" in body


def test_an_rm_cannot_print_another_rms_client(db: Database, users: dict[str, Actor], book: Book, out: Path) -> None:
    with pytest.raises(ClientError) as err:
        issue(db, users["rm1"], "statement", book.a3, out)
    assert err.value.code == "clients.forbidden"
    assert list(out.iterdir()) == []
    doc = issue(db, users["super"], "statement", book.a3, out)  # a supervisor may
    assert doc.path is not None and doc.path.exists()


def test_register_row_hash_and_audit_record(db: Database, users: dict[str, Actor], book: Book, out: Path) -> None:
    doc = issue(db, users["rm1"], "disclosure", book.a1, out / "letter.pdf")
    assert doc.path is not None
    digest = hashlib.sha256(doc.path.read_bytes()).hexdigest()
    with db.sessions() as s:
        row = s.execute(select(DocumentRecord)).scalar_one()
        audit_row = s.execute(select(AuditRecord).where(AuditRecord.entity == "document")).scalar_one()
    assert (row.doc_no, row.kind, row.client_id, row.sha256) == (doc.doc_no, "disclosure", book.a1, digest)
    assert (row.file_name, row.pages, row.generated_by, row.generated_at) == ("letter.pdf", page_count(doc.path),
                                                                              users["rm1"].id, NOW)  # fmt: skip
    assert row.template_version == "v1" == doc.template_version
    assert (audit_row.entity_id, audit_row.action, audit_row.username) == (doc.doc_no, "issued", "rm1")
    assert digest in audit_row.new
    assert PdfReader(str(doc.path)).metadata.get("/Subject") == doc.doc_no  # type: ignore[union-attr]


def test_numbers_run_per_kind_and_day(
    db: Database, users: dict[str, Actor], book: Book, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = issue(db, users["rm1"], "statement", book.a1, out)
    second = issue(db, users["rm1"], "statement", book.a2, out)
    letter = issue(db, users["rm1"], "disclosure", book.a2, out)
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 11, 23, 9, 0))
    monday = issue(db, users["rm1"], "statement", book.a1, out)
    assert [first.doc_no, second.doc_no, letter.doc_no, monday.doc_no] == [
        "DZD-20261121-00001", "DZD-20261121-00002", "FXJS-20261121-00001", "DZD-20261123-00001",
    ]  # fmt: skip


def test_an_existing_file_is_never_overwritten(db: Database, users: dict[str, Actor], book: Book, out: Path) -> None:
    target = out / "taken.pdf"
    target.write_bytes(b"someone's file")
    with pytest.raises(documents.DocumentError) as err:
        issue(db, users["rm1"], "statement", book.a1, target)
    assert err.value.code == "documents.out_exists"
    assert target.read_bytes() == b"someone's file"


def test_verify_accepts_the_issued_file_and_rejects_modified_ones(
    db: Database, users: dict[str, Actor], book: Book, out: Path
) -> None:
    doc = issue(db, users["rm1"], "statement", book.a1, out / "issued.pdf")
    assert doc.path is not None
    original = doc.path.read_bytes()
    flipped = bytearray(original)
    middle = len(flipped) // 2
    flipped[middle] ^= 0x01
    (out / "flipped.pdf").write_bytes(bytes(flipped))
    writer = PdfWriter(clone_from=str(doc.path))  # re-saved by a PDF tool: same content, other bytes
    with (out / "resaved.pdf").open("wb") as fh:
        writer.write(fh)
    (out / "other.pdf").write_bytes(b"%PDF-1.4\n% not ours\n")
    with db.sessions() as s:
        ok = documents.verify_file(s, doc.path)
        assert (ok.issued, ok.reason, ok.record.doc_no if ok.record else None) == (True, "issued", doc.doc_no)
        for name in ("flipped.pdf", "resaved.pdf"):
            bad = documents.verify_file(s, out / name)
            assert (bad.issued, bad.reason, bad.doc_no) == (False, "modified", doc.doc_no), name
        unknown = documents.verify_file(s, out / "other.pdf")
        assert (unknown.issued, unknown.reason, unknown.record) == (False, "unknown", None)
        missing = documents.verify_file(s, out / "missing.pdf")
        assert (missing.issued, missing.reason) == (False, "unreadable")


def test_rendering_is_deterministic_so_the_hash_proves_the_content(
    db: Database, users: dict[str, Actor], book: Book, out: Path
) -> None:
    """The same report data renders to the same bytes (PDF dates are the generation time): a re-render of a
    registered document reproduces its registered SHA-256."""
    from rmdesk.services.documents_data import ReportBuilder, Target, parse_period
    from rmdesk.services.documents_render import render_bytes

    doc = issue(db, users["rm1"], "statement", book.a1, out)
    with db.sessions() as s:
        builder = ReportBuilder(s, NOW)
        data = builder.build("statement", Target(book.a1, "CA1", book.a1_account, "A1"), doc.doc_no,
                             parse_period("2026-11", builder.latest))  # fmt: skip
    pdf, _, _ = render_bytes("statement", data)
    assert hashlib.sha256(pdf).hexdigest() == doc.sha256


def test_handed_over_and_signed_copy_of_the_current_disclosure_version(
    db: Database, users: dict[str, Actor], book: Book, out: Path
) -> None:
    with db.sessions() as s:
        before = documents.disclosure_status(s, book.a1)
    assert (before.current_version, before.signed_current, before.last_record) == ("v1", False, None)
    letter = issue(db, users["rm1"], "disclosure", book.a1, out)
    with db.sessions.begin() as s:
        handed = documents.mark_handed_over(s, users["rm1"], letter.doc_no)
    assert (handed.handed_over_at, handed.signed_returned_at) == (NOW, None)
    with db.sessions() as s:
        assert documents.disclosure_status(s, book.a1).signed_current is False
    with db.sessions.begin() as s:
        signed = documents.mark_signed_returned(s, users["rm1"], letter.doc_no)
    assert signed.signed_returned_at == NOW
    with db.sessions() as s:
        status = documents.disclosure_status(s, book.a1)
        actions = s.execute(select(AuditRecord.action).where(AuditRecord.entity_id == letter.doc_no)).scalars().all()
        later = documents.disclosure_status(s, book.a1, current_version="v2")  # a newer text was published
    assert (status.signed_current, status.last_record.doc_no if status.last_record else None) == (True, letter.doc_no)
    assert actions == ["issued", "handed_over", "signed_returned"]
    assert later.signed_current is False


def test_hand_over_rules(db: Database, users: dict[str, Actor], book: Book, out: Path) -> None:
    brief = issue(db, users["rm1"], "visit_brief", book.a1, out)
    statement = issue(db, users["rm1"], "statement", book.a1, out)
    with db.sessions.begin() as s:
        with pytest.raises(documents.DocumentError) as err:
            documents.mark_handed_over(s, users["rm1"], brief.doc_no)  # internal: never given to the client
        assert err.value.code == "documents.not_handed_over_kind"
        with pytest.raises(documents.DocumentError) as err:
            documents.mark_signed_returned(s, users["rm1"], statement.doc_no)  # no signature line
        assert err.value.code == "documents.not_signed_kind"
        with pytest.raises(ClientError):
            documents.mark_handed_over(s, users["rm2"], statement.doc_no)  # not rm2's client
        with pytest.raises(documents.DocumentError):
            documents.mark_handed_over(s, users["rm1"], "DZD-20990101-00001")


def test_a_path_without_suffix_is_a_new_folder(db: Database, users: dict[str, Actor], book: Book, out: Path) -> None:
    doc = issue(db, users["rm1"], "margin_call", book.a1, out / "calls" / "today")
    assert doc.path == out / "calls" / "today" / "ZBTZ-20261121-00001_CA1.pdf"
    assert doc.path.is_file()
