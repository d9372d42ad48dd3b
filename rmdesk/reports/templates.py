"""The one page template of every document (rmdesk.reports.blocks has the shared building blocks).

Header: branch name, document number, the client (masked personal data) and the document title. Footer: the
branch's address and phone, the generation time, and "第 x 页 / 共 y 页" — the total is only known at the end,
so the canvas keeps every finished page and stamps the numbers when the document is saved (one layout pass).
Every font on the page is the embedded CJK font: canvases start in it, tables set it on every cell.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate
from reportlab.platypus.flowables import Flowable

from rmdesk.reports.data import BranchInfo
from rmdesk.reports.fonts import FONT_NAME, register_reportlab
from rmdesk.reports.formatting import cn_datetime
from rmdesk.reports.typeset import BOLD_STROKE, TextStyle

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 25 * mm
MARGIN_BOTTOM = 21 * mm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
FRAME_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

INK = "#1a1a1a"
MUTED = "#5a5a5a"
ACCENT = "#1f4e79"
RULE = colors.HexColor("#9aa7b4")  # header and footer rules

TITLE = TextStyle(size=17, align="center", bold=True, space_after=2, color=INK, leading=26)
SUBTITLE = TextStyle(size=9.5, align="center", color=MUTED, space_after=10)
H1 = TextStyle(size=11.5, align="left", bold=True, color=ACCENT, space_before=10, space_after=5)
BODY = TextStyle(size=10, align="justify", first_indent=20, leading=17, space_after=4, color=INK)
BODY_FLAT = BODY.but(first_indent=0)
NOTE = TextStyle(size=8.5, align="justify", leading=13, color=MUTED, space_before=3)
CELL = TextStyle(size=8, align="left", leading=11, color=INK)
CELL_HEAD = CELL.but(bold=True, align="center")

PAGE_LABEL = "第 {page} 页 / 共 {total} 页"


@dataclass(frozen=True)
class PageSetup:
    """What the page template prints around the story."""

    title: str
    doc_no: str
    branch: BranchInfo
    client_line: str
    generated_at: datetime
    confidential: str = ""


def draw_text(
    canv: Any, x: float, y: float, text: str, size: float, *, bold: bool = False, align: str = "left", color: str = INK
) -> None:
    """One line on the canvas in the CJK font; ``bold`` is fill-and-stroke, like the paragraphs."""
    width = canv.stringWidth(text, FONT_NAME, size)
    if align == "right":
        x -= width
    elif align == "center":
        x -= width / 2
    canv.saveState()
    ink = colors.HexColor(color)
    canv.setFillColor(ink)
    canv.setStrokeColor(ink)
    canv.setLineWidth(size * BOLD_STROKE)
    tx = canv.beginText(x, y)
    tx.setFont(FONT_NAME, size)
    if bold:
        tx.setTextRenderMode(2)
    tx.textOut(text)
    canv.drawText(tx)
    canv.restoreState()


def _static_page(setup: PageSetup) -> Callable[[Any, Any], None]:
    """Header and footer that do not depend on the page count."""

    def on_page(canv: Any, _doc: Any) -> None:
        top = PAGE_HEIGHT - 11 * mm
        left, right = MARGIN_X, PAGE_WIDTH - MARGIN_X
        draw_text(canv, left, top, setup.branch.name, 10.5, bold=True, color=ACCENT)
        draw_text(canv, right, top, f"文书编号：{setup.doc_no}", 8.5, align="right", color=INK)
        second = top - 5.2 * mm
        draw_text(canv, left, second, setup.client_line, 8, color=MUTED)
        tag = f"{setup.title}　{setup.confidential}" if setup.confidential else setup.title
        draw_text(canv, right, second, tag, 8, align="right", color=MUTED)
        canv.saveState()
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.6)
        canv.line(left, second - 2.6 * mm, right, second - 2.6 * mm)
        canv.line(left, 15.5 * mm, right, 15.5 * mm)
        canv.restoreState()
        contact = f"地址：{setup.branch.address}　电话：{setup.branch.phone}"
        draw_text(canv, left, 7 * mm, contact, 7, color=MUTED)
        draw_text(canv, right, 7 * mm, f"生成时间：{cn_datetime(setup.generated_at)}", 7, align="right", color=MUTED)

    return on_page


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab is untyped
    """Keeps finished pages until save() so each can carry "第 x 页 / 共 y 页"."""

    def __init__(self, *args: Any, generated_at: datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []
        stamp = f"D:{generated_at:%Y%m%d%H%M%S}+08'00'"
        # the file's dates are the document's generation time, so the same data gives the same bytes
        self.setDateFormatter(lambda *_parts: stamp)

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            draw_text(self, PAGE_WIDTH / 2, 10.5 * mm, PAGE_LABEL.format(page=number, total=total), 8.5, color=INK)
            super().showPage()
        super().save()

    @property
    def page_total(self) -> int:
        return len(self._pages)


def build_pdf(out: Path | BinaryIO, story: Sequence[Flowable], setup: PageSetup) -> int:
    """Lay out ``story`` on the branch's pages and write the PDF; returns the page count."""
    register_reportlab()
    made: list[_NumberedCanvas] = []

    def canvas_maker(*args: Any, **kwargs: Any) -> _NumberedCanvas:
        canv = _NumberedCanvas(*args, generated_at=setup.generated_at, **kwargs)
        made.append(canv)
        return canv

    target = str(out) if isinstance(out, Path) else out
    doc = BaseDocTemplate(
        target,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=setup.title,
        author=setup.branch.name,
        subject=setup.doc_no,
        creator="rmdesk",
        keywords=[setup.doc_no],
        invariant=1,
        initialFontName=FONT_NAME,
        initialFontSize=10,
        initialLeading=14,
    )
    frame = Frame(
        MARGIN_X,
        MARGIN_BOTTOM,
        FRAME_WIDTH,
        FRAME_HEIGHT,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=_static_page(setup))])
    doc.build(list(story), canvasmaker=canvas_maker)
    return made[-1].page_total
