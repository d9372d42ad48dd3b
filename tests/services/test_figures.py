"""The figures of SPEC §3.1 on small books computed by hand (default policy: lines 1.40/1.30/1.50/1.20/3.00,
financing margin 0.80 for trades 2023-09-08 … 2026-01-18 else 1.00, short margin 1.00)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest

from rmdesk.services.figures import (
    AccountInput,
    Concentration,
    ContractInput,
    EngineRangeError,
    Figures,
    Lines,
    PositionInput,
    SecurityInput,
    build_book,
    compute,
)
from rmdesk.services.policy import Policy

AS_OF = date(2026, 11, 20)
S1, S2, S3, S4, S5, S6, S7, S8, S9 = range(1, 10)
SECURITIES = [
    SecurityInput(S1, "600000.SH", D("12.000"), D("0.70")),
    SecurityInput(S2, "000001.SZ", D("20.000"), D("0.65")),
    SecurityInput(S3, "600519.SH", D("100.000"), D("0.70")),
    SecurityInput(S4, "510300.SH", D("4.000"), D("0.90")),
    SecurityInput(S5, "000002.SZ", D("8.000"), D("0.65")),
    SecurityInput(S6, "300750.SZ", D("50.000"), D("0.60")),
    SecurityInput(S7, "601318.SH", D("10.000"), D("0.70")),
    SecurityInput(S8, "000004.SZ", D("0.010"), D("0.50")),
    SecurityInput(S9, "000005.SZ", D("1.000"), D("0.50")),
]


def financing(
    sec: int, trade_date: date, price: str, qty: int, owed: str, *, acct: int = 1, oq: int | None = None, **kw: object
) -> ContractInput:
    return ContractInput(
        account_id=acct,
        security_id=sec,
        type="financing",
        trade_date=trade_date,
        trade_price=D(price),
        trade_quantity=qty,
        trade_amount=D(price) * qty,
        outstanding_amount=D(owed),
        outstanding_quantity=oq,
        due_date=kw.pop("due", date(2026, 12, 31)),  # type: ignore[arg-type]
        accrued_interest=D(str(kw.pop("accrued", "0"))),
    )


def short(
    sec: int, trade_date: date, price: str, qty: int, owed_qty: int, *, acct: int = 1, **kw: object
) -> ContractInput:
    return ContractInput(
        account_id=acct,
        security_id=sec,
        type="short",
        trade_date=trade_date,
        trade_price=D(price),
        trade_quantity=qty,
        trade_amount=D(price) * qty,
        outstanding_amount=None,
        outstanding_quantity=owed_qty,
        due_date=kw.pop("due", date(2026, 12, 31)),  # type: ignore[arg-type]
        accrued_interest=D(str(kw.pop("accrued", "0"))),
    )


def one(
    cash: str,
    positions: list[tuple[int, int]] = (),  # type: ignore[assignment]
    contracts: list[ContractInput] = (),  # type: ignore[assignment]
    *,
    credit_limit: str = "1000000",
    policy: Policy | None = None,
    **lines: D,
) -> Figures:
    account = AccountInput(1, "A1", D(cash), D(credit_limit), client_id=7, client_no="C7", **lines)
    book = build_book([account], SECURITIES, [PositionInput(1, s, q) for s, q in positions], contracts)
    (figures,) = compute(book, policy or Policy(), AS_OF)
    return figures


def test_financing_only_every_figure() -> None:
    f = one(
        "10000",
        [(S1, 10_000), (S2, 1_000)],
        [financing(S1, date(2026, 2, 2), "10.000", 10_000, "80000", accrued="100", due=date(2026, 8, 2))],
        credit_limit="500000",
    )
    assert (f.account_id, f.account_no, f.client_id, f.client_no, f.as_of) == (1, "A1", 7, "C7", AS_OF)
    assert f.cash == D("10000.00")
    assert f.market_value == D("140000.00")  # 10,000 × 12 + 1,000 × 20
    assert f.collateral_value == D("97000.00")  # 120,000 × 0.70 + 20,000 × 0.65
    assert f.total_assets == D("150000.00")  # 10,000 + 140,000
    assert (f.financing_debt, f.short_value, f.interest_fees) == (D("80000.00"), D("0.00"), D("100.00"))
    assert f.total_liabilities == D("80100.00")
    assert f.net_assets == D("69900.00")  # 150,000 − 80,100
    assert f.maintenance_ratio == D("1.8727")  # 150,000 / 80,100 = 1.872659…
    assert f.level == "normal"
    assert (f.topup_to_target, f.repay_to_target) == (D("0.00"), D("0.00"))  # 1.5 × 80,100 = 120,150 < 150,000
    # s = (1.4 × 80,100 − 10,000) / 140,000 = 102,140 / 140,000 = 0.729571… → drop 0.270428…
    assert f.drop_to_warning == D("0.2704")
    # s = (1.3 × 80,100 − 10,000) / 140,000 = 94,130 / 140,000 = 0.672357… → drop 0.327642…
    assert f.drop_to_closeout == D("0.3276")
    # financed qty = 10,000 × 80,000 / 100,000 = 8,000 → collateral-only S1 2,000 × 12 × 0.70 = 16,800; S2 13,000;
    # bracket (8,000 × 12 − 80,000) = 16,000 ≥ 0 → × 0.70 = 11,200; margin 80,000 × 1.00 (traded 2026-02-02)
    # 10,000 + 16,800 + 13,000 + 11,200 − 80,000 − 100 = −29,100
    assert f.available_margin == D("-29100.00")
    assert f.withdrawable == D("0.00")  # min(10,000, −29,100, 150,000 − 3 × 80,100) < 0
    assert (f.credit_limit, f.credit_used, f.credit_available) == (D("500000.00"), D("80000.00"), D("420000.00"))
    assert f.credit_usage_breach is False  # 80,000 / 500,000 = 0.16
    assert f.max_concentration == Concentration("600000.SH", D("0.8571"))  # 120,000 / 140,000 = 0.857142…
    assert f.concentration_breach is True  # ratio 1.87 is in [1.80, 2.40): limit 0.85 < 0.857…
    assert f.earliest_due == date(2026, 8, 2)
    assert f.open_contracts == 1
    assert f.lines == Lines(D("1.40"), D("1.30"), D("1.50"), D("1.20"), D("3.00"))


def test_short_only_every_figure() -> None:
    f = one(
        "150000",
        [(S4, 10_000)],
        [short(S3, date(2026, 3, 2), "110.000", 1_000, 1_000, accrued="500")],
        credit_limit="120000",
    )
    assert f.market_value == D("40000.00")  # 10,000 × 4
    assert f.collateral_value == D("36000.00")  # 40,000 × 0.90
    assert f.total_assets == D("190000.00")
    assert f.short_value == D("100000.00")  # 1,000 × 100
    assert f.financing_debt == D("0.00")
    assert f.total_liabilities == D("100500.00")  # 100,000 + 500
    assert f.net_assets == D("89500.00")
    assert f.maintenance_ratio == D("1.8905")  # 190,000 / 100,500 = 1.890547…
    assert f.level == "normal"
    # M − X·S = 40,000 − 1.4 × 100,000 < 0: a uniform fall cannot reach the line
    assert f.drop_to_warning is None and f.drop_to_closeout is None
    assert f.credit_used == D("110000.00")  # 1,000 × trade price 110
    assert f.credit_available == D("10000.00")
    assert f.credit_usage_breach is True  # 110,000 / 120,000 = 0.9167 ≥ 0.90
    # 150,000 + 36,000 + (110,000 − 100,000) × 0.70 − 110,000 − 100,000 × 1.00 − 500 = −17,500
    assert f.available_margin == D("-17500.00")
    assert f.withdrawable == D("0.00")
    assert f.max_concentration == Concentration("510300.SH", D("1.0000"))
    assert f.concentration_breach is True  # ratio 1.89 → limit 0.85
    assert f.open_contracts == 1


def test_mixed_book_and_short_proceeds_never_withdrawable() -> None:
    f = one(
        "500000",
        [(S1, 50_000), (S2, 10_000)],
        [
            financing(S2, date(2025, 6, 16), "18.000", 5_000, "90000", accrued="1200"),
            short(S3, date(2026, 2, 10), "95.000", 400, 400, accrued="300"),
        ],
    )
    assert f.market_value == D("800000.00")  # 600,000 + 200,000
    assert f.total_assets == D("1300000.00")
    assert f.total_liabilities == D("131500.00")  # 90,000 + 400 × 100 + 1,200 + 300
    assert f.maintenance_ratio == D("9.8859")  # 1,300,000 / 131,500 = 9.885931…
    assert f.credit_used == D("128000.00")  # 90,000 + 400 × 95
    # collateral-only: S1 50,000 × 12 × 0.70 = 420,000; S2 (10,000 − 5,000) × 20 × 0.65 = 65,000
    # financing bracket (5,000 × 20 − 90,000) × 0.65 = 6,500; short bracket 38,000 − 40,000 = −2,000 (k = 1)
    # − proceeds 38,000 − 90,000 × 0.80 (traded 2025-06) − 40,000 × 1.00 − 1,500
    # = 500,000 + 420,000 + 65,000 + 6,500 − 2,000 − 38,000 − 72,000 − 40,000 − 1,500 = 838,000
    assert f.available_margin == D("838000.00")
    # min(500,000 − 38,000 proceeds, 838,000, 1,300,000 − 3 × 131,500 = 905,500) = 462,000 (not 500,000)
    assert f.withdrawable == D("462000.00")
    assert f.drop_to_warning is None  # 1.4 × 91,500 − 500,000 < 0: cash alone covers the line
    assert f.max_concentration == Concentration("600000.SH", D("0.7500"))
    assert f.concentration_breach is False  # ratio ≥ 2.40: no limit
    assert f.open_contracts == 2


def test_margin_ratio_by_trade_date_partial_repayment_and_financed_only_security() -> None:
    f = one(
        "20000",
        [(S5, 10_000), (S6, 1_000)],
        [
            # repaid down to 33,333.333: financed qty = ⌊10,000 × 33,333.333 / 100,000⌋ = ⌊3,333.3333⌋ = 3,333
            financing(S5, date(2025, 6, 16), "10.000", 10_000, "33333.333", accrued="1000", due=date(2025, 12, 16)),
            # the whole S6 position is financed (imported outstanding qty 1,000): collateral-only 0
            financing(S6, date(2026, 2, 9), "40.000", 1_000, "40000", oq=1_000, accrued="200", due=date(2026, 8, 9)),
        ],
    )
    assert f.financing_debt == D("73333.33")  # 33,333.333 + 40,000
    assert f.total_liabilities == D("74533.33")  # 73,333.333 + 1,200 = 74,533.333
    assert f.net_assets == D("75466.67")  # 150,000 − 74,533.333 = 75,466.667
    assert f.maintenance_ratio == D("2.0125")  # 150,000 / 74,533.333 = 2.012522…
    # C 20,000 + S5 (10,000 − 3,333) × 8 × 0.65 = 34,668.4 + S6 0
    # + F1 bracket 3,333 × 8 − 33,333.333 = −6,669.333 (a loss: k = 1) + F2 (1,000 × 50 − 40,000) × 0.60 = 6,000
    # − 33,333.333 × 0.80 (traded 2025-06) = 26,666.6664 − 40,000 × 1.00 (traded 2026-02) − 1,200
    # = −13,867.5994
    assert f.available_margin == D("-13867.60")
    # s = (1.4 × 74,533.333 − 20,000) / 130,000 = 0.648820… → 0.351179…
    assert f.drop_to_warning == D("0.3512")
    # s = (1.3 × 74,533.333 − 20,000) / 130,000 = 0.591487… → 0.408512…
    assert f.drop_to_closeout == D("0.4085")
    assert f.max_concentration == Concentration("000002.SZ", D("0.6154"))  # 80,000 / 130,000
    assert f.concentration_breach is False  # ratio 2.01 → limit 0.85
    assert f.earliest_due == date(2025, 12, 16)  # overdue but still open
    assert f.open_contracts == 2


def test_exactly_on_the_warning_line_is_normal_with_drop_zero() -> None:
    # 20,000 + 12,000 × 10 = 140,000 against 100,000: exactly 140.00%
    f = one("20000", [(S7, 12_000)], [financing(S7, date(2026, 2, 9), "10.000", 10_000, "100000", oq=10_000)])
    assert f.maintenance_ratio == D("1.4000")
    assert f.level == "normal"
    assert f.drop_to_warning == D("0.0000")  # s = (140,000 − 20,000) / 120,000 = 1
    assert f.drop_to_closeout == D("0.0833")  # s = (130,000 − 20,000) / 120,000 = 0.916666…
    assert f.topup_to_target == D("10000.00")  # 1.5 × 100,000 − 140,000
    assert f.repay_to_target == D("20000.00")  # 10,000 / (1.5 − 1)


def test_just_below_the_warning_line() -> None:
    # 19,990 + 120,000 = 139,990 against 100,000: 139.99%
    f = one("19990", [(S7, 12_000)], [financing(S7, date(2026, 2, 9), "10.000", 10_000, "100000", oq=10_000)])
    assert f.maintenance_ratio == D("1.3999")
    assert f.level == "warning"
    assert f.drop_to_warning is None  # s = 120,010 / 120,000 > 1: breached already
    assert f.topup_to_target == D("10010.00")  # 150,000 − 139,990
    assert f.repay_to_target == D("20020.00")  # 10,010 / 0.5


def test_level_uses_the_unrounded_ratio() -> None:
    # 19,999.5 + 120,000 = 139,999.5 against 100,000: 1.399995 prints 1.4000 but is below the line
    f = one("19999.5", [(S7, 12_000)], [financing(S7, date(2026, 2, 9), "10.000", 10_000, "100000", oq=10_000)])
    assert f.maintenance_ratio == D("1.4000")
    assert f.level == "warning"


@pytest.mark.parametrize(
    ("cash", "level", "topup", "repay"),
    [
        ("5000", "closeout", "25000.00", "50000.00"),  # 125,000 / 100,000 = 1.25; 150,000 − 125,000; / 0.5
        ("0", "closeout", "30000.00", "60000.00"),  # 120,000 / 100,000 = 1.20 exactly: not below emergency
        ("-10000", "emergency", "40000.00", "80000.00"),  # 110,000 / 100,000 = 1.10 < 1.20
    ],
)
def test_levels_below_the_lines(cash: str, level: str, topup: str, repay: str) -> None:
    f = one(cash, [(S7, 12_000)], [financing(S7, date(2026, 2, 9), "10.000", 10_000, "100000", oq=10_000)])
    assert f.level == level
    assert (f.topup_to_target, f.repay_to_target) == (D(topup), D(repay))
    assert f.drop_to_closeout is None  # below close-out already: s > 1


def test_no_liabilities() -> None:
    f = one("50000", [(S1, 1_000)], credit_limit="0")
    assert f.maintenance_ratio is None
    assert f.level == "normal"
    assert f.withdrawable == D("50000.00")  # all of cash
    assert f.available_margin == D("58400.00")  # 50,000 + 12,000 × 0.70
    assert (f.drop_to_warning, f.drop_to_closeout) == (None, None)
    assert (f.topup_to_target, f.repay_to_target) == (D("0.00"), D("0.00"))
    assert f.concentration_breach is False  # no ratio: no limit
    assert f.credit_usage_breach is False  # no credit limit
    assert (f.earliest_due, f.open_contracts) == (None, 0)


def test_half_a_fen_rounds_away_from_zero_both_ways() -> None:
    # collateral 1 × 0.010 × 0.50 = 0.005; available margin 0.010 + 0.005 = 0.015
    up = one("0.010", [(S8, 1)])
    assert up.collateral_value == D("0.01")
    assert up.available_margin == D("0.02")
    # 0 + 0.005 collateral + bracket (0 × 1 − 0.010) × 1 − margin 0.010 × 1.00 = −0.015
    down = one("0", [(S8, 1)], [financing(S9, date(2026, 2, 9), "1.000", 100, "0.010", oq=0)])
    assert down.available_margin == D("-0.02")
    assert down.net_assets == D("0.00")  # 0.010 − 0.010


def test_closed_contracts_count_nowhere() -> None:
    f = one(
        "1000",
        [(S1, 100)],
        [
            financing(S1, date(2026, 2, 9), "10.000", 100, "0", due=date(2026, 1, 1)),
            short(S3, date(2026, 2, 9), "100.000", 100, 0, accrued="50"),
        ],
    )
    assert f.total_liabilities == D("0.00")
    assert f.maintenance_ratio is None
    assert (f.open_contracts, f.earliest_due) == (0, None)
    assert f.available_margin == D("1840.00")  # 1,000 + 100 × 12 × 0.70: the closed contract finances nothing


def test_concentration_tie_goes_to_the_smallest_code_and_none_without_market_value() -> None:
    f = one("0", [(S1, 1_000), (S7, 1_200)])  # both worth 12,000
    assert f.max_concentration == Concentration("600000.SH", D("0.5000"))
    assert one("100").max_concentration is None


def test_account_line_overrides_win() -> None:
    # 145,000 / 100,000 = 1.45: normal on the branch lines, warning under a 1.50 account warning line
    contracts = [financing(S7, date(2026, 2, 9), "10.000", 10_000, "100000", oq=10_000)]
    f = one("25000", [(S7, 12_000)], contracts, warning_line=D("1.50"), target_line=D("1.60"))
    assert f.level == "warning"
    assert f.lines == Lines(D("1.50"), D("1.30"), D("1.60"), D("1.20"), D("3.00"))
    assert f.topup_to_target == D("15000.00")  # 1.6 × 100,000 − 145,000
    assert f.repay_to_target == D("25000.00")  # 15,000 / 0.6


def test_credit_usage_breach_at_the_limit_not_below() -> None:
    def usage(owed: str) -> bool:
        contracts = [financing(S7, date(2026, 2, 9), "10.000", 10_000, owed, oq=1)]
        return one("1000000", [], contracts, credit_limit="100000").credit_usage_breach

    assert usage("90000") is True  # 90,000 / 100,000 = 0.90
    assert usage("89999.999") is False


def test_policy_settings_are_used() -> None:
    # withdrawal line 1.00 instead of 3.00: 200,000 − 1 × 100,000 = 100,000 binds below cash 150,000
    contracts = [financing(S7, date(2026, 2, 9), "10.000", 10_000, "100000", oq=0)]
    policy = replace(Policy(), withdrawal_line=D("1.00"), financing_margin_ratio=D("0.50"))
    f = one("150000", [(S1, 4_166)], contracts, policy=policy)
    # MV 4,166 × 12 = 49,992 → TA 199,992; bracket −100,000 (k = 1); margin 100,000 × 0.50
    # AM = 150,000 + 49,992 × 0.70 − 100,000 − 50,000 = 34,994.4; cap 199,992 − 100,000 = 99,992
    assert f.available_margin == D("34994.40")
    assert f.withdrawable == D("34994.40")  # min(150,000, 34,994.4, 99,992)
    assert f.lines.withdrawal == D("1.00")


def test_half_a_basis_point_rounds_up() -> None:
    # 20,006 + 120,000 = 140,006 against 100,000: ratio 1.40006; s = (140,000 − 20,006) / 120,000 = 0.99995
    f = one("20006", [(S7, 12_000)], [financing(S7, date(2026, 2, 9), "10.000", 10_000, "100000", oq=10_000)])
    assert f.maintenance_ratio == D("1.4001")  # 1.40006
    assert f.drop_to_warning == D("0.0001")  # 1 − 0.99995 = 0.00005 exactly


def test_json_object_has_exactly_the_spec_keys() -> None:
    f = one("10000", [(S1, 1_000)], [financing(S1, date(2026, 2, 9), "10.000", 1_000, "5000", accrued="12.345")])
    out = f.as_json()
    assert list(out) == [
        "account_no", "client_no", "level", "cash", "market_value", "total_assets", "financing_debt", "short_value",
        "interest_fees", "total_liabilities", "maintenance_ratio", "topup_to_target", "repay_to_target",
        "drop_to_warning", "drop_to_closeout", "withdrawable", "credit_used", "credit_available", "available_margin",
        "max_concentration",
    ]  # fmt: skip
    assert out["interest_fees"] == D("12.35")  # 12.345 rounds away from zero
    assert out["maintenance_ratio"] == D("4.3892")  # (10,000 + 1,000 × 12) / (5,000 + 12.345) = 4.389163…
    assert out["max_concentration"] == {"code": "600000.SH", "share": D("1.0000")}
    assert one("5").as_json()["max_concentration"] is None


def test_a_value_beyond_the_engine_range_is_refused_not_wrapped() -> None:
    # 1e12 shares × ¥10,000 = ¥1e16 = 1e19 li: beyond 2**62 li for a single position
    securities = [SecurityInput(1, "600000.SH", D("10000"), D("0.5"))]
    book = build_book([AccountInput(1, "A1", D("0"))], securities, [PositionInput(1, 1, 10**12)])
    with pytest.raises(EngineRangeError):
        compute(book, Policy(), AS_OF)
