"""The demo figure: `rmdesk demo --clients 20000`, which is also how the reference book is built."""

from __future__ import annotations

import pstats
import subprocess
from pathlib import Path

from bench.context import Bench
from bench.harness import ROOT, Measured, Target, figure, format_stats
from bench.refbook import child_env, rmdesk_cmd


@figure("demo", "rmdesk demo --clients N (builds the book)", "s", Target(max=60), order=10, profile_in_process=False)
def demo(bench: Bench) -> Measured:
    book = bench.book
    when = "this run" if book.fresh else f"{book.built_at}, cached for this code version {book.version}"
    note = f"1 run ({when}); {book.size_mb:.0f} MB; init {book.init_seconds:.1f} s not counted"
    m = Measured(
        [book.demo_seconds],
        note=note,
        extra={"counts": book.counts, "size_mb": book.size_mb, "as_of": book.as_of.isoformat()},
    )
    if book.demo_seconds > 60 and not bench.smoke:
        m.profile = profile_demo(bench)
    return m


def profile_demo(bench: Bench) -> str:
    """Run the demo once more under cProfile (in its own process) for the report of a missed target."""
    work = bench.scratch("demo-profile")
    db = work / "book.sqlite3"
    prof = work / "demo.prof"
    env = child_env(RMDESK_HOME=str(work / "home"))
    subprocess.run(rmdesk_cmd(db, "init"), cwd=ROOT, env=env, check=True, capture_output=True)
    cmd = rmdesk_cmd(db, "demo", "--clients", str(bench.sizes.clients), "--seed", str(bench.seed))
    cmd[1:3] = ["-m", "cProfile", "-o", str(prof), "-m", "rmdesk"]
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, capture_output=True)
    text = format_stats(pstats.Stats(str(prof)))
    for p in work.glob("book.sqlite3*"):
        Path(p).unlink()
    return text
