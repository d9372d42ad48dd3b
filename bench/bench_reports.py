"""Benchmark of the statement renderer: 200 two-page statements with a ratio chart, one ChartRenderer reused.

Prints statements/s and pages/s in one process and where the time goes (chart = matplotlib drawing and the RGB
hand-over; story = building the flowables; layout+PDF = reportlab pagination, drawing, font subsetting and
compression). With ``--workers 2`` it also runs the same batch in a 2-process pool (one ChartRenderer per
worker), which is the shape of the later batch service (target on 2 cores: ≥ 20 statements/s).

With ``--batch N`` it times the real batch service instead (rmdesk.services.documents.run_batch: report data
from the figures engine in this process, rendering in the 2-process pool, SHA-256, files and the register) for
the statements of an N-client demo book, and splits the time between this process (data, waiting for the pool,
hashing and writing, registering) and the workers' CPU (rendering).

Run: ``.venv/bin/python bench/bench_reports.py [--count 200] [--workers 2] [--batch 1000]``.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from rmdesk.reports.charts import ChartRenderer
from rmdesk.reports.samples import sample_statement
from rmdesk.reports.statement import TITLE, build_story, client_line
from rmdesk.reports.templates import PageSetup, build_pdf


class TimedChart(ChartRenderer):
    """A ChartRenderer that adds up the time spent drawing charts."""

    def __init__(self) -> None:
        super().__init__()
        self.seconds = 0.0

    def ratio_rgb(self, *args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return super().ratio_rgb(*args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - start


def dataset(count: int) -> list[Any]:
    """``count`` different statements of 12 positions and 5 contracts (two A4 pages each, chart included)."""
    return [sample_statement(12, 5, seed=i + 1) for i in range(count)]


def single_process(items: list[Any], folder: Path) -> dict[str, float]:
    chart = TimedChart()
    story_s = pdf_s = 0.0
    pages = 0
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for i, data in enumerate(items):
        t0 = time.perf_counter()
        story = build_story(data, chart)  # includes the chart
        t1 = time.perf_counter()
        setup = PageSetup(TITLE, data.doc_no, data.branch, client_line(data), data.generated_at)
        pages += build_pdf(folder / f"{i:05d}.pdf", story, setup)
        pdf_s += time.perf_counter() - t1
        story_s += t1 - t0
    wall = time.perf_counter() - wall0
    return {
        "wall": wall,
        "cpu": time.process_time() - cpu0,
        "pages": pages,
        "chart": chart.seconds,
        "story": story_s - chart.seconds,
        "pdf": pdf_s,
        "charts": chart.charts_drawn,
    }


_WORKER_CHART: ChartRenderer | None = None


def _init() -> None:
    global _WORKER_CHART  # noqa: PLW0603 — one renderer per worker process
    _WORKER_CHART = ChartRenderer()


def _render(job: tuple[Any, str]) -> int:
    from rmdesk.reports.statement import render_statement

    data, out = job
    return render_statement(data, Path(out), chart=_WORKER_CHART).pages


def pool(items: list[Any], folder: Path, workers: int) -> tuple[float, int]:
    """Wall seconds (pool start-up and warm-up included) and pages for the batch in ``workers`` processes."""
    start = time.perf_counter()
    with ProcessPoolExecutor(workers, initializer=_init) as executor:
        jobs = [(d, str(folder / f"p{i:05d}.pdf")) for i, d in enumerate(items)]
        pages = sum(executor.map(_render, jobs, chunksize=8))
    return time.perf_counter() - start, pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2, help="processes for the pool run (0: skip it)")
    parser.add_argument("--batch", type=int, default=0, help="time the batch service on an N-client demo book")
    args = parser.parse_args()
    if args.batch:
        batch(args.batch, args.workers or 2)
        return
    items = dataset(args.count)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        warm = ChartRenderer()  # imports, font registration and the first Figure are paid once, before timing
        from rmdesk.reports.statement import render_statement

        render_statement(items[0], folder / "warm.pdf", chart=warm)
        r = single_process(items, folder)
        n = len(items)
        print(
            f"{n} statements, {int(r['pages'])} pages ({r['pages'] / n:.2f} per statement), {int(r['charts'])} charts"
        )
        print(
            f"one process:  {n / r['wall']:.1f} statements/s, {r['pages'] / r['wall']:.1f} pages/s  "
            f"(wall {r['wall']:.2f} s, CPU {r['cpu']:.2f} s; load average {os.getloadavg()[0]:.2f})"
        )
        print(f"  CPU-bound rate      {n / r['cpu']:.1f} statements/s per core (what a free core gives)")
        for key, label in (("chart", "chart (matplotlib)"), ("story", "story (flowables)"), ("pdf", "layout + PDF")):
            print(f"  {label:20} {r[key] / n * 1000:6.1f} ms/statement  {r[key] / r['wall'] * 100:5.1f} %")
        size = sum(p.stat().st_size for p in folder.glob("0*.pdf")) / n
        print(f"  average file size   {size / 1024:6.1f} KiB")
        if args.workers > 0:
            wall, pages = pool(items, folder, args.workers)
            print(
                f"{args.workers}-process pool: {n / wall:.1f} statements/s, {pages / wall:.1f} pages/s "
                f"(wall {wall:.2f} s incl. pool start-up; target ≥ 20 statements/s on 2 cores)"
            )


def batch(clients: int, workers: int) -> None:
    """The batch service on a generated book: statements for every client, one PDF each, registered."""
    import resource
    from datetime import date

    from rmdesk.services import auth, demo, documents
    from rmdesk.store import migrate
    from rmdesk.store.db import open_database

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = open_database(f"sqlite:///{folder / 'book.sqlite3'}")
        migrate.upgrade(db)
        t0 = time.perf_counter()
        with db.sessions.begin() as s:
            demo.generate(s, clients=clients, seed=7, as_of=date(2026, 11, 20))
        print(f"demo book of {clients} clients built in {time.perf_counter() - t0:.1f} s (not counted)")
        with db.sessions() as s:
            info = auth.find_user(s, "zhuguan")
        assert info is not None
        actor = info.actor()
        selection = documents.parse_filter("all")
        cpu0 = time.process_time()
        children0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        result = documents.run_batch(db.sessions, "statement", selection, folder / "out", False, actor, workers=workers)
        children1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        main_cpu = time.process_time() - cpu0
        worker_cpu = (children1.ru_utime + children1.ru_stime) - (children0.ru_utime + children0.ru_stime)
        db.dispose()
    n, wall = len(result.documents), result.seconds
    print(
        f"batch service: {n} statements ({len(result.skipped)} skipped), {result.pages} pages in {wall:.1f} s on "
        f"{workers} workers = {n / wall:.1f} statements/s, {result.pages / wall:.1f} pages/s "
        f"(target ≥ 20 statements/s on 2 cores; load average {os.getloadavg()[0]:.2f})"
    )
    print(f"  this process:  CPU {main_cpu:6.1f} s ({main_cpu / n * 1000:5.1f} ms/statement)")
    for key in ("data", "render_wait", "write", "merge", "register"):
        seconds = result.timings.get(key, 0.0)
        print(f"    {key:12} {seconds:6.1f} s wall  {seconds / n * 1000:6.1f} ms/statement")
    print(f"  workers:       CPU {worker_cpu:6.1f} s ({worker_cpu / n * 1000:5.1f} ms/statement: charts + reportlab)")
    busiest = max(main_cpu, worker_cpu / workers)
    print(
        f"  CPU-bound rate on {workers} free cores ≈ {n / busiest:.1f} statements/s (busiest side: "
        f"{'this process' if busiest == main_cpu else 'the workers'})"
    )


if __name__ == "__main__":
    main()
