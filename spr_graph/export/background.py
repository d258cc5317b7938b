"""The slow, independent part of a build, in a second process: validation (SHACL) and the
ontology documentation (pyLODE).

The worker loads the same files itself (spawned, not forked: the parent holds an
Oxigraph store), so nothing large crosses the process boundary but the report and the
page. When no process can be started, or the worker dies, the work is done in the
calling process instead; a build that fails or is interrupted ends the worker rather
than waiting for it.
"""

from __future__ import annotations

from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..load import Loaded
    from ..validate import Report


def _checked(loaded: Loaded) -> tuple[Report, bytes]:
    """The validation report and the ontology page: the slow, independent work."""
    from ..validate import validate
    from .formats import canonical_quads
    from .ontodoc import ontology_html

    report = validate(loaded)
    return report, ontology_html(canonical_quads(loaded.store).quads)


def _checked_files(paths: list[str]) -> tuple[Report, bytes]:
    """:func:`_checked` in a worker process (module level, so it can be pickled)."""
    from ..load import load

    return _checked(load(paths))


class Background:
    """Validation and the ontology page, made in a second process while the build goes
    on (here instead when no process can be started)."""

    def __init__(self, loaded: Loaded, paths: list[str], enabled: bool) -> None:
        self.loaded = loaded
        self.future: Future[tuple[Report, bytes]] | None = None
        self.executor: Any = None
        if enabled:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            try:
                self.executor = ProcessPoolExecutor(
                    1, mp_context=multiprocessing.get_context("spawn"))
                self.future = self.executor.submit(_checked_files, paths)
            except OSError:
                self.close()

    def result(self) -> tuple[Report, bytes]:
        from concurrent.futures.process import BrokenProcessPool

        if self.future is not None:
            try:
                return self.future.result()
            except BrokenProcessPool:
                pass
        return _checked(self.loaded)

    def close(self) -> None:
        """Stop the worker: wait when it has finished, end it when the build was cut short."""
        if self.executor is None:
            return
        finished = self.future is None or self.future.done()
        if not finished:  # the build failed or was interrupted: do not wait for SHACL
            for process in list(getattr(self.executor, "_processes", {}).values()):
                process.terminate()
        self.executor.shutdown(wait=finished, cancel_futures=True)
        self.executor = None
        self.future = None
