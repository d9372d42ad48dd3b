"""How values look in the documents: ¥ amounts, percentages, exact prices and rates, Chinese dates, masks."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from rmdesk.reports import formatting as fmt
from rmdesk.reports.data import ClientInfo

D = Decimal


def test_amounts_percentages_and_dates() -> None:
    assert fmt.yuan(D("1234567.89")) == "¥1,234,567.89"
    assert fmt.yuan(D("-1822210.29")) == "-¥1,822,210.29"
    assert fmt.yuan(D("0.005")) == "¥0.01"  # half away from zero
    assert fmt.yuan(None) == "—"
    assert fmt.amount(D("129211.5")) == "129,211.50"
    assert fmt.percent(D("1.5327")) == "153.27%"
    assert fmt.percent(None) == "—"
    assert fmt.cn_date(date(2026, 11, 20)) == "2026年11月20日"
    assert fmt.cn_date(date(2026, 1, 5)) == "2026年1月5日"
    assert fmt.cn_datetime(datetime(2026, 11, 24, 15, 0)) == "2026年11月24日 15:00"
    assert fmt.quantity(1234500) == "1,234,500"


def test_prices_and_rates_are_exact_never_rounded() -> None:
    assert fmt.price(D("10.505")) == "10.505"  # a 3-decimal close is not rounded to the fen
    assert fmt.price(D("10.5")) == "10.50"
    assert fmt.price(D("1500")) == "1,500.00"
    assert fmt.rate(D("0.0835")) == "8.35%"
    assert fmt.rate(D("0.10355")) == "10.355%"
    assert fmt.haircut(D("0.7")) == "0.70"
    assert fmt.haircut(D("0")) == "0.00"


@given(st.integers(min_value=0, max_value=10**12))
def test_price_shows_every_li(li: int) -> None:
    value = D(li).scaleb(-3)
    assert D(fmt.price(value).replace(",", "")) == value


def test_personal_data_is_masked_once() -> None:
    assert fmt.mask_id_no("110105199001011234") == "110105********1234"
    assert fmt.mask_id_no("110105********1234") == "110105********1234"
    assert fmt.mask_phone("13812345678") == "138****5678"
    client = ClientInfo("C1", "张三", id_masked="110105199001011234", phone_masked="13812345678")
    assert (client.id_masked, client.phone_masked) == ("110105********1234", "138****5678")
