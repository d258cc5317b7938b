"""Run a query so that a time limit really stops it.

Neither pyoxigraph nor rdflib can be interrupted: Oxigraph evaluates in Rust and has no
timeout, rdflib holds the interpreter. Two ways keep the time limit anyway:

- :func:`call` (a long-lived process: ``serve``, the library): the query runs in a
  forked child that inherits the loaded store (copy-on-write, no reload) and sends back
  a pickled result through a pipe. At the deadline the child is killed and nothing of
  its work is used: there is no partial output.
- :func:`call_in_thread` (a process that ends after the query: ``spr-graph query``): the
  query runs in a thread of this process, which at the deadline stops waiting for it.
  The evaluation cannot be stopped, so the caller must end the process, which ends the
  evaluation; in exchange there is no fork, no copy-on-write page faults and no pickling
  (0.03-0.23 s per query on a 1M-triple store). pyoxigraph releases the interpreter
  while it evaluates, so the wait and the deadline stay exact.

Where ``os.fork`` does not exist (Windows), :func:`call` runs the query in a thread too:
the time limit still holds for the caller, and a long-lived process keeps the abandoned
evaluation running until it finishes.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import threading
import time
import warnings
from collections.abc import Callable
from typing import TypeVar

from ..errors import QueryError, QueryTimeout, SprGraphError

T = TypeVar("T")

#: Held from creating a pipe until the parent closes its write end, so that a child
#: forked meanwhile by another thread never holds a copy (the reader would miss EOF).
_FORK_LOCK = threading.Lock()


def _timeout_error(timeout: float) -> QueryTimeout:
    return QueryTimeout(f"the query was stopped after {timeout:g} s (--timeout); no "
                        "results were written", hint="narrow the query, add a LIMIT or "
                        "raise --timeout")


def _payload(func: Callable[[], object]) -> bytes:
    try:
        return pickle.dumps(("ok", func()), protocol=pickle.HIGHEST_PROTOCOL)
    except SprGraphError as exc:
        return pickle.dumps(("error", exc))
    except Exception as exc:  # the engines raise SyntaxError, OSError, ValueError...
        return pickle.dumps(("error", QueryError(f"the query failed: {exc}")))


def _child(func: Callable[[], object], read_end: int, write_end: int) -> None:
    """Runs in the forked child; never returns."""
    code = 1
    try:
        os.close(read_end)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        with os.fdopen(write_end, "wb") as out:
            out.write(_payload(func))
        code = 0
    finally:
        os._exit(code)


def _read_all(fd: int, deadline: float, timeout: float) -> bytes:
    chunks: list[bytes] = []
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _timeout_error(timeout)
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            continue
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _unpack(data: bytes, status: int) -> object:
    if not data:
        how = (f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status)
               else f"exit code {os.WEXITSTATUS(status)}")
        raise QueryError(f"the query process ended unexpectedly ({how})",
                         hint="it may have run out of memory; narrow the query")
    kind, value = pickle.loads(data)  # our own child wrote it
    if kind == "error":
        raise value
    return value


def call_in_thread(func: Callable[[], T], timeout: float) -> T:
    """``func()`` run in a daemon thread, waited for ``timeout`` seconds at most.

    Raises :class:`QueryTimeout` at the deadline and leaves ``func`` running: only for
    a process that ends soon after (it ends the evaluation too).
    """
    box: dict[str, object] = {}

    def target() -> None:
        try:
            box["value"] = func()
        except BaseException as exc:
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True, name="spr-graph-query")
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise _timeout_error(timeout)
    if "error" in box:
        error = box["error"]
        if isinstance(error, SprGraphError):
            raise error
        raise QueryError(f"the query failed: {error}")
    return box["value"]  # type: ignore[return-value]


def call(func: Callable[[], T], timeout: float) -> T:
    """``func()`` run in a killable child process, stopped after ``timeout`` seconds.

    ``func``'s result must pickle. Raises :class:`QueryTimeout` at the deadline, and the
    error ``func`` raised otherwise (engine errors become :class:`QueryError`).
    """
    if not hasattr(os, "fork"):  # pragma: no cover - Windows
        return call_in_thread(func, timeout)
    deadline = time.monotonic() + timeout
    with _FORK_LOCK:
        read_end, write_end = os.pipe()
        with warnings.catch_warnings():
            # The child only evaluates the query and writes to the pipe, then _exits.
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:  # pragma: no cover - the child process
            _child(func, read_end, write_end)
        os.close(write_end)
    status = 0
    try:
        data = _read_all(read_end, deadline, timeout)
    finally:
        os.close(read_end)
        with contextlib.suppress(ProcessLookupError):  # already gone
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    return _unpack(data, status)  # type: ignore[return-value]
