"""The PDF documents (SPEC §6): pure renderers of plain dataclasses (rmdesk.reports.data) to PDF files.

``render_statement``, ``render_disclosure``, ``render_margin_call`` and ``render_visit_brief`` all have the
signature ``(data, out: Path | BinaryIO, *, chart: ChartRenderer | None = None) -> RenderResult``. They are
imported lazily from here, so ``import rmdesk.reports`` does not load reportlab or matplotlib.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_LAZY = {
    "render_statement": "rmdesk.reports.statement",
    "render_disclosure": "rmdesk.reports.disclosure",
    "render_margin_call": "rmdesk.reports.margin_call",
    "render_visit_brief": "rmdesk.reports.visit_brief",
    "ChartRenderer": "rmdesk.reports.charts",
    "RENDERERS": "rmdesk.reports.kinds",
}

__all__ = [
    "RENDERERS",
    "ChartRenderer",
    "render_disclosure",
    "render_margin_call",
    "render_statement",
    "render_visit_brief",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(module), name)
