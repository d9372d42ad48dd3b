"""A small sampling profiler: where the time of a measured run went, at ~1 % overhead, with no second run.

A thread wakes every few milliseconds and records the Python stack of every other thread
(``sys._current_frames``). The report lists, per busy thread, the functions by inclusive share (on the stack)
and by own share (the frame that was running), and the heaviest call paths. cProfile would cost a second run
at 2–3× the time; on a figure that already takes minutes that alone breaks the suite's 10-minute budget.

As a wrapper for child processes: ``python -m bench.sampler OUT.txt -m rmdesk --db … demo …`` runs the module
like ``python -m`` would and writes the report to OUT.txt when it exits.
"""

from __future__ import annotations

import atexit
import os
import runpy
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from types import FrameType, TracebackType

ROOT = str(Path(__file__).resolve().parent.parent)
#: frames of the harness itself (always on the stack, they say nothing about the product)
HARNESS_FRAMES = ("(bench/", "(<frozen runpy>", "(run.py:")
IDLE_LEAVES = ("wait (threading.py", "_wait_for_tstate_lock", "select (selectors.py", "get (queue.py")


def _label(frame: FrameType) -> str:
    code = frame.f_code
    name = code.co_filename
    if "site-packages/" in name:
        name = name.split("site-packages/", 1)[1]
    elif name.startswith(ROOT):
        name = name[len(ROOT) + 1 :]
    else:
        name = os.path.basename(name)
    return f"{code.co_name} ({name}:{code.co_firstlineno})"


class Sampler:
    """Context manager: samples every thread's stack every ``interval`` seconds while active."""

    def __init__(self, interval: float = 0.005) -> None:
        self.interval = interval
        self.samples: Counter[tuple[str, tuple[str, ...]]] = Counter()
        self.total = 0
        self.started = 0.0
        self.seconds = 0.0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Sampler:
        self.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    def start(self) -> None:
        self.started = time.perf_counter()
        self._thread = threading.Thread(target=self._run, name="bench-sampler", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self.seconds = time.perf_counter() - self.started

    def _run(self) -> None:
        me = threading.get_ident()
        names = {t.ident: t.name for t in threading.enumerate()}
        while not self._stop.wait(self.interval):
            self.total += 1
            for ident, frame in sys._current_frames().items():
                if ident == me:
                    continue
                stack: list[str] = []
                f: FrameType | None = frame
                while f is not None:
                    stack.append(_label(f))
                    f = f.f_back
                if ident not in names:
                    names = {t.ident: t.name for t in threading.enumerate()}
                self.samples[(names.get(ident, str(ident)), tuple(reversed(stack)))] += 1

    def report(self, limit: int = 30) -> str:
        """Per busy thread: functions by inclusive and own share of the samples, and the heaviest paths."""
        if not self.total:
            return "no samples"
        out = [f"sampled every {self.interval * 1000:.0f} ms for {self.seconds:.1f} s ({self.total} samples)"]
        threads: Counter[str] = Counter()
        for (thread, stack), n in self.samples.items():
            if stack and not stack[-1].startswith(IDLE_LEAVES):
                threads[thread] += n
        for thread, busy in threads.most_common():
            if busy < 0.02 * self.total:
                continue
            inclusive: Counter[str] = Counter()
            own: Counter[str] = Counter()
            paths: Counter[tuple[str, ...]] = Counter()
            for (t, stack), n in self.samples.items():
                if t != thread or not stack or stack[-1].startswith(IDLE_LEAVES):
                    continue
                for fn in set(stack):
                    if not any(h in fn for h in HARNESS_FRAMES):
                        inclusive[fn] += n
                own[stack[-1]] += n
                paths[stack[-6:]] += n
            out.append(f"\n==== thread {thread}: busy in {busy / self.total:.0%} of the samples ====")
            out.append("-- inclusive (on the stack) --")
            out += [f"{n / self.total:6.1%}  {fn}" for fn, n in inclusive.most_common(limit)]
            out.append("-- own (running) --")
            out += [f"{n / self.total:6.1%}  {fn}" for fn, n in own.most_common(limit)]
            out.append("-- heaviest call paths (last 6 frames) --")
            for path, n in paths.most_common(8):
                out.append(f"{n / self.total:6.1%}  " + " → ".join(path))
        return "\n".join(out)


def main(argv: list[str]) -> None:
    """``python -m bench.sampler OUT.txt -m MODULE ARGS…``: run MODULE sampled, write the report at exit."""
    out, flag, module, *rest = argv
    if flag != "-m":
        raise SystemExit("usage: python -m bench.sampler OUT.txt -m MODULE [ARGS…]")
    sampler = Sampler()
    sampler.start()

    def write() -> None:
        sampler.stop()
        Path(out).write_text(sampler.report(), encoding="utf-8")

    atexit.register(write)
    sys.argv = [module, *rest]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
