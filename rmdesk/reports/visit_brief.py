"""客户拜访简报: one client's briefing pack for preparing a visit offline (SPEC §6).

Profile, suitability and eligibility, account figures, positions, open warnings, open cases, the last
callbacks and a ratio chart; it ends with ruled space for handwritten notes. An internal document: the header
says so, and personal data stays masked like everywhere else.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

from reportlab.platypus import Spacer, Table

from rmdesk.reports import formatting as fmt
from rmdesk.reports.blocks import (
    GRID,
    data_table,
    empty_note,
    section,
    table_style,
    text_kv_table,
    title_block,
)
from rmdesk.reports.charts import ChartRenderer
from rmdesk.reports.data import RenderResult, VisitBriefData
from rmdesk.reports.statement import client_line, figures_table, positions_table, ratio_chart_block
from rmdesk.reports.templates import (
    FRAME_WIDTH,
    NOTE,
    PageSetup,
    build_pdf,
)
from rmdesk.reports.typeset import CJKParagraph

TITLE = "客户拜访简报"
CONFIDENTIAL = "内部资料　注意保密"


def _profile(data: VisitBriefData) -> list[Any]:
    c = data.client
    ident = f"{c.id_type} {c.id_masked}" if c.id_masked else fmt.DASH
    short = text_kv_table(
        [
            ("姓名", c.name),
            ("客户号", c.client_no),
            ("性别", c.gender or fmt.DASH),
            ("证件号码", ident),
            ("手机号码", c.phone_masked or fmt.DASH),
            ("信用账号", c.account_no or "未开立"),
            ("客户级别", c.tier),
            ("投资者类型", c.investor_type),
            ("客户状态", c.status),
            ("职业", c.occupation or fmt.DASH),
            ("首次交易日", fmt.cn_date(c.trading_since)),
            ("近20日日均资产", fmt.yuan(c.avg_assets_20d)),
            ("客户经理", c.rm_name or "未分配"),
            ("标签", "、".join(c.tags) if c.tags else fmt.DASH),
        ]
    )
    long = text_kv_table(
        [("通讯地址", c.address or fmt.DASH), ("备注", c.notes or fmt.DASH)], columns=1, label_share=0.16
    )
    return [short, long]


def _suitability(data: VisitBriefData) -> list[Any]:
    s = data.suitability
    pairs = [
        ("风险等级", s.risk_level),
        ("测评日期", fmt.cn_date(s.assessed_on)),
        ("测评有效期至", fmt.cn_date(s.valid_until)),
        ("融资融券产品等级", f"{s.product_level}（须 {s.required_level} 及以上）"),
        ("适当性匹配", fmt.yes_no(s.suitable)),
        ("说明", s.note or fmt.DASH),
    ]
    out: list[Any] = [text_kv_table(pairs)]
    if data.eligibility:
        out.append(Spacer(1, 6))
        rows = [[item.label, fmt.yes_no(item.passed), item.detail or fmt.DASH] for item in data.eligibility]
        out.append(data_table(("开户准入条件", "结果", "说明"), rows, (0.5, 0.12, 0.38), wrap=(0, 2)))
    return out


def _warnings(data: VisitBriefData) -> Any:
    if not data.warnings:
        return empty_note("无未解决的风险预警。")
    rows = [
        [
            fmt.WARNING_KINDS.get(w.kind, w.kind),
            fmt.WARNING_STATUSES.get(w.status, w.status),
            fmt.iso_date(w.raised_on),
            fmt.iso_date(w.due_date),
            w.summary or fmt.DASH,
        ]
        for w in data.warnings
    ]
    return data_table(
        ("预警类型", "状态", "触发日期", "处理期限", "说明"), rows, (0.2, 0.1, 0.13, 0.13, 0.44), wrap=(0, 4)
    )


def _cases(data: VisitBriefData) -> Any:
    if not data.cases:
        return empty_note("无未办结的投诉工单。")
    rows = [
        [
            c.case_no,
            c.category,
            c.urgency,
            fmt.CASE_STATUSES.get(c.status, c.status),
            fmt.iso_date(c.received_at.date()),
            fmt.iso_date(c.respond_due),
            c.summary,
        ]
        for c in data.cases
    ]
    header = ("工单号", "类别", "紧急程度", "状态", "受理日期", "答复期限", "摘要")
    return data_table(header, rows, (0.15, 0.11, 0.095, 0.09, 0.12, 0.12, 0.315), wrap=(1, 6))


def _callbacks(data: VisitBriefData) -> Any:
    if not data.callbacks:
        return empty_note("近期无回访记录。")
    rows = [
        [
            fmt.iso_date(cb.due_date),
            fmt.iso_date(cb.done_at.date()) if cb.done_at else "未完成",
            cb.channel or fmt.DASH,
            cb.done_by or fmt.DASH,
            cb.outcome or fmt.DASH,
            str(cb.satisfaction) if cb.satisfaction is not None else fmt.DASH,
            cb.notes or fmt.DASH,
        ]
        for cb in data.callbacks
    ]
    header = ("计划日期", "完成日期", "方式", "回访人", "结果", "满意度", "备注")
    return data_table(header, rows, (0.12, 0.12, 0.07, 0.1, 0.12, 0.08, 0.39), numeric=(5,), wrap=(3, 4, 6))


def _notes_lines(count: int = 5) -> Table:
    rows = [[""] for _ in range(count)]
    style = table_style([("LINEBELOW", (0, 0), (-1, -1), 0.5, GRID), ("TOPPADDING", (0, 0), (-1, -1), 10)])
    return Table(rows, colWidths=[FRAME_WIDTH], rowHeights=[22] * count, style=style)


def build_story(data: VisitBriefData, chart: ChartRenderer | None) -> list[Any]:
    fig = data.figures
    as_of = f"数据截至：{fmt.cn_date(fig.as_of)}" if fig is not None else ""
    visit = f"拜访日期：{fmt.cn_date(data.visit_date)}" if data.visit_date else ""
    by = f"编制人：{data.prepared_by}" if data.prepared_by else ""
    story: list[Any] = title_block(TITLE, "　　".join(x for x in (visit, by, as_of) if x))
    story.append(section("一、客户概况", *_profile(data)))
    story.append(section("二、适当性与开户准入", *_suitability(data)))
    if fig is None:
        story.append(section("三、信用账户概况", empty_note("该客户尚未开立信用账户。")))
    else:
        status = CJKParagraph(
            f"账户状态：{fmt.LEVEL_LABELS.get(fig.level, fig.level)}　　"
            f"价格同时下跌 {fmt.percent(fig.drop_to_warning)} 触及警戒线，下跌 {fmt.percent(fig.drop_to_closeout)} "
            f"触及平仓线",
            NOTE,
        )
        concentration = []
        if fig.max_concentration_code is not None:
            share = fmt.percent(fig.max_concentration_share)
            concentration = [CJKParagraph(f"持仓最集中的证券：{fig.max_concentration_code}，占市值 {share}", NOTE)]
        story.append(
            section(f"三、信用账户概况（截至{fmt.cn_date(fig.as_of)}）", figures_table(fig), status, *concentration)
        )
    story.append(section("四、持仓", positions_table(data.positions, fig)))
    story.append(section("五、未解决的风险预警", _warnings(data)))
    story.append(section("六、未办结的投诉工单", _cases(data)))
    story.append(section("七、最近回访", _callbacks(data)))
    if fig is not None and chart is not None:
        story.append(section("八、维持担保比例走势", *ratio_chart_block(data.ratio_history, fig, chart)))
    story.append(section("九、拜访记录" if fig is not None else "八、拜访记录", _notes_lines()))
    return story


def render_visit_brief(
    data: VisitBriefData, out: Path | BinaryIO, *, chart: ChartRenderer | None = None
) -> RenderResult:
    """Write the briefing pack to ``out``; pass one ``chart`` renderer to reuse it across a batch."""
    renderer = (chart or ChartRenderer()) if data.figures is not None else None
    setup = PageSetup(TITLE, data.doc_no, data.branch, client_line(data), data.generated_at, CONFIDENTIAL)
    return RenderResult(pages=build_pdf(out, build_story(data, renderer), setup))
