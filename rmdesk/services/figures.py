"""The figures engine (SPEC §3.1): one engine computes every figure; the CLI, the GUI and every PDF read its output.

``load_book`` reads the current book as integer arrays, ``compute`` turns it into :class:`Figures` (pure, no
database), ``store_figures``/``read_figures`` keep them per account and as-of date, ``account_detail`` gives the
per-line values behind a statement. ``store_day`` computes and stores a whole day as raw columns
(``compute_columns``) for the risk scan, without a Figures object per account. The parts: figures_model (result
types), figures_book (the Book and build_book), figures_load (load_book), figures_exact (exact int64/wide
helpers), figures_engine (compute), figures_store (account_figures, ratio_history). numpy is imported by these
modules and the risk scan (risk, risk_conditions) only.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import select
from sqlalchemy.orm import Session

from rmdesk.money import amount
from rmdesk.services.figures_book import AccountInput, Book, ContractInput, PositionInput, SecurityInput, build_book
from rmdesk.services.figures_days import latest_columns
from rmdesk.services.figures_engine import EngineRangeError, compute, compute_columns, compute_with_columns
from rmdesk.services.figures_load import load_book
from rmdesk.services.figures_model import (
    LEVEL_CLOSEOUT,
    LEVEL_EMERGENCY,
    LEVEL_NORMAL,
    LEVEL_WARNING,
    Concentration,
    ContractLine,
    Figures,
    Lines,
    PositionLine,
)
from rmdesk.services.figures_store import (
    STORED,
    StoreColumns,
    driver_dates,
    figures_to_columns,
    ratio_series,
    read_figures,
    store_figures,
    write_columns,
)
from rmdesk.services.policy import Policy, load_policy
from rmdesk.store.models import Contract, Position, Security

__all__ = [
    "LEVEL_CLOSEOUT",
    "LEVEL_EMERGENCY",
    "LEVEL_NORMAL",
    "LEVEL_WARNING",
    "AccountInput",
    "Book",
    "Concentration",
    "ContractInput",
    "ContractLine",
    "DayColumns",
    "EngineRangeError",
    "Figures",
    "Lines",
    "PositionInput",
    "PositionLine",
    "SecurityInput",
    "account_detail",
    "build_book",
    "compute",
    "compute_and_store",
    "compute_columns",
    "contract_line",
    "day_columns",
    "financed_quantity",
    "load_book",
    "ratio_series",
    "read_figures",
    "store_day",
    "store_figures",
]


@dataclass(frozen=True, eq=False)
class DayColumns:
    """One day's figures of many accounts as raw account_figures columns (li, ppm), with each row's labels.

    What risk.refresh works on: a whole book goes from the engine to the store and the scan without a
    :class:`Figures` object per account.
    """

    columns: StoreColumns
    account_no: list[str]
    client_id: list[int]
    client_no: list[str]


def day_columns(figures: Sequence[Figures]) -> DayColumns:
    """The same figures as raw columns (for a scan of figures read back or built elsewhere)."""
    return DayColumns(
        figures_to_columns(figures),
        [f.account_no for f in figures],
        [f.client_id for f in figures],
        [f.client_no for f in figures],
    )


def read_day(session: Session, as_of: date, columns: Sequence[str] = STORED) -> DayColumns:
    """The stored figures a scan of ``as_of`` looks at, as raw columns: each account's latest on or before it.

    The same rows as :func:`read_figures` (by account_no), without building a Figures object per account;
    ``columns`` (account_id always included) limits what is fetched to what the caller reads.
    """
    names = ("account_id", *(c for c in columns if c != "account_id"))
    found = latest_columns(session, names[1:], as_of, None)
    if not found:
        return DayColumns({name: [] for name in names}, [], [], [])
    (ids, account_no, client_id, client_no), values = found[:4], found[4:]
    out: StoreColumns = {"account_id": list(ids)}
    out.update((name, list(col)) for name, col in zip(names[1:], values, strict=True))
    for name in ("as_of", "earliest_due"):
        if name in out:
            out[name] = driver_dates(out[name])
    for name in ("concentration_breach", "credit_usage_breach"):
        if name in out:
            out[name] = [bool(v) for v in out[name]]
    return DayColumns(out, list(account_no), list(client_id), list(client_no))


def store_day(
    session: Session, as_of: date, account_ids: Collection[int] | None = None, policy: Policy | None = None
) -> DayColumns:
    """:func:`compute_and_store` without building Figures: the stored columns and their accounts' labels."""
    policy = policy or load_policy(session)
    book = load_book(session, account_ids)
    columns = compute_columns(book, policy, as_of)
    write_columns(session, columns)
    return DayColumns(columns, book.account_no, book.client_id.tolist(), book.client_no)


