"""Rendering report data to PDF bytes, in this process or in a worker process of a batch pool.

The worker functions live at module level so a ``spawn`` pool can pickle them; each worker process builds one
ChartRenderer in its initializer and reuses it for every document it renders (matplotlib's set-up is paid once).
reportlab and matplotlib are imported on first use only.
"""

from __future__ import annotations

import io
from typing import Any

_WORKER_CHART: Any = None


def render_bytes(kind: str, data: Any, chart: Any = None) -> tuple[bytes, int, str | None]:
    """The PDF of ``data`` as bytes, its page count and the template version used (disclosure letters)."""
    from rmdesk.reports.kinds import RENDERERS

    buffer = io.BytesIO()
    result = RENDERERS[kind](data, buffer, chart=chart)
    return buffer.getvalue(), int(result.pages), result.template_version


def init_worker() -> None:
    """Pool initializer: load the renderers and build this process's one ChartRenderer."""
    global _WORKER_CHART  # noqa: PLW0603 — one chart renderer per worker process, reused for its documents
    from rmdesk.reports.charts import ChartRenderer

    _WORKER_CHART = ChartRenderer()


def render_job(job: tuple[int, str, Any]) -> tuple[int, bytes, int, str | None]:
    """Pool task: ``(index, kind, data)`` → ``(index, pdf bytes, pages, template version)``."""
    index, kind, data = job
    pdf, pages, version = render_bytes(kind, data, _WORKER_CHART)
    return index, pdf, pages, version
