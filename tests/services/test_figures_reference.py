"""compute() against a slow, independent Fraction implementation of SPEC §3.1 written straight from the text.

Random small books (prices with 3 decimals, quantities, haircuts, both contract types, partial repayments,
blank outstanding quantities, line overrides), plus books far beyond int64 once multiplied by ppm.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rmdesk.services.figures import (
    AccountInput,
    ContractInput,
    Figures,
    PositionInput,
    SecurityInput,
    build_book,
    compute,
)
from rmdesk.services.policy import Policy

AS_OF = date(2026, 11, 20)
TRADE_DATES = [date(2023, 9, 7), date(2023, 9, 8), date(2025, 6, 16), date(2026, 1, 18), date(2026, 1, 19)]


# --- the reference: one account at a time, Fractions, read from the SPEC ------------------------------------------


def _round(value: Fraction, places: int) -> Decimal:
    """Half away from zero, done by hand: |v| · 10^places + 1/2, floored, signed back."""
    scaled = abs(value) * 10**places
    whole = int(scaled)
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    return Decimal(-whole if value < 0 else whole).scaleb(-places)


def _f(value: Any) -> Fraction:
    return Fraction(str(value))


@dataclass
class Expected:
    values: dict[str, Any]


def reference(
    account: AccountInput,
    securities: list[SecurityInput],
    positions: list[PositionInput],
    contracts: list[ContractInput],
    policy: Policy,
) -> dict[str, Any]:
    sec = {s.id: s for s in securities}
    mine_pos = [p for p in positions if p.account_id == account.id]
    mine_con = [c for c in contracts if c.account_id == account.id]
    fin = [
        c for c in mine_con if c.type == "financing" and c.outstanding_amount is not None and c.outstanding_amount > 0
    ]
    sho = [c for c in mine_con if c.type == "short" and (c.outstanding_quantity or 0) > 0]

    cash = _f(account.cash)
    value = {p.security_id: p.quantity * _f(sec[p.security_id].close) for p in mine_pos}
    market = sum(value.values(), Fraction(0))
    collateral = sum((v * _f(sec[s].haircut) for s, v in value.items()), Fraction(0))
    debt = sum((_f(c.outstanding_amount) for c in fin), Fraction(0))
    short_value = sum((c.outstanding_quantity * _f(sec[c.security_id].close) for c in sho), Fraction(0))
    proceeds = sum((c.outstanding_quantity * _f(c.trade_price) for c in sho), Fraction(0))
    interest = sum((_f(c.accrued_interest) for c in fin + sho), Fraction(0))
    liabilities = debt + short_value + interest
    assets = cash + market

    def line(override: Decimal | None, default: Decimal) -> Fraction:
        return _f(default if override is None else override)

    warning = line(account.warning_line, policy.warning_line)
    closeout = line(account.closeout_line, policy.closeout_line)
    target = line(account.target_line, policy.target_line)
    emergency, withdrawal = _f(policy.emergency_line), _f(policy.withdrawal_line)
    ratio = assets / liabilities if liabilities else None

    if ratio is None or ratio >= warning:
        level = "normal"
    elif ratio >= closeout:
        level = "warning"
    elif ratio >= emergency:
        level = "closeout"
    else:
        level = "emergency"

    def drop(x: Fraction) -> Decimal | None:
        if ratio is None or market - x * short_value <= 0:
            return None
        s = (x * (debt + interest) - cash) / (market - x * short_value)
        return _round(1 - s, 4) if 0 < s <= 1 else None

    def financed(c: ContractInput) -> int:
        if c.outstanding_quantity is not None:
            return c.outstanding_quantity
        return int(c.trade_quantity * _f(c.outstanding_amount) / _f(c.trade_amount))  # positive: int() floors

    def k(bracket: Fraction, haircut: Decimal) -> Fraction:
        return _f(haircut) if bracket >= 0 else Fraction(1)

    margin = cash
    for p in mine_pos:
        in_contracts = sum(financed(c) for c in fin if c.security_id == p.security_id)
        only = max(0, p.quantity - in_contracts)
        margin += only * _f(sec[p.security_id].close) * _f(sec[p.security_id].haircut)
    for c in fin:
        bracket = financed(c) * _f(sec[c.security_id].close) - _f(c.outstanding_amount)
        margin += bracket * k(bracket, sec[c.security_id].haircut)
        reduced = policy.financing_reduced_from <= c.trade_date <= policy.financing_reduced_to
        ratio_m = policy.financing_margin_ratio_reduced if reduced else policy.financing_margin_ratio
        margin -= _f(c.outstanding_amount) * _f(ratio_m)
    for c in sho:
        close, price = _f(sec[c.security_id].close), _f(c.trade_price)
        bracket = c.outstanding_quantity * price - c.outstanding_quantity * close
        margin += bracket * k(bracket, sec[c.security_id].haircut)
        margin -= c.outstanding_quantity * price
        margin -= c.outstanding_quantity * close * _f(policy.short_margin_ratio)
    margin -= interest

    if liabilities == 0:
        withdrawable = max(Fraction(0), cash)
    else:
        withdrawable = max(Fraction(0), min(cash - proceeds, margin, assets - withdrawal * liabilities))

    concentration = None
    breach = False
    if market > 0:
        top = max(value.values())
        code = min(sec[s].code for s, v in value.items() if v == top)
        share = top / market
        concentration = (code, _round(share, 4))
        if ratio is not None and ratio < _f(policy.concentration_band_2):
            limit = (
                policy.concentration_limit_low
                if ratio < _f(policy.concentration_band_1)
                else (policy.concentration_limit_mid)
            )
            breach = share > _f(limit)
    used = debt + proceeds
    limit_credit = _f(account.credit_limit)
    gap = target * liabilities - assets
    return {
        "level": level,
        "cash": _round(cash, 2),
        "market_value": _round(market, 2),
        "collateral_value": _round(collateral, 2),
        "total_assets": _round(assets, 2),
        "financing_debt": _round(debt, 2),
        "short_value": _round(short_value, 2),
        "interest_fees": _round(interest, 2),
        "total_liabilities": _round(liabilities, 2),
        "net_assets": _round(assets - liabilities, 2),
        "maintenance_ratio": None if ratio is None else _round(ratio, 4),
        "topup_to_target": _round(max(Fraction(0), gap), 2),
        "repay_to_target": _round(max(Fraction(0), gap / (target - 1)), 2),
        "drop_to_warning": drop(warning),
        "drop_to_closeout": drop(closeout),
        "withdrawable": _round(withdrawable, 2),
        "credit_limit": _round(limit_credit, 2),
        "credit_used": _round(used, 2),
        "credit_available": _round(max(Fraction(0), limit_credit - used), 2),
        "available_margin": _round(margin, 2),
        "max_concentration": concentration,
        "concentration_breach": breach,
        "credit_usage_breach": limit_credit > 0 and used / limit_credit >= _f(policy.credit_usage_limit),
        "earliest_due": min((c.due_date for c in fin + sho), default=None),
        "open_contracts": len(fin) + len(sho),
        "lines": (warning, closeout, target, emergency, withdrawal),
    }


def observed(f: Figures) -> dict[str, Any]:
    out = {name: getattr(f, name) for name in reference_keys()}
    conc = f.max_concentration
    out["max_concentration"] = None if conc is None else (conc.code, conc.share)
    lines = f.lines
    out["lines"] = tuple(
        _f(x) for x in (lines.warning, lines.closeout, lines.target, lines.emergency, lines.withdrawal)
    )
    return out


def reference_keys() -> list[str]:
    return [
        "level", "cash", "market_value", "collateral_value", "total_assets", "financing_debt", "short_value",
        "interest_fees", "total_liabilities", "net_assets", "maintenance_ratio", "topup_to_target",
        "repay_to_target", "drop_to_warning", "drop_to_closeout", "withdrawable", "credit_limit", "credit_used",
        "credit_available", "available_margin", "concentration_breach", "credit_usage_breach", "earliest_due",
        "open_contracts",
    ]  # fmt: skip


# --- random books ------------------------------------------------------------------------------------------------


def li(lo: int, hi: int) -> st.SearchStrategy[Decimal]:
    """Amounts/prices with 3 decimals, drawn as whole li."""
    return st.integers(lo, hi).map(lambda n: Decimal(n).scaleb(-3))


@st.composite
def books(draw: st.DrawFn, *, huge: bool = False) -> tuple[list[Any], ...]:
    qty_hi = 10**9 if huge else 200_000
    cash_hi = 10**18 if huge else 5 * 10**9
    n_sec = draw(st.integers(1, 4))
    securities = [
        SecurityInput(
            i + 1,
            draw(st.sampled_from(["600000.SH", "000001.SZ", "510300.SH", "430047.BJ", "600519.SH"])) + f"{i}",
            draw(li(0, 300_000)),
            draw(st.sampled_from([Decimal(0), Decimal("0.5"), Decimal("0.65"), Decimal("0.7"), Decimal("1")])),
        )
        for i in range(n_sec)
    ]
    accounts, positions, contracts = [], [], []
    for a in range(1, draw(st.integers(1, 3)) + 1):
        override = st.none() | st.sampled_from([Decimal("1.35"), Decimal("1.5"), Decimal("1.25")])
        accounts.append(
            AccountInput(
                a,
                f"A{a}",
                draw(li(-1_000_000, cash_hi)),
                draw(li(0, 10**9)),
                warning_line=draw(override),
                target_line=draw(st.none() | st.just(Decimal("1.6"))),
            )
        )
        for s in draw(st.sets(st.integers(1, n_sec), max_size=n_sec)):
            positions.append(PositionInput(a, s, draw(st.integers(0, qty_hi))))
        for _ in range(draw(st.integers(0, 4))):
            kind = draw(st.sampled_from(["financing", "short"]))
            price = draw(li(1, 300_000))
            tq = draw(st.integers(1, qty_hi))
            traded = price * tq
            if kind == "financing":
                owed = draw(st.none() | st.just(Decimal(0)) | li(1, int(traded * 1000)))
                oq = draw(st.none() | st.integers(0, tq))
            else:
                owed, oq = None, draw(st.integers(0, tq))
            contracts.append(
                ContractInput(
                    a,
                    draw(st.integers(1, n_sec)),
                    kind,
                    draw(st.sampled_from(TRADE_DATES)),
                    price,
                    tq,
                    traded,
                    owed,
                    oq,
                    draw(st.sampled_from([date(2026, 11, 1), date(2026, 12, 5), date(2027, 3, 1)])),
                    draw(li(0, 50_000_000)),
                )
            )
    return accounts, securities, positions, contracts


def check(book_parts: tuple[list[Any], ...]) -> None:
    accounts, securities, positions, contracts = book_parts
    policy = Policy()
    figures = compute(build_book(accounts, securities, positions, contracts), policy, AS_OF)
    assert [f.account_no for f in figures] == [a.account_no for a in accounts]
    for account, f in zip(accounts, figures, strict=True):
        assert observed(f) == reference(account, securities, positions, contracts, policy), account.account_no


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(books())
def test_compute_agrees_with_the_reference(book_parts: tuple[list[Any], ...]) -> None:
    check(book_parts)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(books(huge=True))
def test_huge_books_stay_exact(book_parts: tuple[list[Any], ...]) -> None:
    """Values far beyond int64 once multiplied by ppm (and beyond the int64 account path) are still exact."""
    check(book_parts)


def test_a_position_worth_twenty_billion_yuan() -> None:
    # 2,000,000,000 shares × 10.000 = ¥2e10 = 2e13 li; × 700,000 ppm haircut = 1.4e19 > int64 max 9.2e18
    securities = [SecurityInput(1, "600000.SH", Decimal("10.000"), Decimal("0.70"))]
    accounts = [AccountInput(1, "A1", Decimal("0.001"))]
    positions = [PositionInput(1, 1, 2_000_000_000)]
    contracts = [
        ContractInput(1, 1, "financing", date(2026, 2, 9), Decimal("10"), 500_000_000, Decimal("5000000000"),
                      Decimal("4999999999.999"), None, date(2026, 8, 9)),
    ]  # fmt: skip
    (f,) = compute(build_book(accounts, securities, positions, contracts), Policy(), AS_OF)
    assert f.collateral_value == Decimal("14000000000.00")  # 2e10 × 0.70
    # financed qty ⌊500,000,000 × 4,999,999,999.999 / 5,000,000,000⌋ = 499,999,999 → collateral-only 1,500,000,001
    # 0.001 + 1,500,000,001 × 10 × 0.70 + (4,999,999,990 − 4,999,999,999.999) × 1 − 4,999,999,999.999 × 1.00
    # = 0.001 + 10,500,000,007 − 9.999 − 4,999,999,999.999 = 5,499,999,997.003
    assert f.available_margin == Decimal("5499999997.00")
    assert f.maintenance_ratio == Decimal("4.0000")  # 20,000,000,000.001 / 4,999,999,999.999
    check((accounts, securities, positions, contracts))


def test_an_account_beyond_the_int64_path() -> None:
    # ¥1e12 of stock (1e15 li) takes the Python-int path for account formulas; the figures stay exact
    securities = [SecurityInput(1, "600000.SH", Decimal("100.001"), Decimal("0.65"))]
    accounts = [AccountInput(1, "A1", Decimal("0.005")), AccountInput(2, "A2", Decimal("1"))]
    positions = [PositionInput(1, 1, 10_000_000_000), PositionInput(2, 1, 3)]
    (big, small) = compute(build_book(accounts, securities, positions), Policy(), AS_OF)
    assert big.market_value == Decimal("1000010000000.00")  # 1e10 × 100.001
    assert big.available_margin == Decimal("650006500000.01")  # 0.005 + 1,000,010,000,000 × 0.65 → .005 rounds up
    assert small.collateral_value == Decimal("195.00")  # 3 × 100.001 × 0.65 = 195.00195
    check((accounts, securities, positions, []))
