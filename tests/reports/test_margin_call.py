"""追加担保物通知书: the as-of figures, ratio, lines, both amounts, the deadline, and the consequences."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from rmdesk.reports.data import Lines, MarginCallData
from rmdesk.reports.margin_call import render_margin_call
from tests.reports import pdftools
from tests.reports.conftest import BRANCH, make_client, make_figures

D = Decimal


def _notice(**changes: object) -> MarginCallData:
    # total_assets 1,251,500.10, total_liabilities 1,020,912.56 (821,099.00 + 178,854.50 + 20,959.06)
    # ratio 1,251,500.10 / 1,020,912.56 = 1.22586… → 122.59%, below the close-out line 130%
    # topup = 1.50 × 1,020,912.56 − 1,251,500.10 = 1,531,368.84 − 1,251,500.10 = 279,868.74
    # repay = 279,868.74 / (1.50 − 1) = 559,737.48
    figures = make_figures(
        as_of=date(2026, 11, 20), level="closeout", cash=D("1200.00"), market_value=D("1250300.10"),
        total_assets=D("1251500.10"), financing_debt=D("821099.00"), short_value=D("178854.50"),
        interest_fees=D("20959.06"), total_liabilities=D("1020912.56"), net_assets=D("230587.54"),
        maintenance_ratio=D("1.2259"), topup_to_target=D("279868.74"), repay_to_target=D("559737.48"),
        drop_to_warning=None, drop_to_closeout=None, lines=Lines(),
    )  # fmt: skip
    base: dict[str, object] = dict(
        doc_no="ZB-20261120-0007",
        generated_at=datetime(2026, 11, 20, 17, 5),
        branch=BRANCH,
        client=make_client(),
        figures=figures,
        deadline=datetime(2026, 11, 24, 15, 0),
    )
    base.update(changes)
    return MarginCallData(**base)  # type: ignore[arg-type]


def test_notice_states_figures_lines_amounts_deadline_and_consequences(tmp_path: Path) -> None:
    out = tmp_path / "notice.pdf"
    result = render_margin_call(_notice(), out)
    assert result.pages == 1  # a notice fits on one sheet
    text = pdftools.compact(pdftools.text(out, layout=True))
    for fragment in (
        "尊敬的欧阳明远（客户号：C00012345，信用账号：880012345678）",
        "截至2026年11月20日日终清算",
        "维持担保比例为122.59%，已低于平仓线130.00%",
        "请您于2026年11月24日15:00前追加担保物或者偿还负债",
        "总资产¥1,251,500.10总负债¥1,020,912.56",
        "现金余额¥1,200.00融资负债¥821,099.00",
        "担保证券市值¥1,250,300.10融券市值¥178,854.50",
        "净资产¥230,587.54应计利息及费用¥20,959.06",
        "当前维持担保比例122.59%追保目标线150.00%",
        "警戒线140.00%平仓线130.00%",
        "紧急线120.00%",
        "¥279,868.74",
        "¥559,737.48",
        "追保期限2026年11月24日15:00",
        "实施强制平仓",  # what happens if the deadline passes
        "客户签收：",
    ):
        assert fragment in text, fragment


def test_emergency_level_says_below_the_emergency_line(tmp_path: Path) -> None:
    data = _notice()
    out = tmp_path / "notice.pdf"
    figures = replace(data.figures, level="emergency", maintenance_ratio=D("1.1500"))
    render_margin_call(_notice(figures=figures), out)
    assert "维持担保比例为115.00%，已低于紧急线120.00%" in pdftools.compact(pdftools.text(out))


def test_consequences_can_be_given_by_the_caller(tmp_path: Path) -> None:
    out = tmp_path / "notice.pdf"
    render_margin_call(_notice(consequences=("逾期未补足的，本公司将于次一交易日开盘起执行平仓。",)), out)
    text = pdftools.compact(pdftools.text(out))
    assert "1.逾期未补足的，本公司将于次一交易日开盘起执行平仓。" in text
    assert "不再等待期限届满" not in text  # the standard paragraphs are replaced, not added to


def test_notice_fonts_are_embedded(tmp_path: Path) -> None:
    out = tmp_path / "notice.pdf"
    render_margin_call(_notice(), out)
    rows = pdftools.fonts(out)
    assert rows and all(r.embedded and "WenQuanYiMicroHei" in r.name for r in rows)
