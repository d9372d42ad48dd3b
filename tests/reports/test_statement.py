"""对账单: every SPEC §6 field printed as given, pagination of a long book, embedded fonts only, the chart."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from rmdesk.reports.charts import ChartRenderer
from rmdesk.reports.data import PositionLine
from rmdesk.reports.statement import POSITION_WIDTHS, render_statement
from rmdesk.reports.templates import FRAME_WIDTH, MARGIN_X
from tests.reports import pdftools
from tests.reports.conftest import FULL_ID, FULL_PHONE, make_client, make_figures, make_statement

D = Decimal


def test_statement_prints_every_field_with_the_values_given(tmp_path: Path, chart: ChartRenderer) -> None:
    out = tmp_path / "statement.pdf"
    result = render_statement(make_statement(), out, chart=chart)
    assert result.pages == pdftools.page_count(out)
    text = pdftools.compact(pdftools.text(out, layout=True))
    expected = [
        # client and account, masked ID (first 6 + 8 stars + last 4) and phone (first 3 + 4 stars + last 4)
        "欧阳明远", "C00012345", "880012345678", "110105********1234", "138****5678",
        "对账期间：2026年10月1日至2026年10月31日",
        # credit limit and remaining credit
        "授信额度¥2,000,000.00", "剩余授信额度¥1,220,000.00",
        # the summary figures at period end
        "总资产¥1,234,567.89", "总负债¥805,500.00", "净资产¥429,067.89", "保证金可用余额¥88,765.43",
        "可提取金额¥12,345.67", "担保证券市值¥1,134,567.89", "担保证券折算后价值¥794,197.52", "维持担保比例153.27%",
        # positions: code, name, quantity, close (exact, 3 decimals kept), market value, haircut, collateral value
        "600519.SH贵州茅台1001,500.00150,000.000.70105,000.00",
        "000001.SZ平安银行12,30010.505129,211.500.6583,987.48",
        # contracts: number, type, trade date, price, quantity, amount, outstanding, rate, accrued interest, due
        "融资2026-06-151,480.00100148,000.00148,000.008.35%2,000.642026-12-15",
        "融券2026-09-0111.205,00056,000.005,000股10.355%483.232027-03-01",
        "HT2026000001", "HT2026000002",
        # the chart's caption and the plain-language risk note with this account's drops
        "警戒线140.00%与平仓线130.00%", "下跌8.57%，比例将降至警戒线", "下跌15.12%，将降至平仓线",
        # header and footer
        "测试证券股份有限公司杭州西湖营业部", "文书编号：DZD-202610-000001", "地址：浙江省杭州市西湖区文三路90号",
    ]  # fmt: skip
    for fragment in expected:
        assert pdftools.compact(fragment) in text, fragment
    # the personal data never appears unmasked
    assert FULL_ID not in text
    assert FULL_PHONE not in text


def test_statement_has_the_ratio_chart_as_an_image(tmp_path: Path, chart: ChartRenderer) -> None:
    out = tmp_path / "statement.pdf"
    result = render_statement(make_statement(), out, chart=chart)
    images = sum(pdftools.image_count(out, p) for p in range(1, result.pages + 1))
    assert images == 1


def test_statement_without_liabilities_shows_a_dash_for_the_ratio(tmp_path: Path, chart: ChartRenderer) -> None:
    figures = make_figures(
        financing_debt=D("0.00"), short_value=D("0.00"), interest_fees=D("0.00"), total_liabilities=D("0.00"),
        maintenance_ratio=None, drop_to_warning=None, drop_to_closeout=None, net_assets=D("1234567.89"),
    )  # fmt: skip
    out = tmp_path / "statement.pdf"
    render_statement(make_statement(figures=figures, contracts=()), out, chart=chart)
    text = pdftools.compact(pdftools.text(out, layout=True))
    assert "维持担保比例—" in text
    assert "无未了结合约" in text
    assert "没有负债，维持担保比例不适用" in text


def _many_positions(n: int) -> tuple[PositionLine, ...]:
    # quantity 100 × close 10.000 = 1,000.00 each; × 0.50 = 500.00
    return tuple(
        PositionLine(f"{600000 + i:06d}.SH", f"测试证券{i:02d}", 100, D("10.000"), D("1000.00"), D("0.50"), D("500.00"))
        for i in range(n)
    )


def test_sixty_positions_paginate_with_repeated_header_and_page_numbers(tmp_path: Path, chart: ChartRenderer) -> None:
    out = tmp_path / "long.pdf"
    positions = _many_positions(60)
    result = render_statement(make_statement(positions=positions), out, chart=chart)
    pages = pdftools.page_texts(out)
    assert result.pages == len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        # printed "第 1 页 / 共 3 页"; pdftotext drops the narrow spaces next to CJK glyphs
        assert f"第{number}页/共{len(pages)}页" in pdftools.compact(page)
    # every position printed exactly once across the page breaks
    everything = "".join(pages)
    for p in positions:
        assert everything.count(p.code) == 1, p.code
    # each page that carries position rows starts the table with its header row again
    for page in pages:
        if any(p.code in page for p in positions):
            assert "持仓数量（股）" in page


def test_nothing_leaves_the_page_margins(tmp_path: Path, chart: ChartRenderer) -> None:
    """Long names and addresses wrap inside their cells; no word is drawn outside the side margins."""
    long_name = "上海浦东发展银行股份有限公司优先股二期特别长的证券简称测试"
    address = "新疆维吾尔自治区乌鲁木齐市天山区人民路街道解放南路社区幸福小区三期十二号楼二单元十八层一千八百零六室"
    positions = (
        *_many_positions(3),
        PositionLine("600000.SH", long_name, 1234500, D("123.456"), D("152406432.00"), D("0.70"), D("106684502.40")),
    )
    data = make_statement(positions=positions, client=make_client(address=address))
    out = tmp_path / "wide.pdf"
    render_statement(data, out, chart=chart)
    words, (width, _height) = pdftools.words(out)
    left, right = MARGIN_X - 0.5, width - MARGIN_X + 0.5
    outside = [w for w in words if w.x_min < left or w.x_max > right]
    assert outside == []
    # the long name stays inside its own column (the 2nd of the positions table), wrapped over several lines
    widths = [w * FRAME_WIDTH / sum(POSITION_WIDTHS) for w in POSITION_WIDTHS]
    col_left, col_right = MARGIN_X + widths[0], MARGIN_X + widths[0] + widths[1]
    name_parts = [w for w in words if w.text and w.text in long_name and len(w.text) >= 3]
    assert len(name_parts) >= 2
    assert all(col_left <= w.x_min and w.x_max <= col_right for w in name_parts)
    text = pdftools.compact(pdftools.text(out))  # raw order keeps a wrapped cell's lines together
    assert long_name in text
    assert address in text
    assert "152,406,432.00" in text


def test_same_data_gives_the_same_bytes(tmp_path: Path, chart: ChartRenderer) -> None:
    """The register proves a document by its SHA-256: rendering is deterministic (dates = generated_at)."""
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    render_statement(make_statement(), first, chart=chart)
    render_statement(make_statement(), second, chart=chart)
    assert hashlib.sha256(first.read_bytes()).digest() == hashlib.sha256(second.read_bytes()).digest()
    changed = tmp_path / "c.pdf"
    render_statement(replace(make_statement(), doc_no="DZD-202610-000002"), changed, chart=chart)
    assert changed.read_bytes() != first.read_bytes()


def test_statement_fonts_are_all_embedded_cjk(tmp_path: Path, chart: ChartRenderer) -> None:
    out = tmp_path / "statement.pdf"
    render_statement(make_statement(positions=_many_positions(60)), out, chart=chart)
    rows = pdftools.fonts(out)
    assert rows, "no fonts listed"
    assert all(r.embedded and r.subset for r in rows)
    assert not [r for r in rows if "Helvetica" in r.name or "Times" in r.name or "Courier" in r.name]
    assert {r.name.split("+", 1)[1] for r in rows} == {"WenQuanYiMicroHei-0"}


def test_risk_note_tells_an_account_below_the_closeout_line_what_to_do(tmp_path: Path, chart: ChartRenderer) -> None:
    # ratio 1.2082 < close-out 1.30; topup = 1.50 × 128,564.10 − 155,330.00 = 192,846.15 − 155,330.00 = 37,516.15
    figures = make_figures(
        level="closeout", total_assets=D("155330.00"), total_liabilities=D("128564.10"), maintenance_ratio=D("1.2082"),
        topup_to_target=D("37516.15"), drop_to_warning=None, drop_to_closeout=None,
    )  # fmt: skip
    out = tmp_path / "statement.pdf"
    render_statement(make_statement(figures=figures), out, chart=chart)
    text = pdftools.compact(pdftools.text(out))
    assert "您的维持担保比例为120.82%。该比例已低于平仓线（130.00%）" in text
    assert "约需追加¥37,516.15" in text
