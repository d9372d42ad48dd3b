"""对账单: the account statement for a period (SPEC §6).

Client and account (masked ID); credit limit and remaining credit; total assets, total liabilities, net assets,
available margin, withdrawable, collateral market value and the maintenance ratio at period end; positions;
open contracts; the period's ratio chart with the warning and close-out lines; a short plain-language risk note.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from rmdesk.reports import formatting as fmt
from rmdesk.reports.blocks import (
    cell,
    data_table,
    empty_note,
    kv_table,
    section,
    text_kv_table,
    title_block,
)
from rmdesk.reports.charts import ChartRenderer
from rmdesk.reports.data import AccountFigures, ContractLine, Lines, PositionLine, RenderResult, StatementData
from rmdesk.reports.templates import (
    BODY_FLAT,
    CELL,
    NOTE,
    PageSetup,
    build_pdf,
)
from rmdesk.reports.typeset import CJKParagraph

TITLE = "融资融券对账单"

POSITION_HEADER = ("证券代码", "证券名称", "持仓数量（股）", "收盘价（元）", "市值（元）", "折算率", "折算后价值（元）")
POSITION_WIDTHS = (0.12, 0.18, 0.13, 0.13, 0.16, 0.09, 0.16)
CONTRACT_HEADER = (
    "合约编号 / 证券",
    "类型",
    "成交日期",
    "成交价（元）",
    "成交数量（股）",
    "成交金额（元）",
    "未还金额\n或数量",
    "利率（年）",
    "应计利息（元）",
    "到期日",
)
CONTRACT_WIDTHS = (0.185, 0.055, 0.095, 0.08, 0.08, 0.11, 0.11, 0.065, 0.09, 0.095)


def client_line(data: Any) -> str:
    """The header's client line: name, number and the masked ID (SPEC §2)."""
    client = data.client
    ident = f"　{client.id_type}：{client.id_masked}" if client.id_masked else ""
    return f"客户：{client.name}（{client.client_no}）{ident}"


def figures_table(fig: AccountFigures, *, with_credit: bool = True) -> Any:
    """Assets, liabilities, margin and the ratio at ``fig.as_of`` as a two-column key/value table."""
    pairs: list[tuple[str, str]] = []
    if with_credit:
        pairs += [("授信额度", fmt.yuan(fig.credit_limit)), ("剩余授信额度", fmt.yuan(fig.credit_available))]
    pairs += [
        ("总资产", fmt.yuan(fig.total_assets)),
        ("总负债", fmt.yuan(fig.total_liabilities)),
        ("现金余额", fmt.yuan(fig.cash)),
        ("融资负债", fmt.yuan(fig.financing_debt)),
        ("担保证券市值", fmt.yuan(fig.market_value)),
        ("融券市值", fmt.yuan(fig.short_value)),
        ("担保证券折算后价值", fmt.yuan(fig.collateral_value)),
        ("应计利息及费用", fmt.yuan(fig.interest_fees)),
        ("净资产", fmt.yuan(fig.net_assets)),
        ("维持担保比例", fmt.percent(fig.maintenance_ratio)),
        ("保证金可用余额", fmt.yuan(fig.available_margin)),
        ("可提取金额", fmt.yuan(fig.withdrawable)),
    ]
    return kv_table(pairs)


def position_rows(positions: tuple[PositionLine, ...]) -> list[list[Any]]:
    return [
        [
            p.code,
            p.name,
            fmt.quantity(p.quantity),
            fmt.price(p.close),
            fmt.amount(p.market_value),
            fmt.haircut(p.haircut),
            fmt.amount(p.collateral_value),
        ]
        for p in positions
    ]


def positions_table(positions: tuple[PositionLine, ...], fig: AccountFigures | None) -> Any:
    """Positions with a total row carrying the engine's (exact, once-rounded) totals."""
    if not positions:
        return empty_note("无持仓。")
    total = None
    if fig is not None:
        total = ["合计", "", "", "", fmt.amount(fig.market_value), "", fmt.amount(fig.collateral_value)]
    return data_table(
        POSITION_HEADER, position_rows(positions), POSITION_WIDTHS, numeric=(2, 3, 4, 5, 6), wrap=(1,), total_row=total
    )


def _outstanding(c: ContractLine) -> str:
    if c.type == "short":
        return f"{fmt.quantity(c.outstanding_quantity)} 股"
    return fmt.amount(c.outstanding_amount)


def contracts_table(contracts: tuple[ContractLine, ...]) -> Any:
    if not contracts:
        return empty_note("无未了结合约。")
    rows = [
        [
            cell([(c.contract_no, False), (f"\n{c.code} {c.name}", False)], CELL.but(leading=10.5)),
            fmt.CONTRACT_TYPES.get(c.type, c.type),
            fmt.iso_date(c.trade_date),
            fmt.price(c.trade_price),
            fmt.quantity(c.trade_quantity),
            fmt.amount(c.trade_amount),
            _outstanding(c),
            fmt.rate(c.rate),
            fmt.amount(c.accrued_interest),
            fmt.iso_date(c.due_date),
        ]
        for c in contracts
    ]
    return data_table(CONTRACT_HEADER, rows, CONTRACT_WIDTHS, numeric=(3, 4, 5, 6, 7, 8))


