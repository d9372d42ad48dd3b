"""The engine's input: the book of one or many accounts as raw integer arrays (SPEC §3, §3.1).

Units are the store's (see rmdesk.money): money and prices in li, fractions in millionths (ppm), quantities in
shares, dates as proleptic ordinals (``date.toordinal``). Rows point at accounts and securities by array index.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt

from rmdesk.money import PPM, to_li, to_ppm

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

NULL = -(2**62)  # stands for a blank imported number (never a real li/ppm/share value)
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_MAX_LINE_PPM = 10 * PPM  # lines and margin ratios above 10 (1000%) are refused as data errors


@dataclass(frozen=True, eq=False)
class Book:
    """Accounts (n), securities (m), positions (p) and open-or-not contracts (k) as aligned integer arrays.

    Line overrides and blank contract numbers hold :data:`NULL`. Accounts keep the order they were given in
    (``load_book`` orders them by account number), and ``compute`` returns figures in that order.
    """

    account_id: IntArray
    account_no: list[str]
    client_id: IntArray
    client_no: list[str]
    cash: IntArray
    credit_limit: IntArray
    warning_line: IntArray
    closeout_line: IntArray
    target_line: IntArray
    security_id: IntArray
    security_code: list[str]
    close: IntArray
    haircut: IntArray
    pos_account: IntArray
    pos_security: IntArray
    pos_quantity: IntArray
    con_account: IntArray
    con_security: IntArray
    con_short: BoolArray
    con_trade_date: IntArray
    con_trade_price: IntArray
    con_trade_quantity: IntArray
    con_trade_amount: IntArray
    con_outstanding_amount: IntArray
    con_outstanding_quantity: IntArray
    con_due_date: IntArray
    con_accrued_interest: IntArray

    @property
    def n_accounts(self) -> int:
        return len(self.account_id)

    def check(self) -> None:
        """Refuse a malformed book (lengths, indices, units) before computing anything from it."""
        n, m = self.n_accounts, len(self.security_id)
        groups = {
            n: ("account_id", "client_id", "cash", "credit_limit", "warning_line", "closeout_line", "target_line"),
            m: ("security_id", "close", "haircut"),
            len(self.pos_account): ("pos_security", "pos_quantity"),
            len(self.con_account): tuple(f for f in self.__dataclass_fields__ if f.startswith("con_")),
        }
        for size, names in groups.items():
            for name in names:
                if len(getattr(self, name)) != size:
                    raise ValueError(f"book column {name} has {len(getattr(self, name))} rows, expected {size}")
        if len(self.account_no) != n or len(self.client_no) != n or len(self.security_code) != m:
            raise ValueError("book labels are not aligned with their arrays")
        for rows, bound, name in (
            (self.pos_account, n, "pos_account"),
            (self.con_account, n, "con_account"),
            (self.pos_security, m, "pos_security"),
            (self.con_security, m, "con_security"),
        ):
            if len(rows) and (rows.min() < 0 or rows.max() >= bound):
                raise ValueError(f"book column {name} points outside its table")
        if m and (self.haircut.min() < 0 or self.haircut.max() > PPM):
            raise ValueError("a haircut is outside 0–1")
        if m and self.close.min() < 0:
            raise ValueError("a close price is negative")
        if len(self.pos_quantity) and self.pos_quantity.min() < 0:
            raise ValueError("a position quantity is negative")
        for name in ("warning_line", "closeout_line", "target_line"):
            values = getattr(self, name)
            if n and values.max() > _MAX_LINE_PPM:
                raise ValueError(f"{name} above 10 (1000%) is not a line")


# --- building a book from domain values (tests, projections) ------------------------------------------------------


@dataclass(frozen=True)
class AccountInput:
    """One credit account in yuan and fractions, for :func:`build_book`."""

    id: int
    account_no: str
    cash: Decimal
    credit_limit: Decimal = Decimal(0)
    client_id: int = 0
    client_no: str = ""
    warning_line: Decimal | None = None
    closeout_line: Decimal | None = None
    target_line: Decimal | None = None


@dataclass(frozen=True)
class SecurityInput:
    id: int
    code: str
    close: Decimal
    haircut: Decimal


@dataclass(frozen=True)
class PositionInput:
    account_id: int
    security_id: int
    quantity: int


@dataclass(frozen=True)
class ContractInput:
    """One contract as the core system gives it (blank outstanding values are None)."""

    account_id: int
    security_id: int
    type: str  # financing / short
    trade_date: date
    trade_price: Decimal
    trade_quantity: int
    trade_amount: Decimal
    outstanding_amount: Decimal | None
    outstanding_quantity: int | None
    due_date: date
    accrued_interest: Decimal = Decimal(0)


def _ints(values: Sequence[int] | Any) -> IntArray:
    return np.fromiter(values, dtype=np.int64)


def index_of(ids: IntArray, wanted: IntArray, what: str) -> IntArray:
    """Positions of ``wanted`` ids in ``ids`` (unique); refuses an unknown id. A dense lookup when ids are compact."""
    if not len(wanted):
        return np.zeros(0, dtype=np.int64)
    if not len(ids):
        raise ValueError(f"a row refers to an unknown {what}")
    low, top = int(ids.min()), int(ids.max())
    if low >= 0 and top <= 4 * len(ids) + 1_000_000:
        if int(wanted.min()) < 0 or int(wanted.max()) > top:
            raise ValueError(f"a row refers to an unknown {what}")
        lookup = np.full(top + 1, -1, dtype=np.int64)
        lookup[ids] = np.arange(len(ids))
        at = lookup[wanted]
        if len(at) and int(at.min()) < 0:
            raise ValueError(f"a row refers to an unknown {what}")
        return at
    order = np.argsort(ids, kind="stable")
    sorted_ids = ids[order]
    at = np.minimum(np.searchsorted(sorted_ids, wanted), len(ids) - 1)
    if not np.array_equal(sorted_ids[at], wanted):
        raise ValueError(f"a row refers to an unknown {what}")
    return order[at]


def build_book(
    accounts: Sequence[AccountInput],
    securities: Sequence[SecurityInput],
    positions: Sequence[PositionInput] = (),
    contracts: Sequence[ContractInput] = (),
) -> Book:
    """A book from domain values (Decimal yuan and fractions), converted exactly to the engine's units."""

    def line(value: Decimal | None) -> int:
        return NULL if value is None else to_ppm(value)

    def opt(value: Any, conv: Any) -> int:
        return NULL if value is None else conv(value)

    acct_ids = _ints(a.id for a in accounts)
    sec_ids = _ints(s.id for s in securities)
    return Book(
        account_id=acct_ids,
        account_no=[a.account_no for a in accounts],
        client_id=_ints(a.client_id for a in accounts),
        client_no=[a.client_no for a in accounts],
        cash=_ints(to_li(a.cash) for a in accounts),
        credit_limit=_ints(to_li(a.credit_limit) for a in accounts),
        warning_line=_ints(line(a.warning_line) for a in accounts),
        closeout_line=_ints(line(a.closeout_line) for a in accounts),
        target_line=_ints(line(a.target_line) for a in accounts),
        security_id=sec_ids,
        security_code=[s.code for s in securities],
        close=_ints(to_li(s.close) for s in securities),
        haircut=_ints(to_ppm(s.haircut) for s in securities),
        pos_account=index_of(acct_ids, _ints(p.account_id for p in positions), "account"),
        pos_security=index_of(sec_ids, _ints(p.security_id for p in positions), "security"),
        pos_quantity=_ints(p.quantity for p in positions),
        con_account=index_of(acct_ids, _ints(c.account_id for c in contracts), "account"),
        con_security=index_of(sec_ids, _ints(c.security_id for c in contracts), "security"),
        con_short=np.fromiter((c.type == "short" for c in contracts), dtype=np.bool_),
        con_trade_date=_ints(c.trade_date.toordinal() for c in contracts),
        con_trade_price=_ints(to_li(c.trade_price) for c in contracts),
        con_trade_quantity=_ints(c.trade_quantity for c in contracts),
        con_trade_amount=_ints(to_li(c.trade_amount) for c in contracts),
        con_outstanding_amount=_ints(opt(c.outstanding_amount, to_li) for c in contracts),
        con_outstanding_quantity=_ints(opt(c.outstanding_quantity, int) for c in contracts),
        con_due_date=_ints(c.due_date.toordinal() for c in contracts),
        con_accrued_interest=_ints(to_li(c.accrued_interest) for c in contracts),
    )


__all__ = ["NULL", "AccountInput", "Book", "ContractInput", "PositionInput", "SecurityInput", "build_book", "index_of"]
