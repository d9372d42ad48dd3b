"""The maintenance-ratio history chart of the client file (matplotlib's Figure API in a FigureCanvasQTAgg).

matplotlib is imported when the first chart is built, not at start-up. Chinese text uses WenQuanYi Micro Hei
(shipped in resources/fonts, or the system copy), so labels never show tofu boxes. Floats appear only here, as
pixel positions of the plotted points; every number shown as text comes from the exact values.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from rmdesk.money import format_percent
from rmdesk.paths import resource_path
from rmdesk.ui.style import LEVEL_COLORS

SYSTEM_CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
Y_CAP = Decimal("6")  # ratios above 600% are drawn at the top edge (the lines matter, not the peaks)
_font_cache: list[Any] = []


def cjk_font() -> Any:
    """matplotlib FontProperties of the CJK font (registered once), or None when no font file exists."""
    if _font_cache:
        return _font_cache[0]
    from matplotlib import font_manager

    props = None
    for path in (resource_path("fonts", "wqy-microhei.ttc"), SYSTEM_CJK_FONT):
        if path.exists():
            font_manager.fontManager.addfont(str(path))
            props = font_manager.FontProperties(fname=str(path))
            break
    _font_cache.append(props)
    return props


class RatioChart(QWidget):
    """``set_series(points, lines)`` draws the ratio (in %) with the warning, close-out, target and emergency
    lines; clients without liabilities have gaps (the ratio is undefined, SPEC §3.1)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.figure: Any = None
        self.canvas: Any = None
        self.points: list[tuple[date, Decimal | None]] = []
        self.lines: dict[str, Decimal] = {}
        self._dirty = False

    def set_series(self, points: Sequence[tuple[date, Decimal | None]], lines: dict[str, Decimal]) -> None:
        """``lines``: {"warning": 1.40, "closeout": 1.30, "target": 1.50, "emergency": 1.20} (any subset).

        Drawn now if the chart is on screen, else when it is first shown (opening a file stays quick).
        """
        self.points = list(points)
        self.lines = dict(lines)
        self._dirty = True
        if self.isVisible():
            self.draw()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self.draw()

    def draw(self) -> None:
        """Build the canvas on first use (imports matplotlib) and draw the current series."""
        if self.canvas is None:
            from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
            from matplotlib.figure import Figure

            self.figure = Figure(figsize=(7.5, 2.8), dpi=100, layout="constrained")
            self.canvas = FigureCanvasQTAgg(self.figure)
            self.canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            self._layout.addWidget(self.canvas)
        self._dirty = False
        self._draw()

    def _draw(self) -> None:
        from matplotlib.dates import AutoDateLocator, DateFormatter
        from matplotlib.ticker import FuncFormatter

        font = cjk_font()
        fig = self.figure
        fig.clear()
        ax = fig.add_subplot(1, 1, 1)
        ax.set_facecolor("white")
        ax.grid(True, color="#e5e8ec", linewidth=0.8)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        if not self.points:
            ax.set_axis_off()
            ax.text(0.5, 0.5, self.tr("No ratio history yet"), ha="center", va="center", fontproperties=font)
            self.canvas.draw_idle()
            return
        xs = [d for d, _ in self.points]
        ys = [float(min(r, Y_CAP) * 100) if r is not None else float("nan") for _, r in self.points]
        ax.plot(xs, ys, color="#1f5fa8", linewidth=1.6, label=self.tr("Maintenance ratio"))
        styles = {
            "target": (self.tr("Top-up target %1"), "#2e7d32", ":"),
            "warning": (self.tr("Warning line %1"), LEVEL_COLORS["warning"][0], "--"),
            "closeout": (self.tr("Close-out line %1"), LEVEL_COLORS["closeout"][0], "--"),
            "emergency": (self.tr("Emergency line %1"), LEVEL_COLORS["emergency"][0], ":"),
        }
        for key, (text, color, style) in styles.items():
            value = self.lines.get(key)
            if value is not None:
                name = text.replace("%1", format_percent(value, 0))
                ax.axhline(float(value * 100), color=color, linestyle=style, linewidth=1.2, label=name)
        present = [float(min(r, Y_CAP) * 100) for _, r in self.points if r is not None]
        top = max([*present, *(float(v * 100) for v in self.lines.values()), 160.0])
        bottom = min([*present, *(float(v * 100) for v in self.lines.values())])
        ax.set_ylim(max(0.0, bottom - 15), top * 1.08)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:.0f}%"))
        span = (xs[-1] - xs[0]).days if len(xs) > 1 else 0
        ax.xaxis.set_major_locator(AutoDateLocator(minticks=3, maxticks=7))
        ax.xaxis.set_major_formatter(DateFormatter("%Y-%m" if span > 120 else "%m-%d"))
        ax.tick_params(labelsize=8)
        ax.set_ylabel(self.tr("Maintenance ratio"), fontproperties=font, fontsize=9)
        legend_font = font.copy() if font is not None else None
        if legend_font is not None:
            legend_font.set_size(8)
        fig.legend(loc="outside lower center", prop=legend_font, frameon=False, ncols=5)
        self.canvas.draw_idle()
