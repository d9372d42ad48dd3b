"""``python -m bench`` (or ``bench/run``): build the reference book once, measure every figure, print the table.

bench/run                    # the full suite on the 20,000-client book (< 10 min on 2 cores)
bench/run --smoke            # 100 clients, tiny counts (what CI runs, via tests/bench)
bench/run --only import_scan,risk_scan
bench/run --markdown         # also print the table as Markdown (README "Performance")
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from bench import harness
from bench.context import Bench, Sizes


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="bench/run", description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--smoke", action="store_true", help="100 clients and tiny counts (CI)")
    p.add_argument("--clients", type=int, help="book size (default 20000; 100 with --smoke)")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--only", help="comma-separated figure keys")
    p.add_argument("--list", action="store_true", help="list the figure keys and exit")
    p.add_argument("--rebuild", action="store_true", help="rebuild the cached book even when the code is unchanged")
    p.add_argument("--no-install", action="store_true", help="never apt-get install LibreOffice for the peer figure")
    p.add_argument("--out", type=Path, help="JSON output (default bench/results/latest.json; smoke.json with --smoke)")
    p.add_argument("--markdown", action="store_true", help="also print the table as Markdown")
    p.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    import bench.figures_demo
    import bench.figures_docs
    import bench.figures_gui
    import bench.figures_import  # (importing registers the figures)

    specs = sorted(harness.REGISTRY.values(), key=lambda s: s.order)
    if args.list:
        for s in specs:
            print(f"{s.key:16} {s.title}")
        return 0
    if args.only:
        wanted = {k.strip() for k in args.only.split(",") if k.strip()}
        unknown = wanted - harness.REGISTRY.keys()
        if unknown:
            print(f"unknown figure(s): {', '.join(sorted(unknown))}", file=sys.stderr)
            return 2
        specs = [s for s in specs if s.key in wanted]

    def log(text: str) -> None:
        if not args.quiet:
            print(text, file=sys.stderr, flush=True)

    sizes = Sizes.smoke() if args.smoke else Sizes.full()
    if args.clients:
        sizes = sizes.with_clients(args.clients)
    out = args.out or harness.RESULTS / ("smoke.json" if args.smoke else "latest.json")
    if not args.smoke:  # a profile belongs to the run that missed; never leave one from an earlier run
        for spec in specs:
            (harness.RESULTS / f"profile_{spec.key}.txt").unlink(missing_ok=True)
    load_before = os.getloadavg()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="rmdesk-bench-") as tmp:
        bench = Bench(
            sizes=sizes,
            seed=args.seed,
            smoke=args.smoke,
            work=Path(tmp),
            rebuild=args.rebuild,
            install=not args.no_install,
            log=log,
        )
        rows = [harness.run_figure(spec, bench, smoke=args.smoke, log=log) for spec in specs]
        bench.close()
    total = time.perf_counter() - started
    meta = {
        "generated": time.strftime("%Y-%m-%d %H:%M:%S"),
        "total_seconds": round(total, 1),
        "smoke": args.smoke,
        "sizes": sizes.as_dict(),
        "seed": args.seed,
        "machine": harness.machine(),
        # other work on the machine slows every figure: the 1-minute load average before and after the run
        "load_avg_1min": [round(load_before[0], 2), round(os.getloadavg()[0], 2)],
        "book": bench.book_facts(),
    }
    harness.write_json(out, rows, meta)
    print(harness.format_table(rows))
    if args.markdown:
        print()
        print(harness.format_markdown(rows))
    print(f"\n{len(rows)} figures in {total:.0f} s; JSON: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
