"""Helpers for the file-system hostile suite (``test_hostile_files.py``): a small valid
paper, planted links and pipes, a named pipe fed by a bounded writer thread, and a
reader of a running process's standard error with a deadline.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import queue
import select
import threading
import time
from pathlib import Path
from typing import IO

from hostile_support import Spawned

TESTS = Path(__file__).resolve().parent
#: A small force paper that conforms (its labels are hostile HTML; harmless here).
PAPER = TESTS / "data" / "map" / "hostile.trig"
#: Generous bounds: the machine may be busy.
DEADLINE = 180.0


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def outside(tmp_path: Path) -> Path:
    """A folder beside the one under test, holding ``victim.txt``: nothing may touch it."""
    folder = tmp_path / "outside"
    folder.mkdir(exist_ok=True)
    (folder / "victim.txt").write_text("the user's own file\n", encoding="utf-8")
    return folder


class FedPipe:
    """A named pipe at ``path`` that a thread feeds ``data`` once, then closes.

    The writer never blocks for long: it opens the pipe without blocking (retrying while
    no reader has opened it) and writes as the reader reads, giving up after
    :data:`DEADLINE` seconds or when the ``with`` block ends, so it cannot outlive the
    test. A program that opens the pipe a second time finds no writer and hangs, which
    the test's own timeout reports.
    """

    def __init__(self, path: Path, data: bytes) -> None:
        os.mkfifo(path)
        self.path, self.data = path, data
        self.stop = threading.Event()
        self.opened = 0
        self.thread = threading.Thread(target=self._feed, daemon=True)

    def __enter__(self) -> FedPipe:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(DEADLINE)

    def _open(self) -> int | None:
        end = time.monotonic() + DEADLINE
        while not self.stop.is_set() and time.monotonic() < end:
            try:
                return os.open(self.path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as exc:
                if exc.errno != errno.ENXIO:  # ENXIO: no reader yet
                    return None
            self.stop.wait(0.02)
        return None

    def _feed(self) -> None:
        fd = self._open()
        if fd is None:
            return
        self.opened += 1
        view = memoryview(self.data)
        end = time.monotonic() + DEADLINE
        try:
            while view and not self.stop.is_set() and time.monotonic() < end:
                select.select([], [fd], [], 0.1)
                with contextlib.suppress(BlockingIOError):
                    view = view[os.write(fd, view[:65536]):]
        except BrokenPipeError:
            pass
        finally:
            os.close(fd)


class Lines:
    """The lines a running process writes to a stream, read by a thread."""

    def __init__(self, stream: IO[str]) -> None:
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self.thread.start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            self.lines.put(line)

    def wait_for(self, text: str, running: Spawned, timeout: float = DEADLINE) -> str:
        """The first line holding ``text``; fails after ``timeout`` s or if the process
        ends first."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                if running.process.poll() is not None and self.lines.empty():
                    break
                continue
            self.seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"no line with {text!r} (exit {running.process.poll()}); "
                             f"seen: {self.seen!r}")
