"""The HTTP server under ``serve``: uvicorn's HTTP/1.1 protocol (h11), answering requests
it refuses rather than resetting them.

h11 keeps an unfinished request head up to a size limit, then raises; uvicorn answers
400 and closes the socket at once, while the client is still sending. It closes the
same way after answering a request whose body it did not read (413 for a 50 MB POST
from a client that asked for ``Connection: close``, as ``urllib`` and SPARQLWrapper do).
Closing a socket with unread data makes the kernel reset the connection, so the client
saw "connection reset" and never the answer. Here:

- an unreadable head gets an answer that says what was too long (414 the request line,
  431 the header fields; 400 anything else h11 cannot read), one plain line with the
  usual security headers;
- whenever the server closes a connection on which the client may still be sending, it
  shuts its write side after the answer and reads and drops what still comes for up to
  :data:`LINGER_SECONDS` (a "lingering close", as nginx and Apache do), so the client
  reads the answer.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any, cast

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import STATUS_PHRASES, H11Protocol

from spr_graph.sparql.serve_guard import HEAD_TOO_LARGE, LINE_TOO_LONG, MAX_HEAD_BYTES, refusal

#: How long a refused connection may go on sending before it is closed regardless.
LINGER_SECONDS = 10.0


class _Connection(h11.Connection):
    """h11's server side, noting whether the current request line has ended (414 or 431)
    and why the last request was refused."""

    def __init__(self, max_head: int) -> None:
        super().__init__(h11.SERVER, max_incomplete_event_size=max_head)
        self.line_started = self.line_ended = False
        self.refused: h11.RemoteProtocolError | None = None

    def receive_data(self, data: bytes) -> None:
        if self.their_state is h11.IDLE and not self.line_ended:
            rest = data if self.line_started else data.lstrip(b"\r\n")
            self.line_started = self.line_started or bool(rest)
            self.line_ended = b"\n" in rest
        super().receive_data(data)

    def next_event(self) -> Any:
        try:
            return super().next_event()
        except h11.RemoteProtocolError as exc:
            self.refused = exc
            raise

    def start_next_cycle(self) -> None:
        super().start_next_cycle()
        self.line_started = self.line_ended = False

    def refusal(self) -> tuple[int, str]:
        """The status and message for the request h11 refused."""
        if self.refused is not None and self.refused.error_status_hint == 431:
            return (431, HEAD_TOO_LARGE) if self.line_ended else (414, LINE_TOO_LONG)
        return 400, "the request is not valid HTTP/1.1"


class _LingeringTransport:
    """The connection's transport, whose ``close`` lingers while the client may still be
    sending (mid-body, or after a request h11 refused); every other call goes through."""

    def __init__(self, transport: asyncio.Transport, protocol: GuardedH11Protocol) -> None:
        self._transport = transport
        self._protocol = protocol
        self._lingering = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)

    def is_closing(self) -> bool:
        return self._lingering or self._transport.is_closing()

    def close(self) -> None:
        sending = self._protocol.conn.their_state in (h11.SEND_BODY, h11.ERROR)
        if self._lingering or not sending or self._transport.is_closing():
            self._transport.close()
            return
        try:
            if self._transport.can_write_eof():
                self._transport.write_eof()
        except OSError:  # the client is gone already
            self._transport.close()
            return
        self._lingering = self._protocol.draining = True
        self._transport.resume_reading()
        self._protocol.loop.call_later(LINGER_SECONDS, self._transport.close)


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with the refusals above and a lingering close."""

    def __init__(self, config: uvicorn.Config, server_state: Any, app_state: dict[str, Any],
                 _loop: asyncio.AbstractEventLoop | None = None) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self.conn = _Connection(config.h11_max_incomplete_event_size or MAX_HEAD_BYTES)
        self.draining = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        super().connection_made(cast(asyncio.Transport, _LingeringTransport(transport, self)))

    def data_received(self, data: bytes) -> None:
        if not self.draining:  # while lingering, what the client still sends is dropped
            super().data_received(data)

    def shutdown(self) -> None:
        """The server is stopping: a lingering connection closes now."""
        if self.draining:
            self.transport.close()
        else:
            super().shutdown()

    def send_400_response(self, msg: str) -> None:
        """Called by uvicorn for every request h11 cannot read; ``msg`` is uvicorn's."""
        conn = self.conn
        assert isinstance(conn, _Connection)
        status, message = conn.refusal()
        headers, body = refusal(status, message)
        events = (h11.Response(status_code=status, reason=STATUS_PHRASES[status],
                               headers=[*headers, (b"connection", b"close")]),
                  h11.Data(data=body), h11.EndOfMessage())
        with contextlib.suppress(h11.LocalProtocolError):  # an answer was under way
            for event in events:
                self.transport.write(conn.send(event) or b"")
        self.transport.close()


def make_server(app: Any) -> uvicorn.Server:
    """A uvicorn server for ``app`` with the protocol above, no WebSocket, no trust in
    ``X-Forwarded-*`` headers (there is no proxy in front), quiet logs; run it with
    ``server.run(sockets=[...])``."""
    return uvicorn.Server(uvicorn.Config(
        app, http=GuardedH11Protocol, ws="none", h11_max_incomplete_event_size=MAX_HEAD_BYTES,
        proxy_headers=False, log_level="warning", server_header=False, date_header=False))

