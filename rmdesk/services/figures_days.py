"""Day-major reads of ``account_figures`` and ``ratio_history`` (keyed UNIQUE (as_of, account_id)).

Neither table has an account-major index (a new day would then touch one leaf page per account): an account's
latest figures are found through ``credit_accounts.figures_as_of`` (a point lookup), and anything per account
over days walks the days themselves with a loose index scan — a recursive CTE stepping ``min(as_of) > d`` (or
``max(as_of) < d``), one index seek per day however many rows a day holds — joined to (as_of, account_id) point
lookups. Plain SQL (recursive CTEs, scalar subqueries) that SQLite and PostgreSQL both run; dates are bound as
ISO text like everywhere in figures_store.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, bindparam, column, select, table, text
from sqlalchemy.orm import Session

from rmdesk.services.in_lists import IN_LIST, chunks

WALK_DAYS = 8  # days walked back one by one before the remaining accounts are found with one aggregate

Row = tuple[Any, ...]


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
    for chunk in chunks(sorted(set(account_ids))):
        rows.extend(tuple(r) for r in session.execute(stmt, {**params, "ids": chunk}))
    return rows


def _day_rows(session: Session, table: str, columns: Sequence[str], day: Any, ids: set[int]) -> list[Row]:
    """(account_id, *columns) of one day for the accounts in ``ids``: an IN list when few, else the whole day."""
    picked = ", ".join(columns)
    if len(ids) <= IN_LIST:
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
    # the aggregate drives (LEFT JOIN): each account's row is then a point lookup on (as_of, account_id)
    sql = (
        f"SELECT l.account_id, {picked} FROM "
        f"(SELECT account_id, max(as_of) AS m FROM {table} WHERE as_of < :before{{only}} GROUP BY account_id) l "
        f"LEFT JOIN {table} x ON x.as_of = l.m AND x.account_id = l.account_id"
    )
    if len(ids) <= IN_LIST:
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


_accounts = table("credit_accounts", column("id"), column("account_no"), column("client_id"), column("figures_as_of"))
_clients = table("clients", column("id"), column("client_no"))


def _accounts_select(labels: bool, *extra: ColumnElement[Any]) -> Select[Any]:
    """Accounts with figures (a pointer): id, [account_no, client_id, client_no,] *extra; by account_no if labels."""
    ca = _accounts.c
    if not labels:
        return select(ca.id, *extra).select_from(_accounts).where(ca.figures_as_of.is_not(None))
    return (
        select(ca.id, ca.account_no, ca.client_id, _clients.c.client_no, *extra)
        .select_from(_accounts)
        .join(_clients, _clients.c.id == ca.client_id)
        .where(ca.figures_as_of.is_not(None))
        .order_by(ca.account_no)
    )


def latest_columns(
    session: Session,
    columns: Sequence[str],
    as_of: date | None,
    account_ids: Collection[int] | None,
    *,
    inclusive: bool = True,
    labels: bool = True,
) -> list[tuple[Any, ...]]:
    """Each account's latest account_figures row on or before (inclusive) / before ``as_of`` (None: its latest),
    as columns: id, [account_no, client_id, client_no — and then ordered by account_no —,] then ``columns``.
    Accounts without such a row are left out; none at all: [].

    While every pointer (``figures_as_of``) is within the bound — the usual case, one probe tells — one query
    joins each account to its pointer row, a point lookup on (as_of, account_id). Otherwise the accounts are
    listed on their own, the rows within the bound fetched by the same join, and the others found by walking
    the days back (latest_rows_back).
    """
    ca = _accounts.c
    af = table("account_figures", *(column(c) for c in {"account_id", "as_of", *columns}))
    on = and_(af.c.as_of == ca.figures_as_of, af.c.account_id == ca.id)
    wanted = None if account_ids is None else set(account_ids)

    def restrict(stmt: Select[Any]) -> Select[Any]:
        return stmt if wanted is None or len(wanted) > IN_LIST else stmt.where(ca.id.in_(sorted(wanted)))

    def keep(rows: Sequence[Any]) -> Sequence[Any]:
        return rows if wanted is None or len(wanted) <= IN_LIST else [r for r in rows if r[0] in wanted]

    picked = [af.c[c] for c in columns]
    beyond: ColumnElement[bool] | None = None
    if as_of is not None:
        bound = as_of.isoformat()
        beyond = ca.figures_as_of > bound if inclusive else ca.figures_as_of >= bound
    # LEFT JOIN from the accounts, NULL rows dropped here: the accounts stay the outer loop whatever the planner
    # guesses without statistics (an inner join let SQLite scan a year of account_figures instead)
    if beyond is None or session.execute(restrict(select(ca.id).where(beyond)).limit(1)).first() is None:
        first = len(_accounts_select(labels).selected_columns)  # index of columns[0], which is NOT NULL
        joined = session.execute(restrict(_accounts_select(labels, *picked).outerjoin(af, on))).all()
        return list(zip(*(r for r in keep(joined) if r[first] is not None), strict=True))
    listed = keep(session.execute(restrict(_accounts_select(labels))).all())
    within = select(ca.id, *picked).select_from(_accounts).outerjoin(af, on).where(~beyond)
    found: dict[int, Row] = {
        r[0]: tuple(r[1:]) for r in keep(session.execute(restrict(within)).all()) if r[1] is not None
    }
    missing = {r[0] for r in listed if r[0] not in found}
    if missing:
        assert as_of is not None
        found.update(latest_rows_back(session, "account_figures", columns, as_of, missing, inclusive=inclusive))
    rows = [(*r, *found[r[0]]) for r in listed if r[0] in found]
    return list(zip(*rows, strict=True))
