"""The client file's checklist and tabs: SPEC §2 eligibility at its boundaries, the lists of warnings,
callbacks, cases, documents and related clients, and the masked, audited Excel export of the book."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from rmdesk.services.audit import Actor
from rmdesk.services.clients import ClientError, list_client_rows
from rmdesk.services.clients_export import export_client_rows
from rmdesk.services.clients_tabs import (
    add_months,
    assessment_expiry,
    eligibility,
    list_callbacks,
    list_cases,
    list_documents,
    list_related,
    list_warnings,
)
from rmdesk.store.db import Database
from rmdesk.store.models import (
    AuditRecord,
    Callback,
    ClientLink,
    ComplaintCase,
    DocumentRecord,
    RiskWarning,
)
from tests.services.clients_support import T0, add_account, add_client, add_figures, open_shared_db

AS_OF = date(2026, 11, 21)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, dict[str, Actor]]]:
    database, actors = open_shared_db(tmp_path_factory.mktemp("tabs") / "tabs.sqlite3")
    yield database, actors
    database.dispose()


@pytest.fixture
def db(shared: tuple[Database, dict[str, Actor]]) -> Database:
    return shared[0]


@pytest.fixture
def users(shared: tuple[Database, dict[str, Actor]]) -> dict[str, Actor]:
    return shared[1]


def _eligible_fields(**changes: object) -> dict[str, object]:
    fields: dict[str, object] = {
        "investor_type": "普通投资者",
        "trading_since": date(2026, 5, 21),  # + 6 months = 2026-11-21: exactly six months on AS_OF
        "avg_assets_20d": Decimal("500000.00"),  # exactly the threshold
        "risk_level": 4,
        "risk_assessed_on": date(2024, 11, 22),  # expires 2026-11-22, the day after AS_OF
    }
    fields.update(changes)
    return fields


def _checks(db: Database, users: dict[str, Actor], number: str, **changes: object) -> dict[str, bool]:
    with db.sessions.begin() as s:
        c = add_client(s, number, "测试", users["rm1"].id, **_eligible_fields(**changes))
        items = eligibility(s, c.id, AS_OF)
    return {i.code: i.passed for i in items}


ALL_PASS = {
    "trading_months": True,
    "avg_assets": True,
    "risk_level": True,
    "not_related_party": True,
    "no_other_credit_account": True,
}


def test_eligible_on_every_boundary(db: Database, users: dict[str, Actor]) -> None:
    assert _checks(db, users, "E0001") == ALL_PASS


@pytest.mark.parametrize(
    ("number", "changes", "failing"),
    [
        ("E0002", {"trading_since": date(2026, 5, 22)}, "trading_months"),  # six months only on 2026-11-22
        ("E0003", {"trading_since": None}, "trading_months"),
        ("E0004", {"avg_assets_20d": Decimal("499999.99")}, "avg_assets"),  # one fen short
        ("E0005", {"avg_assets_20d": None}, "avg_assets"),
        ("E0006", {"risk_assessed_on": date(2024, 11, 21)}, "risk_level"),  # expires 2026-11-21 = AS_OF
        ("E0007", {"risk_level": 3}, "risk_level"),  # C3 < C4 for an R4 product
        ("E0008", {"risk_level": None, "risk_assessed_on": None}, "risk_level"),
        ("E0009", {"is_related_party": True}, "not_related_party"),
        ("E0010", {"has_other_credit_account": True}, "no_other_credit_account"),
    ],
)
def test_each_condition_fails_alone(
    db: Database, users: dict[str, Actor], number: str, changes: dict[str, object], failing: str
) -> None:
    assert _checks(db, users, number, **changes) == {**ALL_PASS, failing: False}


def test_professional_investors_are_exempt_from_experience_and_assets(db: Database, users: dict[str, Actor]) -> None:
    with db.sessions.begin() as s:
        c = add_client(
            s,
            "E0011",
            "专业",
            users["rm1"].id,
            **_eligible_fields(investor_type="专业投资者", trading_since=None, avg_assets_20d=Decimal(0)),
        )
        items = {i.code: i for i in eligibility(s, c.id, AS_OF)}
    assert items["trading_months"].passed and items["trading_months"].exempt
    assert items["avg_assets"].passed and items["avg_assets"].exempt
    assert items["avg_assets"].text("zh_CN") == "专业投资者豁免"
    assert "¥500,000.00" in items["avg_assets"].title("zh_CN")


def test_checklist_texts_name_the_dates(db: Database, users: dict[str, Actor]) -> None:
    with db.sessions.begin() as s:
        c = add_client(s, "E0012", "文本", users["rm1"].id, **_eligible_fields())
        items = {i.code: i for i in eligibility(s, c.id, AS_OF)}
    assert items["risk_level"].text("en") == "C4, assessed 2024-11-22, valid until 2026-11-22"
    assert items["trading_months"].text("zh_CN") == "2026-05-21 起交易，满足条件之日 2026-11-21"
    assert items["trading_months"].title("zh_CN") == "交易经验满 6 个月"


def test_date_arithmetic_at_month_ends_and_leap_days() -> None:
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)  # no 31 Feb: the month's last day
    assert add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)  # 2028 is a leap year
    assert add_months(date(2026, 7, 15), 6) == date(2027, 1, 15)  # across the year end
    assert assessment_expiry(date(2024, 2, 29), 2) == date(2026, 2, 28)  # 29 Feb → 28 Feb (SPEC §3.2)


def test_tab_lists_show_only_this_clients_items(db: Database, users: dict[str, Actor]) -> None:
    with db.sessions.begin() as s:
        a = add_client(s, "L0001", "甲", users["rm1"].id)
        b = add_client(s, "L0002", "乙", users["rm1"].id)
        acc = add_account(s, a, "L880001")
        for client, kind in ((a, "margin_call"), (a, "concentration"), (b, "emergency")):
            s.add(
                RiskWarning(
                    account_id=acc.id if client is a else None,
                    client_id=client.id,
                    kind=kind,
                    status="open",
                    raised_as_of=date(2026, 11, 20),
                    last_seen_as_of=date(2026, 11, 20),
                    raised_at=T0,
                    due_date=date(2026, 11, 24),
                )
            )
        s.add(Callback(client_id=a.id, source="manual", due_date=date(2026, 11, 25), created_at=T0))
        s.add(
            Callback(
                client_id=a.id,
                source="tier",
                due_date=date(2026, 10, 1),
                status="done",
                done_by=users["rm1"].id,
                channel="电话",
                created_at=T0,
            )
        )
        s.add(
            ComplaintCase(
                case_no="TS2026L00001",
                client_id=a.id,
                channel="电话",
                category="服务态度",
                summary="等待太久",
                received_at=T0,
                status="received",
                ack_due=date(2026, 1, 6),
                respond_due=date(2026, 1, 26),
            )
        )
        s.add(
            DocumentRecord(
                doc_no="D-L-1",
                client_id=a.id,
                kind="statement",
                generated_at=T0,
                generated_by=users["rm1"].id,
                sha256="0" * 64,
                file_name="statement.pdf",
                pages=3,
            )
        )
        s.flush()
        ids = (a.id, b.id)
    with db.sessions() as s:
        warnings = list_warnings(s, users["rm1"], ids[0])
        callbacks = list_callbacks(s, users["rm1"], ids[0])
        cases = list_cases(s, users["rm1"], ids[0])
        docs = list_documents(s, users["rm1"], ids[0])
        with pytest.raises(ClientError):
            list_warnings(s, users["rm2"], ids[0])  # not rm2's client
    assert sorted(w.kind for w in warnings) == ["concentration", "margin_call"]
    assert {w.account_no for w in warnings} == {"L880001"}
    assert [c.due_date for c in callbacks] == [date(2026, 11, 25), date(2026, 10, 1)]  # latest first
    assert callbacks[1].done_by == "李经理"
    assert [c.case_no for c in cases] == ["TS2026L00001"]
    assert [(d.doc_no, d.generated_by, d.pages) for d in docs] == [("D-L-1", "李经理", 3)]


def test_related_clients_both_directions_and_controller_group(db: Database, users: dict[str, Actor]) -> None:
    with db.sessions.begin() as s:
        boss = add_client(s, "R0001", "控制人", users["rm2"].id)
        me = add_client(s, "R0002", "本人", users["rm1"].id, controller_id=boss.id)
        sibling = add_client(s, "R0003", "兄弟", users["rm1"].id, controller_id=boss.id)
        partner = add_client(s, "R0004", "伙伴", users["rm1"].id)
        spouse = add_client(s, "R0005", "配偶", users["rm2"].id)
        s.add(ClientLink(client_id=me.id, related_client_id=partner.id, relation="合伙人"))
        s.add(ClientLink(client_id=spouse.id, related_client_id=me.id, relation="配偶"))
        s.flush()
        me_id = me.id
        del sibling
    with db.sessions() as s:
        related = list_related(s, users["rm1"], me_id)
    got = {r.client_no: (r.relation, r.visible) for r in related}
    assert got == {
        "R0001": ("实际控制人", False),  # rm2's client: listed, not openable by rm1
        "R0003": ("同一实际控制人", True),
        "R0004": ("合伙人", True),
        "R0005": ("配偶", False),
    }


def test_export_masks_phone_and_is_audited(db: Database, users: dict[str, Actor], tmp_path: Path) -> None:
    from openpyxl import load_workbook

    with db.sessions.begin() as s:
        c = add_client(s, "X0001", "导出", users["rm2"].id, phone="13612345678", id_no="110105198003071230")
        add_figures(s, add_account(s, c, "X880001"), date(2026, 11, 20), "1.2345", "emergency")
    with db.sessions() as s:
        rows = [r for r in list_client_rows(s, users["rm2"]) if r.client_no == "X0001"]
    out = tmp_path / "book.xlsx"
    with db.sessions.begin() as s:
        assert export_client_rows(s, users["rm2"], rows, out, lang="zh_CN") == 1
    sheet = load_workbook(out).active
    assert sheet is not None
    values = [[cell.value for cell in line] for line in sheet.iter_rows()]
    assert values[0][:3] == ["客户号", "姓名", "客户级别"]
    line = dict(zip(values[0], values[1], strict=True))
    assert line["手机（脱敏）"] == "136****5678"
    assert line["风险状态"] == "紧急"
    assert line["维持担保比例"] == pytest.approx(1.2345)  # stored as the exact text 1.2345, read back by Excel
    text = repr(values)
    assert "13612345678" not in text and "110105198003071230" not in text
    with db.sessions() as s:
        rec = s.execute(select(AuditRecord).where(AuditRecord.action == "export")).scalars().one()
    assert rec.username == "rm2" and '"rows": 1' in rec.new and "book.xlsx" in rec.new
