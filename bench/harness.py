"""The benchmark harness: a registry of figures, repetitions, medians, targets, the table and the JSON.

Each figure is a small function registered with :func:`figure`; it receives the :class:`Bench` (the reference
book, its exported import files, the run's sizes) and returns a :class:`Measured` — the figure's samples, the raw
baseline's samples measured in the same run, and a note. The harness turns that into a :class:`Row` (median,
min–max, ratio to the baseline, pass/fail against the target), prints the table and writes the JSON.

A figure whose target is missed gets a profile (cProfile of one more run, or what the figure's own
``profile`` function produces) so the report says why, not only that.
"""

from __future__ import annotations

import cProfile
import io
import json
import platform
import pstats
import statistics
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
CACHE = ROOT / "bench" / ".cache"
PYTHON = sys.executable


@dataclass(frozen=True)
class Target:
    """What a figure must reach: an absolute bound and/or a bound on the ratio to its baseline."""

    max: float | None = None  # figure ≤ max (times, memory)
    min: float | None = None  # figure ≥ min (throughput)
    max_ratio: float | None = None  # figure / baseline ≤ max_ratio
    min_ratio: float | None = None  # figure / baseline ≥ min_ratio

    def text(self, unit: str) -> str:
        parts = []
        if self.max is not None:
            parts.append(f"≤ {_num(self.max)} {unit}")
        if self.min is not None:
            parts.append(f"≥ {_num(self.min)} {unit}")
        if self.max_ratio is not None:
            parts.append(f"≤ {_num(self.max_ratio)}× base")
        if self.min_ratio is not None:
            parts.append(f"≥ {_num(self.min_ratio)}× base")
        return " and ".join(parts) or "—"


@dataclass
class Measured:
    """What a figure function returns: samples in the figure's unit, the baseline's, and notes."""

    samples: list[float]
    baseline: list[float] = field(default_factory=list)
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)  # details kept in the JSON (sizes, peak memory …)
    profile: str | None = None  # where the time went (sampled); written out only when the target is missed
    #: prepares one more run of the product call alone and returns it, for cProfile when the target is missed
    profile_fn: Callable[[], Callable[[], Any]] | None = None


@dataclass(frozen=True)
class FigureSpec:
    key: str
    title: str
    unit: str
    target: Target
    baseline_label: str
    fn: Callable[[Any], Measured]
    order: int


@dataclass
class Row:
    """One line of the table (and one object of the JSON)."""

    key: str
    figure: str
    unit: str
    reps: int
    median: float | None
    min: float | None
    max: float | None
    baseline_label: str
    baseline_median: float | None
    baseline_min: float | None
    baseline_max: float | None
    ratio: float | None
    target: str
    target_spec: dict[str, float | None]
    status: str  # pass / MISSED / measured (no target) / error / skipped / smoke (no targets on the smoke book)
    note: str = ""
    samples: list[float] = field(default_factory=list)
    baseline_samples: list[float] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    profile_file: str | None = None


REGISTRY: dict[str, FigureSpec] = {}


def figure(
    key: str,
    title: str,
    unit: str,
    target: Target,
    *,
    baseline: str = "—",
    order: int = 100,
) -> Callable[[Callable[[Any], Measured]], Callable[[Any], Measured]]:
    """Register a figure function under ``key`` (rows are printed in ``order``)."""

    def wrap(fn: Callable[[Any], Measured]) -> Callable[[Any], Measured]:
        REGISTRY[key] = FigureSpec(key, title, unit, target, baseline, fn, order)
        return fn

    return wrap


