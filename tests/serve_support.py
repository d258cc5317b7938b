"""A real ``spr-graph serve`` for the serve tests and benchmark, and a raw HTTP client.

:func:`running_serve` starts the command in a process of its own (``hostile_support.spawn``:
killed and reaped however the test ends), reads its standard error as it goes (so a
chatty server never blocks on a full pipe, and the test can see what it printed) and
waits, bounded, until it answers. :func:`exchange` sends bytes exactly as given (any
Host header, a 4 MB request line) and reads the answer; a reset connection raises.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO

import httpx
from hostile_support import Spawned, spawn

#: How long a server may take to start on a busy machine before the test fails.
START_SECONDS = 120.0


def ipv6_loopback() -> bool:
    """Whether this machine can listen on ::1."""
    try:
        with socket.socket(socket.AF_INET6) as sock:
            sock.bind(("::1", 0))
        return True
    except OSError:
        return False


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


@dataclass
class Served:
    """A running ``spr-graph serve``: its address and what it printed so far."""

    spawned: Spawned
    host: str
    port: int
    stderr: list[str] = field(default_factory=list)
    reader: threading.Thread | None = None

    @property
    def base(self) -> str:
        return f"http://{f'[{self.host}]' if ':' in self.host else self.host}:{self.port}"

    @property
    def authority(self) -> str:
        return self.base.removeprefix("http://")

    def stop(self, timeout: float = 30.0) -> str:
        """Stop the server (SIGTERM) and return all it printed on standard error."""
        self.spawned.process.terminate()
        try:
            self.spawned.process.wait(timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"serve still running {timeout} s after SIGTERM") from None
        if self.reader is not None:
            self.reader.join(timeout)
        return "".join(self.stderr)


def _drain(stream: IO[str], into: list[str]) -> None:
    with contextlib.suppress(ValueError, OSError):
        for line in stream:
            into.append(line)


@contextlib.contextmanager
def running_serve(args: Sequence[str] = (), host: str = "127.0.0.1") -> Iterator[Served]:
    """``spr-graph serve --host HOST --port FREE ARGS``, answering when yielded."""
    port = free_port(host)
    with spawn(["serve", "--host", host, "--port", str(port), *args]) as spawned:
        served = Served(spawned, host, port)
        assert spawned.process.stderr is not None
        served.reader = threading.Thread(target=_drain, daemon=True,
                                         args=(spawned.process.stderr, served.stderr))
        served.reader.start()
        _wait_until_answering(served)
        yield served


def _wait_until_answering(served: Served) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if served.spawned.process.poll() is not None:
            raise AssertionError(f"serve exited: {''.join(served.stderr)!r}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(served.base + "/queries", timeout=5,
                         trust_env=False).status_code == 200:
                return
        time.sleep(0.1)
    raise AssertionError(f"serve did not answer within {START_SECONDS} s")


@dataclass
class Answer:
    """An HTTP answer read off the socket: status, headers (lower-case names), body."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def exchange(host: str, port: int, data: bytes, timeout: float = 120.0) -> Answer:
    """Send ``data`` as it is and read one answer; ConnectionResetError on a reset."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as sock:
        sock.settimeout(timeout)
        sock.connect((host, port))
        sock.sendall(data)
        buffer = b""
        while b"\r\n\r\n" not in buffer:
            chunk = sock.recv(65536)
            if not chunk:
                raise AssertionError(f"the server closed without an answer: {buffer[:200]!r}")
            buffer += chunk
        head, _, body = buffer.partition(b"\r\n\r\n")
        status_line, *lines = head.decode("latin-1").split("\r\n")
        headers = {name.strip().lower(): value.strip()
                   for name, _, value in (line.partition(":") for line in lines)}
        length = int(headers.get("content-length", "-1"))
        while length < 0 or len(body) < length:
            chunk = sock.recv(65536)
            if not chunk:
                break
            body += chunk
    assert length < 0 or len(body) == length, (length, body[:200])
    return Answer(int(status_line.split()[1]), headers, body)


def http_request(method: str, target: str, headers: Sequence[tuple[str, str]],
                 body: bytes = b"") -> bytes:
    """The bytes of an HTTP/1.1 request; a Content-Length is added when there is a body."""
    lines = [f"{method} {target} HTTP/1.1", *(f"{k}: {v}" for k, v in headers)]
    if body and not any(k.lower() in ("content-length", "transfer-encoding")
                        for k, _ in headers):
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8") + body
