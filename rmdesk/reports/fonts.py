"""The one CJK font of every document and chart: WenQuanYi Micro Hei, shipped in ``resources/fonts/``.

Registered lazily and once per process, for reportlab (embedded and subset in every PDF) and for matplotlib.
The font has a single face, so "bold" is faked by the typesetter (fill-and-stroke render mode), not a font.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

FONT_NAME = "WQYMicroHei"
FONT_FILE = "wqy-microhei.ttc"
FONT_FAMILY = "WenQuanYi Micro Hei"
_SUBFONT_INDEX = 0  # face 0 is the proportional "Micro Hei"; face 1 is "Micro Hei Mono"

_lock = threading.Lock()
_reportlab_done = False
_matplotlib_props: Any = None


class FontMissingError(RuntimeError):
    """The shipped font file is not where it should be (a broken installation)."""


def resource_file(*parts: str) -> Path:
    """A shipped resource (``resources/`` in a checkout, ``rmdesk/resources`` when installed)."""
    from rmdesk.paths import resource_path

    return resource_path(*parts)


def font_path() -> Path:
    """Path of the shipped TrueType collection."""
    path = resource_file("fonts", FONT_FILE)
    if not path.is_file():
        raise FontMissingError(f"CJK font not found: {path}")
    return path


def register_reportlab() -> str:
    """Register the font with reportlab (once) and return its name for styles and canvases."""
    global _reportlab_done  # noqa: PLW0603 — process-wide registration, guarded by the lock
    if _reportlab_done:
        return FONT_NAME
    with _lock:
        if not _reportlab_done:
            from reportlab.pdfbase import pdfmetrics
            from reportlab.pdfbase.ttfonts import TTFont

            pdfmetrics.registerFont(TTFont(FONT_NAME, str(font_path()), subfontIndex=_SUBFONT_INDEX))
            _reportlab_done = True
    return FONT_NAME


def matplotlib_font() -> Any:
    """The font added to matplotlib's font manager, as a ``FontProperties`` for explicit use."""
    global _matplotlib_props  # noqa: PLW0603 — process-wide registration, guarded by the lock
    if _matplotlib_props is not None:
        return _matplotlib_props
    with _lock:
        if _matplotlib_props is None:
            from matplotlib import font_manager

            path = str(font_path())
            font_manager.fontManager.addfont(path)
            _matplotlib_props = font_manager.FontProperties(fname=path)
    return _matplotlib_props
