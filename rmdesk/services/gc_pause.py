"""Pausing Python's cyclic garbage collector around bulk work that builds ~10⁶ short-lived objects."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """No cyclic garbage collection inside (then as before; also when the caller had paused it).

    An import reads and builds hundreds of thousands of tuples, lists and cells, nearly none of them in a
    reference cycle: each batch that survives makes the collector walk the whole heap again (about a tenth of a
    second per step) and frees next to nothing. Memory is unaffected: reference counting still frees every one;
    whatever cyclic garbage there is goes at the next collection after. Process-wide, so kept short.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
