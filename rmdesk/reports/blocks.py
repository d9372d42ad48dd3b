"""The building blocks the four documents share: headings and sections, tables, cells, signature lines, images.

Every table sets the CJK font on every cell (reportlab's default is Helvetica, which would be left unembedded);
numbers are right-aligned; long texts wrap inside their cell; tables are kept whole on a page when they fit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from rmdesk.reports.fonts import FONT_NAME
from rmdesk.reports.templates import (
    CELL,
    CELL_HEAD,
    FRAME_HEIGHT,
    FRAME_WIDTH,
    H1,
    INK,
    NOTE,
    RULE,
    SUBTITLE,
    TITLE,
)
from rmdesk.reports.typeset import CJKParagraph, Run, TextStyle, text_width

GRID = colors.HexColor("#b8c2cc")
HEADER_FILL = colors.HexColor("#e6edf4")
STRIPE_FILL = colors.HexColor("#f5f7f9")
LABEL_FILL = colors.HexColor("#f1f4f7")
PAD = 4  # left/right cell padding of every table


def title_block(title: str, subtitle: str = "") -> list[Flowable]:
    """The document title, centred, and an optional line under it."""
    out: list[Flowable] = [CJKParagraph(title, TITLE)]
    if subtitle:
        out.append(CJKParagraph(subtitle, SUBTITLE))
    else:
        out.append(Spacer(1, 8))
    return out


def heading(text: str) -> CJKParagraph:
    """A section heading (kept with what follows)."""
    return CJKParagraph(text, H1)


class _KeepIfFits(KeepTogether):  # type: ignore[misc]  # reportlab is untyped
    """KeepTogether that gives up (and lets a long table split) when the content is taller than a page.

    reportlab's KeepTogether starts an oversized group on a new page, leaving most of the current one empty.
    """

    def __init__(self, flowables: Sequence[Flowable], min_start: float) -> None:
        super().__init__(list(flowables))
        self._min_start = min_start

    def split(self, aW: float, aH: float) -> list[Flowable]:
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        if self._H > FRAME_HEIGHT:
            return [CondPageBreak(self._min_start), *self._content]
        result: list[Flowable] = super().split(aW, aH)
        return result


def section(title: str, *content: Flowable, min_start: float = 45 * mm, keep: bool = True) -> Flowable:
    """A heading and its content, kept on one page when they fit on one ("tables kept whole where they fit");
    otherwise started where at least ``min_start`` is left so the heading never ends a page alone. With
    ``keep=False`` (running text) the content may always flow on from where it starts."""
    if not keep:
        return _Flow([CondPageBreak(min_start), heading(title), *content])
    return _KeepIfFits([heading(title), *content], min_start)


class _Flow(KeepTogether):  # type: ignore[misc]  # reportlab is untyped
    """A group of flowables handed to the frame one by one (a section that may split anywhere)."""

    def split(self, aW: float, aH: float) -> list[Flowable]:
        return list(self._content)


def cell(text: str | Sequence[Run], style: TextStyle = CELL) -> CJKParagraph:
    """A wrapping table cell."""
    return CJKParagraph(text, style)


def fit_cell(text: str, width: float, style: TextStyle = CELL) -> str | CJKParagraph:
    """The plain string when it fits on one line of a ``width`` column (the table draws it quickly), else a
    wrapping paragraph."""
    if "\n" not in text and not style.bold and text_width(text, style.size) <= width - 2 * PAD:
        return text
    return CJKParagraph(text, style)


def table_style(extra: Sequence[tuple[Any, ...]] = ()) -> TableStyle:
    """The CJK font on every cell (reportlab's default is Helvetica), padding, and ``extra`` commands."""
    return TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), FONT_NAME, CELL.size, CELL.line_height),
            ("TEXTCOLOR", (0, 0), (-1, -1), colors.HexColor(INK)),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LEFTPADDING", (0, 0), (-1, -1), PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
            *extra,
        ]
    )


def kv_table(
    pairs: Sequence[tuple[str, str | Flowable]], columns: int = 2, label_share: float = 0.42, *, wrap: bool = False
) -> Table:
    """Label/value pairs in ``columns`` column pairs, labels shaded. Values are right-aligned numbers, or with
    ``wrap`` left-aligned texts that wrap inside their cell."""
    pair_width = FRAME_WIDTH / columns
    widths = [pair_width * label_share, pair_width * (1 - label_share)] * columns
    rows: list[list[Any]] = []
    for start in range(0, len(pairs), columns):
        row: list[Any] = []
        for label, value in pairs[start : start + columns]:
            shown = fit_cell(value, widths[1]) if wrap and isinstance(value, str) else value
            row += [fit_cell(label, widths[0]), shown]
        row += [""] * (2 * columns - len(row))
        rows.append(row)
    extra: list[tuple[Any, ...]] = [("GRID", (0, 0), (-1, -1), 0.4, GRID)]
    for c in range(columns):
        extra.append(("BACKGROUND", (2 * c, 0), (2 * c, -1), LABEL_FILL))
        if not wrap:
            extra.append(("ALIGN", (2 * c + 1, 0), (2 * c + 1, -1), "RIGHT"))
    table = Table(rows, colWidths=widths, style=table_style(extra), hAlign="LEFT")
    return table


