"""first_rows: the first row of each factorize code, which the reference checks report issues against."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from rmdesk.services.importing.distinct import first_rows


def test_first_rows_of_each_code() -> None:
    # codes of "b a b c a" are 0 1 0 2 1: first rows 0, 1 and 3; a -1 (blank) is never a first row
    assert first_rows(np.array([0, 1, 0, 2, 1])).tolist() == [0, 1, 3]
    assert first_rows(np.array([-1, 0, -1, 1])).tolist() == [1, 3]
    assert first_rows(np.array([], dtype=np.int64)).tolist() == []


@settings(max_examples=80, deadline=None)
@given(st.lists(st.one_of(st.none(), st.sampled_from(["A001", "B002", "C003", "D004"])), max_size=40))
def test_first_rows_are_where_each_value_first_appears(cells: list[str | None]) -> None:
    codes, uniques = pd.factorize(np.array(cells, dtype=object), use_na_sentinel=True)
    # the definition: for each distinct non-blank value in order of appearance, the index of its first cell
    expected = [cells.index(value) for value in uniques]
    assert first_rows(codes).tolist() == expected
