"""融资融券交易风险揭示书: the versioned template merged with the client's data (SPEC §6).

The letter's words come from ``resources/templates/disclosure/``; this module only lays them out. Merge values
are substituted after the ``<b>`` markup is parsed, so a client's name can never inject markup; locked
paragraphs are printed verbatim.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer

from rmdesk.reports import formatting as fmt
from rmdesk.reports.blocks import (
    signature_table,
)
from rmdesk.reports.charts import ChartRenderer
from rmdesk.reports.data import DisclosureData, RenderResult
from rmdesk.reports.disclosure_template import TemplateBlock, load_template
from rmdesk.reports.statement import client_line
from rmdesk.reports.templates import (
    BODY,
    BODY_FLAT,
    INK,
    TITLE,
    PageSetup,
    build_pdf,
)
from rmdesk.reports.typeset import CJKParagraph, Run, TextStyle, parse_bold

SUBHEAD = TextStyle(size=10.5, align="left", bold=True, color=INK, space_before=6, space_after=2, leading=17)
RIGHT = BODY_FLAT.but(align="right", space_before=10, space_after=10)


def merge_values(data: DisclosureData) -> dict[str, str]:
    """The values of every merge field for this client."""
    client, branch = data.client, data.branch
    return {
        "client_name": client.name,
        "client_no": client.client_no,
        "account_no": client.account_no or fmt.DASH,
        "id_masked": client.id_masked or fmt.DASH,
        "phone_masked": client.phone_masked or fmt.DASH,
        "branch_name": branch.name,
        "branch_address": branch.address,
        "branch_phone": branch.phone,
        "date": fmt.cn_date(data.letter_date),
        "rm_name": client.rm_name or fmt.DASH,
        "rm_phone": client.rm_phone or branch.phone,
        "warning_line": fmt.percent(data.lines.warning),
        "closeout_line": fmt.percent(data.lines.closeout),
        "target_line": fmt.percent(data.lines.target),
    }


def merged_runs(block: TemplateBlock, values: dict[str, str]) -> list[Run]:
    """The block's runs with merge fields filled (locked blocks verbatim)."""
    runs = parse_bold(block.text)
    if block.locked:
        return runs
    return [(text.format_map(values), bold) for text, bold in runs]


def _signature_table(block: TemplateBlock) -> Any:
    """Each line "左项|右项" of the block becomes a row of two labelled blanks."""
    rows = []
    for line in block.text.splitlines():
        left, _, right = line.partition("|")
        rows.append((left.strip(), right.strip()))
    return signature_table(rows)


def _tail_start(blocks: tuple[TemplateBlock, ...]) -> int:
    """Index of the heading that opens the closing declaration (kept with the signature block)."""
    sign = next((i for i, b in enumerate(blocks) if b.kind == "signature"), len(blocks))
    head = next((i for i in range(sign - 1, -1, -1) if blocks[i].kind == "heading"), sign)
    return head


def build_story(data: DisclosureData, blocks: tuple[TemplateBlock, ...], version: str) -> list[Any]:
    values = merge_values(data)
    story: list[Any] = []
    tail: list[Any] = []  # the client's declaration and the signatures stay on one page
    tail_from = _tail_start(blocks)
    for index, block in enumerate(blocks):
        target = tail if index >= tail_from else story
        runs = merged_runs(block, values)
        if block.kind == "title":
            target.append(CJKParagraph(runs, TITLE))
            target.append(CJKParagraph(f"文本版本：{version}", BODY_FLAT.but(align="center", size=8.5, space_after=8)))
        elif block.kind == "salutation":
            target.append(CJKParagraph(runs, BODY_FLAT.but(space_after=4)))
        elif block.kind == "heading":
            target.append(CJKParagraph(runs, SUBHEAD.but(keep_with_next=True)))
        elif block.kind == "para":
            target.append(CJKParagraph(runs, BODY))
        elif block.kind == "right":
            target.append(CJKParagraph(runs, RIGHT))
        elif block.kind == "signature":
            target += [Spacer(1, 2 * mm), _signature_table(block)]
    if tail:
        story.append(KeepTogether(tail))
    return story


def render_disclosure(
    data: DisclosureData, out: Path | BinaryIO, *, chart: ChartRenderer | None = None
) -> RenderResult:
    """Write the letter to ``out``. ``chart`` is accepted for a uniform signature (the letter has none)."""
    del chart
    template = load_template(data.template_version)
    setup = PageSetup(template.title, data.doc_no, data.branch, client_line(data), data.generated_at)
    pages = build_pdf(out, build_story(data, template.blocks, template.version), setup)
    return RenderResult(pages=pages, template_version=template.version)
