"""The app on the book: cold start to a usable window, a search keystroke, resident memory.

Each run is a fresh ``python -m bench.gui_child`` under the offscreen platform (bench/gui_child.py): it logs in
as the book's supervisor (who sees all clients), builds the main window, and says READY when the window is
shown and the client book has its rows; the parent times launch → READY. The same processes then time search
keystrokes and report their resident memory, so the three figures share the runs. Baseline of the cold start:
``python -c "import PySide6.QtWidgets, sqlalchemy"`` launched the same way.
"""

from __future__ import annotations

import json
import re
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.context import Bench
from bench.harness import PYTHON, ROOT, Measured, Target, figure
from bench.refbook import child_env

DEFAULT_DEMO_PASSWORD = "rmdesk-demo"
BASELINE_CODE = "import PySide6.QtWidgets, sqlalchemy"


@dataclass
class GuiRuns:
    start_seconds: list[float] = field(default_factory=list)
    keystrokes_ms: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)
    peak_mb: list[float] = field(default_factory=list)
    ready: list[dict[str, Any]] = field(default_factory=list)
    rows: int = 0
    baseline: list[float] = field(default_factory=list)
    profile: str | None = None


def demo_password(bench: Bench) -> str:
    """The demo users' password as `rmdesk demo` printed it."""
    match = re.search(r"(?:password|密码)\s*[:：]?\s*(\S+)", bench.book.demo_output, re.I)
    return match.group(1) if match else DEFAULT_DEMO_PASSWORD


def _supervisor(db_path: Path) -> str:
    import sqlite3

    con = sqlite3.connect(db_path)
    try:
        row = con.execute("SELECT username FROM users WHERE role='supervisor' ORDER BY id LIMIT 1").fetchone()
    finally:
        con.close()
    if row is None:
        raise RuntimeError("the book has no supervisor")
    return str(row[0])


def launch_app(
    db: Path, user: str, password: str, settings: Path, keystrokes: int, python_args: tuple[str, ...] = ()
) -> tuple[float, dict[str, Any], dict[str, Any]]:
    """Seconds from launch to READY, and the child's READY and RESULT payloads."""
    cmd = [
        PYTHON,
        *python_args,
        "-m",
        "bench.gui_child",
        "--db",
        str(db),
        "--user",
        user,
        "--password",
        password,
        "--settings",
        str(settings),
        "--keystrokes",
        str(keystrokes),
    ]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    ready: dict[str, Any] | None = None
    seconds = 0.0
    result: dict[str, Any] = {}
    for line in proc.stdout:
        if line.startswith("READY ") and ready is None:
            seconds = time.perf_counter() - start
            ready = json.loads(line[6:])
        elif line.startswith("RESULT "):
            result = json.loads(line[7:])
    err = proc.stderr.read() if proc.stderr else ""
    code = proc.wait(timeout=120)
    if ready is None or code != 0:
        raise RuntimeError(f"the app did not start on the book (exit {code}):\n{err[-3000:]}")
    return seconds, ready, result


def launch_baseline() -> float:
    start = time.perf_counter()
    subprocess.run([PYTHON, "-c", BASELINE_CODE], cwd=ROOT, env=child_env(), check=True)
    return time.perf_counter() - start


def gui_runs(bench: Bench) -> GuiRuns:
    """The GUI processes of this bench run (made once, shared by the three figures)."""
    if "gui" in bench.cache:
        return bench.cache["gui"]  # type: ignore[no-any-return]
    work = bench.scratch("gui")
    db = bench.book.copy_to(work / "book.sqlite3")
    user, password = _supervisor(db), demo_password(bench)
    runs = GuiRuns()
    if not bench.smoke:  # warm-up: .pyc files and the page cache (the smoke run only checks the harness)
        launch_app(db, user, password, work / "warmup.ini", 0)
        launch_baseline()
    for i in range(bench.sizes.cold_reps):
        seconds, ready, result = launch_app(db, user, password, work / f"desk{i}.ini", bench.sizes.keystrokes)
        runs.start_seconds.append(seconds)
        runs.ready.append(ready)
        runs.rows = int(ready["rows"])
        runs.keystrokes_ms += result.get("keystrokes_ms", [])
        runs.rss_mb.append(float(result.get("rss_mb", ready["rss_mb"])))
        runs.peak_mb.append(float(result.get("peak_mb", 0.0)))
        runs.baseline.append(launch_baseline())
    bench.cache["gui"] = runs
    return runs


def profile_start(bench: Bench) -> str:
    """One more start, sampled, plus `python -X importtime` (what the start-up spends on imports)."""
    work = bench.scratch("gui-profile")
    db = bench.book.copy_to(work / "book.sqlite3")
    user, password = _supervisor(db), demo_password(bench)
    out = work / "start.txt"
    launch_app(db, user, password, work / "p.ini", 0, ("-m", "bench.sampler", str(out)))
    text = out.read_text(encoding="utf-8") if out.exists() else "no sampled profile"
    proc = subprocess.run(
        [
            PYTHON,
            "-X",
            "importtime",
            "-m",
            "bench.gui_child",
            "--db",
            str(db),
            "--user",
            user,
            "--password",
            password,
            "--settings",
            str(work / "i.ini"),
        ],
        cwd=ROOT,
        env=child_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    imports = [ln for ln in proc.stderr.splitlines() if ln.startswith("import time:") and "|" in ln]
    heavy = sorted(imports[1:], key=lambda ln: -int(ln.split("|")[1]))[:40]
    return text + "\n\n---- python -X importtime, top cumulative (µs) ----\n" + "\n".join(heavy)


@figure(
    "cold_start",
    "cold start to a usable main window with the book",
    "s",
    Target(max=1.5),
    baseline="import PySide6+sqlalchemy",
    order=40,
)
def cold_start(bench: Bench) -> Measured:
    runs = gui_runs(bench)
    parts = {k: round(sum(r[k] for r in runs.ready) / len(runs.ready), 3) for k in ("imports", "login", "window")}
    note = (
        f"fresh process, offscreen, supervisor's book of {runs.rows:,} clients, after 1 warm-up start; "
        f"in-process split (mean): imports+QApplication {parts['imports']} s, login {parts['login']} s, "
        f"window+book {parts['window']} s"
    )
    m = Measured(runs.start_seconds, runs.baseline, note=note, extra={"rows": runs.rows, "split": parts})
    if not bench.smoke and sorted(runs.start_seconds)[len(runs.start_seconds) // 2] > 1.5:
        m.profile = profile_start(bench)
    return m


@figure("search", "client search keystroke (filter + repaint)", "ms", Target(max=30), order=45)
def search(bench: Bench) -> Measured:
    runs = gui_runs(bench)
    if not runs.keystrokes_ms:
        raise RuntimeError("no keystroke was timed")
    note = f"{len(runs.keystrokes_ms)} keystrokes over {runs.rows:,} rows (typing and erasing 2–3 letter queries)"
    return Measured(runs.keystrokes_ms, note=note, extra={"rows": runs.rows})


@figure("memory", "resident memory with the book open", "MB", Target(max=400), order=50)
def memory(bench: Bench) -> Measured:
    runs = gui_runs(bench)
    peak = max(runs.peak_mb) if runs.peak_mb else 0.0
    note = f"VmRSS after start-up and searching, {runs.rows:,} rows; peak (ru_maxrss) {peak:.0f} MB"
    return Measured(runs.rss_mb, note=note, extra={"peak_mb": peak})
