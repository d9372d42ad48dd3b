"""The main window: sections, status bar, remembered geometry and section, shortcuts, the 工作台 counts."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from rmdesk import clock
from rmdesk.services.calendar import library_years
from rmdesk.services.importing import import_day
from rmdesk.store.models import Client
from rmdesk.ui.context import AppContext
from rmdesk.ui.main_window import MainWindow
from rmdesk.ui.placeholder_page import PlaceholderPage
from rmdesk.ui.sections import SECTIONS
from rmdesk.ui.today_page import TodayPage
from tests.ui.conftest import MakeCtx
from tests.ui.test_import_wizard import AS_OF, write_day


def open_window(ctx: AppContext, qtbot: QtBot) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.started)  # the first page, status bar and policy load once it is on screen
    assert ctx.runner.wait_idle()
    return window


def import_sample(ctx: AppContext, tmp_path: Path) -> None:
    write_day(tmp_path / "day", "13500")
    with ctx.db.sessions.begin() as s:
        report = import_day(s, tmp_path / "day", AS_OF, ctx.actor)
    assert report.applied


def test_status_bar_shows_user_role_and_as_of(app_ctx: AppContext, qtbot: QtBot, tmp_path: Path) -> None:
    window = open_window(app_ctx, qtbot)
    assert window.user_label.text() == "李经理 (Relationship manager)"
    assert window.as_of_label.text() == "No data imported yet"
    import_sample(app_ctx, tmp_path)
    app_ctx.hub.data_imported.emit(None)
    assert app_ctx.runner.wait_idle()
    assert window.as_of_label.text() == "Data as of 2026-11-20"


def test_every_section_opens_and_unbuilt_ones_say_so(app_ctx: AppContext, qtbot: QtBot) -> None:
    window = open_window(app_ctx, qtbot)
    failures: list[object] = []
    app_ctx.runner.failure_reported.connect(lambda err, _d: failures.append(err))
    for s in SECTIONS:
        page = window.show_section(s.key)
        assert window.stack.currentWidget() is page
        assert window.nav.currentItem().text() == s.translated_title()
        if s.key in ("warnings", "callbacks", "complaints"):
            assert isinstance(page, PlaceholderPage)
            assert "later version" in page.notice.text()
            assert page.features.text().count("<li") >= 3  # says what it will do
    assert app_ctx.runner.wait_idle()
    assert failures == []


def test_geometry_and_last_section_are_remembered(make_ctx: MakeCtx, qtbot: QtBot, desk_settings: object) -> None:
    ctx = make_ctx("rm1", settings=desk_settings)
    first = open_window(ctx, qtbot)
    first.show_section("import")
    first.resize(first.width(), 555)
    assert first.height() == 555
    first.close()
    second = open_window(make_ctx("rm1", settings=desk_settings), qtbot)
    assert second.current_key == "import"
    assert second.height() == 555  # (the width is clamped to the 800-pixel offscreen test screen)


def test_today_counts_follow_the_users_scope(make_ctx: MakeCtx, qtbot: QtBot, tmp_path: Path) -> None:
    rm1 = make_ctx("rm1")
    import_sample(rm1, tmp_path)  # one client of rm1: level warning, a ratio warning and a concentration warning
    page = open_window(rm1, qtbot).show_section("today")
    assert isinstance(page, TodayPage)
    assert rm1.runner.wait_idle()
    assert page.clients_tile.value.text() == "1"
    assert page.level_tiles["warning"].value.text() == "1"
    assert page.level_tiles["normal"].value.text() == "0"
    assert page.warnings_tile.value.text() == "2"
    rm2_page = open_window(make_ctx("rm2"), qtbot).show_section("today")
    assert isinstance(rm2_page, TodayPage)
    assert rm2_page.ctx.runner.wait_idle()
    assert rm2_page.clients_tile.value.text() == "0"  # rm2 does not see rm1's client
    assert rm2_page.warnings_tile.value.text() == "0"
    sup_page = open_window(make_ctx("super"), qtbot).show_section("today")
    assert isinstance(sup_page, TodayPage)
    assert sup_page.ctx.runner.wait_idle()
    assert sup_page.clients_tile.value.text() == "1"
    assert sup_page.book_heading.text() == "The branch's book"


def test_f5_refreshes_the_page(app_ctx: AppContext, qtbot: QtBot) -> None:
    window = open_window(app_ctx, qtbot)
    page = window.show_section("today")
    assert isinstance(page, TodayPage)
    assert page.clients_tile.value.text() == "0"
    with app_ctx.db.sessions.begin() as s:
        now = datetime(2026, 11, 21, 9, 0)
        s.add(Client(client_no="C1", name="测试", rm_id=app_ctx.user.id, created_at=now, updated_at=now))
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert app_ctx.runner.wait_idle()
    assert page.clients_tile.value.text() == "1"


def test_shortcuts_switch_sections_and_explain_what_they_cannot_do(app_ctx: AppContext, qtbot: QtBot) -> None:
    window = open_window(app_ctx, qtbot)
    qtbot.keySequence(window, QKeySequence("Ctrl+7"))
    assert window.current_key == "import"
    qtbot.keySequence(window, QKeySequence("Ctrl+3"))
    assert window.current_key == "warnings"
    qtbot.keySequence(window, QKeySequence(QKeySequence.StandardKey.Print))
    assert window.statusBar().currentMessage() == "There is nothing to print on this page."


@pytest.mark.parametrize("known", [True, False])
def test_holiday_table_warning(app_ctx: AppContext, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, known: bool) -> None:
    last_known = max(library_years())
    # 1 June of a known year: the next 45 days stay in it. 1 December of the last known year: they reach into
    # the next year, which chinesecalendar does not know and the branch has not entered.
    today = date(last_known, 6, 1) if known else date(last_known, 12, 1)
    monkeypatch.setattr(clock, "today", lambda: today)
    window = open_window(app_ctx, qtbot)
    label: QLabel = window.holiday_label
    assert label.isVisible() is (not known)
    if not known:
        assert label.text() == f"Holiday table lacks {last_known + 1}"


def test_today_page_agrees_with_the_demo_book(
    make_ctx: MakeCtx, demo_db: object, demo_summary: object, qtbot: QtBot
) -> None:
    """The supervisor's 工作台 shows the generator's own counts of accounts per level (computed independently)."""
    supervisor = next(u for u in demo_summary.users if u.role == "supervisor")  # type: ignore[attr-defined]
    ctx = make_ctx(supervisor.username, database=demo_db)
    page = open_window(ctx, qtbot).show_section("today")
    assert isinstance(page, TodayPage)
    assert ctx.runner.wait_idle()
    levels = dict(demo_summary.levels)  # type: ignore[attr-defined]
    assert {level: int(tile.value.text().replace(",", "")) for level, tile in page.level_tiles.items()} == {
        level: levels.get(level, 0) for level in page.level_tiles
    }
    assert page.clients_tile.value.text() == str(demo_summary.clients)  # type: ignore[attr-defined]
