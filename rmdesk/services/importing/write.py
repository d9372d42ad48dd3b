"""Bulk reads and writes straight on the driver: raw integers (li, ppm) and driver-native dates, no ORM per row.

Placeholders follow the dialect's paramstyle (``?`` for sqlite3, ``%s`` for psycopg2), and dates/datetimes are
passed the way SQLAlchemy itself stores them (ISO text on SQLite, native values elsewhere), so rows written here
read back through the models exactly like rows the ORM wrote. Reads come back in the same driver representation,
so a stored row and an incoming one compare as plain tuples.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from itertools import chain
from typing import Any, cast

import numpy as np
import pandas as pd
from sqlalchemy import Connection

from rmdesk.services.importing.snapshot import as_date
from rmdesk.services.in_lists import chunks


class Writer:
    """Bulk SELECT/INSERT/UPDATE/DELETE on one connection."""

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

    def days(self, values: Iterable[date | None]) -> list[Any]:
        """A whole Date column in the driver's representation (one conversion per distinct day, blanks None)."""
        if not self.sqlite:
            return list(values)
        codes, distinct = pd.factorize(np.asarray(list(values), dtype=object), use_na_sentinel=True)
        texts = np.array([None, *(d.isoformat() if isinstance(d, date) else d for d in distinct)], dtype=object)
        converted: list[Any] = texts[codes + 1].tolist()
        return converted

    def from_day(self, value: Any) -> date | None:
        """A Date column as read here (ISO text on SQLite) → date, as the ORM would give it."""
        return as_date(value)

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

    def fetch_ints(self, sql: str, params: Sequence[Any] = (), *, width: int) -> np.ndarray:
        """A SELECT of ``width`` non-NULL integer columns as an int64 array of shape (rows, width).

        The rows go from the cursor into the array without a list of tuples in between.
        """
        cursor = self.conn.connection.cursor()
        try:
            cursor.execute(sql, tuple(params))
            flat = np.fromiter(chain.from_iterable(cast(Iterable[tuple[int, ...]], cursor)), dtype=np.int64)
        finally:
            cursor.close()
        return flat.reshape(-1, width)

    def ids_of(self, table: str, key: str, keys: Sequence[Any]) -> dict[Any, int]:
        """Ids of the rows of ``table`` whose unique column ``key`` is one of ``keys`` (by chunks)."""
        out: dict[Any, int] = {}
        for part in chunks(list(keys)):
            out.update(self.fetch(f"SELECT {key}, id FROM {table} WHERE {key} IN ({self.marks(len(part))})", part))
        return out

    def marks(self, count: int) -> str:
        return ", ".join([self.mark] * count)

    def insert(self, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> int:
        if rows:
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({self.marks(len(columns))})"
            self.conn.exec_driver_sql(sql, rows)
        return len(rows)

    def update(
        self,
        table: str,
        columns: Sequence[str],
        rows: list[tuple[Any, ...]],
        *,
        extra: str = "",
        key: str | Sequence[str] = "id",
    ) -> int:
        """``UPDATE table SET c1=?, … [, extra] WHERE key=? [AND key2=?]``; each row is (c1, …, key values)."""
        if rows:
            sets = ", ".join(f"{c} = {self.mark}" for c in columns)
            if extra:
                sets = f"{sets}, {extra}" if sets else extra
            sql = f"UPDATE {table} SET {sets} WHERE {self._where(key)}"
            self.conn.exec_driver_sql(sql, rows)
        return len(rows)

    def update_ids(self, table: str, values: dict[str, Any], ids: Sequence[int]) -> int:
        """The same ``values`` for every row of ``ids``: one set-based ``UPDATE … WHERE id IN (…)`` per chunk."""
        sets = ", ".join(f"{c} = {self.mark}" for c in values)
        for part in chunks(list(ids)):
            sql = f"UPDATE {table} SET {sets} WHERE id IN ({self.marks(len(part))})"
            self.conn.exec_driver_sql(sql, (*values.values(), *part))
        return len(ids)

    def delete_ids(self, table: str, ids: Sequence[Any], *, key: str = "id") -> int:
        """``DELETE … WHERE key IN (…)`` by chunks (``key`` a unique column)."""
        for part in chunks(list(ids)):
            self.conn.exec_driver_sql(f"DELETE FROM {table} WHERE {key} IN ({self.marks(len(part))})", tuple(part))
        return len(ids)

    def delete_keys(self, table: str, key: Sequence[str], rows: list[tuple[Any, ...]]) -> int:
        """``DELETE … WHERE k1=? AND k2=?`` for each row of key values (a unique index finds each)."""
        if rows:
            self.conn.exec_driver_sql(f"DELETE FROM {table} WHERE {self._where(key)}", rows)
        return len(rows)

    def _where(self, key: str | Sequence[str]) -> str:
        keys = (key,) if isinstance(key, str) else tuple(key)
        return " AND ".join(f"{k} = {self.mark}" for k in keys)
