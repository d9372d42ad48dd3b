"""Distinct values of big object columns: pandas' factorize codes/uniques and the first row of each code."""

from __future__ import annotations

import numpy as np
import pandas as pd


def first_rows(codes: np.ndarray) -> np.ndarray:
    """The first row of each code of a factorize (codes are numbered in order of first appearance; -1 skipped)."""
    if len(codes) == 0:
        return np.empty(0, dtype=np.int64)
    seen = np.maximum.accumulate(codes)
    return np.flatnonzero(np.concatenate(([codes[0] >= 0], codes[1:] > seen[:-1])))


def factorize(values: np.ndarray, *, na_sentinel: bool) -> tuple[np.ndarray, np.ndarray]:
    """``pandas.factorize(values, use_na_sentinel=na_sentinel)`` with the uniques as an object array."""
    codes, uniques = pd.factorize(values, use_na_sentinel=na_sentinel)
    return codes, np.asarray(uniques, dtype=object)
