"""The demo figure: `rmdesk demo --clients 20000`, which is also how the reference book is built."""

from __future__ import annotations

from bench.context import Bench
from bench.harness import Measured, Target, figure


@figure("demo", "rmdesk demo --clients N (builds the book)", "s", Target(max=60), order=10)
def demo(bench: Bench) -> Measured:
    book = bench.book
    when = "this run" if book.fresh else f"{book.built_at}, cached for this code version {book.version}"
    note = f"1 run ({when}); {book.size_mb:.0f} MB; `rmdesk init` before it ({book.init_seconds:.1f} s) not counted"
    extra = {"counts": book.counts, "size_mb": book.size_mb, "as_of": book.as_of.isoformat()}
    return Measured([book.demo_seconds], note=note, extra=extra, profile=book.demo_profile)