def compute_and_store(
    session: Session, as_of: date, account_ids: Collection[int] | None = None, policy: Policy | None = None
) -> list[Figures]:
    """Compute the figures of the current book (all accounts, or those ids) and store them for ``as_of``.

    Runs in the caller's transaction; the stored rows replace any earlier ones of the same accounts and date.
    """
    policy = policy or load_policy(session)
    figures, columns = compute_with_columns(load_book(session, account_ids), policy, as_of)
    write_columns(session, columns)
    return figures


def financed_quantity(
    outstanding_quantity: int | None, trade_quantity: int, outstanding_amount: Decimal | None, trade_amount: Decimal
) -> int:
    """A financing contract's financed quantity (SPEC §3.1): the imported outstanding quantity, or when blank
    trade quantity × outstanding principal / trade amount, rounded down to whole shares."""
    if outstanding_quantity is not None:
        return outstanding_quantity
    if not outstanding_amount or outstanding_amount <= 0 or trade_amount <= 0:
        return 0
    return int(Fraction(trade_quantity) * Fraction(outstanding_amount) / Fraction(trade_amount) // 1)


def account_detail(session: Session, account_id: int) -> tuple[list[PositionLine], list[ContractLine]]:
    """The account's positions (by code) and contracts (by trade date, number) with their values at the current close.

    Each line value is rounded once from its exact product; the account's totals come from the figures, not
    from adding these rounded lines.
    """
    positions = session.execute(
        select(Position, Security)
        .join(Security, Security.id == Position.security_id)
        .where(Position.account_id == account_id)
        .order_by(Security.code)
    ).all()
    position_lines = [
        PositionLine(
            security_id=sec.id,
            code=sec.code,
            name=sec.name,
            kind=sec.kind,
            quantity=pos.quantity,
            close=sec.close,
            market_value=amount(pos.quantity * sec.close),
            haircut=sec.haircut,
            collateral_value=amount(pos.quantity * sec.close * sec.haircut),
        )
        for pos, sec in positions
    ]
    contracts = session.execute(
        select(Contract, Security)
        .join(Security, Security.id == Contract.security_id)
        .where(Contract.account_id == account_id)
        .order_by(Contract.trade_date, Contract.contract_no)
    ).all()
    contract_lines = [contract_line(con, sec.code, sec.name, sec.close) for con, sec in contracts]
    return position_lines, contract_lines


def contract_line(con: Contract, code: str, name: str, close: Decimal) -> ContractLine:
    """One contract's line at ``close``: open or not, financed quantity, and the value of what it holds or owes."""
    owed = con.outstanding_amount
    financed: int | None
    if con.type == "short":
        financed = None
        is_open = (con.outstanding_quantity or 0) > 0
        held = con.outstanding_quantity or 0
    else:
        is_open = owed is not None and owed > 0
        financed = (
            financed_quantity(con.outstanding_quantity, con.trade_quantity, owed, con.trade_amount) if is_open else 0
        )
        held = financed
    return ContractLine(
        contract_no=con.contract_no,
        type=con.type,
        code=code,
        name=name,
        trade_date=con.trade_date,
        trade_price=con.trade_price,
        trade_quantity=con.trade_quantity,
        trade_amount=con.trade_amount,
        outstanding_amount=owed,
        outstanding_quantity=con.outstanding_quantity,
        financed_quantity=financed,
        due_date=con.due_date,
        rate=con.rate,
        accrued_interest=con.accrued_interest or Decimal(0),
        is_open=is_open,
        market_value=amount(held * close),
    )