class Skip(Exception):
    """A figure that cannot be measured here (a tool that cannot be installed); the reason goes in the row."""


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Wall-clock seconds of one call, and its result."""
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def repeat(fn: Callable[[], Any], reps: int, setup: Callable[[], Any] | None = None) -> list[float]:
    """Seconds of ``reps`` calls; ``setup`` runs untimed before each."""
    return measure(fn, reps, setup=setup)[0]


def measure(
    fn: Callable[[], Any],
    reps: int,
    *,
    setup: Callable[[], Any] | None = None,
    give_up_after: float | None = None,
) -> tuple[list[float], str]:
    """Seconds of up to ``reps`` calls (``setup`` untimed before each), and a sampled profile of the first.

    When the first call takes longer than ``give_up_after`` seconds the figure has missed its target by far;
    repeating it would only spend the suite's time budget, so it stops there (the row shows n = 1).
    """
    from bench.sampler import Sampler

    out: list[float] = []
    profile = ""
    for i in range(reps):
        if setup is not None:
            setup()
        if i == 0:
            with Sampler() as sampler:
                seconds, _ = timed(fn)
            profile = sampler.report()
        else:
            seconds, _ = timed(fn)
        out.append(seconds)
        if give_up_after is not None and seconds > give_up_after:
            break
    return out, profile


def profile_call(fn: Callable[[], Any], limit: int = 30) -> str:
    """Run ``fn`` once under cProfile; the top functions by cumulative and by own time."""
    prof = cProfile.Profile()
    prof.enable()
    try:
        fn()
    finally:
        prof.disable()
    return format_stats(pstats.Stats(prof), limit)


def format_stats(stats: pstats.Stats, limit: int = 30) -> str:
    buf = io.StringIO()
    stats.stream = buf  # type: ignore[attr-defined]
    stats.strip_dirs().sort_stats("cumulative").print_stats(limit)
    buf.write("\n---- by own time ----\n")
    stats.sort_stats("tottime").print_stats(limit)
    return buf.getvalue()


def evaluate(spec: FigureSpec, measured: Measured, smoke: bool) -> Row:
    """Median, min–max, ratio and pass/fail of one figure."""
    s, b = measured.samples, measured.baseline
    med = statistics.median(s) if s else None
    bmed = statistics.median(b) if b else None
    ratio = med / bmed if med is not None and bmed else None
    t = spec.target
    ok = med is not None
    if med is not None:
        if t.max is not None and med > t.max:
            ok = False
        if t.min is not None and med < t.min:
            ok = False
        if t.max_ratio is not None and ratio is not None and ratio > t.max_ratio:
            ok = False
        if t.min_ratio is not None and ratio is not None and ratio < t.min_ratio:
            ok = False
    no_base = (t.max_ratio is not None or t.min_ratio is not None) and ratio is None
    if smoke:
        status = "smoke"
    elif not ok:
        status = "MISSED"
    elif t == Target():
        status = "measured"
    else:
        status = "no baseline" if no_base else "pass"
    return Row(
        key=spec.key,
        figure=spec.title,
        unit=spec.unit,
        reps=len(s),
        median=med,
        min=min(s) if s else None,
        max=max(s) if s else None,
        baseline_label=spec.baseline_label if b else "—",
        baseline_median=bmed,
        baseline_min=min(b) if b else None,
        baseline_max=max(b) if b else None,
        ratio=ratio,
        target=t.text(spec.unit),
        target_spec=asdict(t),
        status=status,
        note=measured.note,
        samples=[round(x, 6) for x in s],
        baseline_samples=[round(x, 6) for x in b],
        extra=measured.extra,
    )


def failed_row(spec: FigureSpec, status: str, note: str) -> Row:
    return Row(
        key=spec.key,
        figure=spec.title,
        unit=spec.unit,
        reps=0,
        median=None,
        min=None,
        max=None,
        baseline_label=spec.baseline_label,
        baseline_median=None,
        baseline_min=None,
        baseline_max=None,
        ratio=None,
        target=spec.target.text(spec.unit),
        target_spec=asdict(spec.target),
        status=status,
        note=note,
    )


def run_figure(spec: FigureSpec, bench: Any, *, smoke: bool, log: Callable[[str], None]) -> Row:
    """Measure one figure; a crash or a skip becomes a row that says so (the run goes on)."""
    log(f"· {spec.title} …")
    start = time.perf_counter()
    try:
        measured = spec.fn(bench)
    except Skip as skip:
        return failed_row(spec, "skipped", str(skip))
    except Exception as exc:  # a broken figure must not hide the others
        log(traceback.format_exc())
        return failed_row(spec, "error", f"{type(exc).__name__}: {exc}")
    row = evaluate(spec, measured, smoke)
    log(f"  {_cell(row.median, row.unit)} in {time.perf_counter() - start:.1f} s")
    if row.status == "MISSED":
        text = measured.profile or ""
        if measured.profile_fn is not None:
            log("  target missed: profiling one more run …")
            try:
                text += "\n\n==== cProfile of one more run of the product call ====\n" + profile_call(
                    measured.profile_fn()
                )
            except Exception:
                text += traceback.format_exc()
        if text:
            RESULTS.mkdir(parents=True, exist_ok=True)
            path = RESULTS / f"profile_{spec.key}.txt"
            path.write_text(
                f"{spec.title}: {_cell(row.median, row.unit)}, target {row.target}\n\n{text}\n", encoding="utf-8"
            )
            row.profile_file = str(path.relative_to(ROOT))
    return row


# ---- output -------------------------------------------------------------------------------------------------


def _num(x: float) -> str:
    if x == int(x) and abs(x) >= 1:
        return f"{int(x):,}"
    return f"{x:.3g}" if abs(x) < 1 else f"{x:,.2f}"


def _cell(x: float | None, unit: str) -> str:
    if x is None:
        return "—"
    if unit == "s":
        return f"{x:.3f} s" if x < 10 else f"{x:.1f} s"
    if unit == "ms":
        return f"{x:.2f} ms"
    if unit == "MB":
        return f"{x:.0f} MB"
    return f"{x:.1f} {unit}"


def _span(lo: float | None, hi: float | None, unit: str) -> str:
    if lo is None or hi is None:
        return "—"
    return f"{_cell(lo, unit)} – {_cell(hi, unit)}"


TABLE_HEADERS = ("figure", "n", "median", "min – max", "baseline (median)", "ratio", "target", "result")


def table_rows(rows: list[Row]) -> list[tuple[str, ...]]:
    out = []
    for r in rows:
        base = "—" if r.baseline_median is None else f"{r.baseline_label}: {_cell(r.baseline_median, r.unit)}"
        ratio = "—" if r.ratio is None else f"{r.ratio:.2f}×"
        out.append(
            (
                r.figure,
                str(r.reps),
                _cell(r.median, r.unit),
                _span(r.min, r.max, r.unit),
                base,
                ratio,
                r.target,
                r.status,
            )
        )
    return out


def format_table(rows: list[Row]) -> str:
    """Plain text, columns aligned (east-asian width aware)."""
    from rmdesk.commands.base import format_table as fmt

    text = fmt(TABLE_HEADERS, table_rows(rows), right_align=(1, 2, 5))
    notes = [f"- {r.figure}: {r.note}" for r in rows if r.note]
    profiles = [f"- {r.figure}: profile in {r.profile_file}" for r in rows if r.profile_file]
    return "\n".join([text, *(["", "notes:", *notes] if notes else []), *profiles])


def format_markdown(rows: list[Row]) -> str:
    """The same table in Markdown (for the README's Performance section)."""
    lines = ["| " + " | ".join(TABLE_HEADERS) + " |", "|" + "---|" * len(TABLE_HEADERS)]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in table_rows(rows)]
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    import os

    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return ""

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "commit": git("rev-parse", "HEAD"),
        "dirty": bool(git("status", "--porcelain", "rmdesk")),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu": cpu,
        "cores": os.cpu_count(),
    }


def write_json(path: Path, rows: list[Row], meta: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {**meta, "figures": [asdict(r) for r in rows]}
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
