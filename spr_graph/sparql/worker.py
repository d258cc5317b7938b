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

Memory is capped the same two ways (``max_memory``, bytes): while it waits, the caller
looks every :data:`POLL` seconds at how far the resident memory of the process running
the query has grown since the query began, and stops the query (killing the child, or
giving up on the thread) once it has grown by more than the cap. A runaway query grows
by about 150 MB/s, so it stops within a few MB of the cap, long before the machine
swaps. The resident size is read from ``/proc`` (Linux); where there is none, only the
time limit applies.
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

from spr_graph.core.errors import QueryError, QueryMemoryError, QueryTimeout, SprGraphError

T = TypeVar("T")

#: Seconds between two looks at a running query's memory.
POLL = 0.05
#: The default memory cap of one query, in MiB (``--max-memory``).
DEFAULT_MAX_MEMORY_MB = 2048
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096

#: Held from creating a pipe until the parent closes its write end, so that a child
#: forked meanwhile by another thread never holds a copy (the reader would miss EOF).
_FORK_LOCK = threading.Lock()


def _timeout_error(timeout: float) -> QueryTimeout:
    return QueryTimeout(f"the query was stopped after {timeout:g} s (--timeout); no "
                        "results were written", hint="narrow the query, add a LIMIT or "
                        "raise --timeout")


def resident_bytes(pid: int | str = "self") -> int | None:
    """The resident memory of process ``pid`` (None where ``/proc`` cannot tell)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as statm:
            return int(statm.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None


class _MemoryWatch:
    """How far a process's resident memory has grown since a query began, and the cap."""

    def __init__(self, pid: int | str, max_memory: int | None) -> None:
        self.pid = pid
        self.cap = max_memory
        self.baseline = resident_bytes() if max_memory else None

    def check(self) -> None:
        """Raise :class:`QueryMemoryError` once the growth exceeds the cap."""
        if self.cap is None or self.baseline is None:
            return
        now = resident_bytes(self.pid)
        if now is not None and now - self.baseline > self.cap:
            raise QueryMemoryError(
                f"the query used more than {self.cap >> 20} MB of memory and was stopped; "
                "no results were written",
                hint="narrow the query, add a LIMIT or raise --max-memory")


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


def _read_all(fd: int, deadline: float, timeout: float, watch: _MemoryWatch) -> bytes:
    chunks: list[bytes] = []
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _timeout_error(timeout)
        ready, _, _ = select.select([fd], [], [], min(remaining, POLL))
        if not ready:
            watch.check()
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


def call_in_thread(func: Callable[[], T], timeout: float, max_memory: int | None = None) -> T:
    """``func()`` run in a daemon thread, waited for ``timeout`` seconds at most, while
    this process grows by at most ``max_memory`` bytes.

    Raises :class:`QueryTimeout` at the deadline (:class:`QueryMemoryError` over the
    cap) and leaves ``func`` running: only for a process that ends soon after (it ends
    the evaluation too).

    Examples
    --------
    >>> call_in_thread(lambda: 6 * 7, timeout=5.0)
    42
    """
    box: dict[str, object] = {}
    watch = _MemoryWatch("self", max_memory)
    deadline = time.monotonic() + timeout

    def target() -> None:
        try:
            box["value"] = func()
        except BaseException as exc:
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True, name="spr-graph-query")
    thread.start()
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _timeout_error(timeout)
        thread.join(min(remaining, POLL))
        if not thread.is_alive():
            break
        watch.check()
    if "error" in box:
        error = box["error"]
        if isinstance(error, SprGraphError):
            raise error
        raise QueryError(f"the query failed: {error}")
    return box["value"]  # type: ignore[return-value]


def call(func: Callable[[], T], timeout: float, max_memory: int | None = None) -> T:
    """``func()`` run in a killable child process, stopped after ``timeout`` seconds or
    once it has grown by more than ``max_memory`` bytes.

    ``func``'s result must pickle. Raises :class:`QueryTimeout` at the deadline,
    :class:`QueryMemoryError` over the cap, and the error ``func`` raised otherwise
    (engine errors become :class:`QueryError`).
    """
    if not hasattr(os, "fork"):  # pragma: no cover - Windows
        return call_in_thread(func, timeout, max_memory)
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
    # The child starts with the parent's resident pages: growth is counted from here.
    watch = _MemoryWatch(pid, max_memory)
    status = 0
    try:
        data = _read_all(read_end, deadline, timeout, watch)
    finally:
        os.close(read_end)
        with contextlib.suppress(ProcessLookupError):  # already gone
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    return _unpack(data, status)  # type: ignore[return-value]
