"""The cyclic garbage collector paused while a national graph is read or analysed.

Reading the analysis cache makes about a million objects and no cycles, and an analysis
hundreds of thousands of small dictionaries, lists and sets; every full collection
meanwhile walks all of them again (a fifth to a third of a warm ``spof`` or sweep at 1M
quads). Pausing only delays collection: cyclic garbage made meanwhile is collected once
collections resume. Reference counting frees everything else as usual.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused_gc(resume: bool = True) -> Iterator[None]:
    """No cyclic garbage collection in the block (nested blocks are fine).

    With ``resume`` False the collector stays off after the block: only for a process
    that ends with the block (the ``spr-graph`` program's one command). Turned back on,
    its first collection walks every object made in the block (0.27-0.32 s after a
    sweep at 1M quads), just before the process ends.

    Never ``gc.freeze()``: it is process-wide, and a frozen cycle is never collected (a
    projection that a long-running caller lets go, its views referring back to it,
    would stay in memory for good)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled and resume:
            gc.enable()
