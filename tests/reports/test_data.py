"""The report data takes the engine's output by name, so a statement prints exactly what the engine computed."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from decimal import Decimal

from rmdesk.reports.data import AccountFigures, ContractLine, PositionLine
from rmdesk.services.figures_model import Concentration, Figures, Lines
from rmdesk.services.figures_model import ContractLine as EngineContract
from rmdesk.services.figures_model import PositionLine as EnginePosition

D = Decimal


def test_figures_copy_every_engine_value_lines_and_concentration() -> None:
    amounts = {
        f.name: D(f"{i + 1}000.{i:02d}")
        for i, f in enumerate(fields(AccountFigures))
        if f.type == "Decimal" and f.name not in ("maintenance_ratio",)
    }
    engine = Figures(
        account_id=7, account_no="880000000007", client_id=3, client_no="C3", as_of=date(2026, 11, 20),
        level="warning", maintenance_ratio=D("1.3999"), drop_to_warning=None, drop_to_closeout=D("0.0712"),
        max_concentration=Concentration("600519.SH", D("0.6420")),
        lines=Lines(D("1.45"), D("1.35"), D("1.60"), D("1.25"), D("3.00")), earliest_due=None,
        concentration_breach=True, credit_usage_breach=False, open_contracts=2, **amounts,
    )  # fmt: skip
    ours = AccountFigures.from_engine(engine)
    for name, value in amounts.items():
        assert getattr(ours, name) == value, name
    assert (ours.account_no, ours.as_of, ours.level) == ("880000000007", date(2026, 11, 20), "warning")
    assert (ours.maintenance_ratio, ours.drop_to_warning, ours.drop_to_closeout) == (D("1.3999"), None, D("0.0712"))
    assert (ours.lines.warning, ours.lines.closeout, ours.lines.target, ours.lines.emergency) == (
        D("1.45"), D("1.35"), D("1.60"), D("1.25"),
    )  # fmt: skip
    assert (ours.max_concentration_code, ours.max_concentration_share) == ("600519.SH", D("0.6420"))


def test_position_and_contract_lines_copy_the_engine_lines() -> None:
    pos = EnginePosition(
        1, "000001.SZ", "平安银行", "stock", 12300, D("10.505"), D("129211.50"), D("0.65"), D("83987.48")
    )
    assert PositionLine.from_engine(pos) == PositionLine(
        "000001.SZ", "平安银行", 12300, D("10.505"), D("129211.50"), D("0.65"), D("83987.48")
    )
    con = EngineContract(
        "HT1", "short", "000001.SZ", "平安银行", date(2026, 9, 1), D("11.200"), 5000, D("56000.00"), None, 5000, None,
        date(2027, 3, 1), D("0.10355"), D("483.23"), True, D("52525.00"),
    )  # fmt: skip
    ours = ContractLine.from_engine(con)
    assert (ours.type, ours.outstanding_amount, ours.outstanding_quantity, ours.rate) == (
        "short",
        None,
        5000,
        D("0.10355"),
    )
    assert (ours.trade_price, ours.due_date, ours.accrued_interest) == (D("11.200"), date(2027, 3, 1), D("483.23"))
