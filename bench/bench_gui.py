"""The desk's start-up on the reference book: cold start to a usable main window (≤ 1.5 s) and resident memory
(≤ 400 MB), plus which heavy libraries the start-up path loads.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_gui.py            # 20,000-client book (cached)
    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_gui.py --smoke    # 100 clients

It runs the suite's GUI figures (bench/figures_gui.py: a fresh ``python -m bench.gui_child`` per start, timed from
launch until the client book has its 20,000 rows), writing to bench/results/gui.json so a partial run never
replaces the suite's latest.json. Byte-code caching is switched on for the children (PYTHONDONTWRITEBYTECODE in
a developer's shell would make every start recompile rmdesk, which no installed desk does).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("pandas", "matplotlib", "reportlab", "numpy", "openpyxl", "alembic")

PROBE = f"""
import sys, time
t0 = time.perf_counter()
import rmdesk.ui.app, rmdesk.ui.main_window, rmdesk.ui.today_page
print(round(time.perf_counter() - t0, 3), ",".join(m for m in {HEAVY!r} if m in sys.modules))
"""


def import_probe() -> str:
    """Seconds to import the start-up modules, and the heavy libraries they drag in (should be none)."""
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True, env=os.environ.copy()
    )
    seconds, _, heavy = out.stdout.strip().partition(" ")
    return f"start-up modules imported in {seconds} s; heavy libraries loaded: {heavy or 'none'}"


def main(argv: list[str]) -> int:
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    print(import_probe())
    from bench.__main__ import main as suite

    return suite(["--only", "cold_start,memory", "--out", str(ROOT / "bench" / "results" / "gui.json"), *argv])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
