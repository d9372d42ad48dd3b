"""Bulk writes for the demo book: Core inserts with raw integer li/ppm, and a multi-row fast path for big tables.

The ORM would turn every Money/Fraction6 value into a Decimal and back; here values of those columns are the
generator's exact integers, other values are bound with the dialect's own type processors, and rows go through
``exec_driver_sql`` as multi-row ``INSERT … VALUES (…), (…)`` statements — plain SQL that PostgreSQL runs too.
On SQLite that is about 10× faster than a Core executemany of dicts (measured: 50,000 callback rows 2.0 s →
0.2 s) and twice as fast as one statement per row for the 5 million history rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from itertools import chain
from typing import Any

from sqlalchemy import BigInteger, Date, Table, insert, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import column, table

from rmdesk.store.types import Fraction6, Money

ROWS_PER_STATEMENT = 100
SQLITE_BULK_CACHE_KIB = 65_536  # 64 MiB page cache while the history is written (measured: more does not help)


def core_table(model: Any) -> Table:
    """The model's Core table (for executemany updates and column lookups)."""
    table_: Table = model.__table__
    return table_


def insert_rows(session: Session, model: Any, rows: Sequence[dict[str, Any]]) -> None:
    """Insert dict rows (all with the same keys) into ``model``'s table: Money/Fraction6 values are raw li/ppm,
    others are bound with the dialect's own processors (dates, times, booleans), then sent by ``fast_insert``."""
    if not rows:
        return
    dialect = session.connection().dialect
    names = list(rows[0])
    procs = []
    for name in names:
        typ = core_table(model).c[name].type
        typ = BigInteger() if isinstance(typ, Money | Fraction6) else typ
        procs.append(typ.dialect_impl(dialect).bind_processor(dialect))
    columns = []
    for name, proc in zip(names, procs, strict=True):
        col = [r[name] for r in rows]
        columns.append(col if proc is None else [None if v is None else proc(v) for v in col])
    values = list(zip(*columns, strict=True))
    fast_insert(session, model.__tablename__, names, values)


def ids_by_key(session: Session, model: Any, key: str) -> dict[Any, int]:
    """``key`` value → primary key, to link rows inserted without ids (portable: no RETURNING needed)."""
    col = core_table(model).c[key]
    return {k: i for k, i in session.execute(select(col, core_table(model).c.id))}


def date_binder(session: Session) -> Callable[[date], Any]:
    """How this dialect's Date columns store a date (ISO text on SQLite, a date object elsewhere)."""
    dialect = session.connection().dialect
    proc = Date().dialect_impl(dialect).bind_processor(dialect)
    return proc if proc is not None else (lambda d: d)


def fast_insert(session: Session, table_name: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    """Multi-row INSERT of already-bound values (see insert_rows, date_binder) in the session's transaction."""
    if not rows:
        return
    conn = session.connection()
    style = conn.dialect.paramstyle
    mark = "?" if style == "qmark" else "%s" if style in ("format", "pyformat") else None
    if mark is None:  # an unusual driver: let SQLAlchemy bind one statement per row
        stmt = insert(table(table_name, *[column(c) for c in columns]))
        session.execute(stmt, [dict(zip(columns, r, strict=True)) for r in rows])
        return
    one = "(" + ", ".join([mark] * len(columns)) + ")"
    head = f"INSERT INTO {table_name} ({', '.join(columns)}) VALUES "
    step = ROWS_PER_STATEMENT
    full, rest = divmod(len(rows), step)
    if full:
        sql = head + ", ".join([one] * step)
        conn.exec_driver_sql(sql, [tuple(chain.from_iterable(rows[i * step : (i + 1) * step])) for i in range(full)])
    if rest:
        sql = head + ", ".join([one] * rest)
        conn.exec_driver_sql(sql, tuple(chain.from_iterable(rows[full * step :])))


def fast_insert_matrix(session: Session, table_name: str, columns: Sequence[str], matrix: Any) -> None:
    """``fast_insert`` for an (n, len(columns)) numpy object array of bound values: the statements' parameter
    blocks are cut from the matrix by reshaping, without building a tuple per row (5 million history rows)."""
    n = len(matrix)
    if n == 0:
        return
    conn = session.connection()
    style = conn.dialect.paramstyle
    if style not in ("qmark", "format", "pyformat"):
        fast_insert(session, table_name, columns, [tuple(r) for r in matrix.tolist()])
        return
    mark = "?" if style == "qmark" else "%s"
    one = "(" + ", ".join([mark] * len(columns)) + ")"
    head = f"INSERT INTO {table_name} ({', '.join(columns)}) VALUES "
    step = ROWS_PER_STATEMENT
    full = n // step
    if full:
        blocks = [tuple(b) for b in matrix[: full * step].reshape(full, step * len(columns)).tolist()]
        conn.exec_driver_sql(head + ", ".join([one] * step), blocks)
    if n > full * step:
        conn.exec_driver_sql(head + ", ".join([one] * (n - full * step)), tuple(matrix[full * step :].ravel().tolist()))


@contextmanager
def bulk_cache(session: Session) -> Iterator[None]:
    """On SQLite, a large page cache while millions of rows go in (the default 2 MiB thrashes the index)."""
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        yield
        return
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_BULK_CACHE_KIB}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size={int(before or -2000)}")
