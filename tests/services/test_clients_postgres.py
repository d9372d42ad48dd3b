"""The clients services on PostgreSQL (SPEC §9: a shared book runs there): the book's latest-figures lookup and
counts, create/update with the version claim, the concurrent-edit conflict, archive, reveal and eligibility."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from rmdesk.services.clients import get_client, list_client_rows
from rmdesk.services.clients_edit import (
    ClientForm,
    ConcurrentEditError,
    archive_client,
    create_client,
    update_client,
)
from rmdesk.services.clients_tabs import eligibility
from rmdesk.store.db import Database
from rmdesk.store.models import AuditRecord, Client, RiskWarning
from tests.conftest import add_test_users
from tests.services.clients_support import T0, add_account, add_figures, make_id

pytestmark = pytest.mark.postgres


def test_clients_round_trip_on_postgres(pg_db: Database) -> None:
    users = add_test_users(pg_db)
    id_no = make_id("110105", date(1980, 3, 7), 123)
    form = ClientForm(
        client_no="P0001",
        name="曾国藩",
        id_no=id_no,
        phone="13812345678",
        risk_level=4,
        risk_assessed_on="2025-06-30",
        trading_since="2015-01-05",
        avg_assets_20d="500000",
    )
    with pg_db.sessions.begin() as s:
        created = create_client(s, users["rm1"], form)
        client = s.get(Client, created.id)
        assert client is not None
        account = add_account(s, client, "P880001")
        add_figures(s, account, date(2026, 11, 19), "1.6000", "normal")
        add_figures(s, account, date(2026, 11, 20), "1.2500", "closeout")
        s.add(
            RiskWarning(
                account_id=account.id,
                client_id=created.id,
                kind="margin_call",
                status="open",
                raised_as_of=date(2026, 11, 20),
                last_seen_as_of=date(2026, 11, 20),
                raised_at=T0,
            )
        )
    assert created.name_initials == "zgf" and created.gender == "男"
    with pg_db.sessions() as s:
        (row,) = list_client_rows(s, users["rm1"])
        assert list_client_rows(s, users["rm2"]) == []
    assert (row.maintenance_ratio, row.level, row.open_warnings) == (Decimal("1.25"), "closeout", 1)
    first = replace(ClientForm.from_detail(created), address="长沙")
    second = replace(ClientForm.from_detail(created), address="湘乡")
    with pg_db.sessions.begin() as s:
        saved = update_client(s, users["rm1"], created.id, created.version, first)
    assert saved.version == created.version + 1
    with pg_db.sessions.begin() as s, pytest.raises(ConcurrentEditError) as err:
        update_client(s, users["super"], created.id, created.version, second)
    assert err.value.current.address == "长沙"
    with pg_db.sessions.begin() as s:
        archived = archive_client(s, users["rm1"], created.id, saved.version)
        revealed = get_client(s, users["super"], created.id, reveal=True)
        # 2015-01-05 + 6 months ≤ today; 500,000 ≥ 500,000; C4 assessed 2025-06-30 valid to 2027-06-30
        checks = {c.code: c.passed for c in eligibility(s, created.id, date(2026, 11, 21))}
    assert archived.archived and revealed.id_no == id_no
    assert all(checks.values())
    with pg_db.sessions() as s:
        actions = s.execute(select(AuditRecord.action).order_by(AuditRecord.id)).scalars().all()
    assert actions[-4:] == ["create", "update", "archive", "reveal"]
