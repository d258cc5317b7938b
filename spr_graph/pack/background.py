"""The slow, independent part of a build, in a second process: validation (SHACL) and the
ontology documentation (pyLODE).

The worker loads the same files itself (spawned, not forked: the parent holds an
Oxigraph store), so nothing large crosses the process boundary but the report and the
page. When no process can be started, or the worker dies, the work is done in the
calling process instead; a build that fails or is interrupted ends the worker rather
than waiting for it.

Shapes files given with the data are checked
(:func:`spr_graph.validation.shapes_check.check_shapes`) before the worker starts, so
unsafe or malformed shapes stop the build before anything is written. The bundled
shapes, part of the package and checked by its tests, skip this early check (it costs a
second of SPARQL parsing); validation checks them regardless.

Ctrl-C reaches the whole process group, the worker included. The worker never sees it:
it is started with SIGINT blocked (a signal mask survives ``exec``) and ignores it, so it
cannot print a ``KeyboardInterrupt`` traceback; the build (here) takes the Ctrl-C, ends
the worker with SIGTERM and reaps it, and waits for the pool's thread, whose late wakeup
at exit otherwise printed a second traceback ("Bad file descriptor").
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spr_graph.store.load import Loaded
    from spr_graph.validation.validate import Validation


def _checked(loaded: Loaded) -> tuple[Validation, bytes]:
    """The validation report and the ontology page: the slow, independent work."""
    from spr_graph.render.ontodoc import ontology_html
    from spr_graph.validation.validate import validate

    report = validate(loaded)
    return report, ontology_html(loaded.store)


def _checked_files(paths: list[str]) -> tuple[Validation, bytes]:
    """:func:`_checked` in a worker process (module level, so it can be pickled)."""
    from spr_graph.store.load import load

    return _checked(load(paths))


#: Seconds to wait for a terminated worker before killing it.
_REAP_SECONDS = 10.0


def _ignore_sigint() -> None:
    """The worker's initializer: Ctrl-C is the parent's to handle (see the module doc)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextlib.contextmanager
def _sigint_held() -> Iterator[None]:
    """SIGINT blocked in this thread while a worker starts, so that the worker is born
    with it blocked; a Ctrl-C meanwhile is delivered (not lost) when the block ends."""
    if threading.current_thread() is not threading.main_thread() \
            or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


class Background:
    """Validation and the ontology page, made in a second process while the build goes
    on (here instead when no process can be started)."""

    def __init__(self, loaded: Loaded, paths: list[str], enabled: bool) -> None:
        from spr_graph.core import resources
        from spr_graph.validation.shapes_check import check_shapes

        if any(path != resources.shapes_file() for path, _ in loaded.shapes):
            check_shapes(loaded.shapes, loaded.store)  # raises before any process or file
        self.loaded = loaded
        self.future: Future[tuple[Validation, bytes]] | None = None
        self.executor: Any = None
        if enabled:
            try:
                self._start(paths)
            except OSError:  # no process can be started here: work in this one
                self.close()
            except BaseException:  # Ctrl-C held back while the worker started
                self.close()
                raise

    def _start(self, paths: list[str]) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from multiprocessing import resource_tracker

        # The resource tracker unblocks SIGINT here after starting itself: start it first.
        resource_tracker.ensure_running()
        self.executor = ProcessPoolExecutor(
            1, mp_context=multiprocessing.get_context("spawn"), initializer=_ignore_sigint)
        with _sigint_held():  # the worker process starts on submit
            self.future = self.executor.submit(_checked_files, paths)

    def result(self) -> tuple[Validation, bytes]:
        from concurrent.futures.process import BrokenProcessPool

        if self.future is not None:
            try:
                return self.future.result()
            except BrokenProcessPool:
                pass
        return _checked(self.loaded)

    def close(self) -> None:
        """Stop the worker: wait when it has finished, end it when the build was cut
        short (a failure or Ctrl-C: SHACL's result is not wanted). Either way the worker
        is reaped and the pool's thread joined before this returns."""
        if self.executor is None:
            return
        if not (self.future is None or self.future.done()):
            processes = list((getattr(self.executor, "_processes", None) or {}).values())
            for process in processes:
                process.terminate()
            for process in processes:
                process.join(_REAP_SECONDS)
                if process.is_alive():
                    process.kill()
                    process.join(_REAP_SECONDS)
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.executor = None
        self.future = None
