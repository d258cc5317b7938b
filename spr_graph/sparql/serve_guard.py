"""What ``serve`` checks before a request reaches a route, as an ASGI wrapper.

- **Size**: a request target (path and query string) over :data:`MAX_TARGET_BYTES` gets
  414 (send long queries with POST), request headers over :data:`MAX_HEAD_BYTES` 431.
- **Host** (DNS rebinding): the Host header must be one valid ``host[:port]`` whose host
  is an allowed name or address; IPv6 literals are written in brackets (``[::1]:8787``)
  and compared as addresses. Otherwise 400.
- **Cross-site requests**: a page in the user's browser must not query the graph. A
  request whose ``Origin`` is not the server's own origin (scheme, host and port it is
  reached at), or whose ``Sec-Fetch-Site`` is ``cross-site``, ``same-site`` or unknown,
  gets 403. Following a link to the query page itself (a navigation to ``/``) is allowed:
  the page runs queries from its own origin.

Every answer, a refusal or not, carries :data:`SECURITY_HEADERS`; a refusal is one line
of plain text.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any

from spr_graph.core.errors import InputError

SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
                    "Cache-Control": "no-store", "X-Frame-Options": "DENY"}
MAX_TARGET_BYTES = 64 * 1024
MAX_HEAD_BYTES = 128 * 1024
LINE_TOO_LONG = (f"the request line is longer than {MAX_TARGET_BYTES} bytes: send long "
                 "queries with POST (Content-Type: application/sparql-query)")
HEAD_TOO_LARGE = f"the request headers are larger than {MAX_HEAD_BYTES} bytes"
DEFAULT_PORTS = {"http": 80, "https": 443}
#: Fetch metadata values of a request this server's own page makes, or the user types.
OWN_FETCH_SITES = frozenset({b"same-origin", b"none"})
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_NAME = re.compile(rf"{_LABEL}(?:\.{_LABEL})*")
_PORT = re.compile(r"[0-9]{0,5}")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
Authority = tuple[str, "int | None"]


def _host(text: str) -> str | None:
    """A host name (lower case), an IPv4 address or a bracketed IPv6 address (normalised,
    without its brackets); None when ``text`` is none of these."""
    if text.startswith("[") and text.endswith("]"):
        try:
            return ipaddress.IPv6Address(text[1:-1]).compressed
        except ValueError:
            return None
    try:
        return str(ipaddress.IPv4Address(text))
    except ValueError:
        return text.lower() if _NAME.fullmatch(text) else None


def split_authority(text: str) -> Authority | None:
    """``(host, port)`` of a Host header or an origin's ``host[:port]``; the port is None
    when absent. None when malformed: an IPv6 literal must be in brackets.

    Examples
    --------
    >>> split_authority("Graph.Example:8787"), split_authority("[::1]:8787")
    (('graph.example', 8787), ('::1', 8787))
    >>> split_authority("::1") is None, split_authority("localhost:99999") is None
    (True, True)
    """
    end = text.find("]") + 1 if text.startswith("[") else len(text.partition(":")[0])
    host, rest = _host(text[:end]), text[end:]
    if host is None or (rest and rest[0] != ":") or not _PORT.fullmatch(rest[1:]):
        return None
    if len(rest) <= 1:
        return host, None
    port = int(rest[1:])
    return (host, port) if 0 < port < 65536 else None


def allowed_host(name: str) -> str:
    """``name`` (a host name, an IP address, an IPv6 address with or without brackets) as
    the Host check compares it; InputError when it is none of these.

    Examples
    --------
    >>> allowed_host("Graph.Example"), allowed_host("0:0:0:0:0:0:0:1"), allowed_host("[::1]")
    ('graph.example', '::1', '::1')
    """
    host = _host(f"[{name}]" if ":" in name and not name.startswith("[") else name)
    if host is None:
        raise InputError(f"'{name}' is not a host name or an IP address",
                         hint="give a name such as graph.example or an address such as ::1")
    return host


_SECURITY = [(k.lower().encode("ascii"), v.encode("ascii")) for k, v in SECURITY_HEADERS.items()]


def refusal(status: int, message: str) -> tuple[list[tuple[bytes, bytes]], bytes]:
    """The headers and body of a one-line plain-text refusal.

    Examples
    --------
    >>> headers, body = refusal(400, "the Host header names no allowed host")
    >>> body, dict(headers)[b"content-type"], dict(headers)[b"content-length"]
    (b'the Host header names no allowed host\\n', b'text/plain; charset=utf-8', b'38')
    """
    body = (message + "\n").encode("utf-8")
    return [(b"content-type", b"text/plain; charset=utf-8"),
            (b"content-length", str(len(body)).encode("ascii")), *_SECURITY], body


def _values(scope: Scope, name: bytes) -> list[str]:
    return [value.decode("latin-1") for key, value in scope["headers"] if key == name]


class Guard:
    """The checks above, in front of ``app``; ``allowed_hosts`` as :func:`allowed_host`
    reads them."""

    def __init__(self, app: ASGIApp, allowed_hosts: Iterable[str]) -> None:
        self.app = app
        self.hosts = frozenset(allowed_host(name) for name in allowed_hosts)
        self.named = ", ".join(sorted(self.hosts))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":  # no route speaks it: refuse before any check
            await send({"type": "websocket.close", "code": 1008})
            return
        if scope["type"] != "http":  # lifespan
            await self.app(scope, receive, send)
            return
        problem = self.check(scope)
        if problem is not None:
            headers, body = refusal(*problem)
            await send({"type": "http.response.start", "status": problem[0],
                        "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in _SECURITY}
                message["headers"] = [*(h for h in message.get("headers", [])
                                        if h[0].lower() not in names), *_SECURITY]
            await send(message)

        await self.app(scope, receive, secured)

    def check(self, scope: Scope) -> tuple[int, str] | None:
        """The status and message refusing this request, or None to let it through."""
        if len(scope.get("raw_path", b"")) + len(scope.get("query_string", b"")) \
                > MAX_TARGET_BYTES:
            return 414, LINE_TOO_LONG
        if sum(len(k) + len(v) + 4 for k, v in scope["headers"]) > MAX_HEAD_BYTES:
            return 431, HEAD_TOO_LARGE
        hosts = _values(scope, b"host")
        host = split_authority(hosts[0]) if len(hosts) == 1 else None
        if host is None:
            return 400, "give exactly one valid Host header (host or host:port)"
        if host[0] not in self.hosts:
            return 400, ("the Host header names another server (DNS rebinding?); this one "
                         f"answers to {self.named} (add names with serve --allow-host)")
        if cross_site(scope, host):
            return 403, ("cross-site requests are refused: query this graph from the page "
                         "this server serves, or from a program")
        return None


def _is_page_navigation(scope: Scope) -> bool:
    """A browser following a link to the query page (which runs no query itself)."""
    modes = _values(scope, b"sec-fetch-mode")
    return scope["method"] in ("GET", "HEAD") and scope["path"] == "/" \
        and modes == ["navigate"]


def cross_site(scope: Scope, host: Authority) -> bool:
    """Whether the request comes from a page of another origin (see the module).

    Examples
    --------
    >>> def scope(*headers):
    ...     return {"scheme": "http", "method": "GET", "path": "/sparql", "headers": headers}
    >>> cross_site(scope((b"origin", b"http://localhost:8787")), ("localhost", 8787))
    False
    >>> cross_site(scope((b"origin", b"https://attacker.example")), ("localhost", 8787))
    True
    >>> cross_site(scope(), ("localhost", 8787))  # curl, SPARQLWrapper: no Origin
    False
    """
    scheme = str(scope.get("scheme", "http"))
    origins = _values(scope, b"origin")
    if origins:
        own = (scheme, host[0], host[1] or DEFAULT_PORTS.get(scheme))
        origin_scheme, sep, authority = origins[0].partition("://")
        theirs = split_authority(authority) if sep else None
        if len(origins) > 1 or theirs is None or (
                origin_scheme.lower(), theirs[0],
                theirs[1] or DEFAULT_PORTS.get(origin_scheme.lower())) != own:
            return True
    sites = [value for key, value in scope["headers"] if key == b"sec-fetch-site"]
    if not sites or (len(sites) == 1 and sites[0].lower() in OWN_FETCH_SITES):
        return False
    return not (_is_page_navigation(scope) and not origins)
