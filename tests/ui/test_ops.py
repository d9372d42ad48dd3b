"""The op runner: work happens off the GUI thread, results come back on it, failures and cancels behave."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rmdesk.services import policy
from rmdesk.services.audit import Actor
from rmdesk.services.progress import Progress, check_cancel
from rmdesk.store.models import PolicySetting, User
from rmdesk.ui.context import AppContext
from rmdesk.ui.errors import ErrorDialog


def _count_users(session: Session, _progress: Progress) -> tuple[int, str]:
    return int(session.execute(select(func.count(User.id))).scalar_one()), threading.current_thread().name


def test_read_op_runs_off_gui_thread_and_delivers_on_it(app_ctx: AppContext, qtbot: QtBot) -> None:
    got: list[tuple[tuple[int, str], str]] = []
    app_ctx.runner.run(_count_users, lambda r: got.append((r, threading.current_thread().name)))
    assert app_ctx.runner.wait_idle()
    (count, worker), delivered_on = got[0]
    assert count == 4  # admin, super, rm1, rm2 from the users fixture
    assert worker != threading.main_thread().name
    assert delivered_on == threading.main_thread().name


def test_failed_write_rolls_back_and_shows_copyable_details(
    app_ctx: AppContext, qtbot: QtBot, users: dict[str, Actor]
) -> None:
    def change_then_fail(session: Session, _p: Progress) -> None:
        policy.set_policy_value(session, "warning_line", "1.45", actor=users["super"])
        raise RuntimeError("disk full while writing")

    shown: list[Any] = []
    app_ctx.runner.failure_reported.connect(lambda err, details: shown.append((err, details)))
    app_ctx.runner.run(change_then_fail, lambda _r: None, write=True)
    assert app_ctx.runner.wait_idle()
    assert isinstance(shown[0][0], RuntimeError)
    assert "change_then_fail" in shown[0][1]  # the traceback names the failing function
    with app_ctx.db.sessions() as s:
        assert s.get(PolicySetting, "warning_line") is None  # rolled back
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, ErrorDialog) and w.isVisible()]
    assert len(dialogs) == 1
    dialog = dialogs[0]
    assert "disk full while writing" in dialog.message
    dialog.copy.click()
    assert "change_then_fail" in QApplication.clipboard().text()
    dialog.accept()


def test_on_failure_replaces_the_dialog(app_ctx: AppContext, qtbot: QtBot) -> None:
    errors: list[BaseException] = []

    def boom(_s: Session, _p: Progress) -> None:
        raise ValueError("bad")

    app_ctx.runner.run(boom, lambda _r: None, on_failure=errors.append)
    assert app_ctx.runner.wait_idle()
    assert [str(e) for e in errors] == ["bad"]
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, ErrorDialog) and w.isVisible()]


def test_cancel_from_the_progress_dialog_stops_and_rolls_back(
    app_ctx: AppContext, qtbot: QtBot, users: dict[str, Actor]
) -> None:
    started = threading.Event()

    def long_write(session: Session, progress: Progress) -> str:
        policy.set_policy_value(session, "closeout_line", "1.25", actor=users["super"])
        progress.total(1_000_000)
        started.set()
        for _ in range(1_000_000):
            check_cancel(progress)
            progress.advance()
            threading.Event().wait(0.001)
        return "finished"

    done: list[str] = []
    handle = app_ctx.runner.run(long_write, done.append, write=True, progress=True, cancellable=True, label="Long job")
    assert started.wait(5)

    def dialog() -> QProgressDialog:
        found = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]
        assert found
        return found[0]

    qtbot.waitUntil(lambda: dialog() is not None, timeout=3000)
    assert dialog().labelText() == "Long job"
    with qtbot.waitSignal(handle.cancelled, timeout=5000):
        qtbot.mouseClick(dialog().findChild(QPushButton), Qt.MouseButton.LeftButton)
    assert done == []
    assert app_ctx.runner.wait_idle()
    with app_ctx.db.sessions() as s:
        assert s.get(PolicySetting, "closeout_line") is None


def test_database_ops_run_one_at_a_time_in_order(app_ctx: AppContext, qtbot: QtBot) -> None:
    order: list[int] = []
    active = [0]
    overlap = [False]

    def step(i: int) -> Any:
        def fn(_s: Session, _p: Progress) -> int:
            active[0] += 1
            overlap[0] |= active[0] > 1
            threading.Event().wait(0.01)
            active[0] -= 1
            return i

        return fn

    for i in range(5):
        app_ctx.runner.run(step(i), order.append, write=True)
    assert app_ctx.runner.wait_idle()
    assert order == [0, 1, 2, 3, 4]
    assert not overlap[0]
