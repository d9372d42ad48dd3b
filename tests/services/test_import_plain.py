"""The whole-column fast paths of the import (plain cells in numpy) give exactly what the cell parsers give.

Columns mix plain cells with blank, signed, comma-grouped (well and badly), padded, full-width and invalid ones:
every cell's value, blank flag and error must be those of the parser applied to that cell alone.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from rmdesk.services.importing import plain
from rmdesk.services.importing.convert import convert
from rmdesk.services.importing.values import (
    CellError,
    parse_amount,
    parse_amount_nonneg,
    parse_amount_positive,
    parse_code,
    parse_date,
    parse_id_no,
    parse_phone,
    parse_price,
    parse_quantity,
    parse_quantity_positive,
    text_parser,
)

NUMBER_PARSERS = (
    parse_quantity,
    parse_quantity_positive,
    parse_amount,
    parse_amount_nonneg,
    parse_amount_positive,
    parse_price,
)


def _grouped(whole: int) -> str:
    return f"{whole:,}"


@st.composite
def number_cells(draw: st.DrawFn) -> str:
    """A number as an export might write it: signs, decimals, thousands separators (right or wrong), padding."""
    whole = draw(st.one_of(st.integers(0, 999), st.integers(0, 10**6), st.integers(0, 10**14)))
    decimals = draw(st.text("0123456789", max_size=5))
    sign = draw(st.sampled_from(["", "", "", "-", "+"]))
    style = draw(st.sampled_from(["plain", "plain", "grouped", "misgrouped", "zeros", "padded", "fullwidth"]))
    body = str(whole)
    if style == "grouped":
        body = _grouped(whole)
    elif style == "misgrouped" and len(body) > 1:
        cut = draw(st.integers(1, len(body) - 1))
        body = body[:cut] + "," + body[cut:]
    elif style == "zeros":
        body = "0" * draw(st.integers(1, 6)) + body
    text = sign + body + (("." + decimals) if draw(st.booleans()) else "")
    if style == "padded":
        text = draw(st.sampled_from([" ", "\t", "\u3000"])) + text
    if style == "fullwidth":
        text = text.translate(str.maketrans("0123456789.,-", "０１２３４５６７８９．，－"))
    return text


ODD_CELLS = [
    "", " ", "-", ".", "-.", ",", "1,", ",1", "1.2.3", "--1", "1-", "12.", ".5", "0", "-0", "0.000", "1e5", "¥12",
    "1_000", "12\n3", "\n", "x\x00", "٣", "9" * 13, "9" * 12, "999,999,999,999.999", "1,000,000,000,000", "12 34",
    "١٢٣", "nan", "1234,567", "1,2345",
]  # fmt: skip
mixed_numbers = st.lists(st.one_of(number_cells(), st.sampled_from(ODD_CELLS), st.text(max_size=6)), max_size=30)


def _cell_by_cell(cells: list[str], parse: Callable[[str], Any]) -> list[tuple[Any, bool, Any]]:
    """(value, blank, error) of each cell through the parser alone: the reference the column path must equal."""
    out: list[tuple[Any, bool, Any]] = []
    for cell in cells:
        if not cell.strip():
            out.append((None, True, None))
            continue
        try:
            out.append((parse(cell), False, None))
        except CellError as err:
            out.append((None, False, (err.code, err.params)))
    return out


def _converted(cells: list[str], parse: Callable[[str], Any]) -> list[tuple[Any, bool, Any]]:
    col = convert(pd.Series(cells, dtype=object), parse)
    errors = {pos: (err.code, err.params) for pos, err in col.errors}
    assert len(errors) == len(col.errors)  # each bad cell named once
    assert [pos for pos, _ in col.errors] == sorted(errors)  # in row order
    got = [(v, bool(b), errors.get(i)) for i, (v, b) in enumerate(zip(col.values, col.blank, strict=True))]
    codes, uniques = col.factorized()  # perhaps taken over from the conversion: must be the values' own
    fresh_codes, fresh_uniques = pd.factorize(col.values, use_na_sentinel=True)
    assert codes.tolist() == fresh_codes.tolist() and list(uniques) == list(fresh_uniques)
    assert all(type(v) is int for v, _, _ in got if isinstance(v, (int, np.integer)))  # Python ints, never numpy
    return got


@settings(max_examples=300, deadline=None)
@given(cells=mixed_numbers)
def test_number_columns_equal_the_parser_cell_by_cell(cells: list[str]) -> None:
    for parse in NUMBER_PARSERS:
        assert _converted(cells, parse) == _cell_by_cell(cells, parse), parse.__name__


@settings(max_examples=200, deadline=None)
@given(cells=mixed_numbers, signed=st.booleans(), scale=st.sampled_from([0, 3]))
def test_plain_number_scanner_agrees_with_the_parser_where_it_answers(
    cells: list[str], signed: bool, scale: int
) -> None:
    if not cells:
        return
    found = plain.numbers(np.array(cells, dtype=object), scale=scale, signed=signed)
    assert found is not None
    value, ok = found
    for cell, v, taken in zip(cells, value.tolist(), ok.tolist(), strict=True):
        if taken:  # parse_amount reads yuan into li (× 1,000): a whole number of units when scale is 0
            assert parse_amount(cell) == v * 10 ** (3 - scale), cell
            assert signed or not cell.startswith("-")
            if scale == 0 and not signed:
                assert parse_quantity(cell) == v


@given(
    values=st.lists(
        st.tuples(st.integers(0, 10**12 - 1), st.integers(0, 999), st.booleans(), st.booleans()), min_size=1
    )
)
def test_every_plain_number_takes_the_fast_path(values: list[tuple[int, int, bool, bool]]) -> None:
    # 1,234,567.089 → 1,234,567,089 li; 1234567 → 1,234,567,000 li; "-" only in signed columns.
    cells, li = [], []
    for whole, thousandths, grouped, negative in values:
        body = _grouped(whole) if grouped else str(whole)
        cells.append(("-" if negative else "") + f"{body}.{thousandths:03d}")
        li.append((-1 if negative else 1) * (whole * 1000 + thousandths))
    value, ok = plain.numbers(np.array(cells, dtype=object), scale=3, signed=True)  # type: ignore[misc]
    assert ok.all()
    assert value.tolist() == li
    quantities = [str(whole) for whole, *_ in values]
    value, ok = plain.numbers(np.array(quantities, dtype=object), scale=0, signed=False)  # type: ignore[misc]
    assert ok.all()
    assert value.tolist() == [whole for whole, *_ in values]


code_cells = st.one_of(
    st.builds(
        lambda d, s: d + "." + s,
        st.text("0123456789", min_size=5, max_size=7),
        st.sampled_from(["SH", "SZ", "BJ", "sh", "Sz", "HK", "S", "SHH"]),
    ),
    st.sampled_from(["", " ", "600519.SH ", " 600519.SH", "６００５１９.SH", "600519SH", "600519.SH\n", "٦٠٠٥١٩.SH"]),
    st.text(max_size=10),
)


@settings(max_examples=200, deadline=None)
@given(cells=st.lists(code_cells, max_size=30))
def test_code_columns_equal_the_parser_cell_by_cell(cells: list[str]) -> None:
    assert _converted(cells, parse_code) == _cell_by_cell(cells, parse_code)


text_cells = st.one_of(
    st.text(max_size=8),
    st.text("ab中 \t\u3000\x01\x7f\n", max_size=8),
    st.sampled_from(["", " ", "6088000001", "王龙", " x", "x ", "a\tb", "a\x0bb", "\x85x", "x\u2028"]),
)


@settings(max_examples=200, deadline=None)
@given(cells=st.lists(text_cells, max_size=30), max_len=st.integers(1, 8))
def test_text_columns_equal_the_parser_cell_by_cell(cells: list[str], max_len: int) -> None:
    parse = text_parser(max_len)
    assert _converted(cells, parse) == _cell_by_cell(cells, parse)


def test_a_blank_or_bad_cell_leaves_the_rest_of_the_column_on_the_fast_path() -> None:
    # 80,000 contracts where shorts leave outstanding_amount blank: the blanks must not cost the plain cells.
    cells = np.array(["81081", "", "1,421.96", "-5", "x"], dtype=object)
    value, ok = plain.numbers(cells, scale=3, signed=False)  # type: ignore[misc]
    assert ok.tolist() == [True, False, True, False, False]
    assert value[0] == 81_081_000 and value[2] == 1_421_960  # 81,081 yuan; 1,421.96 yuan = 1,421,960 li
    col = convert(pd.Series(cells), parse_amount_nonneg)
    assert col.values.tolist() == [81_081_000, None, 1_421_960, None, None]
    assert col.blank.tolist() == [False, True, False, False, False]
    assert [(pos, err.code) for pos, err in col.errors] == [(3, "value.negative"), (4, "value.number")]


@st.composite
def date_cells(draw: st.DrawFn) -> str:
    """Days in every form the parser takes, impossible days (30 Feb), years out of range, odd padding."""
    year = draw(st.sampled_from([1899, 1900, 2000, 2024, 2026, 2100, 2199, 2200, 9999, 0]))
    month, day = draw(st.integers(0, 13)), draw(st.integers(0, 32))
    form = draw(st.sampled_from(["{y:04d}-{m:02d}-{d:02d}"] * 4 + [
        "{y:04d}/{m:02d}/{d:02d}", "{y:04d}{m:02d}{d:02d}", "{y:04d}-{m}-{d}", "{y:04d}-{m:02d}-{d:02d} 00:00:00",
        " {y:04d}-{m:02d}-{d:02d}", "{y:04d}-{m:02d}-{d:02d}x", "{y:04d}－{m:02d}－{d:02d}",
    ]))  # fmt: skip
    return form.format(y=year, m=month, d=day)


@settings(max_examples=200, deadline=None)
@given(cells=st.lists(st.one_of(date_cells(), st.sampled_from(["", " ", "2026-11-2x"]), st.text(max_size=10))))
def test_date_columns_equal_the_parser_cell_by_cell(cells: list[str]) -> None:
    assert _converted(cells, parse_date) == _cell_by_cell(cells, parse_date)


def test_plain_days_take_the_fast_path_and_each_is_the_real_day() -> None:
    cells = np.array(["2026-11-20", "2024-02-29", "2026-02-29", "1899-12-31", "2026/11/20", ""], dtype=object)
    found = plain.dates(cells)
    assert found is not None
    days, ok = found
    assert ok.tolist() == [True, True, False, False, False, False]  # 2026 is no leap year; 1899 out of range
    assert days[:2].tolist() == [date(2026, 11, 20), date(2024, 2, 29)]


phone_cells = st.one_of(
    st.builds(lambda d: "1" + d, st.text("0123456789", min_size=9, max_size=11)),
    st.builds(lambda d: d, st.text("0123456789", min_size=10, max_size=12)),
    st.sampled_from(
        ["+8613812345678", "138-1234-5678", "138 1234 5678", "１３８１２３４５６７８", "13812345678 ", "x"]
    ),
    st.text(max_size=12),
)


@settings(max_examples=200, deadline=None)
@given(cells=st.lists(phone_cells, max_size=30))
def test_phone_columns_equal_the_parser_cell_by_cell(cells: list[str]) -> None:
    assert _converted(cells, parse_phone) == _cell_by_cell(cells, parse_phone)


id_cells = st.one_of(
    st.text("0123456789Xx", min_size=15, max_size=18),
    st.sampled_from(["11010519491231002X", "11010519491231002x", "ß", "ﬁ", "ǆ", " A1", "A" * 33, "ｘ"]),
    text_cells,
)


@settings(max_examples=200, deadline=None)
@given(cells=st.lists(id_cells, max_size=30))
def test_id_number_columns_equal_the_parser_cell_by_cell(cells: list[str]) -> None:
    assert _converted(cells, parse_id_no) == _cell_by_cell(cells, parse_id_no)


@given(
    cells=st.lists(
        st.builds(
            lambda d, s: d + "." + s, st.text("0123456789", min_size=6, max_size=6), st.sampled_from(["SH", "SZ", "BJ"])
        ),
        min_size=1,
    ),
    days=st.lists(st.dates(date(1900, 1, 1), date(2199, 12, 31)), min_size=1),
)
def test_columns_of_plain_codes_and_days_take_the_fast_path(cells: list[str], days: list[date]) -> None:
    # every cell as wide as the next: the scanners read the column as a matrix
    assert bool(plain.codes(np.array(cells, dtype=object)).all())  # type: ignore[union-attr]
    found = plain.dates(np.array([d.isoformat() for d in days], dtype=object))
    assert found is not None and bool(found[1].all()) and found[0].tolist() == days
