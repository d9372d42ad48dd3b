"""The client file window against a temporary database: the engine's figures and level, positions and contracts,
the ratio chart with its lines, the eligibility checklist, masked personal data and the supervisor's audited
reveal, and every table model through the model tester."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from rmdesk.services import figures
from rmdesk.services.audit import Actor
from rmdesk.store.db import Database
from rmdesk.store.models import AuditRecord
from rmdesk.ui.client_file import ClientFileWindow
from rmdesk.ui.context import AppContext
from tests.services.clients_support import (
    add_account,
    add_client,
    add_financing,
    add_history,
    add_position,
    add_security,
    make_id,
)

ID_NO = make_id("310101", date(1975, 8, 9), 246)  # sequence 246: 6 is even → 女
AS_OF = date(2026, 11, 20)


@pytest.fixture
def client_id(db: Database, users: dict[str, Actor]) -> int:
    """rm1's 王芳: 10,000 shares at 10.000 and 75,000.00 financing owed, no cash."""
    with db.sessions.begin() as s:
        c = add_client(
            s,
            "F0001",
            "王芳",
            users["rm1"].id,
            id_no=ID_NO,
            gender="女",
            birth_date=date(1975, 8, 9),
            phone="13912345678",
            risk_level=4,
            risk_assessed_on=date(2025, 3, 1),
            trading_since=date(2010, 1, 4),
            avg_assets_20d=Decimal("800000"),
        )
        acc = add_account(s, c, "F880001", credit_limit=Decimal("500000"))
        sec = add_security(s, "600519.SH", "10.000", name="示例酿酒")
        add_position(s, acc, sec, 10_000)
        add_financing(s, acc, sec, "HT0001", "10.000", 7_500, "75000")
        add_history(s, acc, [(date(2026, 11, 18), "1.5000", "normal"), (date(2026, 11, 19), "1.4100", "normal")])
        figures.compute_and_store(s, AS_OF, [acc.id])
        return c.id


def _open(ctx: AppContext, qtbot: QtBot, client_id: int) -> ClientFileWindow:
    window = ClientFileWindow(ctx, client_id)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.file is not None)
    return window


def test_file_shows_engine_figures_level_positions_and_contracts(
    app_ctx: AppContext, qtbot: QtBot, client_id: int
) -> None:
    window = _open(app_ctx, qtbot, client_id)
    values = window.figures.values
    # market value 10,000 × 10.000 = 100,000.00; liabilities = 75,000.00 owed + 0 interest
    assert values["Total assets"].text() == "¥100,000.00"
    assert values["Total liabilities"].text() == "¥75,000.00"
    # ratio 100,000 / 75,000 = 1.333333… → 133.33%: below the 140% warning line, above the 130% close-out line
    assert values["Maintenance ratio"].text() == "133.33%"
    assert "Warning" in window.level_badge.text() and "133.33%" in window.level_badge.text()
    # top-up to 150%: 1.5 × 75,000 − 100,000 = 12,500.00
    assert values["Top-up to target"].text() == "¥12,500.00"
    # credit: 500,000 − 75,000 used = 425,000.00
    assert values["Credit available"].text() == "¥425,000.00"
    assert values["line:warning"].text() == "140.00%"
    positions = window.models["positions"]
    assert positions.rowCount() == 1
    assert [positions.index(0, c).data() for c in (0, 3, 4, 5)] == ["600519.SH", "10,000", "10.00", "100,000.00"]
    contracts = window.models["contracts"]
    assert contracts.rowCount() == 1 and contracts.index(0, 0).data() == "HT0001"
    assert window.tabs.tabText(2) == "Positions (1)"


def test_ratio_chart_draws_history_and_the_lines(app_ctx: AppContext, qtbot: QtBot, client_id: int) -> None:
    window = _open(app_ctx, qtbot, client_id)
    assert window.figures.chart.canvas is None  # matplotlib waits until the chart is looked at
    window.tabs.setCurrentWidget(window.figures)
    ax = window.figures.chart.figure.axes[0]
    series = ax.get_lines()[0]
    # 2026-11-18 150%, 2026-11-19 141%, 2026-11-20 133.33% (stored by the engine for the as-of date)
    assert [round(y, 2) for y in series.get_ydata()] == [150.0, 141.0, 133.33]
    levels = sorted(round(line.get_ydata()[0]) for line in ax.get_lines()[1:])
    assert levels == [120, 130, 140, 150]  # emergency, close-out, warning, target


