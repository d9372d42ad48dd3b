"""The ratio chart: one reused Figure, the ratio line with the warning and close-out lines, in PNG and PDF."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from PIL import Image

from rmdesk.reports.charts import CLOSEOUT_COLOR, LINE_COLOR, WARNING_COLOR, ChartRenderer
from rmdesk.reports.data import RatioPoint

D = Decimal
START = date(2026, 10, 1)


def _series(values: list[str | None]) -> list[RatioPoint]:
    return [RatioPoint(START + timedelta(i), None if v is None else D(v)) for i, v in enumerate(values)]


def _has_colour(png: bytes, hex_colour: str, tolerance: int = 40) -> bool:
    target = tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = image.getcolors(maxcolors=image.width * image.height) or []
    return any(sum(abs(a - b) for a, b in zip(c, target, strict=True)) <= tolerance for _, c in colours)


def test_one_figure_is_reused_and_each_chart_shows_its_own_data(chart: ChartRenderer) -> None:
    figure = chart.figure
    before = chart.charts_drawn
    first = chart.ratio_png(_series(["1.80", "1.75", "1.62", "1.55"]), D("1.40"), D("1.30"))
    second = chart.ratio_png(_series(["1.35", "1.33", "1.29", "1.21"]), D("1.40"), D("1.30"))
    assert chart.figure is figure  # the batch pays matplotlib's set-up once
    assert chart.charts_drawn == before + 2
    assert first.startswith(b"\x89PNG") and second.startswith(b"\x89PNG")
    assert first != second  # no stale drawing carried over


def test_chart_draws_the_ratio_the_warning_line_and_the_closeout_line(chart: ChartRenderer) -> None:
    png = chart.ratio_png(_series(["1.60", "1.52", "1.47", "1.45"]), D("1.40"), D("1.30"))
    assert _has_colour(png, LINE_COLOR)
    assert _has_colour(png, WARNING_COLOR)
    assert _has_colour(png, CLOSEOUT_COLOR)


def test_a_period_without_liabilities_has_no_ratio_line(chart: ChartRenderer) -> None:
    png = chart.ratio_png(_series([None, None, None]), D("1.40"), D("1.30"))
    assert not _has_colour(png, LINE_COLOR, tolerance=20)
    assert _has_colour(png, WARNING_COLOR)


def test_huge_and_missing_ratios_still_chart(chart: ChartRenderer) -> None:
    """A client with tiny debt can sit at 5,000 %; a day without debt is a gap, not a zero."""
    png = chart.ratio_png(_series(["50.0000", None, "1.4500", "1.3900"]), D("1.40"), D("1.30"))
    assert _has_colour(png, LINE_COLOR)
    width, height = Image.open(io.BytesIO(png)).size
    assert (width, height) == chart.figure.canvas.get_width_height()


def test_the_reports_never_use_pyplot() -> None:
    """pyplot keeps global figures (leaks in a batch, not thread-safe): the Figure API only."""
    sources = Path(__file__).resolve().parents[2] / "rmdesk" / "reports"
    uses = re.compile(r"matplotlib\.pyplot|from matplotlib import .*pyplot|import pylab")
    assert not [p.name for p in sources.glob("*.py") if uses.search(p.read_text(encoding="utf-8"))]


def test_cached_text_shaping_draws_exactly_matplotlibs_pixels(chart: ChartRenderer) -> None:
    """The renderer keeps each label's shaped glyphs for the next chart: the pixels must not change by it."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    points = _series(["1.62", "1.48", "1.41", "1.36", "1.33"])
    chart.ratio_png(_series(["1.90", "1.20"]), D("1.40"), D("1.30"))  # other labels in the cache first
    cached = [chart.ratio_png(points, D("1.40"), D("1.30")) for _ in range(2)]  # shaped, then from the cache
    plain = ChartRenderer()
    plain._canvas = FigureCanvasAgg(plain.figure)  # matplotlib's own text drawing
    assert cached[0] == cached[1] == plain.ratio_png(points, D("1.40"), D("1.30"))
