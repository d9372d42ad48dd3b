"""避头尾 line breaking, Latin words kept whole, and fake bold that really adds ink."""

from __future__ import annotations

import subprocess
from itertools import pairwise
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate

from rmdesk.reports.fonts import FONT_NAME, register_reportlab
from rmdesk.reports.typeset import (
    CLOSING,
    OPENING,
    CJKParagraph,
    TextStyle,
    _legal_break,
    break_lines,
    parse_bold,
    tokenize,
)
from tests.reports import pdftools

HANZI = "融资融券交易具有杠杆效应放大收益同时也放大亏损维持担保比例低于平仓线需要追加担保物"
# 20 full-width glyphs of 10 pt fill a 200 pt line exactly, so a naive break puts the mark at the next line start
EVERY_LINE_FULL = ("汉" * 20 + "，") * 12 + ("字" * 19 + "（注）") * 6 + "。"


def _build(flowables: list[object], out: Path, width: float) -> None:
    register_reportlab()
    margin = (A4[0] - width) / 2
    doc = SimpleDocTemplate(str(out), pagesize=A4, leftMargin=margin, rightMargin=margin, initialFontName=FONT_NAME)
    doc.build(flowables)


def _line_ends(pdf: Path) -> list[str]:
    return [line.strip() for line in pdftools.text(pdf, layout=True).splitlines() if line.strip()]


def _violations(lines: list[str]) -> list[str]:
    return [line for line in lines if line[0] in CLOSING or line[-1] in OPENING]


def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(tmp_path: Path) -> None:
    ours = tmp_path / "ours.pdf"
    _build([CJKParagraph(EVERY_LINE_FULL, TextStyle(size=10, align="justify"))], ours, width=200.2)
    lines = _line_ends(ours)
    assert len(lines) > 15
    assert _violations(lines) == []
    assert pdftools.compact("".join(lines)) == EVERY_LINE_FULL  # nothing lost or duplicated by the pushing back


def test_the_check_catches_reportlabs_own_cjk_wrapping(tmp_path: Path) -> None:
    """The same text through reportlab's Paragraph(wordWrap='CJK') does put "，" at line starts: the check bites."""
    theirs = tmp_path / "theirs.pdf"
    style = ParagraphStyle("p", fontName=register_reportlab(), fontSize=10, leading=16, wordWrap="CJK")
    _build([Paragraph(EVERY_LINE_FULL, style)], theirs, width=200.2)
    assert _violations(_line_ends(theirs))


def test_long_paragraph_in_a_real_document_keeps_the_rules(tmp_path: Path) -> None:
    text = "".join(
        f"{HANZI[i % 20 : i % 20 + 7]}（第{i}项）“{HANZI[i % 13 : i % 13 + 5]}”，比例 {150 + i}.27%；"
        for i in range(60)
    )
    out = tmp_path / "long.pdf"
    _build([CJKParagraph(text, TextStyle(size=10.5, align="justify", first_indent=21))], out, width=430)
    lines = _line_ends(out)
    assert len(lines) > 20
    assert _violations(lines) == []
    # numbers with their % sign are never cut
    joined = "\n".join(lines)
    for i in range(60):
        assert f"{150 + i}.27%" in joined


sentence = st.tuples(
    st.sampled_from(["", "（", "“", "《", "「"]),
    st.text(alphabet=HANZI, min_size=1, max_size=12),
    st.sampled_from(["", "，", "。", "、", "；", "：", "？", "！", "）", "”", "》", "」", "……", "——"]),
    st.sampled_from(["", " 2026", " ¥1,234.56 ", "153.27%", " ST "]),
).map("".join)


@settings(max_examples=150, deadline=None)
@given(
    parts=st.lists(sentence, min_size=1, max_size=25),
    width=st.floats(min_value=60, max_value=300),
    size=st.sampled_from([8.0, 9.5, 10.5]),
)
def test_breaking_keeps_every_rule_on_random_text(parts: list[str], width: float, size: float) -> None:
    text = "".join(parts)
    register_reportlab()
    lines = break_lines(tokenize([(text, False)], size), width, 0.0, size)
    rendered = ["".join(u.text for u in line.units) for line in lines]
    # nothing lost: the lines are the text minus the spaces at which it broke
    assert "".join(rendered).replace(" ", "") == text.replace(" ", "")
    for line in lines:
        assert line.width <= line.avail + 1e-6 or len(line.units) == 1, rendered
    for first, second in pairwise(lines):
        if second.units[0].text[0] in CLOSING or first.units[-1].text[-1] in OPENING:
            # allowed only when the whole line offered no legal break point (a line of marks and one glyph)
            seq = (*first.units, second.units[0])
            assert not any(_legal_break(seq, j) for j in range(1, len(first.units) + 1)), rendered


def test_parse_bold_only_knows_b() -> None:
    assert parse_bold("普通<b>加粗</b>后<i>x</i>") == [("普通", False), ("加粗", True), ("后<i>x</i>", False)]


def _ink(png: Path) -> int:
    return sum(Image.open(png).convert("L").histogram()[:128])  # pixels darker than mid-grey


def test_bold_is_drawn_with_fill_and_stroke_and_adds_ink(tmp_path: Path) -> None:
    """The font has one face: bold is text render mode 2 (fill + stroke), visibly heavier on the page."""
    plain, bold = tmp_path / "plain.pdf", tmp_path / "bold.pdf"
    heading = "一、维持担保比例与风险控制线" * 3
    _build([CJKParagraph(heading, TextStyle(size=14, align="left"))], plain, width=400)
    _build([CJKParagraph(heading, TextStyle(size=14, align="left", bold=True))], bold, width=400)
    assert b"2 Tr" in PdfReader(str(bold)).pages[0].get_contents().get_data()
    assert b"2 Tr" not in PdfReader(str(plain)).pages[0].get_contents().get_data()
    subprocess.run(["pdftoppm", "-png", "-r", "100", "-singlefile", str(plain), str(tmp_path / "plain")], check=True)
    subprocess.run(["pdftoppm", "-png", "-r", "100", "-singlefile", str(bold), str(tmp_path / "bold")], check=True)
    assert _ink(tmp_path / "bold.png") > 1.15 * _ink(tmp_path / "plain.png")
