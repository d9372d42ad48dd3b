"""Set differences between the stored rows of the listed accounts and the incoming ones (pure, no database).

``diff_keys`` compares rows identified by one int64 key (a position: account id and security id packed) with one
int64 value (the quantity) as numpy arrays; ``diff_rows`` compares whole rows (a contract: its number, then every
column) as tuples, each incoming row lined up with the stored row of its key and the pairs compared in C. Both
give exactly what a naive comparison by key gives: the incoming rows that are new, the stored rows whose values
changed (with their new values), and the stored rows that are gone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress
from operator import ne
from typing import Any

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class KeyDiff:
    """Indexes into the arrays given to ``diff_keys``."""

    added: np.ndarray  # into new: keys not stored
    changed: np.ndarray  # into new: stored keys with another value
    removed: np.ndarray  # into old: keys not in new


def diff_keys(old_keys: np.ndarray, old_values: np.ndarray, new_keys: np.ndarray, new_values: np.ndarray) -> KeyDiff:
    """Compare stored (key, value) pairs with incoming ones; keys are unique on each side (else ValueError).

    The keys are matched through pandas' index (a merge when both sides are sorted, as files and tables mostly
    are, a hash table otherwise), the values compared as arrays.
    """
    old_index, new_index = pd.Index(old_keys), pd.Index(new_keys)
    if not (old_index.is_unique and new_index.is_unique):
        raise ValueError("duplicate keys")  # validation refuses duplicates; never write half a diff
    where = old_index.get_indexer(new_index)
    found = where >= 0
    matched = np.flatnonzero(found)
    changed = matched[old_values[where[matched]] != new_values[matched]]
    kept = np.zeros(len(old_keys), dtype=bool)
    kept[where[matched]] = True
    return KeyDiff(np.flatnonzero(~found), changed, np.flatnonzero(~kept))


Row = tuple[Any, ...]  # key first


@dataclass(frozen=True)
class RowDiff:
    """Rows are tuples whose first element is the key."""

    added: list[Row]  # incoming rows with a new key, in incoming order
    changed: list[tuple[Row, Row]]  # (stored, incoming), in incoming order
    removed: list[Any]  # keys stored but not incoming, in stored order


def diff_rows(old: Sequence[Row], new: Sequence[Row]) -> RowDiff:
    """Compare stored rows with incoming ones (keys unique on each side, else ValueError).

    The stored row of each incoming key is lined up with it and the pairs compared in C; only the rows that differ
    are looked at one by one.
    """
    stored = {r[0]: r for r in old}
    keys = [r[0] for r in new]
    if len(stored) != len(old) or len(set(keys)) != len(keys):
        raise ValueError("duplicate keys")  # validation refuses duplicates; never write half a diff
    aligned = list(map(stored.get, keys))
    added: list[Row] = []
    changed: list[tuple[Row, Row]] = []
    for i in compress(range(len(new)), map(ne, aligned, new)):
        before = aligned[i]
        if before is None:
            added.append(new[i])
        else:
            changed.append((before, new[i]))
    removed: list[Any] = []
    if len(new) - len(added) != len(stored):  # some stored keys are not incoming
        incoming = set(keys)
        removed = [key for key in stored if key not in incoming]
    return RowDiff(added, changed, removed)
