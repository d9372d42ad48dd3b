"""追加担保物通知书: the margin-call notice (SPEC §6).

The as-of figures, the ratio, the lines, ``topup_to_target`` and ``repay_to_target``, the deadline (date and
time), and what happens if it passes. The notice is a letter: it names the client, states the position in plain
words, gives the two ways to restore the ratio with their amounts, and ends with the branch and a receipt line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

from reportlab.platypus import KeepTogether

from rmdesk.reports import formatting as fmt
from rmdesk.reports.blocks import (
    kv_table,
    section,
    signature_table,
    title_block,
)
from rmdesk.reports.charts import ChartRenderer
from rmdesk.reports.data import AccountFigures, MarginCallData, RenderResult
from rmdesk.reports.statement import client_line
from rmdesk.reports.templates import (
    BODY,
    BODY_FLAT,
    NOTE,
    PageSetup,
    build_pdf,
)
from rmdesk.reports.typeset import CJKParagraph

TITLE = "追加担保物通知书"

_BELOW = {
    "emergency": "已低于紧急线 {emergency}",
    "closeout": "已低于平仓线 {closeout}",
    "warning": "已低于警戒线 {warning}",
    "normal": "",
}


def situation(fig: AccountFigures) -> str:
    """ "维持担保比例为 125.34%，已低于平仓线 130.00%" in the words of the account's level."""
    lines = fig.lines
    below = _BELOW.get(fig.level, "").format(
        emergency=fmt.percent(lines.emergency), closeout=fmt.percent(lines.closeout), warning=fmt.percent(lines.warning)
    )
    text = f"维持担保比例为 {fmt.percent(fig.maintenance_ratio)}"
    return f"{text}，{below}" if below else text


def standard_consequences(data: MarginCallData) -> tuple[str, ...]:
    """What happens if the deadline passes, with this account's lines and deadline."""
    lines = data.figures.lines
    target, emergency = fmt.percent(lines.target), fmt.percent(lines.emergency)
    deadline = fmt.cn_datetime(data.deadline)
    return (
        f"若您未能在{deadline}前使维持担保比例恢复至 {target} 以上，本公司有权在期限届满后，按照《融资融券业务合同》"
        f"的约定对您信用账户内的担保证券实施强制平仓，直至维持担保比例恢复至 {target} 以上"
        "或者您对本公司的负债全部清偿。",
        "强制平仓的证券品种、数量、价格和时机由本公司依约确定，平仓所得资金优先用于偿还您对本公司的负债；"
        "由此产生的损失和费用由您承担，平仓后仍不足以清偿的，本公司将继续向您追索。",
        f"在追保期限内，如维持担保比例进一步下降至紧急线 {emergency} 以下，"
        "本公司有权依照合同约定提前采取强制平仓措施，"
        "不再等待期限届满。",
        "在维持担保比例恢复至要求水平之前，您的信用账户可能被限制融资买入、融券卖出和提取担保物。",
    )


def build_story(data: MarginCallData) -> list[Any]:
    fig, client, lines = data.figures, data.client, data.figures.lines
    deadline = fmt.cn_datetime(data.deadline)
    account = client.account_no or fig.account_no
    story: list[Any] = title_block(TITLE, f"通知日期：{fmt.cn_date(data.generated_at.date())}")
    story.append(CJKParagraph(f"尊敬的{client.name}（客户号：{client.client_no}，信用账号：{account}）：", BODY_FLAT))
    story.append(
        CJKParagraph(
            [
                (f"截至{fmt.cn_date(fig.as_of)}日终清算，您信用账户的", False),
                (situation(fig), True),
                ("。根据您与本公司签订的《融资融券业务合同》，请您于", False),
                (deadline, True),
                (f"前追加担保物或者偿还负债，使维持担保比例恢复至追保目标线 {fmt.percent(lines.target)} 以上。", False),
            ],
            BODY,
        )
    )
    figures = kv_table(
        [
            ("总资产", fmt.yuan(fig.total_assets)),
            ("总负债", fmt.yuan(fig.total_liabilities)),
            ("现金余额", fmt.yuan(fig.cash)),
            ("融资负债", fmt.yuan(fig.financing_debt)),
            ("担保证券市值", fmt.yuan(fig.market_value)),
            ("融券市值", fmt.yuan(fig.short_value)),
            ("净资产", fmt.yuan(fig.net_assets)),
            ("应计利息及费用", fmt.yuan(fig.interest_fees)),
        ]
    )
    story.append(section(f"一、账户情况（截至{fmt.cn_date(fig.as_of)}）", figures))
    line_table = kv_table(
        [
            ("当前维持担保比例", fmt.percent(fig.maintenance_ratio)),
            ("追保目标线", fmt.percent(lines.target)),
            ("警戒线", fmt.percent(lines.warning)),
            ("平仓线", fmt.percent(lines.closeout)),
            ("紧急线", fmt.percent(lines.emergency)),
            ("账户状态", fmt.LEVEL_LABELS.get(fig.level, fig.level)),
        ]
    )
    story.append(section("二、维持担保比例与风险控制线", line_table))
    actions = kv_table(
        [
            ("方式一：追加现金或担保证券（按市值计）不少于", fmt.yuan(fig.topup_to_target)),
            ("方式二：卖出担保证券并偿还负债不少于", fmt.yuan(fig.repay_to_target)),
            ("追保期限", deadline),
        ],
        columns=1,
        label_share=0.62,
    )
    explain = CJKParagraph(
        "以上两种方式任选其一即可使维持担保比例恢复至追保目标线，也可以组合使用。"
        "追加的证券须为本公司认可的可充抵保证金证券；卖出所得资金应当用于偿还融资负债或者买券还券。"
        + data.deadline_note,
        NOTE,
    )
    story.append(section("三、请您采取的措施", actions, explain))
    consequences = data.consequences or standard_consequences(data)
    item = BODY.but(first_indent=0, size=9.5, leading=15, space_after=2)
    paras = [CJKParagraph(f"{i}. {text}", item) for i, text in enumerate(consequences, start=1)]
    story.append(section("四、逾期未追加担保物的后果", *paras))
    contact = (
        f"如有疑问，请联系您的客户经理{client.rm_name}（电话：{client.rm_phone or data.branch.phone}）"
        if client.rm_name
        else "如有疑问，请联系本营业部"
    )
    closing = [
        CJKParagraph(f"{contact}，或者拨打本营业部电话 {data.branch.phone}。", BODY.but(space_before=4)),
        CJKParagraph(
            f"{data.branch.name}\n{fmt.cn_date(data.generated_at.date())}",
            BODY_FLAT.but(align="right", space_before=4, space_after=0),
        ),
        signature_table([("客户签收：", "日期：")]),
    ]
    story.append(KeepTogether(closing))
    return story


def render_margin_call(
    data: MarginCallData, out: Path | BinaryIO, *, chart: ChartRenderer | None = None
) -> RenderResult:
    """Write the notice to ``out``. ``chart`` is accepted for a uniform signature (the notice has none)."""
    del chart
    setup = PageSetup(TITLE, data.doc_no, data.branch, client_line(data), data.generated_at)
    return RenderResult(pages=build_pdf(out, build_story(data), setup))
