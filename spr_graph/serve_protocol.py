"""The HTTP server under ``serve``: uvicorn's HTTP/1.1 protocol (h11), refusing an
over-long request head with an answer rather than a reset.

h11 keeps an unfinished request head up to a size limit, then raises; uvicorn answers
400 and closes the socket at once, while the client is still sending. Closing a socket
with unread data makes the kernel reset the connection, so the client (a 1 MB GET) saw
"connection reset" and never the answer. Here the answer says what was too long (414 the
request line, 431 the header fields; 400 for anything else h11 cannot read), carries the
usual security headers, the write side is shut after it, and whatever the client still
sends is read and dropped for up to :data:`LINGER_SECONDS` (a "lingering close", as
nginx and Apache do), so the client reads the answer.
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import STATUS_PHRASES, H11Protocol

from .serve_guard import HEAD_TOO_LARGE, LINE_TOO_LONG, MAX_HEAD_BYTES, refusal

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


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with the refusals above and a lingering close."""

    def __init__(self, config: uvicorn.Config, server_state: Any, app_state: dict[str, Any],
                 _loop: asyncio.AbstractEventLoop | None = None) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self.conn = _Connection(config.h11_max_incomplete_event_size or MAX_HEAD_BYTES)
        self.draining = False

    def data_received(self, data: bytes) -> None:
        if not self.draining:  # once refused, what the client still sends is dropped
            super().data_received(data)

    def send_400_response(self, msg: str) -> None:
        """Called by uvicorn for every request h11 cannot read; ``msg`` is uvicorn's."""
        conn = self.conn
        assert isinstance(conn, _Connection)
        status, message = conn.refusal()
        headers, body = refusal(status, message)
        events = (h11.Response(status_code=status, reason=STATUS_PHRASES[status],
                               headers=[*headers, (b"connection", b"close")]),
                  h11.Data(data=body), h11.EndOfMessage())
        try:
            for event in events:
                self.transport.write(conn.send(event) or b"")
        except h11.LocalProtocolError:  # a response was already under way: just close
            self.transport.close()
            return
        self.draining = True
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self.loop.call_later(LINGER_SECONDS, self.transport.close)


def make_server(app: Any) -> uvicorn.Server:
    """A uvicorn server for ``app`` with the protocol above, no WebSocket, quiet logs;
    run it with ``server.run(sockets=[...])``."""
    return uvicorn.Server(uvicorn.Config(
        app, http=GuardedH11Protocol, ws="none", h11_max_incomplete_event_size=MAX_HEAD_BYTES,
        log_level="warning", server_header=False, date_header=False))

