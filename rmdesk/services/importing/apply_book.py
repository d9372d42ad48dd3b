"""The listed accounts' positions and contracts become exactly the files' (SPEC §7: complete state).

Done as a diff against the stored rows of those accounts — bulk DELETE of rows gone, bulk UPDATE of rows changed,
bulk INSERT of new rows — so re-importing the same day touches nothing and every row keeps its id (idempotent),
and a normal day writes only what moved. Accounts not listed are never read or written.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rmdesk.services.importing import snapshot
from rmdesk.services.importing.report import FileRows
from rmdesk.services.importing.snapshot import chunks, raw
from rmdesk.services.importing.write import Writer
from rmdesk.store.models import Contract, CreditAccount, Position


def _listed(session: Session, accounts: FileRows | None) -> tuple[dict[str, int], list[int]]:
    ids = {no: acc.id for no, acc in snapshot.accounts(session).items()}
    listed = [] if accounts is None else sorted({ids[no] for no in accounts.frame["account_no"]})
    return ids, listed


def _stored(session: Session, columns: list[Any], account_col: Any, listed: list[int]) -> list[Any]:
    """Rows of the listed accounts: one scan when they are most of the book, else IN (...) by chunks."""
    total = session.execute(select(func.count(CreditAccount.id))).scalar_one()
    if len(listed) * 2 >= total:
        wanted = set(listed)
        return [r for r in session.execute(select(*columns)).all() if r[1] in wanted]
    out: list[Any] = []
    for part in chunks(listed):
        out += session.execute(select(*columns).where(account_col.in_(part))).all()
    return out


def positions(session: Session, w: Writer, rows: FileRows, accounts: FileRows | None) -> dict[str, int]:
    account_ids, listed = _listed(session, accounts)
    security_ids = {code: s.id for code, s in snapshot.securities(session).items()}
    frame = rows.frame
    new = pd.DataFrame(
        {
            "account_id": frame["account_no"].map(account_ids).to_numpy(dtype=np.int64),
            "security_id": frame["code"].map(security_ids).to_numpy(dtype=np.int64),
            "quantity": frame["quantity"].to_numpy(dtype=np.int64),
        }
    ).astype("Int64")  # nullable integers: the outer merge leaves gaps, never floats
    p = Position
    old_rows = _stored(session, [p.id, p.account_id, p.security_id, p.quantity], p.account_id, listed)
    old = pd.DataFrame(old_rows, columns=["id", "account_id", "security_id", "quantity"]).astype("Int64")
    merged = new.merge(old, on=["account_id", "security_id"], how="outer", suffixes=("", "_old"), indicator=True)
    gone = merged["_merge"] == "right_only"
    added = merged["_merge"] == "left_only"
    both = merged["_merge"] == "both"
    changed = both & (merged["quantity"] != merged["quantity_old"]).fillna(False)
    w.delete_ids("positions", merged.loc[gone, "id"].astype(np.int64).tolist())
    upd = merged.loc[changed]
    w.update(
        "positions",
        ["quantity"],
        list(zip(upd["quantity"].astype(np.int64).tolist(), upd["id"].astype(np.int64).tolist(), strict=True)),
    )
    ins = merged.loc[added, ["account_id", "security_id", "quantity"]].astype(np.int64)
    w.insert("positions", ["account_id", "security_id", "quantity"], list(ins.itertuples(index=False, name=None)))
    return {
        "positions": len(new),
        "positions_new": int(added.sum()),
        "positions_updated": int(changed.sum()),
        "positions_removed": int(gone.sum()),
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


def contracts(session: Session, w: Writer, rows: FileRows, accounts: FileRows | None) -> dict[str, int]:
    account_ids, listed = _listed(session, accounts)
    security_ids = {code: s.id for code, s in snapshot.securities(session).items()}
    frame = rows.frame
    account_col = frame["account_no"].map(account_ids).tolist()
    security_col = frame["code"].map(security_ids).tolist()
    fields = [frame[c].tolist() for c in CONTRACT_COLUMNS[3:]]
    new: dict[str, tuple[Any, ...]] = {
        no: (acc, kind, sec, *rest)
        for no, acc, kind, sec, *rest in zip(
            frame["contract_no"].tolist(), account_col, frame["type"].tolist(), security_col, *fields, strict=True
        )
    }
    c = Contract
    columns = [
        c.id, c.account_id, c.contract_no, c.type, c.security_id, c.trade_date, raw(c.trade_price), c.trade_quantity,
        raw(c.trade_amount), raw(c.outstanding_amount), c.outstanding_quantity, c.due_date, raw(c.rate),
        raw(c.accrued_interest),
    ]  # fmt: skip
    old = {r[2]: (r[0], (r[1], *r[3:])) for r in _stored(session, columns, c.account_id, listed)}
    day = w.day()

    def cells(values: tuple[Any, ...]) -> tuple[Any, ...]:
        return (*values[:3], day(values[3]), *values[4:9], day(values[9]), *values[10:])

    gone = [cid for no, (cid, _) in old.items() if no not in new]
    updates: list[tuple[Any, ...]] = []
    inserts: list[tuple[Any, ...]] = []
    for no, values in new.items():
        stored = old.get(no)
        if stored is None:
            inserts.append((no, *cells(values)))
        elif stored[1] != values:
            updates.append((*cells(values), stored[0]))
    w.delete_ids("contracts", gone)
    w.update("contracts", CONTRACT_COLUMNS, updates)
    w.insert("contracts", ("contract_no", *CONTRACT_COLUMNS), inserts)
    return {
        "contracts": len(new),
        "contracts_new": len(inserts),
        "contracts_updated": len(updates),
        "contracts_removed": len(gone),
    }
