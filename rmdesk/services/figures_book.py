"""The engine's input: the current book of one or many accounts as raw integer arrays (SPEC §3, §3.1).

Units are the store's (see rmdesk.money): money and prices in li, fractions in millionths (ppm), quantities in
shares, dates as proleptic ordinals (``date.toordinal``). Rows point at accounts and securities by array index.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import BigInteger, ColumnElement, Date, String, and_, case, column, func, literal, or_, select, table
from sqlalchemy.orm import Session

from rmdesk.money import PPM, to_li, to_ppm

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

NULL = -(2**62)  # stands for a blank imported number (never a real li/ppm/share value)
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_MAX_LINE_PPM = 10 * PPM  # lines and margin ratios above 10 (1000%) are refused as data errors
_IN_CHUNK = 500  # account ids per IN (…) list; larger selections are filtered after a full read

_accounts = table(
    "credit_accounts",
    column("id", BigInteger),
    column("account_no", String),
    column("client_id", BigInteger),
    column("cash", BigInteger),
    column("credit_limit", BigInteger),
    column("warning_line", BigInteger),
    column("closeout_line", BigInteger),
    column("target_line", BigInteger),
)
_clients = table("clients", column("id", BigInteger), column("client_no", String))
_securities = table(
    "securities",
    column("id", BigInteger),
    column("code", String),
    column("close", BigInteger),
    column("haircut", BigInteger),
)
_positions = table(
    "positions", column("account_id", BigInteger), column("security_id", BigInteger), column("quantity", BigInteger)
)
_contracts = table(
    "contracts",
    column("account_id", BigInteger),
    column("security_id", BigInteger),
    column("type", String),
    column("trade_date", Date),
    column("trade_price", BigInteger),
    column("trade_quantity", BigInteger),
    column("trade_amount", BigInteger),
    column("outstanding_amount", BigInteger),
    column("outstanding_quantity", BigInteger),
    column("due_date", Date),
    column("accrued_interest", BigInteger),
)


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


def _index_of(ids: IntArray, wanted: IntArray, what: str) -> IntArray:
    """Positions of ``wanted`` ids in ``ids`` (ids unique); refuses an unknown id."""
    order = np.argsort(ids, kind="stable")
    sorted_ids = ids[order]
    at = np.searchsorted(sorted_ids, wanted)
    at = np.minimum(at, max(len(ids) - 1, 0))
    if len(wanted) and (len(ids) == 0 or not np.array_equal(sorted_ids[at], wanted)):
        raise ValueError(f"a row refers to an unknown {what}")
    return order[at] if len(wanted) else np.zeros(0, dtype=np.int64)


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
        pos_account=_index_of(acct_ids, _ints(p.account_id for p in positions), "account"),
        pos_security=_index_of(sec_ids, _ints(p.security_id for p in positions), "security"),
        pos_quantity=_ints(p.quantity for p in positions),
        con_account=_index_of(acct_ids, _ints(c.account_id for c in contracts), "account"),
        con_security=_index_of(sec_ids, _ints(c.security_id for c in contracts), "security"),
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


# --- reading the book from the store -------------------------------------------------------------------------------


def _fetch_columns(
    session: Session, exprs: Sequence[ColumnElement[Any]], kinds: str, where: ColumnElement[bool] | None
) -> list[IntArray]:
    """Columns of many rows as int64 arrays; ``kinds`` has one letter per column: ``i`` integer, ``d`` date.

    On SQLite each column comes back as one comma-joined string from a single aggregate scan (every aggregate of
    one scan sees the rows in the same order), which parses several times faster than a row-by-row fetch.
    Other databases use an ordinary fetch. Integer columns must not be NULL (coalesce them first).
    """
    if session.get_bind().dialect.name == "sqlite":
        stmt = select(*(func.group_concat(e, literal(",")) for e in exprs))
        if where is not None:
            stmt = stmt.where(where)
        texts = session.execute(stmt).one()
        out = []
        for text, kind in zip(texts, kinds, strict=True):
            if not text:
                out.append(np.zeros(0, dtype=np.int64))
            elif kind == "d":
                days = np.array(text.split(","), dtype="datetime64[D]").astype(np.int64)
                out.append(days + EPOCH_ORDINAL)
            else:
                out.append(np.fromstring(text, dtype=np.int64, sep=","))
        if len({len(a) for a in out}) > 1:
            raise RuntimeError("book columns came back misaligned")
        return out
    plain = select(*exprs)
    if where is not None:
        plain = plain.where(where)
    rows = session.execute(plain).all()
    cols = list(zip(*rows, strict=True)) if rows else [() for _ in exprs]
    return [
        _ints(d.toordinal() for d in col) if kind == "d" else _ints(col) for col, kind in zip(cols, kinds, strict=True)
    ]


def _chunks(ids: Sequence[int]) -> list[Sequence[int]]:
    return [ids[i : i + _IN_CHUNK] for i in range(0, len(ids), _IN_CHUNK)] or [[]]


def load_book(session: Session, account_ids: Collection[int] | None = None) -> Book:
    """The current positions, open contracts, securities and accounts (all, or those ids), ordered by account_no."""
    wanted = None if account_ids is None else sorted(set(account_ids))
    acct_cols = (
        _accounts.c.id,
        _accounts.c.account_no,
        _accounts.c.client_id,
        _clients.c.client_no,
        _accounts.c.cash,
        _accounts.c.credit_limit,
        _accounts.c.warning_line,
        _accounts.c.closeout_line,
        _accounts.c.target_line,
    )
    base = select(*acct_cols).join_from(_accounts, _clients, _clients.c.id == _accounts.c.client_id)
    if wanted is None:
        acct_rows = list(session.execute(base.order_by(_accounts.c.account_no)).all())
    else:
        acct_rows = [r for chunk in _chunks(wanted) for r in session.execute(base.where(_accounts.c.id.in_(chunk)))]
        acct_rows.sort(key=lambda r: r.account_no)
    sec_rows = session.execute(
        select(_securities.c.id, _securities.c.code, _securities.c.close, _securities.c.haircut)
    ).all()

    small = wanted is not None and len(wanted) <= _IN_CHUNK
    pos_where = _positions.c.account_id.in_(wanted) if small and wanted is not None else None
    pos_acct, pos_sec, pos_qty = _fetch_columns(
        session, (_positions.c.account_id, _positions.c.security_id, _positions.c.quantity), "iii", pos_where
    )
    c = _contracts.c
    open_where: ColumnElement[bool] = or_(
        and_(c.type == "financing", c.outstanding_amount > 0), and_(c.type == "short", c.outstanding_quantity > 0)
    )
    if small and wanted is not None:
        open_where = and_(open_where, c.account_id.in_(wanted))
    con = _fetch_columns(
        session,
        (
            c.account_id,
            c.security_id,
            case((c.type == "short", 1), else_=0),
            c.trade_date,
            c.trade_price,
            c.trade_quantity,
            c.trade_amount,
            func.coalesce(c.outstanding_amount, NULL),
            func.coalesce(c.outstanding_quantity, NULL),
            c.due_date,
            func.coalesce(c.accrued_interest, 0),
        ),
        "iiidiiiiidi",
        open_where,
    )
    acct_ids = _ints(r[0] for r in acct_rows)
    if wanted is not None and not small:  # a large selection was read in full: keep only the wanted accounts
        keep_pos = np.isin(pos_acct, acct_ids)
        pos_acct, pos_sec, pos_qty = pos_acct[keep_pos], pos_sec[keep_pos], pos_qty[keep_pos]
        keep_con = np.isin(con[0], acct_ids)
        con = [col[keep_con] for col in con]
    sec_ids = _ints(r[0] for r in sec_rows)
    return Book(
        account_id=acct_ids,
        account_no=[r[1] for r in acct_rows],
        client_id=_ints(r[2] for r in acct_rows),
        client_no=[r[3] for r in acct_rows],
        cash=_ints(r[4] for r in acct_rows),
        credit_limit=_ints(r[5] for r in acct_rows),
        warning_line=_ints(NULL if r[6] is None else r[6] for r in acct_rows),
        closeout_line=_ints(NULL if r[7] is None else r[7] for r in acct_rows),
        target_line=_ints(NULL if r[8] is None else r[8] for r in acct_rows),
        security_id=sec_ids,
        security_code=[r[1] for r in sec_rows],
        close=_ints(r[2] for r in sec_rows),
        haircut=_ints(r[3] for r in sec_rows),
        pos_account=_index_of(acct_ids, pos_acct, "account"),
        pos_security=_index_of(sec_ids, pos_sec, "security"),
        pos_quantity=pos_qty,
        con_account=_index_of(acct_ids, con[0], "account"),
        con_security=_index_of(sec_ids, con[1], "security"),
        con_short=con[2].astype(np.bool_),
        con_trade_date=con[3],
        con_trade_price=con[4],
        con_trade_quantity=con[5],
        con_trade_amount=con[6],
        con_outstanding_amount=con[7],
        con_outstanding_quantity=con[8],
        con_due_date=con[9],
        con_accrued_interest=con[10],
    )


__all__ = [
    "NULL",
    "AccountInput",
    "Book",
    "ContractInput",
    "PositionInput",
    "SecurityInput",
    "build_book",
    "load_book",
]