def text_kv_table(pairs: Sequence[tuple[str, str]], columns: int = 2, label_share: float = 0.32) -> Table:
    """Like :func:`kv_table` for texts (names, addresses): values left-aligned and wrapping."""
    return kv_table(list(pairs), columns, label_share, wrap=True)


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    *,
    numeric: Sequence[int] = (),
    wrap: Sequence[int] = (),
    total_row: Sequence[Any] | None = None,
) -> Table:
    """A list table: bold header repeated on every page, striped rows, numeric columns right-aligned, text
    columns listed in ``wrap`` wrapping inside their cell when too long.

    ``widths`` are fractions of the frame width (they are scaled to sum to it).
    """
    scale = FRAME_WIDTH / sum(widths)
    col_widths = [w * scale for w in widths]
    rows = [
        [fit_cell(v, col_widths[i]) if i in wrap and isinstance(v, str) else v for i, v in enumerate(r)] for r in rows
    ]
    head_right = CELL_HEAD.but(align="right")
    data: list[list[Any]] = [[cell(h, head_right if i in numeric else CELL_HEAD) for i, h in enumerate(header)]]
    data += [list(r) for r in rows]
    extra: list[tuple[Any, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LINEABOVE", (0, 0), (-1, 0), 0.8, RULE),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, RULE),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, GRID),
    ]
    extra += [("ALIGN", (c, 1), (c, -1), "RIGHT") for c in numeric]
    extra += [("BACKGROUND", (0, r), (-1, r), STRIPE_FILL) for r in range(2, len(data), 2)]
    if total_row is not None:
        data.append(list(total_row))
        extra += [("LINEABOVE", (0, -1), (-1, -1), 0.8, RULE), ("BACKGROUND", (0, -1), (-1, -1), LABEL_FILL)]
    return _ListTable(data, colWidths=col_widths, style=table_style(extra), repeatRows=1, hAlign="LEFT")


class _ListTable(Table):  # type: ignore[misc]  # reportlab is untyped
    """A Table that never leaves fewer than three body rows on either side of a page break."""

    MIN_ROWS = 3

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts: list[Flowable] = super().split(availWidth, availHeight)
        if len(parts) != 2:
            return parts
        body_rows = len(self._cellvalues) - self.repeatRows
        head_rows = len(parts[0]._cellvalues) - self.repeatRows
        tail_rows = body_rows - head_rows
        if tail_rows >= self.MIN_ROWS or body_rows < 2 * self.MIN_ROWS:
            return parts
        # move rows down until the tail has enough; the heights of the rows moved are known after wrap
        shrink = sum(self._rowHeights[len(self._cellvalues) - self.MIN_ROWS : len(self._cellvalues) - tail_rows])
        shorter: list[Flowable] = super().split(availWidth, availHeight - shrink)
        return shorter if len(shorter) == 2 else parts


def empty_note(text: str) -> CJKParagraph:
    """ "无…" in place of an empty table."""
    return CJKParagraph(text, NOTE.but(space_before=0, space_after=4))


SIGN_LABEL = TextStyle(size=10, align="right", leading=14, color=INK)


def signature_table(rows: Sequence[tuple[str, str]], widths: Sequence[float] = (0.2, 0.32, 0.18, 0.3)) -> Table:
    """Rows of two labelled blanks ("客户（签字）：______  日期：______") to sign or date on paper."""
    data = [[cell(left, SIGN_LABEL), "", cell(right, SIGN_LABEL) if right else "", ""] for left, right in rows]
    style = table_style(
        [
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("TOPPADDING", (0, 0), (-1, -1), 16),
            ("LINEBELOW", (1, 0), (1, -1), 0.6, GRID),
            *[("LINEBELOW", (3, r), (3, r), 0.6, GRID) for r, (_, right) in enumerate(rows) if right],
        ]
    )
    return Table(data, colWidths=[w * FRAME_WIDTH for w in widths], style=style, hAlign="LEFT")


class ImageFlowable(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """A raster image (e.g. a chart from :class:`~rmdesk.reports.charts.ChartRenderer`) at a given size."""

    def __init__(self, image: Any, width: float, height: float) -> None:
        super().__init__()
        self.image = image
        self.width = width
        self.height = height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.drawImage(self.image, 0, 0, self.width, self.height)
