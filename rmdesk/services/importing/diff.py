"""Set differences between the stored rows of the listed accounts and the incoming ones (pure, no database).

``diff_keys`` compares rows identified by one int64 key (a position: account id and security id packed) with one
int64 value (the quantity) as numpy arrays; ``diff_rows`` compares whole rows (a contract: its number, then every
column) as tuples, hashed in C. Both give exactly what a naive comparison by key gives: the incoming rows that are
new, the stored rows whose values changed (with their new values), and the stored rows that are gone.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from itertools import compress
from operator import ne

import numpy as np


@dataclass(frozen=True)
class KeyDiff:
    """Indexes into the arrays given to ``diff_keys``."""

    added: np.ndarray  # into new: keys not stored
    changed: np.ndarray  # into new: stored keys with another value
    removed: np.ndarray  # into old: keys not in new


def _unique(keys: np.ndarray, what: str) -> None:
    ordered = np.sort(keys, kind="stable")  # timsort: near-linear on the (usually) sorted keys
    if len(ordered) > 1 and bool((ordered[1:] == ordered[:-1]).any()):
        raise ValueError(f"duplicate {what} keys")  # validation refuses duplicates; never write half a diff


def diff_keys(old_keys: np.ndarray, old_values: np.ndarray, new_keys: np.ndarray, new_values: np.ndarray) -> KeyDiff:
    """Compare stored (key, value) pairs with incoming ones; keys are unique on each side (else ValueError)."""
    _unique(new_keys, "incoming")
    order = np.argsort(old_keys, kind="stable")
    ordered = old_keys[order]
    if len(ordered) > 1 and bool((ordered[1:] == ordered[:-1]).any()):
        raise ValueError("duplicate stored keys")
    if len(ordered) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return KeyDiff(np.arange(len(new_keys), dtype=np.int64), empty, empty)
    at = np.minimum(np.searchsorted(ordered, new_keys), len(ordered) - 1)
    found = ordered[at] == new_keys
    where = order[at]  # meaningful where found
    matched = np.flatnonzero(found)
    changed = matched[old_values[where[matched]] != new_values[matched]]
    kept = np.zeros(len(old_keys), dtype=bool)
    kept[where[matched]] = True
    return KeyDiff(np.flatnonzero(~found), changed, np.flatnonzero(~kept))


@dataclass(frozen=True)
class RowDiff:
    """Rows are tuples whose first element is the key."""

    added: list[tuple[Hashable, ...]]  # incoming rows with a new key, in incoming order
    changed: list[tuple[tuple[Hashable, ...], tuple[Hashable, ...]]]  # (stored, incoming), in incoming order
    removed: list[Hashable]  # keys stored but not incoming, in stored order


def diff_rows(old: Sequence[tuple[Hashable, ...]], new: Sequence[tuple[Hashable, ...]]) -> RowDiff:
    """Compare stored rows with incoming ones (keys unique on each side, else ValueError).

    The stored row of each incoming key is lined up with it and the pairs compared in C; only the rows that differ
    are looked at one by one.
    """
    stored = {r[0]: r for r in old}
    keys = [r[0] for r in new]
    if len(stored) != len(old) or len(set(keys)) != len(keys):
        raise ValueError("duplicate keys")  # validation refuses duplicates; never write half a diff
    aligned = list(map(stored.get, keys))
    added: list[tuple[Hashable, ...]] = []
    changed: list[tuple[tuple[Hashable, ...], tuple[Hashable, ...]]] = []
    for i in compress(range(len(new)), map(ne, aligned, new)):
        before = aligned[i]
        if before is None:
            added.append(new[i])
        else:
            changed.append((before, new[i]))
    removed: list[Hashable] = []
    if len(new) - len(added) != len(stored):  # some stored keys are not incoming
        incoming = set(keys)
        removed = [key for key in stored if key not in incoming]
    return RowDiff(added, changed, removed)
