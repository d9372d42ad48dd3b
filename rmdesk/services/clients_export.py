"""Export the client book's current view to Excel (openpyxl), personal data masked, the export audited.

Only what the book shows leaves the app: the phone as ``138****5678``, no ID number, and the audit log records
who exported how many clients to which file name.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from rmdesk import clock, i18n
from rmdesk.money import fraction4
from rmdesk.services import audit
from rmdesk.services.audit import Actor
from rmdesk.services.clients import ClientRow, risk_level_name
from rmdesk.services.progress import NullProgress, Progress, check_cancel

_CHUNK = 2000

# (code, zh_CN, en, width)
COLUMNS = (
    ("client_no", "客户号", "Client no", 14),
    ("name", "姓名", "Name", 12),
    ("tier", "客户级别", "Tier", 10),
    ("risk_level", "风险等级", "Risk level", 10),
    ("rm", "客户经理", "RM", 12),
    ("account_no", "信用账号", "Account no", 16),
    ("phone", "手机（脱敏）", "Mobile (masked)", 16),
    ("maintenance_ratio", "维持担保比例", "Maintenance ratio", 14),
    ("level", "风险状态", "Level", 10),
    ("as_of", "数据日期", "As of", 12),
    ("open_warnings", "未解除预警", "Open warnings", 12),
    ("next_callback", "下次回访", "Next callback", 12),
    ("open_cases", "未结投诉", "Open cases", 10),
    ("status", "状态", "Status", 8),
)

i18n.register({f"export.col.{code}": (zh, en) for code, zh, en, _ in COLUMNS})
i18n.register({"export.sheet": ("客户清单", "Clients")})


def _cells(row: ClientRow, lang: str | None) -> list[object]:
    ratio = None if row.maintenance_ratio is None else fraction4(row.maintenance_ratio)
    return [
        row.client_no,
        row.name,
        row.tier,
        risk_level_name(row.risk_level),
        row.rm_name,
        row.account_no,
        row.phone_masked,
        ratio,  # a Decimal, shown as a percentage by the cell format; never a binary float
        i18n.t(f"clients.level.{row.level}", lang) if row.level else "",
        row.as_of,
        row.open_warnings,
        row.next_callback,
        row.open_cases,
        row.status,
    ]


def export_client_rows(
    session: Session,
    actor: Actor,
    rows: Sequence[ClientRow],
    path: Path,
    *,
    lang: str | None = None,
    progress: Progress | None = None,
) -> int:
    """Write ``rows`` (the book's current view, in its order) to ``path`` (.xlsx); returns the row count."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    progress = progress or NullProgress()
    progress.total(len(rows))
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(i18n.t("export.sheet", lang))
    for index, (_, _, _, width) in enumerate(COLUMNS):
        ws.column_dimensions[chr(ord("A") + index)].width = width
    ws.freeze_panes = "A2"
    header = []
    for code, *_ in COLUMNS:
        cell = WriteOnlyCell(ws, value=i18n.t(f"export.col.{code}", lang))
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    formats = {7: "0.00%", 9: "yyyy-mm-dd", 11: "yyyy-mm-dd"}
    for start in range(0, len(rows), _CHUNK):
        check_cancel(progress)
        for row in rows[start : start + _CHUNK]:
            line: list[object] = []
            for index, value in enumerate(_cells(row, lang)):
                if index in formats and value is not None:
                    cell = WriteOnlyCell(ws, value=value)
                    cell.number_format = formats[index]
                    line.append(cell)
                else:
                    line.append(value)
            ws.append(line)
        progress.advance(min(_CHUNK, len(rows) - start))
    path = Path(path)
    wb.save(path)
    audit.record(
        session,
        actor,
        "client",
        "book",
        "export",
        None,
        {"rows": len(rows), "file": path.name, "at": clock.now()},
    )
    return len(rows)
