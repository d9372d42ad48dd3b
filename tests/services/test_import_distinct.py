"""Grouping big import columns by object first gives exactly pandas' factorize (codes and uniques, in order)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from rmdesk.services.importing.distinct import factorize, first_rows

# Values as the import's columns hold them; equal values are often distinct objects (copies), sometimes the same one.
values = st.one_of(
    st.text(max_size=4),
    st.integers(-3, 3),
    st.dates(date(2026, 1, 1), date(2026, 1, 5)),
    st.none(),
    st.just(float("nan")),
)


@settings(max_examples=60, deadline=None)
@given(
    pool=st.lists(values, min_size=1, max_size=12),
    picks=st.lists(st.tuples(st.integers(0, 11), st.booleans()), min_size=1, max_size=40),
    na_sentinel=st.booleans(),
)
def test_factorize_by_object_equals_pandas(
    pool: list[object], picks: list[tuple[int, bool]], na_sentinel: bool
) -> None:
    cells = []
    for i, copy in picks:  # a copy is an equal but distinct object (as two reads of the same text would give)
        value = pool[i % len(pool)]
        cells.append(value[:] + "" if copy and isinstance(value, str) else value)
    # long enough (> 4096 rows) to be grouped by object, as a file's column is
    column = np.array((cells * (5000 // len(cells) + 1))[:5000], dtype=object)
    codes, uniques = factorize(column, na_sentinel=na_sentinel)
    expected_codes, expected_uniques = pd.factorize(column, use_na_sentinel=na_sentinel)
    assert codes.tolist() == expected_codes.tolist()
    expected = list(expected_uniques)
    assert len(uniques) == len(expected)
    for got, want in zip(uniques.tolist(), expected, strict=True):
        assert type(got) is type(want)
        assert got == want or (pd.isna(got) and pd.isna(want))


def test_equal_strings_in_different_objects_share_a_code() -> None:
    # "A001" read twice is two objects: one code, first seen in row 0; blanks (None) are -1 with the sentinel
    left, right = "".join(["A", "001"]), "".join(["A0", "01"])
    assert left == right and left is not right
    column = np.array([left, None, "B002", right] * 2000, dtype=object)
    codes, uniques = factorize(column, na_sentinel=True)
    assert codes[:4].tolist() == [0, -1, 1, 0] and uniques.tolist() == ["A001", "B002"]


def test_first_rows_of_each_code() -> None:
    # codes of "b a b c a" are 0 1 0 2 1: first rows 0, 1 and 3; a -1 (blank) is never a first row
    assert first_rows(np.array([0, 1, 0, 2, 1])).tolist() == [0, 1, 3]
    assert first_rows(np.array([-1, 0, -1, 1])).tolist() == [1, 3]
    assert first_rows(np.array([], dtype=np.int64)).tolist() == []
