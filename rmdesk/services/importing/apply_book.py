"""The listed accounts' positions and contracts become exactly the files' (SPEC §7: complete state).

Done as a diff against the stored rows of those accounts — bulk DELETE of rows gone, bulk UPDATE of rows changed,
bulk INSERT of new rows — so re-importing the same day touches nothing and every row keeps its id (idempotent),
and a normal day writes only what moved. Accounts not listed are never read or written. The stored rows are read
straight from the driver and compared in the driver's representation (ISO text dates on SQLite).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain, compress
from operator import itemgetter, ne
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rmdesk.services.importing import snapshot
from rmdesk.services.importing.report import FileRows
from rmdesk.services.importing.write import Writer
from rmdesk.store.models import CreditAccount

_KEY_SHIFT = np.int64(1 << 31)  # (account id, security id) packed into one int64 key


@dataclass(frozen=True)
class BookIds:
    """Ids the book files resolve to, read once after the master upserts: accounts, securities, listed accounts."""

    accounts: dict[str, int]
    securities: dict[str, int]
    listed: list[int]
    total: int  # accounts in the book

    @classmethod
    def read(cls, session: Session, accounts: FileRows | None) -> BookIds:
        ids = {no: acc.id for no, acc in snapshot.accounts(session).items()}
        listed = [] if accounts is None else sorted({ids[no] for no in accounts.frame["account_no"]})
        total = session.execute(select(func.count(CreditAccount.id))).scalar_one()
        securities = {code: s.id for code, s in snapshot.securities(session).items()}
        return cls(ids, securities, listed, int(total))


def _ids(mapping: dict[str, int], keys: pd.Series) -> np.ndarray:
    """Ids of ``keys`` (all known) through a hash index in C, not a Python call per row."""
    where = pd.Index(list(mapping)).get_indexer(keys)
    if (where < 0).any():  # validation resolved every key; a miss here is a bug, never a silent wrong id
        raise KeyError(f"unknown keys: {sorted(set(keys[where < 0]))[:5]}")
    ids: np.ndarray = np.fromiter(mapping.values(), dtype=np.int64, count=len(mapping))[where]
    return ids


def positions(w: Writer, rows: FileRows, book: BookIds) -> dict[str, int]:
    account_ids, listed, total, security_ids = book.accounts, book.listed, book.total, book.securities
    frame = rows.frame
    new_acc = _ids(account_ids, frame["account_no"])
    new_sec = _ids(security_ids, frame["code"])
    new_qty = frame["quantity"].to_numpy(dtype=np.int64)
    stored = w.fetch_accounts("SELECT id, account_id, security_id, quantity FROM positions", listed, total)
    old = np.fromiter(chain.from_iterable(stored), dtype=np.int64, count=4 * len(stored)).reshape(-1, 4)
    # Where each new (account, security) sits among the stored rows (-1: new); a hash join in C, no Python loop.
    where = pd.Index(old[:, 1] * _KEY_SHIFT + old[:, 2]).get_indexer(new_acc * _KEY_SHIFT + new_sec)
    added = where < 0
    matched = np.flatnonzero(~added)
    changed = matched[old[where[matched], 3] != new_qty[matched]]
    kept = np.zeros(len(old), dtype=bool)
    kept[where[matched]] = True
    w.delete_ids("positions", old[~kept, 0].tolist())
    w.update(
        "positions", ["quantity"], list(zip(new_qty[changed].tolist(), old[where[changed], 0].tolist(), strict=True))
    )
    ins = np.flatnonzero(added)
    w.insert(
        "positions",
        ["account_id", "security_id", "quantity"],
        list(zip(new_acc[ins].tolist(), new_sec[ins].tolist(), new_qty[ins].tolist(), strict=True)),
    )
    return {
        "positions": len(frame),
        "positions_new": len(ins),
        "positions_updated": len(changed),
        "positions_removed": int((~kept).sum()),
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
_DATES = (3, 9)  # positions of the date columns in CONTRACT_COLUMNS
_POSITIONS = range(len(CONTRACT_COLUMNS))


def contracts(w: Writer, rows: FileRows, book: BookIds) -> dict[str, int]:
    account_ids, listed, total, security_ids = book.accounts, book.listed, book.total, book.securities
    frame = rows.frame
    day = w.day()
    columns: list[list[Any]] = [
        _ids(account_ids, frame["account_no"]).tolist(),
        frame["type"].tolist(),
        _ids(security_ids, frame["code"]).tolist(),
    ]
    columns += [frame[c].tolist() for c in CONTRACT_COLUMNS[3:]]
    for i in _DATES:
        columns[i] = [day(d) for d in columns[i]]
    new = dict(zip(frame["contract_no"].tolist(), zip(*columns, strict=True), strict=True))
    sql = f"SELECT contract_no, id, {', '.join(CONTRACT_COLUMNS)} FROM contracts"
    old = {r[0]: r for r in w.fetch_accounts(sql, listed, total, account_col=2)}
    gone = [r[1] for no, r in old.items() if no not in new]
    # Updates grouped by the columns that changed: a normal day moves only accrued interest (and what was repaid),
    # and SQLite then leaves the indexed columns' index entries alone.
    updates: dict[tuple[int, ...], list[tuple[tuple[Any, ...], int]]] = {}
    inserts: list[tuple[Any, ...]] = []
    for no, values in new.items():
        stored = old.get(no)
        if stored is None:
            inserts.append((no, *values))
        elif stored[2:] != values:
            changed = tuple(compress(_POSITIONS, map(ne, stored[2:], values)))
            updates.setdefault(changed, []).append((values, stored[1]))
    w.delete_ids("contracts", gone)
    for changed, group in updates.items():
        pick = itemgetter(*changed)
        if len(changed) == 1:
            rows_out = [(pick(values), cid) for values, cid in group]
        else:
            rows_out = [(*pick(values), cid) for values, cid in group]
        w.update("contracts", [CONTRACT_COLUMNS[i] for i in changed], rows_out)
    w.insert("contracts", ("contract_no", *CONTRACT_COLUMNS), inserts)
    return {
        "contracts": len(new),
        "contracts_new": len(inserts),
        "contracts_updated": sum(len(g) for g in updates.values()),
        "contracts_removed": len(gone),
    }
