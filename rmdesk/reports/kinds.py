"""Document kind (as stored in the document register, SPEC §6) → its renderer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rmdesk.reports.disclosure import render_disclosure
from rmdesk.reports.margin_call import render_margin_call
from rmdesk.reports.statement import render_statement
from rmdesk.reports.visit_brief import render_visit_brief

#: every renderer is ``render(data, out, *, chart=None) -> RenderResult``
RENDERERS: dict[str, Callable[..., Any]] = {
    "statement": render_statement,
    "disclosure": render_disclosure,
    "margin_call": render_margin_call,
    "visit_brief": render_visit_brief,
}
