"""Ids in ``IN (…)`` lists of bounded size: one limit and one splitter for every bulk query of the services."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")

IN_LIST = 500  # values per IN (...) list: well inside SQLite's and PostgreSQL's parameter limits


def chunks(items: Sequence[T], size: int = IN_LIST) -> Iterator[Sequence[T]]:
    """``items`` in consecutive slices of at most ``size``."""
    for start in range(0, len(items), size):
        yield items[start : start + size]
