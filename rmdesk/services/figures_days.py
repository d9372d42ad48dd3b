"""Day-major reads of ``account_figures`` and ``ratio_history`` (keyed UNIQUE (as_of, account_id)).

Neither table has an account-major index (a new day would then touch one leaf page per account): an account's
latest figures are found through ``credit_accounts.figures_as_of`` (a point lookup), and anything per account
over days walks the days themselves with a loose index scan — a recursive CTE stepping ``min(as_of) > d`` (or
``max(as_of) < d``), one index seek per day however many rows a day holds — joined to (as_of, account_id) point
lookups. Plain SQL (recursive CTEs, scalar subqueries) that SQLite and PostgreSQL both run; dates are bound as
ISO text like everywhere in figures_store.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

CHUNK = 500  # ids per IN (...) list
WALK_DAYS = 8  # days walked back one by one before the remaining accounts are found with one aggregate

Row = tuple[Any, ...]


def chunks(ids: Collection[int]) -> Iterable[list[int]]:
    wanted = sorted(set(ids))
    for i in range(0, len(wanted), CHUNK):
        yield wanted[i : i + CHUNK]


def days_back(session: Session, table: str, bound: date, *, inclusive: bool, limit: int) -> list[Any]:
    """Up to ``limit`` distinct as_of values of ``table`` on or before (inclusive) / before ``bound``, newest first.

    Driver values (ISO text on SQLite, dates on PostgreSQL), usable as parameters as they are.
    """
    op = "<=" if inclusive else "<"
    stmt = text(
        f"WITH RECURSIVE days(d, n) AS ("
        f" SELECT (SELECT max(as_of) FROM {table} WHERE as_of {op} :bound), 1"
        f" UNION ALL"
        f" SELECT (SELECT max(t.as_of) FROM {table} t WHERE t.as_of < days.d), days.n + 1"
        f" FROM days WHERE days.d IS NOT NULL AND days.n < :limit"
        f") SELECT d FROM days WHERE d IS NOT NULL"
    )
    return [d for (d,) in session.execute(stmt, {"bound": bound.isoformat(), "limit": limit})]


def _days_between(table: str) -> str:
    """A recursive CTE ``days(d)``: the distinct as_of of ``table`` in [:start, :end], one index seek per day."""
    return (
        f"WITH RECURSIVE days(d) AS ("
        f" SELECT (SELECT min(as_of) FROM {table} WHERE as_of >= :start)"
        f" UNION ALL"
        f" SELECT (SELECT min(t.as_of) FROM {table} t WHERE t.as_of > days.d) FROM days WHERE days.d < :end"
        f") "
    )


def series_rows(
    session: Session, table: str, columns: Sequence[str], account_ids: Collection[int], start: date, end: date
) -> list[Row]:
    """(account_id, as_of, *columns) of ``table`` for these accounts and start ≤ as_of ≤ end, by account then day.

    The days come from the loose index scan; each (day, account) is a point lookup on the unique index.
    """
    if start > end:
        return []
    picked = ", ".join(f"x.{c}" for c in columns)
    stmt = text(
        _days_between(table) + f"SELECT x.account_id, x.as_of, {picked} FROM days JOIN {table} x ON x.as_of = days.d "
        f"WHERE days.d <= :end AND x.account_id IN :ids ORDER BY x.account_id, x.as_of"
    ).bindparams(bindparam("ids", expanding=True))
    params = {"start": start.isoformat(), "end": end.isoformat()}
    rows: list[Row] = []
    for chunk in chunks(account_ids):
        rows.extend(tuple(r) for r in session.execute(stmt, {**params, "ids": chunk}))
    return rows


def _day_rows(session: Session, table: str, columns: Sequence[str], day: Any, ids: set[int]) -> list[Row]:
    """(account_id, *columns) of one day for the accounts in ``ids``: an IN list when few, else the whole day."""
    picked = ", ".join(columns)
    if len(ids) <= CHUNK:
        stmt = text(f"SELECT account_id, {picked} FROM {table} WHERE as_of = :day AND account_id IN :ids")
        stmt = stmt.bindparams(bindparam("ids", expanding=True))
        return [tuple(r) for r in session.execute(stmt, {"day": day, "ids": sorted(ids)})]
    rows = session.execute(text(f"SELECT account_id, {picked} FROM {table} WHERE as_of = :day"), {"day": day})
    return [tuple(r) for r in rows if r[0] in ids]


def _latest_by_aggregate(session: Session, table: str, columns: Sequence[str], before: Any, ids: set[int]) -> list[Row]:
    """(account_id, *columns) of each account's latest row before ``before``: one pass over that index range.

    The bound on the day walk: whatever is left after ``WALK_DAYS`` days costs one index range scan, never one
    query per day of history.
    """
    picked = ", ".join(f"x.{c}" for c in columns)
    sql = (
        f"SELECT x.account_id, {picked} FROM {table} x JOIN "
        f"(SELECT account_id, max(as_of) AS m FROM {table} WHERE as_of < :before{{only}} GROUP BY account_id) l "
        f"ON x.as_of = l.m AND x.account_id = l.account_id"
    )
    if len(ids) <= CHUNK:
        stmt = text(sql.format(only=" AND account_id IN :ids")).bindparams(bindparam("ids", expanding=True))
        return [tuple(r) for r in session.execute(stmt, {"before": before, "ids": sorted(ids)})]
    rows = session.execute(text(sql.format(only="")), {"before": before})
    return [tuple(r) for r in rows if r[0] in ids]


def latest_rows_back(
    session: Session, table: str, columns: Sequence[str], bound: date, ids: Collection[int], *, inclusive: bool
) -> dict[int, Row]:
    """Per account in ``ids``: ``columns`` of its latest row on or before (inclusive) / before ``bound``.

    Walks the days back from ``bound`` reading only the accounts still missing (most accounts are found on the
    first day); after ``WALK_DAYS`` days the rest are found with one aggregate. Accounts without such a row are
    absent from the result.
    """
    remaining = set(ids)
    found: dict[int, Row] = {}
    if not remaining:
        return found
    days = days_back(session, table, bound, inclusive=inclusive, limit=WALK_DAYS)
    for day in days:
        for row in _day_rows(session, table, columns, day, remaining):
            found[row[0]] = row[1:]
            remaining.discard(row[0])
        if not remaining:
            return found
    if len(days) == WALK_DAYS:  # older days remain: the bounded fallback
        for row in _latest_by_aggregate(session, table, columns, days[-1], remaining):
            found[row[0]] = row[1:]
    return found
