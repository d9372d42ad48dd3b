"""Bulk writes with the driver's executemany: raw integers (li, ppm) and driver-native dates, no ORM per row.

Placeholders follow the dialect's paramstyle (``?`` for sqlite3, ``%s`` for psycopg2), and dates/datetimes are
passed the way SQLAlchemy itself stores them (ISO text on SQLite, native values elsewhere), so rows written here
read back through the models exactly like rows the ORM wrote.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection

from rmdesk.services.importing.snapshot import chunks


class Writer:
    """Bulk INSERT/UPDATE/DELETE on one connection."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
        self.sqlite = conn.dialect.name == "sqlite"

    def day(self) -> Callable[[date | None], Any]:
        """Converter for Date columns (cached per distinct day: a column holds few)."""
        if not self.sqlite:
            return lambda d: d
        cache: dict[date, str] = {}

        def convert(d: date | None) -> str | None:
            if d is None:
                return None
            text = cache.get(d)
            if text is None:
                text = cache[d] = d.isoformat()
            return text

        return convert

    def stamp(self, at: datetime) -> Any:
        """A DateTime value as SQLAlchemy stores it on this dialect."""
        return at.strftime("%Y-%m-%d %H:%M:%S.%f") if self.sqlite else at

    def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Rows straight from the driver's cursor (driver-native values: ISO text dates on SQLite).

        For the 100,000s of rows of a diff, where SQLAlchemy's per-row processing would dominate the import.
        """
        cursor = self.conn.connection.cursor()
        try:
            cursor.execute(sql, tuple(params))
            return list(cursor.fetchall())
        finally:
            cursor.close()

    def fetch_accounts(
        self, sql: str, listed: Sequence[int], total: int, *, account_col: int = 1
    ) -> list[tuple[Any, ...]]:
        """``sql`` (column ``account_col`` being the account id) for the listed accounts: one scan when they are
        most of the book, else ``WHERE account_id IN (...)`` by chunks."""
        if len(listed) >= total:
            return self.fetch(sql)
        if len(listed) * 2 >= total:
            wanted = set(listed)
            return [r for r in self.fetch(sql) if r[account_col] in wanted]
        out: list[tuple[Any, ...]] = []
        for part in chunks(list(listed)):
            marks = ", ".join([self.mark] * len(part))
            out += self.fetch(f"{sql} WHERE account_id IN ({marks})", part)
        return out

    def insert(self, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> int:
        if rows:
            marks = ", ".join([self.mark] * len(columns))
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
            self.conn.exec_driver_sql(sql, rows)
        return len(rows)

    def update(
        self, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]], *, extra: str = "", key: str = "id"
    ) -> int:
        """``UPDATE table SET c1=?, … [, extra] WHERE key=?``; each row is (c1, …, key value)."""
        if rows:
            sets = ", ".join(f"{c} = {self.mark}" for c in columns)
            if extra:
                sets = f"{sets}, {extra}" if sets else extra
            sql = f"UPDATE {table} SET {sets} WHERE {key} = {self.mark}"
            self.conn.exec_driver_sql(sql, rows)
        return len(rows)

    def delete_ids(self, table: str, ids: Sequence[int]) -> int:
        for part in chunks(list(ids)):
            marks = ", ".join([self.mark] * len(part))
            self.conn.exec_driver_sql(f"DELETE FROM {table} WHERE id IN ({marks})", tuple(part))
        return len(ids)
