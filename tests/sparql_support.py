"""Real servers for the SPARQL tests: our endpoint under uvicorn, an Oxigraph server, a
canary that records every connection, and small servers that misbehave on purpose.

All bind 127.0.0.1 on a free port and are stopped by the test that started them.
"""

from __future__ import annotations

import contextlib
import http.server
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox

#: Who chairs which board: a small ordered answer every store must give alike.
CHAIRS = "SELECT ?chair ?board WHERE { ?chair spr:chairs ?board } ORDER BY ?board"
#: A query that runs for far longer than any test waits (a three-way cross product).
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
#: A cross product of CROSS_TRIPLES triples with themselves: about a second of Oxigraph
#: (9M rows), ten times a 0.1 s limit, yet short enough to leave running in a thread
#: when a one-shot runner stops waiting for it (RUNAWAY would run for hours).
CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"
CROSS_TRIPLES = 3000


def cross_quads() -> list[ox.Quad]:
    """The CROSS_TRIPLES quads CROSS runs on, in one named graph."""
    graph, predicate = ox.NamedNode("urn:x:g"), ox.NamedNode("urn:x:p")
    return [ox.Quad(ox.NamedNode(f"urn:x:s{i}"), predicate, ox.Literal(i), graph)
            for i in range(CROSS_TRIPLES)]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, deadline: float = 20.0) -> None:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")


@contextlib.contextmanager
def uvicorn_server(app: Any) -> Iterator[str]:
    """Serve a Starlette app with uvicorn in a thread; yields its base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def oxigraph_binary() -> str | None:
    """The `oxigraph` server binary of the `oxigraph` PyPI package, if installed."""
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


@contextlib.contextmanager
def oxigraph_server(location: Path, union: bool = True) -> Iterator[str]:
    """A real `oxigraph serve` with a store in ``location``; yields its base URL."""
    binary = oxigraph_binary()
    assert binary, "the oxigraph server binary is missing: pip install oxigraph"
    port = free_port()
    command = [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(command + (["--union-default-graph"] if union else []),
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        base = f"http://127.0.0.1:{port}"
        end = time.monotonic() + 20
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"oxigraph exited: {process.stderr.read()!r}")  # type: ignore[union-attr]
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{base}/query", params={"query": "ASK {}"}, timeout=1,
                             trust_env=False).status_code == 200:
                    break
            if time.monotonic() > end:
                raise RuntimeError("oxigraph did not answer")
            time.sleep(0.05)
        yield base
    finally:
        process.terminate()
        try:
            process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()


class Canary:
    """A listener that records every connection made to it and answers nothing."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = int(self.sock.getsockname()[1])
        self.contacts: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql"

    def _watch(self) -> None:
        # After close() asks it to stop, it still takes every connection already waiting
        # and ends only when none arrives within the accept timeout.
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                if self._stop.is_set():
                    return
                continue
            with conn:
                conn.settimeout(0.5)
                try:
                    self.contacts.append(conn.recv(4096) or b"(connected)")
                except OSError:
                    self.contacts.append(b"(connected)")

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.sock.close()


@contextlib.contextmanager
def canned_server(status: int, body: bytes, content_type: str) -> Iterator[str]:
    """An HTTP server that answers every request with the same status and body."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_PUT = _answer

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@contextlib.contextmanager
def hanging_server() -> Iterator[str]:
    """A socket that accepts connections and never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        sock.settimeout(0.2)
        while not stop.is_set():
            with contextlib.suppress(OSError):
                held.append(sock.accept()[0])

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/sparql"
    finally:
        stop.set()
        thread.join(5)
        for conn in held:
            conn.close()
        sock.close()