def standard_risk_note(fig: AccountFigures) -> str:
    """The plain-language note printed when the caller gives none: what the ratio means for this account."""
    lines = fig.lines
    text = (
        "融资融券交易具有杠杆效应，在放大收益的同时也放大亏损；无论盈亏，融资利息和融券费用均需按约定支付。"
        f"维持担保比例低于警戒线（{fmt.percent(lines.warning)}）时，我们会提醒您关注风险；"
        f"低于平仓线（{fmt.percent(lines.closeout)}）时，您需要在规定期限内追加担保物或偿还负债，"
        f"使比例恢复到 {fmt.percent(lines.target)} 以上，否则我们有权对您的担保证券实施强制平仓。"
    )
    if fig.maintenance_ratio is None:
        return text + "截至期末，您的信用账户没有负债，维持担保比例不适用。"
    text += f"截至期末，您的维持担保比例为 {fmt.percent(fig.maintenance_ratio)}。"
    if fig.level in ("closeout", "emergency"):
        below = "紧急线" if fig.level == "emergency" else "平仓线"
        line = lines.emergency if fig.level == "emergency" else lines.closeout
        text += (
            f"该比例已低于{below}（{fmt.percent(line)}），请按照追加担保物通知的要求尽快追加担保物或者偿还负债"
            f"（使比例恢复到 {fmt.percent(lines.target)} 约需追加 {fmt.yuan(fig.topup_to_target)}）。"
        )
    elif fig.level == "warning":
        text += f"该比例已低于警戒线（{fmt.percent(lines.warning)}），请密切关注并考虑追加担保物或者减少负债。"
    if fig.drop_to_warning is not None and fig.drop_to_closeout is not None:
        text += (
            f"如果您持有的证券价格同时下跌 {fmt.percent(fig.drop_to_warning)}，比例将降至警戒线；"
            f"下跌 {fmt.percent(fig.drop_to_closeout)}，将降至平仓线。"
        )
    elif fig.drop_to_closeout is not None:
        text += f"如果您持有的证券价格同时下跌 {fmt.percent(fig.drop_to_closeout)}，比例将降至平仓线。"
    return text + "请合理控制仓位和负债，留意账户变化；如有疑问，请联系您的客户经理。"


def ratio_chart_block(
    history: tuple[Any, ...], fig: AccountFigures | None, chart: ChartRenderer, caption_prefix: str = ""
) -> list[Any]:
    """The ratio chart and its caption, kept together."""
    lines = fig.lines if fig is not None else Lines()
    warning, closeout = lines.warning, lines.closeout
    image = chart.ratio_flowable(history, warning, closeout)
    caption = f"{caption_prefix}虚线为警戒线 {fmt.percent(warning)} 与平仓线 {fmt.percent(closeout)}。"
    if fig is not None:
        caption += f"{fmt.cn_date(fig.as_of)}维持担保比例：{fmt.percent(fig.maintenance_ratio)}。"
    return [image, CJKParagraph(caption, NOTE.but(align="center"))]


def build_story(data: StatementData, chart: ChartRenderer) -> list[Any]:
    fig, client = data.figures, data.client
    period = f"对账期间：{fmt.cn_date(data.period_start)} 至 {fmt.cn_date(data.period_end)}"
    story: list[Any] = title_block(TITLE, period)
    ident = f"{client.id_type} {client.id_masked}" if client.id_masked else fmt.DASH
    client_table = text_kv_table(
        [
            ("客户姓名", client.name),
            ("客户号", client.client_no),
            ("证件号码", ident),
            ("信用账号", client.account_no or fig.account_no),
            ("手机号码", client.phone_masked or fmt.DASH),
            ("风险等级", client.risk_level or fmt.DASH),
            ("客户经理", client.rm_name or fmt.DASH),
            ("通讯地址", client.address or fmt.DASH),
        ]
    )
    story.append(section("一、客户及账户信息", client_table))
    lines = fig.lines
    status = CJKParagraph(
        f"账户状态：{fmt.LEVEL_LABELS.get(fig.level, fig.level)}　　警戒线 {fmt.percent(lines.warning)}　　"
        f"平仓线 {fmt.percent(lines.closeout)}　　追保目标线 {fmt.percent(lines.target)}",
        NOTE,
    )
    story.append(section(f"二、资产负债概况（截至{fmt.cn_date(fig.as_of)}）", figures_table(fig), status))
    if data.detail_note:
        story.append(section("三、持仓明细", empty_note(data.detail_note)))
        story.append(section("四、未了结合约", empty_note(data.detail_note)))
    else:
        story.append(section("三、持仓明细", positions_table(data.positions, fig)))
        contract_note = CJKParagraph("融资合约列示未还本金（元），融券合约列示未还数量（股）；利率为年利率。", NOTE)
        story.append(section("四、未了结合约", contracts_table(data.contracts), contract_note))
    story.append(
        section(
            "五、维持担保比例走势", *ratio_chart_block(data.ratio_history, fig, chart, "本期每日收市维持担保比例；")
        )
    )
    note = CJKParagraph(data.risk_note or standard_risk_note(fig), BODY_FLAT.but(size=9.5, leading=16))
    closing = CJKParagraph(f"本对账单由{data.branch.name}生成，数据以本公司核心系统期末清算结果为准。", NOTE)
    story.append(section("六、风险提示", note, Spacer(1, 4), closing, keep=False, min_start=30 * mm))
    return story


def render_statement(data: StatementData, out: Path | BinaryIO, *, chart: ChartRenderer | None = None) -> RenderResult:
    """Write the statement PDF to ``out``; pass one ``chart`` renderer to reuse it across a batch."""
    renderer = chart or ChartRenderer()
    setup = PageSetup(TITLE, data.doc_no, data.branch, client_line(data), data.generated_at)
    return RenderResult(pages=build_pdf(out, build_story(data, renderer), setup))
