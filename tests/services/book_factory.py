"""A tiny margin book built with the real models, for scan/engine/document tests (no mocks)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from rmdesk import clock
from rmdesk.store.models import Client, Contract, CreditAccount, Position, Security


def security(session: Session, code: str, close: str, haircut: str = "0.65", **kw: object) -> Security:
    found = session.execute(select(Security).where(Security.code == code)).scalar_one_or_none()
    if found is not None:
        return found
    sec = Security(
        code=code,
        name=kw.pop("name", f"证券{code[:6]}"),
        kind=kw.pop("kind", "stock"),
        close=Decimal(close),
        haircut=Decimal(haircut),
        marginable=True,
        shortable=True,
        **kw,
    )
    session.add(sec)
    session.flush()
    return sec


@dataclass
class Deal:
    code: str
    quantity: int
    outstanding: str  # financing: principal owed; short: ignored (quantity owed = quantity)
    trade_price: str = "10.000"
    trade_date: date = date(2026, 6, 1)
    due_date: date = date(2026, 12, 1)
    kind: str = "financing"
    accrued: str = "0"


@dataclass
class AccountSpec:
    account_no: str
    cash: str = "0"
    positions: list[tuple[str, int]] = field(default_factory=list)
    deals: list[Deal] = field(default_factory=list)
    risk_level: int | None = 4
    assessed_on: date | None = date(2026, 1, 10)
    credit_limit: str = "10000000"
    warning_line: str | None = None
    rm_id: int | None = None


_counter = {"contract": 0}


def account(session: Session, spec: AccountSpec) -> CreditAccount:
    now = clock.now()
    client = Client(
        client_no="C" + spec.account_no,
        name=f"客户{spec.account_no}",
        risk_level=spec.risk_level,
        risk_assessed_on=spec.assessed_on,
        rm_id=spec.rm_id,
        created_at=now,
        updated_at=now,
    )
    session.add(client)
    session.flush()
    acct = CreditAccount(
        account_no=spec.account_no,
        client_id=client.id,
        cash=Decimal(spec.cash),
        credit_limit=Decimal(spec.credit_limit),
        financing_rate=Decimal("0.0835"),
        short_rate=Decimal("0.1035"),
        warning_line=None if spec.warning_line is None else Decimal(spec.warning_line),
    )
    session.add(acct)
    session.flush()
    for code, qty in spec.positions:
        sec = session.execute(select(Security).where(Security.code == code)).scalar_one()
        session.add(Position(account_id=acct.id, security_id=sec.id, quantity=qty))
    for deal in spec.deals:
        sec = session.execute(select(Security).where(Security.code == deal.code)).scalar_one()
        _counter["contract"] += 1
        price = Decimal(deal.trade_price)
        session.add(
            Contract(
                contract_no=f"K{spec.account_no}-{_counter['contract']}",
                account_id=acct.id,
                type=deal.kind,
                security_id=sec.id,
                trade_date=deal.trade_date,
                trade_price=price,
                trade_quantity=deal.quantity,
                trade_amount=price * deal.quantity,
                outstanding_amount=Decimal(deal.outstanding) if deal.kind == "financing" else None,
                outstanding_quantity=deal.quantity if deal.kind == "short" else None,
                due_date=deal.due_date,
                rate=Decimal("0.0835"),
                accrued_interest=Decimal(deal.accrued),
            )
        )
    session.flush()
    return acct
