"""Reading the current book from the store into a :class:`Book` (raw li/ppm integers, no TypeDecorator calls)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

import numpy as np
from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Date,
    String,
    and_,
    case,
    column,
    func,
    literal_column,
    or_,
    select,
    table,
)
from sqlalchemy.orm import Session

from rmdesk.services.figures_book import EPOCH_ORDINAL, NULL, Book, IntArray, index_of
from rmdesk.services.in_lists import IN_LIST

_PACK_LIMIT = 2**62  # (account id · K + security id) · 2 + flag must stay below this to travel as one integer
_UNIT_SEP = "\x1f"  # joins text columns on SQLite; never part of an account or client number

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


Columns = list[Any]  # int64 arrays, or lists of str for text columns
NO_DATE = np.iinfo(np.int64).min  # a NULL date among ordinals


def fetch_columns(
    session: Session, exprs: Sequence[ColumnElement[Any]], kinds: str, where: ColumnElement[bool] | None = None
) -> Columns:
    """Columns of many rows; ``kinds`` has one letter per column: ``i`` integer, ``d`` date, ``s`` text, ``n`` a
    date that may be NULL (:data:`NO_DATE` then). Dates come back as ordinals (``date.toordinal``).

    On SQLite each column comes back as one joined string from a single aggregate scan (every aggregate of one
    scan sees the rows in the same order), which parses several times faster than a row-by-row fetch. Other
    databases use an ordinary fetch. Other columns must not be NULL (coalesce them first).
    """
    if session.get_bind().dialect.name != "sqlite":
        stmt = select(*exprs) if where is None else select(*exprs).where(where)
        rows = session.execute(stmt).all()
        columns = list(zip(*rows, strict=True)) if rows else [() for _ in exprs]
        return [_parse_plain(col, kind) for col, kind in zip(columns, kinds, strict=True)]
    aggregates = [
        func.group_concat(func.coalesce(e, "") if k == "n" else e, literal_column("char(31)" if k == "s" else "','"))
        for e, k in zip(exprs, kinds, strict=True)
    ]
    stmt = select(*aggregates) if where is None else select(*aggregates).where(where)
    texts = session.execute(stmt).one()
    out = [_parse_joined(text, kind) for text, kind in zip(texts, kinds, strict=True)]
    if len({len(col) for col in out}) > 1:
        raise RuntimeError("book columns came back misaligned")
    return out


def _parse_plain(values: Sequence[Any], kind: str) -> Any:
    if kind == "s":
        return list(values)
    if kind in "dn":
        ordinals = {d: NO_DATE if d is None else d.toordinal() for d in set(values)}
        return np.fromiter(map(ordinals.__getitem__, values), dtype=np.int64, count=len(values))
    return np.array(values, dtype=np.int64) if len(values) else np.zeros(0, dtype=np.int64)


def _parse_joined(text: str | None, kind: str) -> Any:
    if kind == "s":
        return text.split(_UNIT_SEP) if text is not None else []
    if not text:
        return np.zeros(0, dtype=np.int64)
    if kind in "dn":
        return _parse_dates(text)
    return np.fromstring(text, dtype=np.int64, sep=",")


def _parse_dates(text: str) -> IntArray:
    """Joined ISO dates (an empty field for NULL) → ordinals, :data:`NO_DATE` for NULL."""
    days = np.array(text.split(","), dtype="datetime64[D]")  # an empty field (NULL) is NaT
    return np.where(np.isnat(days), NO_DATE, days.astype(np.int64) + EPOCH_ORDINAL)


def _where_ids(col: ColumnElement[Any], wanted: list[int] | None) -> ColumnElement[bool] | None:
    return col.in_(wanted) if wanted is not None and len(wanted) <= IN_LIST else None


def load_book(session: Session, account_ids: Collection[int] | None = None) -> Book:
    """The current positions, open contracts, securities and accounts (all, or those ids), ordered by account_no."""
    wanted = None if account_ids is None else sorted(set(account_ids))
    a = _accounts.c
    acct = fetch_columns(
        session,
        (
            a.id,
            a.account_no,
            a.client_id,
            _clients.c.client_no,
            a.cash,
            a.credit_limit,
            func.coalesce(a.warning_line, NULL),
            func.coalesce(a.closeout_line, NULL),
            func.coalesce(a.target_line, NULL),
        ),
        "isisiiiii",
        and_(_clients.c.id == a.client_id, *([] if (w := _where_ids(a.id, wanted)) is None else [w])),
    )
    # any account of the rows read may appear in positions/contracts: bound the packed keys by all of them
    top_account = int(acct[0].max()) if len(acct[0]) else 0
    numbers = np.array(acct[1], dtype=str)  # compares by code point, as str does
    if wanted is not None or not bool((numbers[1:] > numbers[:-1]).all()):  # else: all, already in order
        order = np.argsort(numbers, kind="stable")
        if wanted is not None:
            order = order[np.isin(acct[0][order], np.array(wanted))]
        rows = order.tolist()
        acct = [[col[i] for i in rows] if isinstance(col, list) else col[order] for col in acct]
    acct_ids = acct[0]
    sec_ids, codes, close, haircut = fetch_columns(
        session, (_securities.c.id, _securities.c.code, _securities.c.close, _securities.c.haircut), "isii"
    )

    # (account, security[, short flag]) travel as one integer when the ids are small enough (nearly always)
    k = int(sec_ids.max()) + 1 if len(sec_ids) else 1
    packed = (top_account + 1) * k * 2 < _PACK_LIMIT

    def keys(acct_col: Any, sec_col: Any, flag: Any = None) -> list[Any]:
        if not packed:
            return [acct_col, sec_col] if flag is None else [acct_col, sec_col, flag]
        return [acct_col * k + sec_col if flag is None else (acct_col * k + sec_col) * 2 + flag]

    def unpack(cols: Columns, flagged: bool) -> tuple[IntArray, IntArray, IntArray | None, Columns]:
        if not packed:
            return cols[0], cols[1], cols[2] if flagged else None, cols[3 if flagged else 2 :]
        pair, flag = np.divmod(cols[0], 2) if flagged else (cols[0], None)
        account, security = np.divmod(pair, k)
        return account, security, flag, cols[1:]

    p = _positions.c
    pos_acct, pos_sec, _, (pos_qty,) = unpack(
        fetch_columns(
            session,
            (*keys(p.account_id, p.security_id), p.quantity),
            "ii" if packed else "iii",
            _where_ids(p.account_id, wanted),
        ),
        flagged=False,
    )
    c = _contracts.c
    open_where: ColumnElement[bool] = or_(
        and_(c.type == "financing", c.outstanding_amount > 0), and_(c.type == "short", c.outstanding_quantity > 0)
    )
    if (w := _where_ids(c.account_id, wanted)) is not None:
        open_where = and_(open_where, w)
    con_acct, con_sec, con_short, con = unpack(
        fetch_columns(
            session,
            (
                *keys(c.account_id, c.security_id, case((c.type == "short", 1), else_=0)),
                c.trade_date,
                c.trade_price,
                c.trade_quantity,
                c.trade_amount,
                func.coalesce(c.outstanding_amount, NULL),
                func.coalesce(c.outstanding_quantity, NULL),
                c.due_date,
                func.coalesce(c.accrued_interest, 0),
            ),
            ("i" if packed else "iii") + "diiiiidi",
            open_where,
        ),
        flagged=True,
    )
    assert con_short is not None
    if wanted is not None and len(wanted) > IN_LIST:  # a large selection was read in full: keep the wanted ones
        keep_pos, keep_con = np.isin(pos_acct, acct_ids), np.isin(con_acct, acct_ids)
        pos_acct, pos_sec, pos_qty = pos_acct[keep_pos], pos_sec[keep_pos], pos_qty[keep_pos]
        con_acct, con_sec, con_short = con_acct[keep_con], con_sec[keep_con], con_short[keep_con]
        con = [col[keep_con] for col in con]
    return Book(
        account_id=acct_ids,
        account_no=acct[1],
        client_id=acct[2],
        client_no=acct[3],
        cash=acct[4],
        credit_limit=acct[5],
        warning_line=acct[6],
        closeout_line=acct[7],
        target_line=acct[8],
        security_id=sec_ids,
        security_code=codes,
        close=close,
        haircut=haircut,
        pos_account=index_of(acct_ids, pos_acct, "account"),
        pos_security=index_of(sec_ids, pos_sec, "security"),
        pos_quantity=pos_qty,
        con_account=index_of(acct_ids, con_acct, "account"),
        con_security=index_of(sec_ids, con_sec, "security"),
        con_short=con_short.astype(np.bool_),
        con_trade_date=con[0],
        con_trade_price=con[1],
        con_trade_quantity=con[2],
        con_trade_amount=con[3],
        con_outstanding_amount=con[4],
        con_outstanding_quantity=con[5],
        con_due_date=con[6],
        con_accrued_interest=con[7],
    )
