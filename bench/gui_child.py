"""Run in a fresh process by bench/figures_gui.py: start the app on the book and report when it is usable.

    QT_QPA_PLATFORM=offscreen python -m bench.gui_child --db BOOK --user NAME --password PW [--keystrokes N]

Prints ``READY <json>`` as soon as the main window is shown and the client book has its rows (the parent
times the process from launch to that line), then types search keystrokes into the client book's search box,
timing each until the filtered rows are on screen, and prints ``RESULT <json>`` with those times and the
resident memory. Everything it builds is what `rmdesk` builds after a login: the same context, window and pages.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

QUERIES = ("zw", "lj", "wx", "c00", "138", "zh", "yl", "5")


def rss_mb() -> float:
    """Current resident set (VmRSS) in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def emit(tag: str, payload: dict[str, Any]) -> None:
    sys.stdout.write(f"{tag} {json.dumps(payload)}\n")
    sys.stdout.flush()


def find_book(page: Any) -> tuple[Any, Any]:
    """The client book's table model and search box."""
    model, search = getattr(page, "model", None), getattr(page, "search", None)
    if model is None or search is None:
        raise RuntimeError(f"the clients section is not the client book: {type(page).__name__}")
    return model, search


def main() -> int:
    args = argparse.ArgumentParser()
    args.add_argument("--db", required=True)
    args.add_argument("--user", required=True)
    args.add_argument("--password", required=True)
    args.add_argument("--settings", required=True)
    args.add_argument("--keystrokes", type=int, default=0)
    args.add_argument("--timeout", type=float, default=60.0)
    opts = args.parse_args()
    t0 = time.perf_counter()

    from rmdesk.ui.app import create_application, has_users, open_main_window, prepare_database
    from rmdesk.ui.context import AppContext
    from rmdesk.ui.hub import Hub
    from rmdesk.ui.login import check_password
    from rmdesk.ui.ops import OpRunner
    from rmdesk.ui.settings import DeskSettings
    from rmdesk.ui.translations import Translations

    # What run_app does, with the login dialog's password check in place of the dialog.
    app = create_application()
    settings = DeskSettings.open_file(Path(opts.settings))
    translations = Translations(app)
    translations.apply(settings.language)
    t_imports = time.perf_counter()
    db = prepare_database(opts.db)
    if not has_users(db):
        raise RuntimeError("the book has no users")
    runner = OpRunner(db)
    with db.sessions() as session:
        user = check_password(session, opts.user, opts.password)
    t_login = time.perf_counter()
    window = open_main_window(AppContext(db, user, Hub(), runner, settings), translations)
    model, search = find_book(window.show_section("clients"))
    deadline = time.perf_counter() + opts.timeout
    while model.rowCount() == 0:
        app.processEvents()
        if time.perf_counter() > deadline:
            raise RuntimeError("the client book never got its rows")
        time.sleep(0.001)
    app.processEvents()  # the rows painted
    t_ready = time.perf_counter()
    rows = model.rowCount()
    emit(
        "READY",
        {
            "rows": rows,
            "imports": t_imports - t0,
            "login": t_login - t_imports,
            "window": t_ready - t_login,
            "in_process": t_ready - t0,
            "rss_mb": rss_mb(),
        },
    )

    times = keystrokes(app, search, model, opts.keystrokes)
    emit("RESULT", {"rows": rows, "keystrokes_ms": times, "rss_mb": rss_mb(), "peak_mb": peak_mb()})
    runner.shutdown()
    window.close()
    return 0


def keystrokes(app: Any, search: Any, model: Any, count: int) -> list[float]:
    """Milliseconds per keystroke (typing and erasing realistic queries) until the filtered rows are painted."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    times: list[float] = []
    queries = list(QUERIES)
    while len(times) < count and queries:
        query = queries.pop(0)
        keys = [*query, *(["\b"] * len(query))]
        for ch in keys:
            if len(times) >= count:
                break
            start = time.perf_counter()
            if ch == "\b":
                QTest.keyClick(search, Qt.Key.Key_Backspace)
            else:
                QTest.keyClick(search, ch)
            settle(app, model)
            times.append((time.perf_counter() - start) * 1000)
        search.clear()
        settle(app, model)
        if not queries:
            queries = list(QUERIES)
    return times


def settle(app: Any, model: Any) -> None:
    """Let the keystroke's filtering, model reset and repaint run to completion (a debounce timer included)."""
    pending = getattr(model, "filter_pending", None)
    app.processEvents()
    while callable(pending) and pending():
        app.processEvents()
        time.sleep(0.0005)


if __name__ == "__main__":
    sys.exit(main())
