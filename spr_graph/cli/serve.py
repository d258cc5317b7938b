"""``spr-graph serve``: a read-only SPARQL endpoint and an offline query page."""

from __future__ import annotations

import socket
from pathlib import Path

import click

from spr_graph.cli import echo
from spr_graph.cli._options import MAX_ROWS, SECONDS, memory_option, source_options

LOOPBACK = ("127.0.0.1", "localhost", "::1")
#: Addresses that mean every interface, and the loopback address to print for each.
WILDCARDS = {"0.0.0.0": "127.0.0.1", "::": "::1"}


def _listen(host: str, port: int) -> socket.socket:
    """The listening socket; InputError when the address cannot be used."""
    from spr_graph.core.errors import InputError

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise InputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}",
                         hint="choose another --port, or stop what uses it") from None
    sock.set_inheritable(True)
    return sock


@click.command()
@source_options
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (the default accepts this machine only).")
@click.option("--port", type=click.IntRange(0, 65535), default=8787, show_default=True)
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="Also accept requests whose Host header is NAME (repeatable).")
@click.option("--timeout", type=SECONDS, default=30.0,
              show_default=True, help="Stop each query after this many seconds.")
@click.option("--limit", type=click.IntRange(min=1, max=MAX_ROWS), default=10_000,
              show_default=True,
              help="Return at most N rows or triples per query.")
@memory_option
@click.pass_context
def serve(ctx: click.Context, data: tuple[Path, ...], db: Path | None, endpoint: str | None,
          host: str, port: int, allow_hosts: tuple[str, ...], timeout: float,
          limit: int, max_memory: int | None) -> None:
    """Serve the graph read-only: SPARQL 1.1 Protocol at /sparql, a query page at /.

    Updates, SERVICE and FROM outside the dataset are refused, each query is stopped
    at --timeout or --max-memory, and requests whose Host header is not this machine's
    (or an --allow-host name), requests from other sites' pages and over-long requests
    are refused. Listens on 127.0.0.1 unless told otherwise.

    Example: spr-graph serve --db graph.db --port 8787
    """
    from spr_graph.sparql.engine import open_runner
    from spr_graph.sparql.serve import create_app
    from spr_graph.sparql.serve_protocol import make_server

    host = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    runner = open_runner(list(data) or None, db, endpoint, timeout,
                 max_memory=max_memory)
    hosts = [*LOOPBACK, *([host] if host not in WILDCARDS else []), *allow_hosts]
    app = create_app(runner, timeout=timeout, limit=limit, allowed_hosts=hosts)
    sock = _listen(host, port)
    if host not in LOOPBACK:
        echo(f"spr-graph: warning: listening on {host}: other machines can query this graph",
             err=True)
    echo(f"Serving {runner.description} read-only at {url(host, sock)} (Ctrl+C to stop)",
         err=True)
    make_server(app).run(sockets=[sock])


def url(host: str, sock: socket.socket) -> str:
    """The address to print: a wildcard address as this machine's loopback (the Host
    check accepts it), an IPv6 address in brackets."""
    shown = WILDCARDS.get(host, host)
    return f"http://{f'[{shown}]' if ':' in shown else shown}:{sock.getsockname()[1]}/"
