"""Searching, filtering and sorting the client book in memory (no Qt, no database).

Measured on 20,000 rows: a keystroke's substring scan over precomputed lower-case keys takes a few ms in plain
Python, where a QSortFilterProxyModel calling data() per row took seconds; so the book model filters here.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from rmdesk.services.clients import ClientRow

NO_FIGURES = "none"  # level filter value: clients without a credit account or figures
UNASSIGNED = 0  # RM filter value: clients without an RM (user ids start at 1)
LEVEL_ORDER = {"normal": 0, "warning": 1, "closeout": 2, "emergency": 3}
TIER_ORDER = {"普通": 0, "高净值": 1, "VIP": 2}


@dataclass(frozen=True)
class BookFilter:
    """What the user asked to see. ``None`` means "any"."""

    text: str = ""
    level: str | None = None  # normal/warning/closeout/emergency or NO_FIGURES
    tier: str | None = None
    risk_level: int | None = None
    rm_id: int | None = None  # UNASSIGNED for clients without an RM
    has_open_warning: bool = False
    include_archived: bool = False


def normalize_query(text: str) -> str:
    """Full-width to half-width (NFKC), lower case, no spaces: "ＺＷ 5678" → "zw5678"."""
    return "".join(unicodedata.normalize("NFKC", text).lower().split())


def filter_rows(rows: Sequence[ClientRow], flt: BookFilter) -> list[int]:
    """Indices of the rows matching every part of ``flt``, in the order of ``rows``."""
    query = normalize_query(flt.text)
    tests: list[Callable[[ClientRow], bool]] = []
    if not flt.include_archived:
        tests.append(lambda r: not r.archived)
    if flt.level == NO_FIGURES:
        tests.append(lambda r: r.level is None)
    elif flt.level is not None:
        level = flt.level
        tests.append(lambda r: r.level == level)
    if flt.tier is not None:
        tier = flt.tier
        tests.append(lambda r: r.tier == tier)
    if flt.risk_level is not None:
        risk = flt.risk_level
        tests.append(lambda r: r.risk_level == risk)
    if flt.rm_id == UNASSIGNED:
        tests.append(lambda r: r.rm_id is None)
    elif flt.rm_id is not None:
        rm = flt.rm_id
        tests.append(lambda r: r.rm_id == rm)
    if flt.has_open_warning:
        tests.append(lambda r: r.open_warnings > 0)
    # The common case (typing in the search box) is one tight comprehension; the rest is rare.
    if query and not tests:
        return [i for i, r in enumerate(rows) if query in r.search_key]
    if query:
        return [i for i, r in enumerate(rows) if query in r.search_key and all(t(r) for t in tests)]
    return [i for i, r in enumerate(rows) if all(t(r) for t in tests)]


def _none_last(value: Any) -> tuple[bool, Any]:
    return (value is None, value)


# Sort key per book column name; ties are broken by client no (stable sort on a pre-sorted list).
SORT_KEYS: dict[str, Callable[[ClientRow], Any]] = {
    "client_no": lambda r: r.client_no,
    "name": lambda r: (r.initials, r.name),
    "tier": lambda r: TIER_ORDER.get(r.tier, 9),
    "risk_level": lambda r: _none_last(r.risk_level),
    "rm": lambda r: (r.rm_name == "", r.rm_name),
    "maintenance_ratio": lambda r: _none_last(r.maintenance_ratio),
    "level": lambda r: _none_last(LEVEL_ORDER.get(r.level) if r.level else None),
    "open_warnings": lambda r: r.open_warnings,
    "next_callback": lambda r: _none_last(r.next_callback),
    "open_cases": lambda r: r.open_cases,
}


def sort_indices(rows: Sequence[ClientRow], indices: list[int], column: str, descending: bool = False) -> list[int]:
    """``indices`` ordered by ``column``; rows without a value stay last in both directions."""
    key = SORT_KEYS[column]
    if not descending:
        return sorted(indices, key=lambda i: key(rows[i]))
    present = [i for i in indices if not _is_missing(key(rows[i]))]
    missing = [i for i in indices if _is_missing(key(rows[i]))]
    return sorted(present, key=lambda i: key(rows[i]), reverse=True) + missing


def _is_missing(key: Any) -> bool:
    return isinstance(key, tuple) and len(key) == 2 and key[0] is True and key[1] in (None, "")


def next_callback_overdue(row: ClientRow, today: date) -> bool:
    return row.next_callback is not None and row.next_callback < today


class BookView:
    """The book as shown: all rows, the current sort and filter, and the visible rows, kept incrementally.

    A keystroke usually extends the query ("z" → "zw"), so only the rows that matched the shorter query are
    scanned; erasing returns to a cached shorter query; the non-text filters are applied once, not per keystroke.
    Measured on 20,000 rows: a keystroke costs about a millisecond instead of a full scan.
    """

    MAX_CACHED = 64

    def __init__(self) -> None:
        self.rows: list[ClientRow] = []
        self.ordered: list[ClientRow] = []
        self.visible: list[ClientRow] = []
        self.sort_column = "client_no"
        self.descending = False
        self.filter = BookFilter()
        self._keys: list[str] = []
        self._base_filter: BookFilter | None = None
        self._base: list[int] = []
        self._by_query: dict[str, list[int]] = {}

    def set_rows(self, rows: Sequence[ClientRow]) -> None:
        self.rows = list(rows)
        self._reorder()

    def set_sort(self, column: str, descending: bool = False) -> None:
        self.sort_column, self.descending = column, descending
        self._reorder()

    def set_filter(self, flt: BookFilter) -> None:
        self.filter = flt
        self._refilter()

    def _reorder(self) -> None:
        order = sort_indices(self.rows, list(range(len(self.rows))), self.sort_column, self.descending)
        self.ordered = [self.rows[i] for i in order]
        self._keys = [r.search_key for r in self.ordered]
        self._base_filter = None
        self._refilter()

    def _refilter(self) -> None:
        rest = replace(self.filter, text="")
        if rest != self._base_filter:
            self._base = filter_rows(self.ordered, rest)
            self._base_filter = rest
            self._by_query.clear()
        query = normalize_query(self.filter.text)
        indices = self._base if not query else self._matching(query)
        ordered = self.ordered
        self.visible = [ordered[i] for i in indices]

    def _matching(self, query: str) -> list[int]:
        found = self._by_query.get(query)
        if found is not None:
            return found
        within = self._base
        for end in range(len(query) - 1, 0, -1):  # the longest cached prefix narrows the scan
            cached = self._by_query.get(query[:end])
            if cached is not None:
                within = cached
                break
        keys = self._keys
        found = [i for i in within if query in keys[i]]
        if len(self._by_query) >= self.MAX_CACHED:
            self._by_query.pop(next(iter(self._by_query)))
        self._by_query[query] = found
        return found
