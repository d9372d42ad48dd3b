"""The warnings table as the risk scan reads and writes it: active warnings, batched updates, new ids, events."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import Table, bindparam, column, select, table, update
from sqlalchemy.orm import Session

from rmdesk.services.in_lists import chunks
from rmdesk.store.models import RiskWarning

ACTIVE = ("open", "notified", "escalated")  # not resolved: at most one per account and kind
_warnings = table(
    "warnings",
    *(column(name) for name in ("id", "account_id", "kind", "status", "due_date", "detail", "version")),
    column("last_seen_as_of"),
    column("closed_at"),
)


class Active(NamedTuple):
    """An active warning as the scan needs it (plain values; a tuple, as thousands are read per scan)."""

    id: int
    account_id: int
    kind: str
    status: str
    due_date: date | None
    detail: str
    version: int
    last_seen_as_of: date | None
    closed_at: datetime | str | None  # only ever compared with None


def active_warnings(session: Session, account_ids: Sequence[int]) -> dict[int, dict[str, Active]]:
    """The active warnings of these accounts: account id → kind → warning (kinds in the order the rows come).

    Read as raw driver values (dates are ISO text on SQLite), each distinct date parsed once.
    """
    wanted = set(account_ids)
    out: dict[int, dict[str, Active]] = {}
    c = _warnings.c
    q = select(
        c.id, c.account_id, c.kind, c.status, c.due_date, c.detail, c.version, c.last_seen_as_of, c.closed_at
    ).where(c.status.in_(ACTIVE))
    days: dict[Any, date | None] = {None: None}
    for wid, acct, kind, status, due, detail, version, seen, closed in session.execute(q).all():
        if acct not in wanted:
            continue
        for d in (due, seen):
            if d not in days:
                days[d] = date.fromisoformat(d) if isinstance(d, str) else d
        out.setdefault(acct, {})[kind] = Active(wid, acct, kind, status, days[due], detail, version, days[seen], closed)
    return out


def event(
    warning_id: int, at: Any, action: str, before: str | None, after: str, as_of: date, note: str
) -> dict[str, Any]:
    """A warning_events row written by the scan (no user, no channel)."""
    return {
        "warning_id": warning_id,
        "at": at,
        "user_id": None,
        "action": action,
        "from_status": before,
        "to_status": after,
        "channel": None,
        "note": note,
        "as_of": as_of,
    }


def changed_row(w: Active, as_of: date, **values: Any) -> dict[str, Any]:
    """The new values of a warning the scan changes; its version moves on so an open editor sees the change."""
    row = {
        "wid": w.id,
        "last_seen_as_of": as_of,
        "status": w.status,
        "due_date": w.due_date,
        "detail": w.detail,
        "closed_at": None,
        "version": w.version + 1,
    }
    row.update(values)
    return row


def apply_updates(session: Session, updates: list[dict[str, Any]]) -> None:
    """One executemany for every changed warning."""
    if not updates:
        return
    table = RiskWarning.__table__
    assert isinstance(table, Table)
    stmt = (
        update(table)
        .where(table.c.id == bindparam("wid"))
        .values(
            last_seen_as_of=bindparam("last_seen_as_of"),
            status=bindparam("status"),
            due_date=bindparam("due_date"),
            detail=bindparam("detail"),
            closed_at=bindparam("closed_at"),
            version=bindparam("version"),
        )
    )
    session.execute(stmt, updates)


def mark_seen(session: Session, warning_ids: Sequence[int], as_of: date) -> None:
    """Set last_seen_as_of of unchanged warnings, set-based; not a change of the warning, so no version bump."""
    table = RiskWarning.__table__
    assert isinstance(table, Table)
    ids = sorted(warning_ids)
    for chunk in chunks(ids):
        session.execute(update(table).where(table.c.id.in_(chunk)).values(last_seen_as_of=as_of))


def new_warning_ids(session: Session, as_of: date, now: Any) -> dict[tuple[int, str], int]:
    """Ids of the warnings just inserted: at most one active per (account, kind), so the pair names it."""
    rows = session.execute(
        select(RiskWarning.account_id, RiskWarning.kind, RiskWarning.id).where(
            RiskWarning.status == "open", RiskWarning.raised_as_of == as_of, RiskWarning.raised_at == now
        )
    ).all()
    return {(acct, kind): wid for acct, kind, wid in rows}
