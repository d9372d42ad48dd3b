"""Bulk reads for document batches: positions, contracts and ratio series of many accounts in one query each.

A batch of 1,000 statements used to ask the engine for each account's detail and ratio series one account at a
time (three queries and ORM entity loading per document). These functions read the same rows for a chunk of
accounts at once and return exactly what ``rmdesk.services.figures.account_detail`` and ``ratio_series`` return
for each account (same types, same order, same values — tests compare them line by line). The line values are
the engine's own definitions (market value = quantity × close, collateral value = × haircut, each rounded once
with :func:`rmdesk.money.amount`; financed quantity from :func:`figures.financed_quantity`): no figure of the
account is computed here, the account's totals still come from the stored figures.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rmdesk.money import amount
from rmdesk.services.figures import ContractLine, PositionLine, contract_line
from rmdesk.services.figures_days import series_rows
from rmdesk.services.figures_store import fractions_to_reported
from rmdesk.services.in_lists import chunks
from rmdesk.store.models import Contract, Position, Security

Detail = tuple[list[PositionLine], list[ContractLine]]
Series = list[tuple[date, Decimal | None, str]]


def _day(value: Any) -> date:
    """A driver date (ISO text on SQLite, a date elsewhere)."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def account_details(session: Session, account_ids: Collection[int]) -> dict[int, Detail]:
    """Per account id: ``figures.account_detail(session, id)`` — positions by code, contracts by trade date, number.

    Every id asked for is in the result (an account without positions or contracts gets two empty lists).
    """
    out: dict[int, Detail] = {a: ([], []) for a in account_ids}
    for chunk in chunks(sorted(set(account_ids))):
        positions = session.execute(
            select(
                Position.account_id,
                Position.quantity,
                Security.id,
                Security.code,
                Security.name,
                Security.kind,
                Security.close,
                Security.haircut,
            )
            .join(Security, Security.id == Position.security_id)
            .where(Position.account_id.in_(chunk))
            .order_by(Position.account_id, Security.code)
        ).all()
        for account_id, quantity, sec_id, code, name, kind, close, haircut in positions:
            out[account_id][0].append(
                PositionLine(
                    security_id=sec_id,
                    code=code,
                    name=name,
                    kind=kind,
                    quantity=quantity,
                    close=close,
                    market_value=amount(quantity * close),
                    haircut=haircut,
                    collateral_value=amount(quantity * close * haircut),
                )
            )
        contracts = session.execute(
            select(Contract, Security.code, Security.name, Security.close)
            .join(Security, Security.id == Contract.security_id)
            .where(Contract.account_id.in_(chunk))
            .order_by(Contract.account_id, Contract.trade_date, Contract.contract_no)
        ).all()
        for con, code, name, close in contracts:
            out[con.account_id][1].append(contract_line(con, code, name, close))
    return out


def ratio_series_many(session: Session, account_ids: Collection[int], start: date, end: date) -> dict[int, Series]:
    """Per account id: ``figures.ratio_series(session, id, start, end)`` — (as_of, ratio, level), oldest first.

    The days in [start, end] by a loose index scan (figures_days.series_rows), joined to (as_of, account_id) point
    lookups for a chunk of accounts at a time.
    """
    out: dict[int, Series] = defaultdict(list)
    rows = series_rows(session, "ratio_history", ("maintenance_ratio", "level"), account_ids, start, end)
    if rows:
        ids, stored_days, ratios, levels = zip(*rows, strict=True)
        parsed = {d: _day(d) for d in set(stored_days)}
        for account_id, day, ratio, level in zip(ids, stored_days, fractions_to_reported(ratios), levels, strict=True):
            out[account_id].append((parsed[day], ratio, level))
    return {a: out.get(a, []) for a in account_ids}


def group_by(items: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    """``items`` in consecutive slices of ``size`` (the batch prefetches and builds one slice at a time)."""
    for i in range(0, len(items), size):
        yield items[i : i + size]
