"""Real servers for the SPARQL tests: our endpoint under uvicorn, an Oxigraph server, a
canary that records every connection, and small servers that misbehave on purpose.

All bind 127.0.0.1 on a free port and are stopped by the test that started them.
"""

from __future__ import annotations

import contextlib
import http.server
import os
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
#: A runaway SELECT whose ORDER BY must hold every row: memory grows ~150 MB/s.
GREEDY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } ORDER BY ?l"
#: A cross product of CROSS_TRIPLES triples with themselves: about a second of Oxigraph
#: (9M rows), ten times a 0.1 s limit, yet short enough to leave running in a thread
#: when a one-shot runner stops waiting for it (RUNAWAY would run for hours).
CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"
CROSS_TRIPLES = 3000

#: SERVICE in every form the grammar allows, as a group graph pattern aimed at ``@URL@``
#: (the canary's URL; ``canary:`` is a prefix for its origin, where one is declared).
SERVICE_PATTERNS = {
    "plain": "SERVICE <@URL@> { ?s ?p ?o }",
    "silent": "SERVICE SILENT <@URL@> { ?s ?p ?o }",
    "variable": "BIND(<@URL@> AS ?e) SERVICE ?e { ?s ?p ?o }",
    "variable-unspaced": "BIND(<@URL@> AS ?e) SERVICE?e { ?s ?p ?o }",
    "nested": "{ { SERVICE <@URL@> { SERVICE <@URL@> { ?s ?p ?o } } } }",
    "exists": "FILTER EXISTS { SERVICE <@URL@> { ?s ?p ?o } }",
    "not-exists": "FILTER NOT EXISTS { SERVICE <@URL@> { ?s ?p ?o } }",
    "subquery": "{ SELECT ?s WHERE { SERVICE <@URL@> { ?s ?p ?o } } }",
    "optional": "OPTIONAL { SERVICE <@URL@> { ?s ?p ?o } }",
    "union": "{ ?s ?p ?o } UNION { SERVICE <@URL@> { ?s ?p ?o } }",
    "minus": "?s ?p ?o MINUS { SERVICE <@URL@> { ?s ?p ?o } }",
    "lower-case": "service <@URL@> { ?s ?p ?o }",
    "escaped": "\\\\u0053ERVICE <@URL@> { ?s ?p ?o }",  # in Turtle: \u0053ERVICE
    "prefixed": "SERVICE canary:sparql { ?s ?p ?o }",  # the IRI made by sh:declare
}


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


class AuditLog:
    """What a ``sys.addaudithook`` hook saw in this process: every socket connection,
    and every file opened under a watched folder. Installed once (audit hooks cannot be
    removed); :func:`audit_log` gives the shared instance."""

    def __init__(self) -> None:
        self.connects: list[Any] = []
        self.opened: list[str] = []
        self.watched: tuple[str, ...] = ()

    def hook(self, event: str, args: tuple[Any, ...]) -> None:
        if event == "socket.connect":
            self.connects.append(args[1] if len(args) > 1 else args)
        elif event == "open" and args and isinstance(args[0], str | bytes) and self.watched:
            path = os.fsdecode(args[0])
            if path.startswith(self.watched):
                self.opened.append(path)

    def start(self, *watched: Path) -> AuditLog:
        """Forget what was seen; from now on also record opens under ``watched``."""
        self.connects.clear()
        self.opened.clear()
        self.watched = tuple(str(p) for p in watched)
        return self

    def connects_to(self, port: int) -> list[Any]:
        return [a for a in self.connects if isinstance(a, tuple) and len(a) >= 2
                and a[1] == port]


_AUDIT: list[AuditLog] = []


def audit_log() -> AuditLog:
    """The process's :class:`AuditLog`, its hook installed on first use."""
    if not _AUDIT:
        _AUDIT.append(AuditLog())
        sys.addaudithook(_AUDIT[0].hook)
    return _AUDIT[0]


#: Installed as ``sitecustomize`` in the Python processes a test starts (see
#: :func:`audited_env`): the same hook, writing to a log file. The log is opened before
#: the hook is added and written with ``os.write``, which is not audited.
_SITECUSTOMIZE = '''
import os, sys
_fd = os.open(os.environ["SPR_TEST_AUDIT_LOG"], os.O_WRONLY | os.O_APPEND | os.O_CREAT)
_watched = tuple(p for p in os.environ.get("SPR_TEST_AUDIT_WATCH", "").split(os.pathsep) if p)

def _hook(event, args):
    if event == "socket.connect":
        os.write(_fd, f"connect {args[1]!r}\\n".encode())
    elif event == "open" and _watched and args and isinstance(args[0], (str, bytes)):
        path = os.fsdecode(args[0])
        if path.startswith(_watched):
            os.write(_fd, f"open {path}\\n".encode())

sys.addaudithook(_hook)
'''


def audited_env(folder: Path, *watched: Path) -> tuple[dict[str, str], Path]:
    """Environment under which every Python process started (a build's SHACL worker
    too) records its connections and opens under ``watched`` to a log; returns the
    variables to add and the log's path. Works through a ``sitecustomize`` module on
    ``PYTHONPATH``, so it needs no cooperation from the code under test."""
    site = folder / "audit-site"
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(_SITECUSTOMIZE, encoding="utf-8")
    log = folder / "audit.log"
    log.touch()
    path = os.pathsep.join(p for p in (str(site), os.environ.get("PYTHONPATH", "")) if p)
    return {"PYTHONPATH": path, "SPR_TEST_AUDIT_LOG": str(log),
            "SPR_TEST_AUDIT_WATCH": os.pathsep.join(str(p) for p in watched)}, log
