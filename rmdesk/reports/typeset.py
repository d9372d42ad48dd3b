"""Chinese paragraphs for reportlab: 避头尾 line breaking, justified lines, and "bold" in a single-face font.

reportlab's own CJK wrapping lets a line start with "，" or "；" (its table of forbidden line starts is Japanese
and misses full-width Chinese marks), never checks opening marks at a line end, and handles ``<b>`` by switching
to a bold face the CJK font does not have. :class:`CJKParagraph` is a small flowable that does all three itself:

- a line never starts with closing punctuation (，。、；：？！）」』” …) and never ends with an opening one
  (（「『“ ¥ …): the break moves back (characters are pushed to the next line, nothing hangs in the margin);
- Latin words and numbers (``¥1,234.56``, ``153.27%``) are never split unless wider than the whole line;
  "——" and "……" stay together;
- justified lines spread the slack evenly between glyphs (PDF character spacing), as Chinese typesetting does;
- bold runs are drawn in fill-and-stroke text render mode, the way word processors fake bold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.flowables import Flowable

from rmdesk.reports.fonts import FONT_NAME, register_reportlab

#: may not start a line (GB/T 15834 点号, closing quotes and brackets, and their half-width forms)
CLOSING = frozenset("，。、；：？！）」』”’》〉】〕］｝〗〙〛·・‰％%℃°…—,.;:?!)]}")
#: may not end a line (opening quotes and brackets, currency signs that belong to the number after them)
OPENING = frozenset("（「『“‘《〈【〔［｛〖〘〚([{¥￥$£€")

_GLYPH, _WORD, _SPACE, _NEWLINE = 0, 1, 2, 3
_FUZZ = 1e-6
#: justification never spreads glyphs by more than this fraction of the font size (else the line stays ragged)
_MAX_SPREAD = 0.15
#: stroke width of fake bold, as a fraction of the font size
BOLD_STROKE = 0.04

Run = tuple[str, bool]  # (text, bold)


@dataclass(frozen=True)
class TextStyle:
    """Typography of one paragraph. Sizes in points; ``align`` is left, right, center or justify."""

    size: float = 10.0
    leading: float | None = None  # default 1.6 × size
    align: str = "justify"
    first_indent: float = 0.0
    left_indent: float = 0.0
    space_before: float = 0.0
    space_after: float = 0.0
    color: str = "#000000"
    bold: bool = False
    keep_with_next: bool = False

    @property
    def line_height(self) -> float:
        return self.leading if self.leading is not None else self.size * 1.6

    def but(self, **changes: Any) -> TextStyle:
        """A copy with some fields changed."""
        return replace(self, **changes)


@dataclass(frozen=True)
class _Unit:
    """An unbreakable piece of text: one CJK glyph, a Latin word/number, a space, or a forced break."""

    text: str
    width: float
    kind: int
    bold: bool


@dataclass(frozen=True)
class _Line:
    units: tuple[_Unit, ...]
    width: float
    avail: float
    indent: float
    last: bool  # the last line of the paragraph or before a forced break: never justified


def parse_bold(text: str) -> list[Run]:
    """``普通<b>加粗</b>普通`` → runs. Only ``<b>``/``</b>`` are markup; everything else is literal text."""
    runs: list[Run] = []
    bold = False
    pos = 0
    while pos < len(text):
        tag_open = text.find("<b>", pos)
        tag_close = text.find("</b>", pos)
        candidates = [i for i in (tag_open, tag_close) if i >= 0]
        if not candidates:
            runs.append((text[pos:], bold))
            break
        nxt = min(candidates)
        if nxt > pos:
            runs.append((text[pos:nxt], bold))
        bold = nxt == tag_open
        pos = nxt + (3 if bold else 4)
    return [r for r in runs if r[0]]


@lru_cache(maxsize=64)
def _color(hex_color: str) -> Any:
    return HexColor(hex_color)


@lru_cache(maxsize=8192)
def _width(text: str, size: float) -> float:
    return float(stringWidth(text, FONT_NAME, size))


def _is_latin(ch: str) -> bool:
    return ord(ch) < 0x2000 and not ch.isspace()


def _digit_space(text: str, i: int) -> bool:
    """A space between two digits ("021-6888 0000") belongs to the number: never break there."""
    return text[i] == " " and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()


def tokenize(runs: Sequence[Run], size: float) -> list[_Unit]:
    """Split runs into unbreakable units with their widths."""
    units: list[_Unit] = []
    for text, bold in runs:
        i, n = 0, len(text)
        while i < n:
            ch = text[i]
            if ch == "\n":
                units.append(_Unit("", 0.0, _NEWLINE, bold))
                i += 1
            elif ch.isspace():
                units.append(_Unit(" ", _width(" ", size), _SPACE, bold))
                i += 1
            elif _is_latin(ch):
                j = i + 1
                while j < n and (_is_latin(text[j]) or _digit_space(text, j)):
                    j += 1
                units.append(_Unit(text[i:j], _width(text[i:j], size), _WORD, bold))
                i = j
            elif ch in "—…":
                j = i + 1
                while j < n and text[j] == ch:
                    j += 1
                units.append(_Unit(text[i:j], _width(text[i:j], size), _GLYPH, bold))
                i = j
            else:
                units.append(_Unit(ch, _width(ch, size), _GLYPH, bold))
                i += 1
    return units


def _legal_break(units: Sequence[_Unit], b: int) -> bool:
    """May a line end before ``units[b]``? (避头尾: no closing mark first, no opening mark last.)"""
    prev, nxt = units[b - 1], units[b]
    if _SPACE in (nxt.kind, prev.kind):
        return True
    if prev.kind == _WORD and nxt.kind == _WORD:
        return False  # the same word in two runs (a bold change inside it)
    return nxt.text[0] not in CLOSING and prev.text[-1] not in OPENING


def break_lines(units: list[_Unit], width: float, first_indent: float, size: float) -> list[_Line]:
    """Greedy line breaking with 避头尾: when a unit does not fit, the break moves back to a legal point."""
    units = list(units)
    lines: list[_Line] = []
    start, n = 0, len(units)
    while start < n:
        while start < n and units[start].kind == _SPACE:
            start += 1
        if start >= n:
            break
        indent = first_indent if not lines else 0.0
        avail = width - indent
        used, k, forced = 0.0, start, False
        while k < n:
            unit = units[k]
            if unit.kind == _NEWLINE:
                forced = True
                break
            if used + unit.width > avail + _FUZZ:
                if k == start and unit.kind == _WORD and len(unit.text) > 1:
                    # a word wider than the whole line: the only place it may be cut
                    units[k : k + 1] = [_Unit(c, _width(c, size), _WORD, unit.bold) for c in unit.text]
                    n = len(units)
                    continue
                if k > start:
                    break
            used += unit.width
            k += 1
        if forced:
            end, nxt = k, k + 1
        elif k >= n:
            end = nxt = n
        elif units[k].kind == _SPACE:
            end, nxt = k, k + 1
        else:
            b = k
            while b > start + 1 and not _legal_break(units, b):
                b -= 1
            if not _legal_break(units, b):
                b = k  # no legal point on the whole line (pathological): break where it overflows
            end = nxt = b
        body = units[start:end]
        while body and body[-1].kind == _SPACE:
            body.pop()
        lines.append(_Line(tuple(body), sum(u.width for u in body), avail, indent, last=forced or nxt >= n))
        start = nxt
    return lines


class CJKParagraph(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """A paragraph of Chinese (and Latin) text; splits across frames and pages between lines."""

    def __init__(
        self,
        text: str | Sequence[Run],
        style: TextStyle | None = None,
        *,
        _lines: list[_Line] | None = None,
        _width_for: float | None = None,
    ) -> None:
        super().__init__()
        register_reportlab()
        self.style = style or TextStyle()
        bold = self.style.bold
        self.runs: list[Run] = [(text, bold)] if isinstance(text, str) else [(t, b or bold) for t, b in text]
        self.spaceBefore = self.style.space_before
        self.spaceAfter = self.style.space_after
        self.keepWithNext = self.style.keep_with_next
        self._lines = _lines
        self._width_for = _width_for
        self._avail = 0.0

    @property
    def text(self) -> str:
        """The plain text (for tests and debugging)."""
        return "".join(t for t, _ in self.runs)

    def _layout(self, avail_width: float) -> list[_Line]:
        if self._lines is None or self._width_for != avail_width:
            st = self.style
            units = tokenize(self.runs, st.size)
            self._lines = break_lines(units, avail_width - st.left_indent, st.first_indent, st.size)
            self._width_for = avail_width
        return self._lines

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        lines = self._layout(availWidth)
        self._avail = availWidth
        self.width = availWidth
        self.height = len(lines) * self.style.line_height
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        lines = self._layout(availWidth)
        fit = int((availHeight + _FUZZ) // self.style.line_height)
        if fit >= len(lines):
            return [self]
        if fit <= 0 or (fit == 1 and len(lines) >= 3):
            return []  # no orphan: at least two lines before a page break
        if len(lines) - fit == 1 and fit >= 3:
            fit -= 1  # no widow: at least two lines after it
        head = CJKParagraph(self.runs, self.style.but(space_after=0.0), _lines=lines[:fit], _width_for=availWidth)
        tail = CJKParagraph(self.runs, self.style.but(space_before=0.0), _lines=lines[fit:], _width_for=availWidth)
        return [head, tail]

    def draw(self) -> None:
        st = self.style
        lines = self._layout(self._avail or self.width)
        canv = self.canv
        color = _color(st.color)
        canv.saveState()
        if any(bold for _, bold in self.runs):
            canv.setLineWidth(st.size * BOLD_STROKE)
            canv.setStrokeColor(color)
        canv.setFillColor(color)
        tx = canv.beginText()
        tx.setFont(FONT_NAME, st.size, st.line_height)
        state = {"cs": 0.0, "mode": 0}
        lead = st.line_height
        # baseline inside a line box: the em box is centred, its baseline ~0.12 em above the em bottom
        base_offset = (lead - st.size) / 2 + st.size * 0.12
        for i, line in enumerate(lines):
            y = self.height - (i + 1) * lead + base_offset
            self._draw_line(tx, line, y, state)
        canv.drawText(tx)
        canv.restoreState()

    def _draw_line(self, tx: Any, line: _Line, y: float, state: dict[str, float]) -> None:
        st = self.style
        slack = line.avail - line.width
        x = st.left_indent + line.indent
        spread = 0.0
        if st.align == "center":
            x += slack / 2
        elif st.align == "right":
            x += slack
        elif st.align == "justify" and not line.last and slack > 0:
            # character spacing is added after every glyph of a CJK run and once after each Latin word
            slots = sum(1 if u.kind == _WORD else len(u.text) for u in line.units) - 1
            spread = slack / slots if slots > 0 else 0.0
            if spread > st.size * _MAX_SPREAD:
                spread = 0.0
        units = line.units
        i = 0
        while i < len(units):
            unit = units[i]
            if unit.kind == _WORD:
                chunk, j = unit.text, i + 1
                char_space = 0.0
                advance = unit.width + spread
            else:
                j = i + 1
                while j < len(units) and units[j].kind != _WORD and units[j].bold == unit.bold:
                    j += 1
                chunk = "".join(u.text for u in units[i:j])
                char_space = spread
                advance = sum(u.width for u in units[i:j]) + spread * len(chunk)
            if state["cs"] != char_space:
                tx.setCharSpace(char_space)
                state["cs"] = char_space
            mode = 2 if unit.bold else 0
            if state["mode"] != mode:
                tx.setTextRenderMode(mode)
                state["mode"] = mode
            tx.setTextOrigin(x, y)
            tx.textOut(chunk)
            x += advance
            i = j


def text_width(text: str, size: float) -> float:
    """Width of a one-line text in the CJK font."""
    register_reportlab()
    return _width(text, size)
