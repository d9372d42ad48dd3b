"""Writing the generated book: securities, clients with their controller groups, credit accounts, positions,
contracts and the import run, as bulk inserts of raw integer li/ppm (see demo_store), linked by natural keys."""

from __future__ import annotations

import json
import random
from datetime import date
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy.orm import Session

from rmdesk import clock
from rmdesk.services.demo_book import AccountPlan
from rmdesk.services.demo_people import ClientProfile, controller_groups
from rmdesk.services.demo_securities import SecurityRow
from rmdesk.services.demo_store import core_table, fast_insert, ids_by_key, insert_rows
from rmdesk.services.names import initials
from rmdesk.store.models import Client, ClientLink, Contract, CreditAccount, ImportRun, Security


def account_no(index: int) -> str:
    return f"6088{index + 1:06d}"


def write_book(
    session: Session,
    rng: random.Random,
    as_of: date,
    securities: list[SecurityRow],
    plans: list[AccountPlan],
    profiles: list[ClientProfile],
    rm_ids: list[int],
) -> tuple[list[int], list[int]]:
    """Securities, clients (with controller groups), accounts, positions, contracts and the import run."""
    insert_rows(
        session,
        Security,
        [
            {
                "code": s.code,
                "name": s.name,
                "kind": s.kind,
                "close": s.close_li,
                "haircut": s.haircut_ppm,
                "marginable": s.marginable,
                "shortable": s.shortable,
                "st": s.st,
                "index_member": s.index_member,
                "price_as_of": as_of,
            }
            for s in securities
        ],
    )
    by_code = ids_by_key(session, Security, "code")
    sec_ids = [by_code[s.code] for s in securities]
    now = clock.now()
    insert_rows(session, Client, [_client_row(pr, rm_ids, now) for pr in profiles])
    by_no = ids_by_key(session, Client, "client_no")
    client_ids = [by_no[pr.client_no] for pr in profiles]
    _link_groups(session, rng, client_ids)
    insert_rows(session, CreditAccount, [_account_row(p, client_ids[p.index], as_of) for p in plans])
    by_acct = ids_by_key(session, CreditAccount, "account_no")
    account_ids = [by_acct[account_no(p.index)] for p in plans]
    fast_insert(
        session,
        "positions",
        ("account_id", "security_id", "quantity"),
        [(account_ids[p.index], sec_ids[s], q) for p in plans for s, q in p.positions],
    )
    contracts: list[dict[str, Any]] = []
    for p in plans:
        for c in p.contracts:
            contracts.append(
                {
                    "contract_no": _contract_no(c.type, c.trade_date, len(contracts) + 1),
                    "account_id": account_ids[p.index],
                    "type": c.type,
                    "security_id": sec_ids[c.security],
                    "trade_date": c.trade_date,
                    "trade_price": c.trade_price_li,
                    "trade_quantity": c.trade_quantity,
                    "trade_amount": c.trade_amount_li,
                    "outstanding_amount": c.outstanding_amount_li,
                    "outstanding_quantity": c.outstanding_quantity,
                    "due_date": c.due_date,
                    "rate": c.rate_ppm,
                    "accrued_interest": c.accrued_li,
                }
            )
    insert_rows(session, Contract, contracts)
    summary = {"positions": sum(len(p.positions) for p in plans), "contracts": len(contracts)}
    insert_rows(
        session,
        ImportRun,
        [
            {
                "as_of": as_of,
                "started_at": now,
                "user_id": None,
                "source": "rmdesk demo",
                "files": "",
                "status": "applied",
                "summary": json.dumps(summary),
            }
        ],
    )
    return account_ids, client_ids


def _contract_no(kind: str, trade_date: date, seq: int) -> str:
    """RZ (融资) / RQ (融券) + trade date + a sequence number unique in the book."""
    return f"{'RZ' if kind == 'financing' else 'RQ'}{trade_date:%Y%m%d}{seq:06d}"


def _client_row(pr: ClientProfile, rm_ids: list[int], now: Any) -> dict[str, Any]:
    person = pr.person
    return {
        "client_no": pr.client_no,
        "name": person.name,
        "name_initials": initials(person.name),
        "id_type": "身份证",
        "id_no": person.id_no,
        "gender": person.gender,
        "birth_date": person.birth_date,
        "phone": person.phone,
        "email": person.email,
        "address": person.address,
        "occupation": person.occupation,
        "investor_type": pr.investor_type,
        "risk_level": pr.risk_level,
        "risk_assessed_on": pr.risk_assessed_on,
        "trading_since": pr.trading_since,
        "avg_assets_20d": pr.avg_assets_li,
        "tier": pr.tier,
        "rm_id": None if pr.rm is None else rm_ids[pr.rm],
        "status": pr.status,
        "controller_id": None,
        "is_related_party": False,
        "has_other_credit_account": False,
        "dormant": pr.dormant,
        "notes": pr.notes,
        "tags": pr.tags,
        "archived": False,
        "created_at": now,
        "updated_at": now,
        "version": 1,
    }


def _account_row(p: AccountPlan, client_id: int, as_of: date) -> dict[str, Any]:
    return {
        "account_no": account_no(p.index),
        "client_id": client_id,
        "credit_limit": p.credit_limit_li,
        "financing_rate": p.financing_rate_ppm,
        "short_rate": p.short_rate_ppm,
        "cash": p.cash_li,
        "opened_on": p.opened_on,
        "status": "冻结" if "frozen" in p.flags else "正常",
        "warning_line": p.lines[0] if p.lines else None,
        "closeout_line": p.lines[1] if p.lines else None,
        "target_line": p.lines[2] if p.lines else None,
        "last_forced_liquidation": p.last_forced_liquidation,
        "state_as_of": as_of,
    }


def _link_groups(session: Session, rng: random.Random, client_ids: list[int]) -> None:
    """关联客户: accounts under one actual controller (the group's first client), linked both ways."""
    groups = controller_groups(rng, len(client_ids))
    members = [{"b_id": client_ids[m], "b_ctl": client_ids[g[0]]} for g in groups for m in g[1:]]
    if members:
        t = core_table(Client)
        session.execute(t.update().where(t.c.id == bindparam("b_id")).values(controller_id=bindparam("b_ctl")), members)
    links = [
        {"client_id": client_ids[a], "related_client_id": client_ids[b], "relation": "同一实际控制人"}
        for g in groups
        for a in g
        for b in g
        if a != b
    ]
    insert_rows(session, ClientLink, links)
