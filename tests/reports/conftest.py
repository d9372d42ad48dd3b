"""Hand-made document data for the renderer tests (values chosen so their printed forms are easy to check)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from rmdesk.reports.charts import ChartRenderer
from rmdesk.reports.data import (
    AccountFigures,
    BranchInfo,
    ClientInfo,
    ContractLine,
    Lines,
    PositionLine,
    RatioPoint,
    StatementData,
)

D = Decimal
BRANCH = BranchInfo("测试证券股份有限公司杭州西湖营业部", "浙江省杭州市西湖区文三路 90 号", "0571-8888 6666")
FULL_ID = "110105199001011234"
FULL_PHONE = "13812345678"
GENERATED = datetime(2026, 11, 21, 9, 30)


def make_client(**changes: Any) -> ClientInfo:
    """A client given with UNMASKED ID and phone: ClientInfo must mask them."""
    base = ClientInfo(
        client_no="C00012345",
        name="欧阳明远",
        id_type="身份证",
        id_masked=FULL_ID,
        phone_masked=FULL_PHONE,
        address="浙江省杭州市西湖区文三路 478 号华星时代广场 A 座 1203 室",
        risk_level="C4 相对积极型",
        rm_name="李经理",
        rm_phone="0571-8888 6601",
        account_no="880012345678",
    )
    return replace(base, **changes)


def make_figures(**changes: Any) -> AccountFigures:
    """Figures whose printed forms are worked out by hand in the tests."""
    base = AccountFigures(
        account_no="880012345678",
        as_of=date(2026, 10, 30),
        level="normal",
        cash=D("100000.00"),
        market_value=D("1134567.89"),
        collateral_value=D("794197.52"),
        total_assets=D("1234567.89"),  # 100,000.00 + 1,134,567.89
        financing_debt=D("700000.00"),
        short_value=D("100000.00"),
        interest_fees=D("5500.00"),
        total_liabilities=D("805500.00"),  # 700,000 + 100,000 + 5,500
        net_assets=D("429067.89"),  # 1,234,567.89 − 805,500.00
        maintenance_ratio=D("1.5327"),  # 1,234,567.89 / 805,500.00 = 1.53267… → 153.27%
        topup_to_target=D("0.00"),
        repay_to_target=D("0.00"),
        drop_to_warning=D("0.0857"),
        drop_to_closeout=D("0.1512"),
        withdrawable=D("12345.67"),
        credit_limit=D("2000000.00"),
        credit_used=D("780000.00"),
        credit_available=D("1220000.00"),  # 2,000,000 − 780,000
        available_margin=D("88765.43"),
        lines=Lines(),
    )
    return replace(base, **changes)


POSITIONS = (
    # 100 × 1,500.000 = 150,000.00; × 0.70 = 105,000.00
    PositionLine("600519.SH", "贵州茅台", 100, D("1500.000"), D("150000.00"), D("0.70"), D("105000.00")),
    # 12,300 × 10.505 = 129,211.50; × 0.65 = 83,987.475 → 83,987.48 (half away from zero)
    PositionLine("000001.SZ", "平安银行", 12300, D("10.505"), D("129211.50"), D("0.65"), D("83987.48")),
)

CONTRACTS = (
    ContractLine(
        "HT2026000001", "financing", "600519.SH", "贵州茅台", date(2026, 6, 15), D("1480.000"), 100,
        D("148000.00"), D("148000.00"), None, D("0.0835"), D("2000.64"), date(2026, 12, 15),
    ),
    ContractLine(
        "HT2026000002", "short", "000001.SZ", "平安银行", date(2026, 9, 1), D("11.200"), 5000,
        D("56000.00"), None, 5000, D("0.10355"), D("483.23"), date(2027, 3, 1),
    ),
)  # fmt: skip


def month_history(start: date, end: date, ratio: Decimal | None) -> tuple[RatioPoint, ...]:
    days = [start + timedelta(d) for d in range((end - start).days + 1)]
    return tuple(RatioPoint(d, ratio) for d in days if d.weekday() < 5)


def make_statement(**changes: Any) -> StatementData:
    base = StatementData(
        doc_no="DZD-202610-000001",
        generated_at=GENERATED,
        branch=BRANCH,
        client=make_client(),
        period_start=date(2026, 10, 1),
        period_end=date(2026, 10, 31),
        figures=make_figures(),
        positions=POSITIONS,
        contracts=CONTRACTS,
        ratio_history=month_history(date(2026, 10, 1), date(2026, 10, 30), D("1.5327")),
    )
    return replace(base, **changes)


@pytest.fixture(scope="session")
def chart() -> Iterator[ChartRenderer]:
    """One renderer for the whole session, as a batch would use it."""
    yield ChartRenderer()
