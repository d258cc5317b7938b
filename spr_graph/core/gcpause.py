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
def paused_gc(freeze: bool = False) -> Iterator[None]:
    """No cyclic garbage collection in the block (nested blocks are fine). ``freeze``:
    then move every object alive into the collector's permanent generation
    (``gc.freeze``), for what lives as long as the process's graph: later collections
    skip it, and it is still freed when nothing refers to it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()
