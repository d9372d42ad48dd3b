"""Test data builders for the client tests (services and GUI): clients, accounts, figures, work items.

ID numbers are built here with the GB 11643 algorithm written out independently of rmdesk.services.identity.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from rmdesk.services.audit import Actor
from rmdesk.services.figures_store import AMOUNTS
from rmdesk.store import migrate
from rmdesk.store.db import Database, open_database
from rmdesk.store.models import AccountFigures, Client, Contract, CreditAccount, Position, RatioHistory, Security
from tests.conftest import add_test_users

T0 = datetime(2026, 1, 5, 9, 0, 0)


def make_id(region: str, birth: date, seq: int) -> str:
    """A valid 18-character ID: region (6) + yyyymmdd + 3-digit sequence (odd = 男) + check character."""
    body = f"{region}{birth:%Y%m%d}{seq:03d}"
    weights = [2 ** (17 - i) % 11 for i in range(17)]  # 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2
    total = sum(int(c) * w for c, w in zip(body, weights, strict=True))
    return body + "10X98765432"[total % 11]


def add_client(session: Session, client_no: str, name: str, rm_id: int | None, **fields: Any) -> Client:
    values: dict[str, Any] = {
        "client_no": client_no,
        "name": name,
        "name_initials": fields.pop("initials", ""),
        "rm_id": rm_id,
        "created_at": T0,
        "updated_at": T0,
    }
    values.update(fields)
    client = Client(**values)
    session.add(client)
    session.flush()
    return client


def add_account(session: Session, client: Client, account_no: str, **fields: Any) -> CreditAccount:
    account = CreditAccount(account_no=account_no, client_id=client.id, **fields)
    session.add(account)
    session.flush()
    return account


def add_figures(
    session: Session, account: CreditAccount, as_of: date, ratio: str | None, level: str, **fields: Any
) -> AccountFigures:
    """An account_figures row; every amount not given is zero (the book reads only ratio and level).

    Written directly, so the account's ``figures_as_of`` pointer is moved here as write_columns would move it.
    """
    zero = Decimal(0)
    values: dict[str, Any] = dict.fromkeys(
        AMOUNTS,
        zero,
    )
    values.update(
        warning_line=Decimal("1.4"),
        closeout_line=Decimal("1.3"),
        target_line=Decimal("1.5"),
        emergency_line=Decimal("1.2"),
    )
    values.update(fields)
    row = AccountFigures(
        account_id=account.id,
        as_of=as_of,
        level=level,
        maintenance_ratio=None if ratio is None else Decimal(ratio),
        **values,
    )
    session.add(row)
    if account.figures_as_of is None or account.figures_as_of < as_of:
        account.figures_as_of = as_of  # the pointer figures_store.write_columns keeps (latest stored figures)
    session.flush()
    return row


def open_shared_db(path: Path) -> tuple[Database, dict[str, Actor]]:
    """A migrated database with the same four users as the ``users`` fixture, for module-scoped read-only tests
    (argon2 hashing and migrating once per module instead of once per test)."""
    database = open_database(f"sqlite:///{path}")
    migrate.upgrade(database)
    return database, add_test_users(database)


def add_security(session: Session, code: str, close: str, haircut: str = "0.65", name: str = "") -> Security:
    sec = Security(
        code=code, name=name or f"证券{code[:6]}", kind="stock", close=Decimal(close), haircut=Decimal(haircut)
    )
    session.add(sec)
    session.flush()
    return sec


def add_position(session: Session, account: CreditAccount, sec: Security, quantity: int) -> Position:
    pos = Position(account_id=account.id, security_id=sec.id, quantity=quantity)
    session.add(pos)
    session.flush()
    return pos


def add_financing(
    session: Session, account: CreditAccount, sec: Security, number: str, price: str, quantity: int, owed: str
) -> Contract:
    """A financing contract traded 2026-06-01 (margin ratio 1.00 period), due 2026-12-01, 8.35% a year."""
    con = Contract(
        contract_no=number,
        account_id=account.id,
        type="financing",
        security_id=sec.id,
        trade_date=date(2026, 6, 1),
        trade_price=Decimal(price),
        trade_quantity=quantity,
        trade_amount=Decimal(price) * quantity,
        outstanding_amount=Decimal(owed),
        due_date=date(2026, 12, 1),
        rate=Decimal("0.0835"),
        accrued_interest=Decimal(0),
    )
    session.add(con)
    session.flush()
    return con


def add_history(session: Session, account: CreditAccount, points: list[tuple[date, str | None, str]]) -> None:
    for as_of, ratio, level in points:
        session.add(
            RatioHistory(
                account_id=account.id,
                as_of=as_of,
                maintenance_ratio=None if ratio is None else Decimal(ratio),
                total_assets=Decimal(0),
                total_liabilities=Decimal(0),
                level=level,
            )
        )
    session.flush()
