"""Cell parsers of the import (SPEC §7): rates, lines, amounts, quantities, dates, flags, codes — exact, never float."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rmdesk.services.importing.convert import convert
from rmdesk.services.importing.values import (
    CellError,
    excel_text,
    parse_amount,
    parse_bool,
    parse_code,
    parse_date,
    parse_haircut,
    parse_kind,
    parse_line,
    parse_price,
    parse_quantity,
    parse_rate,
    parse_risk_level,
    text_parser,
)


def _code(fn: object, text: str) -> str:
    with pytest.raises(CellError) as info:
        fn(text)  # type: ignore[operator]
    return info.value.code


@pytest.mark.parametrize("text", ["0.0835", "8.35%", "8.35", " 8.35 % ", "８.３５％"])
def test_rate_forms_all_mean_eight_point_three_five_percent(text: str) -> None:
    # 8.35% = 0.0835 = 83,500 millionths
    assert parse_rate(text) == 83_500


def test_rate_bare_one_is_a_percentage_and_tiny_rates_stay_fractions() -> None:
    assert parse_rate("1") == 10_000  # bare ≥ 1 → 1% = 0.01
    assert parse_rate("0.5") == 500_000  # bare < 1 → a fraction: 50%
    assert _code(parse_rate, "100") == "value.rate_range"  # 100% is not a rate
    assert _code(parse_rate, "-1%") == "value.rate_range"
    assert _code(parse_rate, "8.3512345%") == "value.decimals"  # 0.083512345: 9 decimals, never rounded


@pytest.mark.parametrize("text", ["1.40", "140%", "140", "1.4"])
def test_line_forms(text: str) -> None:
    assert parse_line(text) == 1_400_000  # 140% = 1.4 = 1,400,000 millionths


def test_line_bare_below_ten_is_a_fraction_and_range_is_checked() -> None:
    assert parse_line("3") == 3_000_000  # 300% (withdrawal line)
    assert _code(parse_line, "1.00") == "value.line_range"  # a line at 100% is no line
    assert _code(parse_line, "95%") == "value.line_range"


def test_line_ten_reads_as_ten_percent() -> None:
    assert _code(parse_line, "10") == "value.line_range"  # bare 10 → 10% → below 100%


@pytest.mark.parametrize(
    ("text", "li"),
    [
        ("1,234.50", 1_234_500),  # thousands separators
        ("1234.5", 1_234_500),
        ("-12.345", -12_345),
        ("¥1,000", 1_000_000),
        ("0.001", 1),
        ("12.3400", 12_340),  # trailing zeros beyond 3 decimals are exact, so fine
        ("１，２３４．５", 1_234_500),  # full-width as typed with a Chinese IME
    ],
)
def test_amounts_in_li(text: str, li: int) -> None:
    assert parse_amount(text) == li


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("12.3456", "value.decimals"),  # 4 decimals: an error, never rounded
        ("1,23.4", "value.number"),  # bad grouping
        ("1e5", "value.number"),
        ("NaN", "value.number"),
        ("abc", "value.number"),
        ("9" * 20, "value.too_large"),
    ],
)
def test_bad_amounts(text: str, code: str) -> None:
    assert _code(parse_amount, text) == code


def test_price_must_be_positive() -> None:
    assert parse_price("0.001") == 1
    assert _code(parse_price, "0") == "value.not_positive"
    assert _code(parse_price, "-1.00") == "value.not_positive"


def test_quantities_are_whole_and_not_negative() -> None:
    assert parse_quantity("1,000") == 1000
    assert parse_quantity("100.00") == 100
    assert _code(parse_quantity, "100.5") == "value.whole"
    assert _code(parse_quantity, "-100") == "value.negative"


def test_haircut_between_zero_and_one() -> None:
    assert parse_haircut("0.65") == 650_000
    assert parse_haircut("65%") == 650_000
    assert parse_haircut("1") == 1_000_000
    assert _code(parse_haircut, "65") == "value.haircut_range"  # a bare 65 is not 65%: out of 0–1
    assert _code(parse_haircut, "-0.1") == "value.haircut_range"


@pytest.mark.parametrize("text", ["2026-11-20", "2026/11/20", "20261120", "2026/11/20 00:00:00", "2026-11-20T00:00"])
def test_date_forms(text: str) -> None:
    assert parse_date(text) == date(2026, 11, 20)


def test_bad_dates() -> None:
    assert _code(parse_date, "2026-02-30") == "value.date"
    assert _code(parse_date, "20/11/2026") == "value.date"
    assert _code(parse_date, "99991231") == "value.date_range"


@pytest.mark.parametrize(("text", "value"), [("Y", True), ("n", False), ("是", True), ("否", False), ("1", True),
                                             ("0", False), ("TRUE", True), ("false", False)])  # fmt: skip
def test_flags(text: str, value: bool) -> None:
    assert parse_bool(text) is value


def test_flag_other_text_is_an_error() -> None:
    assert _code(parse_bool, "maybe") == "value.bool"


def test_codes_are_normalised_and_checked() -> None:
    assert parse_code("000001.sz") == "000001.SZ"
    assert parse_code(" 430047.BJ ") == "430047.BJ"
    for bad in ("600519", "600519.SS", "60051.SH", "600519.SH.X"):
        assert _code(parse_code, bad) == "value.code"


def test_kinds_in_both_languages_and_risk_levels() -> None:
    assert [parse_kind(k) for k in ("股票", "ETF", "基金", "债券", "国债", "货币基金", "Money_Fund")] == [
        "stock", "etf", "fund", "bond", "gov_bond", "money_fund", "money_fund",
    ]  # fmt: skip
    assert [parse_risk_level(t) for t in ("C1", "c5", "3", "积极型")] == [1, 5, 3, 5]
    assert _code(parse_risk_level, "C6") == "value.risk_level"


def test_excel_cells_become_the_text_a_csv_would_hold() -> None:
    from datetime import datetime

    assert excel_text(1234.5) == "1234.5"
    assert excel_text(0.1 + 0.2) == "0.30000000000000004"  # what the cell really holds: more than 3 decimals
    assert excel_text(100.0) == "100"
    assert excel_text(datetime(2026, 11, 20)) == "2026-11-20"
    assert excel_text(True) == "Y"
    assert excel_text(None) == ""


@given(li=st.integers(min_value=-(10**14), max_value=10**14), grouped=st.booleans())
def test_any_amount_written_as_yuan_reads_back_exactly(li: int, grouped: bool) -> None:
    sign = "-" if li < 0 else ""
    whole, frac = divmod(abs(li), 1000)
    text = f"{sign}{whole:,}.{frac:03d}" if grouped else f"{sign}{whole}.{frac:03d}"
    assert parse_amount(text) == li


@given(
    cells=st.lists(st.integers(min_value=-(10**15) + 1, max_value=10**15 - 1), min_size=1, max_size=50),
    grouped=st.booleans(),
)
def test_column_fast_path_equals_cell_by_cell(cells: list[int], grouped: bool) -> None:
    # "-1,234.450"-style cells take the one-pass path; the values must be those of the per-cell parser.
    def text(li: int) -> str:
        whole, frac = divmod(abs(li), 1000)
        body = f"{whole:,}" if grouped else str(whole)
        return ("-" if li < 0 else "") + (f"{body}.{frac:03d}" if li % 2 else body)

    texts = [text(c) for c in cells]
    col = convert(pd.Series(texts, dtype=object), parse_amount)
    assert list(col.values) == [parse_amount(t) for t in texts]
    assert col.errors == []
    prices = convert(pd.Series(texts, dtype=object), parse_price)  # a price must be > 0 and < 10,000,000 yuan
    read = [parse_amount(t) for t in texts]  # odd li keep their decimals, even ones are written whole
    assert {pos for pos, _ in prices.errors} == {i for i, li in enumerate(read) if li <= 0 or li >= 10**10}


@given(cells=st.lists(st.text(max_size=6), min_size=1, max_size=20))
def test_text_column_fast_path_equals_cell_by_cell(cells: list[str]) -> None:
    parse = text_parser(4)
    col = convert(pd.Series(cells, dtype=object), parse)
    expected = []
    for cell in cells:
        try:
            expected.append(None if not cell.strip() else parse(cell))
        except CellError as err:
            expected.append(err.code)
    got = list(col.values)
    for pos, err in col.errors:
        got[pos] = err.code
    assert got == expected


def test_column_conversion_reports_each_bad_cell_once_per_row() -> None:
    col = convert(pd.Series(["1", "x", "", "x", "2.5"], dtype=object), parse_quantity)
    assert [(pos, err.code) for pos, err in col.errors] == [
        (1, "value.number"),
        (3, "value.number"),
        (4, "value.whole"),
    ]
    assert list(col.blank) == [False, False, True, False, False]
    assert col.values[0] == 1
