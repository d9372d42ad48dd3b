"""The statements' baseline: the same pages with bare reportlab and no chart.

Stock platypus (SimpleDocTemplate, Paragraph with reportlab's own CJK wrapping, Table) over the same
:class:`~rmdesk.reports.data.StatementData`, with the same embedded CJK font: the title, the client line, the
figures, the positions and the contracts, a risk note and "第 x 页" — but no ratio chart, no page total, no
避头尾 typesetting. What a plain reportlab script costs for these pages is the floor rmdesk is compared with.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rmdesk.reports.data import StatementData
from rmdesk.reports.fonts import register_reportlab

_STYLES: dict[str, Any] = {}


def _styles() -> dict[str, Any]:
    if not _STYLES:
        from reportlab.lib.styles import ParagraphStyle

        font = register_reportlab()
        _STYLES["title"] = ParagraphStyle("t", fontName=font, fontSize=17, leading=26, alignment=1)
        _STYLES["h"] = ParagraphStyle("h", fontName=font, fontSize=11.5, leading=18, spaceBefore=8, spaceAfter=4)
        _STYLES["body"] = ParagraphStyle("b", fontName=font, fontSize=9.5, leading=15, wordWrap="CJK")
        _STYLES["font"] = font
    return _STYLES


def _money(x: Any) -> str:
    return "—" if x is None else f"{x:,.2f}"


def _pct(x: Any) -> str:
    return "—" if x is None else f"{x * 100:.2f}%"


def _table(rows: list[list[str]], widths: list[float] | None = None) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    t = Table(rows, colWidths=widths, repeatRows=1)
    t.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), _styles()["font"], 8),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6edf4")),
                ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
            ]
        )
    )
    return t


def render_bare(data: StatementData, out: Path) -> int:
    """Write the statement with stock reportlab; the number of pages."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    st = _styles()
    f = data.figures
    c = data.client
    story: list[Any] = [
        Paragraph("融资融券对账单", st["title"]),
        Paragraph(f"{data.branch.name}　编号 {data.doc_no}　期间 {data.period_start} 至 {data.period_end}", st["body"]),
        Paragraph(
            f"客户 {c.name}（{c.client_no}）　证件 {c.id_masked}　手机 {c.phone_masked}　信用账户 {f.account_no}",
            st["body"],
        ),
        Paragraph("一、资产与负债", st["h"]),
    ]
    pairs = [
        ("总资产", _money(f.total_assets)),
        ("总负债", _money(f.total_liabilities)),
        ("净资产", _money(f.net_assets)),
        ("维持担保比例", _pct(f.maintenance_ratio)),
        ("现金余额", _money(f.cash)),
        ("证券市值", _money(f.market_value)),
        ("担保证券折算值", _money(f.collateral_value)),
        ("融资负债", _money(f.financing_debt)),
        ("融券市值", _money(f.short_value)),
        ("应计利息费用", _money(f.interest_fees)),
        ("保证金可用余额", _money(f.available_margin)),
        ("可提取资产", _money(f.withdrawable)),
        ("授信额度", _money(f.credit_limit)),
        ("剩余额度", _money(f.credit_available)),
    ]
    rows = [["项目", "金额", "项目", "金额"]]
    rows += [[a, b, c2, d] for (a, b), (c2, d) in zip(pairs[::2], pairs[1::2], strict=True)]
    story.append(_table(rows, [40 * mm, 45 * mm, 40 * mm, 45 * mm]))
    story.append(Paragraph("二、持仓", st["h"]))
    prow = [["代码", "名称", "数量", "收盘价", "市值", "折算率", "折算值"]]
    prow += [
        [
            p.code,
            p.name,
            f"{p.quantity:,}",
            f"{p.close}",
            _money(p.market_value),
            f"{p.haircut:.2f}",
            _money(p.collateral_value),
        ]
        for p in data.positions
    ]
    story.append(_table(prow))
    story.append(Paragraph("三、未了结合约", st["h"]))
    crow = [["合约编号", "类型", "代码", "成交日", "成交价", "数量", "成交金额", "未还", "利率", "应计利息", "到期日"]]
    crow += [
        [
            k.contract_no,
            "融资" if k.type == "financing" else "融券",
            k.code,
            str(k.trade_date),
            f"{k.trade_price}",
            f"{k.trade_quantity:,}",
            _money(k.trade_amount),
            _money(k.outstanding_amount) if k.type == "financing" else f"{k.outstanding_quantity or 0:,}",
            _pct(k.rate),
            _money(k.accrued_interest),
            str(k.due_date),
        ]
        for k in data.contracts
    ]
    story.append(_table(crow))
    story.append(Paragraph("四、风险提示", st["h"]))
    story.append(
        Paragraph(
            "融资融券交易具有杠杆特征，维持担保比例低于平仓线且未按期追加担保物的，本公司有权强制平仓。"
            "请您关注信用账户的维持担保比例，并保持联系方式有效。",
            st["body"],
        )
    )

    def footer(canvas: Any, doc: Any) -> None:
        canvas.setFont(st["font"], 8)
        canvas.drawCentredString(A4[0] / 2, 12 * mm, f"第 {doc.page} 页")

    doc = SimpleDocTemplate(
        str(out), pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=20 * mm, bottomMargin=20 * mm
    )
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return int(doc.page)
