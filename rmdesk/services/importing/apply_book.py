"""The listed accounts' positions and contracts become exactly the files' (SPEC §7: complete state).

Done as a diff against the stored rows of those accounts — bulk DELETE of rows gone, bulk UPDATE of rows changed,
bulk INSERT of new rows — so re-importing the same day touches nothing and every row keeps its id (idempotent),
and a normal day writes only what moved. Accounts not listed are never written. The stored rows are read straight
from the driver, only the columns compared: positions as (packed key, quantity) int64 pairs diffed with numpy,
contracts as tuples in the driver's representation (ISO text dates on SQLite) lined up by number (diff.py). Rows
are found again by their unique keys ((account, security) for a position, the number for a contract), so their
ids are never read.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import compress
from operator import ne
from typing import Any

import numpy as np
import pandas as pd

from rmdesk.services.importing.diff import diff_keys, diff_rows
from rmdesk.services.importing.report import FileRows
from rmdesk.services.importing.write import Writer
from rmdesk.services.in_lists import chunks

SHIFT = 1 << 31  # a position's key, a contract's pair: account id · 2³¹ + security id (32-bit INTEGER ids)


@dataclass(frozen=True)
class BookIds:
    """Ids the book files resolve to, read once after the master upserts: accounts, securities, listed accounts."""

    accounts: dict[str, int]
    securities: dict[str, int]
    listed: list[int]
    total: int  # accounts in the book

    @classmethod
    def read(
        cls,
        w: Writer,
        accounts: FileRows | None,
        account_ids: dict[str, int] | None = None,
        security_ids: dict[str, int] | None = None,
    ) -> BookIds:
        """The ids (those not given: every stored account's or security's, read now)."""
        if account_ids is None:
            account_ids = dict(w.fetch("SELECT account_no, id FROM credit_accounts"))
        if security_ids is None:
            security_ids = dict(w.fetch("SELECT code, id FROM securities"))
        ids = (*account_ids.values(), *security_ids.values())
        if ids and not 0 <= min(ids) <= max(ids) < SHIFT:  # 32-bit INTEGER columns; never a wrong packed key
            raise ValueError("ids outside 0…2³¹: positions and contracts cannot be keyed")
        listed = [] if accounts is None else np.unique(_ids(account_ids, accounts.frame["account_no"])).tolist()
        return cls(account_ids, security_ids, listed, len(account_ids))


def _ids(mapping: dict[str, int], keys: pd.Series, *, grouped: bool = False) -> np.ndarray:
    """Ids of ``keys`` (all known) through a hash index in C, not a Python call per row.

    ``grouped``: the keys usually come in runs (a positions file lists an account's holdings together), so each
    run is looked up once when runs are long enough to pay.
    """
    if grouped and len(keys) > 1:
        values = keys.to_numpy()
        heads = np.flatnonzero(np.concatenate(([True], values[1:] != values[:-1])))
        if len(heads) * 4 <= len(values):
            try:
                ids = np.fromiter(map(mapping.__getitem__, values[heads].tolist()), dtype=np.int64, count=len(heads))
            except KeyError as err:  # validation resolved every key; a miss here is a bug, never a silent wrong id
                raise KeyError(f"unknown keys: {err.args}") from None
            return np.repeat(ids, np.diff(np.append(heads, len(values))))
    where = pd.Index(list(mapping)).get_indexer(keys)
    if (where < 0).any():  # validation resolved every key; a miss here is a bug, never a silent wrong id
        raise KeyError(f"unknown keys: {sorted(set(keys[where < 0]))[:5]}")
    found: np.ndarray = np.fromiter(mapping.values(), dtype=np.int64, count=len(mapping))[where]
    return found


def _stored_positions(w: Writer, book: BookIds) -> np.ndarray:
    """(key, quantity) of every stored position of the listed accounts, as an int64 array of shape (n, 2).

    Each row comes from the driver as one integer, (account id · S + security id) · Q + quantity, with S and Q
    sized from the ids in hand so that it fits in 63 bits (a position's account and security are stored, foreign
    keys say so, so their ids are among those): one Python object per row instead of three. A quantity outside
    [0, Q) (none in practice) is read again by itself.
    """
    span = max(book.securities.values(), default=0) + 1
    q = (2**63 - 1) // ((max(book.accounts.values(), default=0) + 1) * span)
    pair = f"CAST(account_id AS BIGINT) * {span} + security_id"
    sql = (
        f"SELECT CASE WHEN quantity >= 0 AND quantity < {q} THEN ({pair}) * {q} + quantity ELSE -1 - ({pair}) END"
        " FROM positions"
    )
    listed = book.listed
    if len(listed) >= book.total:
        packed = w.fetch_ints(sql, width=1)[:, 0]
    elif len(listed) * 2 >= book.total:  # one scan, then the listed accounts' rows
        packed = w.fetch_ints(sql, width=1)[:, 0]
        account = np.where(packed < 0, -1 - packed, packed // q) // span
        packed = packed[np.isin(account, np.asarray(listed, dtype=np.int64))]
    else:
        parts = [
            w.fetch_ints(f"{sql} WHERE account_id IN ({w.marks(len(part))})", part, width=1)[:, 0]
            for part in chunks(listed)
        ]
        packed = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
    odd = packed < 0
    pairs = np.where(odd, -1 - packed, packed // q)
    quantity = packed % q
    if odd.any():
        outside = dict(w.fetch(f"SELECT {pair}, quantity FROM positions WHERE quantity < 0 OR quantity >= {q}"))
        quantity[odd] = [outside[p] for p in pairs[odd].tolist()]
    return np.column_stack(((pairs // span) * SHIFT + pairs % span, quantity))


def positions(w: Writer, rows: FileRows, book: BookIds) -> dict[str, int]:
    frame = rows.frame
    acc = _ids(book.accounts, frame["account_no"], grouped=True)
    sec = _ids(book.securities, frame["code"])
    qty = frame["quantity"].to_numpy(dtype=np.int64)
    stored = _stored_positions(w, book)
    d = diff_keys(stored[:, 0], stored[:, 1], acc * SHIFT + sec, qty)
    gone = stored[d.removed, 0]
    w.delete_keys(
        "positions",
        ("account_id", "security_id"),
        list(zip((gone // SHIFT).tolist(), (gone % SHIFT).tolist(), strict=True)),
    )
    c = d.changed
    w.update(
        "positions",
        ["quantity"],
        list(zip(qty[c].tolist(), acc[c].tolist(), sec[c].tolist(), strict=True)),
        key=("account_id", "security_id"),
    )
    a = d.added
    w.insert(
        "positions",
        ["account_id", "security_id", "quantity"],
        list(zip(acc[a].tolist(), sec[a].tolist(), qty[a].tolist(), strict=True)),
    )
    return {
        "positions": len(frame),
        "positions_new": len(a),
        "positions_updated": len(c),
        "positions_removed": len(d.removed),
    }


CONTRACT_COLUMNS = (
    "account_id",
    "type",
    "security_id",
    "trade_date",
    "trade_price",
    "trade_quantity",
    "trade_amount",
    "outstanding_amount",
    "outstanding_quantity",
    "due_date",
    "rate",
    "accrued_interest",
)
_DATES = ("trade_date", "due_date")
# A contract as compared: its number, (account id · 2³¹ + security id) as one value, then the other columns.
_COMPARED = ("pair", "type", *CONTRACT_COLUMNS[3:])
_PAIR = f"CAST(account_id AS BIGINT) * {SHIFT} + security_id"


def _stored_contracts(w: Writer, book: BookIds) -> list[tuple[Any, ...]]:
    """The stored contracts of the listed accounts as compared (see _COMPARED), straight from the driver."""
    sql = f"SELECT contract_no, {_PAIR}, {', '.join(_COMPARED[1:])} FROM contracts"
    listed = book.listed
    if len(listed) >= book.total:
        return w.fetch(sql)
    if len(listed) * 2 >= book.total:  # one scan, then the listed accounts' rows
        wanted = set(listed)
        return [r for r in w.fetch(sql) if r[1] // SHIFT in wanted]
    out: list[tuple[Any, ...]] = []
    for part in chunks(listed):
        out += w.fetch(f"{sql} WHERE account_id IN ({w.marks(len(part))})", part)
    return out


def _columns(changed: tuple[int, ...]) -> list[str]:
    """The table's columns of the compared positions ``changed`` (the pair is two)."""
    out: list[str] = []
    for i in changed:
        out += ["account_id", "security_id"] if i == 0 else [_COMPARED[i]]
    return out


def _cells(values: tuple[Any, ...], changed: tuple[int, ...]) -> tuple[Any, ...]:
    """The values of ``_columns(changed)`` in a compared row (number first), then the number (the key)."""
    out: list[Any] = []
    for i in changed:
        out += divmod(values[1], SHIFT) if i == 0 else [values[i + 1]]
    return (*out, values[0])


def contracts(w: Writer, rows: FileRows, book: BookIds) -> dict[str, int]:
    frame = rows.frame
    pair = _ids(book.accounts, frame["account_no"]) * SHIFT + _ids(book.securities, frame["code"])
    columns: list[list[Any]] = [frame["contract_no"].tolist(), pair.tolist()]
    columns += [w.days(frame[name]) if name in _DATES else frame[name].tolist() for name in _COMPARED[1:]]
    new = list(zip(*columns, strict=True))
    d = diff_rows(_stored_contracts(w, book), new)
    # Updates grouped by the columns that changed: a normal day moves only accrued interest (and what was repaid),
    # and SQLite then leaves the indexed columns' index entries alone.
    updates: dict[tuple[int, ...], list[tuple[Any, ...]]] = {}
    for stored, values in d.changed:
        changed = tuple(compress(range(len(_COMPARED)), map(ne, stored[1:], values[1:])))
        updates.setdefault(changed, []).append(_cells(values, changed))
    w.delete_ids("contracts", d.removed, key="contract_no")
    for changed, group in updates.items():
        w.update("contracts", _columns(changed), group, key="contract_no")
    w.insert(
        "contracts",
        ("contract_no", *CONTRACT_COLUMNS),
        [(no, p // SHIFT, kind, p % SHIFT, *rest) for no, p, kind, *rest in d.added],
    )
    return {
        "contracts": len(new),
        "contracts_new": len(d.added),
        "contracts_updated": len(d.changed),
        "contracts_removed": len(d.removed),
    }
