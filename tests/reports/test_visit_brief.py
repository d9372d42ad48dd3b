"""客户拜访简报: profile, suitability and eligibility, figures, positions, warnings, cases, callbacks, chart."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from rmdesk.reports.charts import ChartRenderer
from rmdesk.reports.data import (
    CallbackLine,
    CaseLine,
    EligibilityItem,
    Suitability,
    VisitBriefData,
    WarningLine,
)
from rmdesk.reports.visit_brief import render_visit_brief
from tests.reports import pdftools
from tests.reports.conftest import (
    BRANCH,
    FULL_ID,
    POSITIONS,
    make_client,
    make_figures,
    month_history,
)


def _brief(**changes: object) -> VisitBriefData:
    figures = make_figures()
    base: dict[str, object] = dict(
        doc_no="BFJB-20261121-0003",
        generated_at=datetime(2026, 11, 21, 8, 45),
        branch=BRANCH,
        client=make_client(tier="VIP", occupation="律师", tags=("两融", "科技偏好"), notes="周三下午方便面谈"),
        suitability=Suitability("C4 相对积极型", date(2025, 3, 2), date(2027, 3, 2), suitable=True),
        eligibility=(
            EligibilityItem("证券交易满 6 个月", True, "首次交易 2012年3月15日"),
            EligibilityItem("近 20 个交易日日均资产不低于 ¥500,000.00", False, "¥312,000.00"),
        ),
        figures=figures,
        positions=POSITIONS,
        warnings=(WarningLine("concentration", "notified", date(2026, 11, 18), None, "单一证券占市值 64.20%"),),
        cases=(
            CaseLine("TS2026000123", "收费与利息", "investigating", "紧急", datetime(2026, 11, 10, 14, 20),
                     date(2026, 11, 17), "对融资利息计算有疑问"),
        ),
        callbacks=(
            CallbackLine(
                date(2026, 9, 30), datetime(2026, 9, 29, 16, 5), "电话", "李经理", "已完成", 5, "理解风险揭示"
            ),
        ),
        ratio_history=month_history(date(2026, 10, 1), date(2026, 10, 30), figures.maintenance_ratio),
        visit_date=date(2026, 11, 24),
        prepared_by="李经理",
    )  # fmt: skip
    base.update(changes)
    return VisitBriefData(**base)  # type: ignore[arg-type]


def test_brief_has_every_section_with_the_values_given(tmp_path: Path, chart: ChartRenderer) -> None:
    out = tmp_path / "brief.pdf"
    result = render_visit_brief(_brief(), out, chart=chart)
    assert result.pages == pdftools.page_count(out)
    layout = pdftools.compact(pdftools.text(out, layout=True))
    raw = pdftools.compact(pdftools.text(out))
    for fragment in (
        "内部资料注意保密",  # an internal document says so on every page
        "拜访日期：2026年11月24日", "编制人：李经理",
        "姓名欧阳明远客户号C00012345", "客户级别VIP", "职业律师", "标签两融、科技偏好",
        "风险等级C4相对积极型", "测评有效期至2027年3月2日", "R4（须C4及以上）", "适当性匹配符合",
        "证券交易满6个月符合", "不低于¥500,000.00不符合¥312,000.00",
        "总资产¥1,234,567.89", "维持担保比例153.27%",
        "600519.SH贵州茅台1001,500.00150,000.000.70105,000.00",
        "持仓集中度已通知2026-11-18", "单一证券占市值64.20%",
        "TS2026000123收费与利息紧急调查中2026-11-102026-11-17",
        "2026-09-302026-09-29电话李经理已完成5理解风险揭示",
        "九、拜访记录",
    ):  # fmt: skip
        assert fragment in layout, fragment
    assert "周三下午方便面谈" in raw
    assert "110105********1234" in layout and FULL_ID not in raw
    images = sum(pdftools.image_count(out, p) for p in range(1, result.pages + 1))
    assert images == 1  # the ratio chart


def test_brief_for_a_client_without_credit_account_has_no_chart(tmp_path: Path, chart: ChartRenderer) -> None:
    out = tmp_path / "brief.pdf"
    result = render_visit_brief(
        _brief(figures=None, positions=(), warnings=(), cases=(), callbacks=(), ratio_history=()), out, chart=chart
    )
    text = pdftools.compact(pdftools.text(out))
    for fragment in ("该客户尚未开立信用账户", "无持仓", "无未解决的风险预警", "无未办结的投诉工单", "近期无回访记录"):
        assert fragment in text, fragment
    assert sum(pdftools.image_count(out, p) for p in range(1, result.pages + 1)) == 0


def test_brief_fonts_are_embedded(tmp_path: Path, chart: ChartRenderer) -> None:
    out = tmp_path / "brief.pdf"
    render_visit_brief(_brief(), out, chart=chart)
    rows = pdftools.fonts(out)
    assert rows and all(r.embedded and "WenQuanYiMicroHei" in r.name for r in rows)