def test_profile_is_masked_and_the_checklist_is_shown(app_ctx: AppContext, qtbot: QtBot, client_id: int) -> None:
    window = _open(app_ctx, qtbot, client_id)
    text = window.profile.values["id"].text()
    assert ID_NO not in text and ID_NO[:6] + "********" + ID_NO[-4:] in text
    assert window.profile.values["phone"].text().startswith("139****5678")
    assert window.reveal_button.isHidden()  # an RM cannot reveal
    checks = {label.objectName(): label.property("passed") for label in window.profile.check_labels}
    assert checks == {
        "check_trading_months": True,
        "check_avg_assets": True,  # 800,000 ≥ 500,000
        "check_risk_level": True,  # C4, assessed 2025-03-01, valid until 2027-03-01
        "check_not_related_party": True,
        "check_no_other_credit_account": True,
    }
    # the assessment expires 2025-03-01 + 2 years
    assert window.profile.suitability["expires"].text() == "2027-03-01"


def test_supervisor_reveal_shows_full_data_and_is_audited(
    make_ctx, qtbot: QtBot, client_id: int, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _open(make_ctx("super"), qtbot, client_id)
    assert not window.reveal_button.isHidden()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(window.loaded):
        window.reveal_button.click()
    assert ID_NO in window.profile.values["id"].text()
    assert window.profile.values["phone"].text() == "13912345678"
    with db.sessions() as s:
        rec = s.execute(select(AuditRecord).where(AuditRecord.action == "reveal")).scalars().one()
    assert (rec.username, rec.entity_id) == ("super", str(client_id))
    with qtbot.waitSignal(window.loaded):
        window.reveal_button.click()  # mask again
    assert ID_NO not in window.profile.values["id"].text()


def test_declined_reveal_changes_nothing(
    make_ctx, qtbot: QtBot, client_id: int, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _open(make_ctx("super"), qtbot, client_id)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    window.reveal_button.click()
    assert app_idle(window)
    with db.sessions() as s:
        assert s.execute(select(AuditRecord).where(AuditRecord.action == "reveal")).first() is None


def app_idle(window: ClientFileWindow) -> bool:
    return window.ctx.runner.wait_idle() and ID_NO not in window.profile.values["id"].text()


def test_every_table_model_passes_the_model_tester(
    app_ctx: AppContext, qtbot: QtBot, client_id: int, qtmodeltester
) -> None:
    window = _open(app_ctx, qtbot, client_id)
    for model in [*window.models.values(), window.profile.related_model]:
        qtmodeltester.check(model)
    window.tables["contracts"].sortByColumn(4, window.tables["contracts"].horizontalHeader().sortIndicatorOrder())
    qtmodeltester.check(window.models["contracts"])


def test_rm_cannot_open_another_rms_client(make_ctx, qtbot: QtBot, client_id: int, monkeypatch) -> None:
    shown: list[str] = []
    ctx = make_ctx("rm2")
    ctx.runner.error_presenter = lambda _parent, error, _details: shown.append(getattr(error, "code", ""))
    window = ClientFileWindow(ctx, client_id)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(shown))
    assert shown == ["clients.forbidden"] and window.file is None


def test_ctrl_p_prints_the_statement_into_the_register(
    app_ctx: AppContext, qtbot: QtBot, client_id: int, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import Qt

    from rmdesk.store.models import DocumentRecord
    from rmdesk.ui import documents_page

    previewed: list[object] = []
    monkeypatch.setattr(documents_page, "preview_pdf", lambda _ctx, path, _parent: previewed.append(path))
    window = _open(app_ctx, qtbot, client_id)
    window.activateWindow()
    with qtbot.waitSignal(window.loaded, timeout=20_000):  # documents_changed → the file reloads
        qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    with db.sessions() as s:
        doc = s.execute(select(DocumentRecord)).scalars().one()
    assert (doc.client_id, doc.kind, doc.generated_by) == (client_id, "statement", app_ctx.user.id)
    assert len(previewed) == 1
    assert window.models["documents"].rowCount() == 1
    assert window.tabs.tabText(7) == "Documents (1)"
