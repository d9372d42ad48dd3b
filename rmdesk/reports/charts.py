"""The ratio-history chart (matplotlib Figure API, no pyplot) with the warning and close-out lines.

A :class:`ChartRenderer` builds its Figure, axes and artists once and only swaps the data for each chart, so a
batch of hundreds of statements pays matplotlib's set-up cost once. One renderer per thread (a Figure is not
thread-safe); the renderers of rmdesk.reports create one when none is passed.

Text is most of a chart's cost (about 15 labels), and most of that is shaping each string with the CJK font;
the same tick labels (``10月6日``, ``140%``) recur on every chart of a batch, so the renderer keeps each string's
shaped glyphs (see :func:`_canvas_class`). The pixels are exactly those of matplotlib's own text drawing.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from rmdesk.reports.data import RatioPoint
from rmdesk.reports.fonts import matplotlib_font
from rmdesk.reports.formatting import percent

LINE_COLOR = "#1f4e79"
WARNING_COLOR = "#d98c00"
CLOSEOUT_COLOR = "#c0392b"
#: ratios above this are drawn at the top edge (a client with tiny debt can sit at 5,000%)
Y_CAP = Decimal("4.00")


class ChartRenderer:
    """Renders ratio charts, reusing one Figure for every chart it draws."""

    def __init__(self, width_cm: float = 17.4, height_cm: float = 5.6, dpi: int = 120) -> None:
        from matplotlib.figure import Figure

        self.width_cm = width_cm
        self.height_cm = height_cm
        self.dpi = dpi
        self._font = matplotlib_font()
        self.figure = Figure(figsize=(width_cm / 2.54, height_cm / 2.54), dpi=dpi)
        self._canvas = _canvas_class()(self.figure)
        self.figure.subplots_adjust(left=0.075, right=0.86, top=0.93, bottom=0.16)
        ax = self.figure.add_subplot()
        self._ax = ax
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.grid(axis="y", color="#dde3e9", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.tick_params(labelsize=7, length=2.5, colors="#333333")
        (self._ratio,) = ax.plot([], [], color=LINE_COLOR, linewidth=1.4, marker="o", markersize=1.8)
        self._warning = ax.axhline(1.4, color=WARNING_COLOR, linestyle="--", linewidth=1.0)
        self._closeout = ax.axhline(1.3, color=CLOSEOUT_COLOR, linestyle="--", linewidth=1.0)
        label = {"fontproperties": self._font, "fontsize": 7.5, "va": "center", "clip_on": False}
        self._warning_label = ax.text(1.01, 0, "", color=WARNING_COLOR, transform=ax.get_yaxis_transform(), **label)
        self._closeout_label = ax.text(1.01, 0, "", color=CLOSEOUT_COLOR, transform=ax.get_yaxis_transform(), **label)
        self._message = ax.text(
            0.5,
            0.5,
            "",
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontproperties=self._font,
            fontsize=9,
            color="#5a5a5a",
        )
        self._note = ax.text(
            0.99,
            0.98,
            "",
            transform=ax.transAxes,
            ha="right",
            va="top",
            fontproperties=self._font,
            fontsize=6.5,
            color="#5a5a5a",
        )
        self.charts_drawn = 0

    def _draw(self, points: Sequence[RatioPoint], warning: Decimal, closeout: Decimal) -> None:
        ax = self._ax
        xs = [p.day.toordinal() for p in points]
        values = [p.ratio for p in points]
        known = [v for v in values if v is not None]
        capped = [min(v, Y_CAP) for v in known]
        ys = [float(min(v, Y_CAP)) if v is not None else math.nan for v in values]  # plotting only
        self._ratio.set_data(xs, ys)
        self._warning.set_ydata([float(warning)] * 2)
        self._closeout.set_ydata([float(closeout)] * 2)
        self._warning_label.set_text(f"警戒线 {percent(warning)}")
        self._warning_label.set_y(float(warning))
        self._closeout_label.set_text(f"平仓线 {percent(closeout)}")
        self._closeout_label.set_y(float(closeout))
        if not points:
            self._message.set_text("本期无维持担保比例记录")
        elif not known:
            self._message.set_text("本期无负债，维持担保比例不适用")
        else:
            self._message.set_text("")
        over = any(v > Y_CAP for v in known)
        self._note.set_text(f"高于 {percent(Y_CAP, 0)} 的值按 {percent(Y_CAP, 0)} 绘制" if over else "")
        lows = [*capped, closeout]
        highs = [*capped, warning]
        span = max(highs) - min(lows)
        pad = max(span * Decimal("0.12"), Decimal("0.05"))
        ax.set_ylim(float(max(Decimal(0), min(lows) - pad)), float(max(highs) + pad))
        if xs:
            lo, hi = xs[0], xs[-1]
            if lo == hi:
                lo, hi = lo - 1, hi + 1
            ax.set_xlim(lo - 0.5, hi + 0.5)
            ticks, labels = _day_ticks(points)
            ax.set_xticks(ticks, labels, fontproperties=self._font, fontsize=7)
        else:
            ax.set_xticks([], [])
        ymin, ymax = ax.get_ylim()
        yticks = _nice_ticks(ymin, ymax)
        ax.set_yticks(yticks, [f"{t * 100:.0f}%" for t in yticks], fontproperties=self._font, fontsize=7)
        self._separate_labels(float(warning), float(closeout), ymin, ymax)
        self._canvas.draw()
        self.charts_drawn += 1

    def _separate_labels(self, warning: float, closeout: float, ymin: float, ymax: float) -> None:
        """Keep the two line labels apart when the lines are close (at least one text height)."""
        axes_px = self._ax.get_window_extent().height or 1.0
        need = 9.5 * self.dpi / 72 / axes_px * (ymax - ymin)  # one 7.5 pt label with spacing, in data units
        gap = warning - closeout
        if gap < need:
            mid = (warning + closeout) / 2
            self._warning_label.set_y(mid + need / 2)
            self._closeout_label.set_y(mid - need / 2)

    def ratio_rgb(self, points: Sequence[RatioPoint], warning: Decimal, closeout: Decimal) -> Any:
        """The chart as a PIL RGB image (what the PDF embeds)."""
        from PIL import Image

        self._draw(points, warning, closeout)
        width, height = self._canvas.get_width_height()
        buffer = self._canvas.buffer_rgba()
        rgba = Image.frombuffer("RGBA", (width, height), buffer, "raw", "RGBA", 0, 1)
        return rgba.convert("RGB")

    def ratio_png(self, points: Sequence[RatioPoint], warning: Decimal, closeout: Decimal) -> bytes:
        """The chart as PNG bytes (for the GUI or a file)."""
        buffer = io.BytesIO()
        self.ratio_rgb(points, warning, closeout).save(buffer, format="PNG")
        return buffer.getvalue()

    def ratio_flowable(self, points: Sequence[RatioPoint], warning: Decimal, closeout: Decimal) -> Any:
        """The chart as a reportlab flowable sized to the figure (17.4 × 5.6 cm by default)."""
        from reportlab.lib.units import cm
        from reportlab.lib.utils import ImageReader

        from rmdesk.reports.blocks import ImageFlowable

        image = ImageReader(self.ratio_rgb(points, warning, closeout))
        return ImageFlowable(image, self.width_cm * cm, self.height_cm * cm)


_CANVAS: Any = None


def _canvas_class() -> Any:
    """FigureCanvasAgg whose renderer keeps the shaped glyphs of each string it draws (an LRU-less dict, bounded).

    matplotlib's RendererAgg.draw_text shapes the string (``FT2Font._layout``, HarfBuzz on the CJK font: ~0.4 ms)
    and then rasterises the glyphs at the text's position. Shaping depends only on the string, the font and the
    size, so it is cached here and the rasterising is left to matplotlib (``_draw_text_glyphs_and_boxes``).
    Both are private matplotlib APIs (3.10+): when either is missing, the plain canvas is used, unchanged.
    """
    global _CANVAS  # noqa: PLW0603 — the class is built once per process, on first use
    if _CANVAS is not None:
        return _CANVAS
    from matplotlib.backends import backend_agg
    from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
    from matplotlib.ft2font import FT2Font

    has_api = (
        hasattr(RendererAgg, "_prepare_font")
        and hasattr(RendererAgg, "_draw_text_glyphs_and_boxes")
        and hasattr(backend_agg, "get_hinting_flag")
        and hasattr(FT2Font, "_layout")
    )
    if not has_api:
        _CANVAS = FigureCanvasAgg
        return _CANVAS

    class _ShapeCachingRenderer(RendererAgg):  # matplotlib's Agg internals are untyped: hence the ignores below
        _shaped: dict[tuple[Any, ...], tuple[tuple[Any, int, float, float], ...]] = {}
        _LIMIT = 4096

        def draw_text(  # type: ignore[no-untyped-def]
            self, gc, x, y, s, prop, angle, ismath=False, mtext=None
        ) -> None:
            if ismath:
                super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)  # type: ignore[no-untyped-call]
                return
            features = mtext.get_fontfeatures() if mtext is not None else None
            language = mtext.get_language() if mtext is not None else None
            size = prop.get_size_in_points()
            flags = backend_agg.get_hinting_flag()  # type: ignore[no-untyped-call]
            key = (s, hash(prop), size, self.dpi, flags, None if features is None else tuple(features), language)
            items = self._shaped.get(key)
            if items is None:
                font = self._prepare_font(prop)  # type: ignore[no-untyped-call]
                laid = font._layout(s, flags=flags, features=features, language=language)
                items = tuple((i.ft_object, i.glyph_index, i.x, i.y) for i in laid)
                if len(self._shaped) >= self._LIMIT:
                    self._shaped.clear()
                self._shaped[key] = items
            glyphs = ((font, size, glyph, 0, 1, dx, dy) for font, glyph, dx, dy in items)
            self._draw_text_glyphs_and_boxes(gc, x, y, angle, glyphs, [])  # type: ignore[no-untyped-call]

    class _ShapeCachingCanvas(FigureCanvasAgg):
        def get_renderer(self) -> Any:
            w, h = self.get_width_height(physical=True)
            key = w, h, self.figure.dpi
            renderer = getattr(self, "renderer", None)
            if getattr(self, "_lastKey", None) != key or not isinstance(renderer, _ShapeCachingRenderer):
                self.renderer = _ShapeCachingRenderer(w, h, self.figure.dpi)  # type: ignore[no-untyped-call]
                self._lastKey = key
            return self.renderer

    _CANVAS = _ShapeCachingCanvas
    return _CANVAS


def _day_ticks(points: Sequence[RatioPoint]) -> tuple[list[int], list[str]]:
    """At most ~8 date ticks, spaced by calendar days (trading days are unevenly spaced), labelled 10月6日."""
    first, last = points[0].day.toordinal(), points[-1].day.toordinal()
    interval = max(1, math.ceil((last - first) / 7))
    ticks: list[int] = []
    labels: list[str] = []
    for p in points:
        x = p.day.toordinal()
        if (
            not ticks
            or (x - ticks[-1] >= interval and last - x >= interval * 0.6)
            or (x == last and x - ticks[-1] >= interval * 0.6)
        ):
            ticks.append(x)
            labels.append(f"{p.day.month}月{p.day.day}日")
    return ticks, labels


def _nice_ticks(lo: float, hi: float) -> list[float]:
    """4–7 ticks at 5%, 10%, 20%, 25% or 50% steps."""
    span = max(hi - lo, 1e-9)
    for step in (0.05, 0.1, 0.2, 0.25, 0.5, 1.0):
        if span / step <= 7:
            break
    first = math.ceil(lo / step - 1e-9) * step
    ticks = []
    t = first
    while t <= hi + 1e-9:
        ticks.append(round(t, 4))
        t += step
    return ticks
