"""融资融券交易风险揭示书: the versioned template (locked legal text) and the merged letter."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from rmdesk.reports.data import DisclosureData, Lines
from rmdesk.reports.disclosure import render_disclosure
from rmdesk.reports.disclosure_template import (
    TemplateError,
    available_versions,
    load_disclosure_template,
    load_template,
    template_dir,
)
from tests.reports import pdftools
from tests.reports.conftest import BRANCH, FULL_ID, GENERATED, make_client

# SPEC §6: every point the letter must cover, as words that must stand in LOCKED (legal) paragraphs
SPEC_POINTS = {
    "leverage amplifies losses": ["放大投资损失"],
    "interest owed even on losses": ["无论投资盈利或者亏损", "融资利息"],
    "forced liquidation below the close-out line if not topped up in time": [
        "低于平仓线",
        "期限内追加担保物",
        "强制平仓",
    ],
    "forced liquidation when not repaid at term": ["合约到期而投资者未按期足额偿还"],
    "broker may change credit lines, lines, haircuts, eligible securities": [
        "授信额度",
        "平仓线",
        "折算率",
        "标的证券",
    ],
    "interest and fee rates may change": ["融资利率和融券费率", "调整"],
    "early termination": ["提前了结", "冻结", "丧失民事行为能力", "终止上市", "调出"],
    "unlimited loss on short positions": ["没有上限", "无限扩大"],
    "compensation for dividends and rights": ["分红", "配股", "补偿"],
    "lendable securities may be unavailable": ["可供出借的证券数量有限"],
    "notices via agreed channels, contact details current": ["约定的方式", "视为送达", "联系方式", "及时告知"],
    "operational and system risk": ["交易系统", "操作失误"],
}


def _plain(text: str) -> str:
    return text.replace("<b>", "").replace("</b>", "")


def test_template_is_versioned_and_covers_every_spec_point() -> None:
    assert "v1" in available_versions()
    version, blocks = load_disclosure_template()
    assert version == available_versions()[-1]
    locked = "".join(_plain(b.text) for b in blocks if b.locked)
    for point, words in SPEC_POINTS.items():
        for word in words:
            assert word in locked, f"{point}: {word}"
    # it ends with the client's acknowledgement and the signature/date lines of the client and of the branch
    assert blocks[-1].kind == "signature"
    assert "本人已认真阅读" in blocks[-2].text and blocks[-2].locked
    assert "客户（签字）" in blocks[-1].text and "营业部（盖章）" in blocks[-1].text
    assert blocks[-1].text.count("日期") >= 2


def _copy_templates(tmp_path: Path) -> Path:
    folder = tmp_path / "disclosure"
    shutil.copytree(template_dir(), folder)
    return folder


def test_editing_a_locked_paragraph_in_place_is_refused(tmp_path: Path) -> None:
    folder = _copy_templates(tmp_path)
    path = folder / "v1.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("无限扩大", "较大"), encoding="utf-8")
    with pytest.raises(TemplateError, match="new version"):
        load_template("v1", folder)


def test_a_new_version_with_new_legal_text_loads_and_becomes_the_default(tmp_path: Path) -> None:
    from rmdesk.reports.disclosure_template import locked_digest, parse_template

    folder = _copy_templates(tmp_path)
    text = (folder / "v1.txt").read_text(encoding="utf-8").replace("@version: v1", "@version: v2")
    text = text.replace("无限扩大", "无限扩大（新版）")
    digest = locked_digest(parse_template(text, check_digest=False).blocks)
    text = re.sub(r"@locked-sha256: \w+", f"@locked-sha256: {digest}", text)
    (folder / "v2.txt").write_text(text, encoding="utf-8")
    assert available_versions(folder) == ["v1", "v2"]
    assert load_template(None, folder).version == "v2"
    assert load_template("v1", folder).version == "v1"


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ("== para locked\n尊敬的{client_name}", "locked paragraph uses merge fields"),
        ("== para\n您的{password}", "unknown merge fields"),
    ],
)
def test_bad_templates_are_refused(tmp_path: Path, block: str, message: str) -> None:
    from rmdesk.reports.disclosure_template import parse_template

    with pytest.raises(TemplateError, match=message):
        parse_template(f"@version: v9\n\n{block}\n", check_digest=False)


def _letter(**changes: object) -> DisclosureData:
    base = dict(
        doc_no="FXJS-2026-000042",
        generated_at=GENERATED,
        branch=BRANCH,
        client=make_client(),
        letter_date=GENERATED.date(),
        lines=Lines(warning=Decimal("1.45"), closeout=Decimal("1.35"), target=Decimal("1.60")),
    )
    base.update(changes)
    return DisclosureData(**base)  # type: ignore[arg-type]


def test_letter_merges_the_client_and_prints_the_locked_text_verbatim(tmp_path: Path) -> None:
    out = tmp_path / "letter.pdf"
    result = render_disclosure(_letter(), out)
    assert result.template_version == "v1"
    text = pdftools.compact(pdftools.text(out))
    for fragment in (
        "尊敬的欧阳明远（客户号：C00012345）：",
        "文本版本：v1",
        "警戒线为145.00%，平仓线为135.00%，追加担保物的目标线为160.00%",  # the account's lines, not the defaults
        "测试证券股份有限公司杭州西湖营业部2026年11月21日",  # the issuer and the letter's date
        "138****5678",
        "文书编号：FXJS-2026-000042",
    ):
        assert fragment in text, fragment
    assert FULL_ID not in text
    _, blocks = load_disclosure_template("v1")
    for block in blocks:
        if block.locked:
            assert pdftools.compact(_plain(block.text)) in text, block.text[:20]
    pages = pdftools.page_count(out)
    assert result.pages == pages
    assert f"第{pages}页/共{pages}页" in text


def test_merge_values_cannot_inject_markup_or_fields(tmp_path: Path) -> None:
    out = tmp_path / "letter.pdf"
    render_disclosure(_letter(client=make_client(name="王{client_no}<b>")), out)
    text = pdftools.compact(pdftools.text(out))
    assert "尊敬的王{client_no}<b>（客户号：C00012345）" in text


def test_letter_fonts_are_embedded(tmp_path: Path) -> None:
    out = tmp_path / "letter.pdf"
    render_disclosure(_letter(), out)
    rows = pdftools.fonts(out)
    assert rows and all(r.embedded for r in rows)
    assert all("WenQuanYiMicroHei" in r.name for r in rows)


def test_letter_obeys_the_line_breaking_rules_throughout(tmp_path: Path) -> None:
    """避头尾 on the real legal text, every page: no line starts with "，。；）” …" or ends with "（“ …"."""
    from rmdesk.reports.typeset import CLOSING, OPENING

    out = tmp_path / "letter.pdf"
    render_disclosure(_letter(), out)
    lines = [line.strip() for line in pdftools.text(out, layout=True).splitlines() if line.strip()]
    assert len(lines) > 60
    assert [line for line in lines if line[0] in CLOSING or line[-1] in OPENING] == []
