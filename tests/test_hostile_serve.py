"""Hostile requests to a real `spr-graph serve`: each refusal is one plain-text line with
the right status and the security headers, never a reset, and the server goes on
answering.

Requests are written byte for byte (:func:`serve_support.exchange`), so any Host header,
a 4 MB request line or a broken request can be sent. ``{own}`` in a case stands for the
server's own ``host:port`` and ``{port}`` for its port.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator

import httpx
import pytest
from click.testing import CliRunner
from hostile_support import assert_one_line_error, invoke
from serve_support import Answer, Served, exchange, http_request, ipv6_loopback, running_serve
from sparql_support import CHAIRS

from spr_graph.cli.serve import url
from spr_graph.sparql.serve import SECURITY_HEADERS

pytestmark = pytest.mark.server

ASK = "/sparql?query=ASK%7B%7D"
Headers = tuple[tuple[str, str], ...]


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    with running_serve() as server:
        yield server


def send(served: Served, method: str, target: str, headers: Headers = (),
         body: bytes = b"", host: str | None = "{own}") -> Answer:
    fill = {"own": served.authority, "port": str(served.port)}
    lines = [(k, v.format(**fill)) for k, v in headers]
    if host is not None:
        lines.insert(0, ("Host", host.format(**fill)))
    return exchange(served.host, served.port, http_request(method, target, lines, body))


def assert_refusal(answer: Answer, status: int, contains: str = "") -> None:
    """The contract of every refusal: status, one line of plain text, security headers."""
    assert answer.status == status, (answer.status, answer.body[:300])
    assert answer.headers.get("content-type") == "text/plain; charset=utf-8", answer.headers
    text = answer.text
    assert text.endswith("\n") and text.count("\n") == 1 and len(text) > 10, text
    assert "Traceback" not in text
    for name, value in SECURITY_HEADERS.items():
        assert answer.headers.get(name.lower()) == value, (name, answer.headers)
    assert contains.lower() in text.lower(), text


ACCEPTED_HOSTS = ["{own}", "127.0.0.1", "127.0.0.1:1", "localhost", "LocalHost:{port}",
                  "localhost:", "[::1]", "[::1]:{port}", "[0:0:0:0:0:0:0:1]:{port}",
                  "[0000::1]"]
REFUSED_HOSTS = [
    "evil.example", "evil.example:{port}", "127.0.0.2", "127.1", "2130706433",
    "0x7f.0.0.1", "127.000.000.001", "localhost.", "localhost.evil.example",
    "evil.example.localhost", "::1", "::1:{port}", "[::1", "::1]", "[::1]x", "[::1]:{port}:1",
    "[::2]", "[::ffff:127.0.0.1]", "[127.0.0.1]", "[localhost]", "127.0.0.1:{port}:1",
    "127.0.0.1:abc", "127.0.0.1:99999", "127.0.0.1:0", "127.0.0.1:-1", "127.0.0.1 :80",
    "user@127.0.0.1", "127.0.0.1/x", "127.0.0.1#", "", " ", "*", "_", "local_host",
    "lоcalhost", "localhost\xff",
    "[fe80::1%25lo]", "127.0.0.1,evil.example", "http://127.0.0.1",
]


@pytest.mark.parametrize("host", ACCEPTED_HOSTS)
def test_hosts_that_name_this_machine_are_accepted(served: Served, host: str) -> None:
    answer = send(served, "GET", ASK, host=host)
    assert answer.status == 200, answer.body


@pytest.mark.parametrize("host", REFUSED_HOSTS)
def test_other_or_malformed_hosts_are_refused(served: Served, host: str) -> None:
    for target in ("/", ASK, "/queries", "/nothing-here"):
        assert_refusal(send(served, "GET", target, host=host), 400, "host")


@pytest.mark.parametrize("request_bytes", [
    b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: 127.0.0.1\r\n\r\n",  # two Host headers
    b"GET / HTTP/1.1\r\n\r\n",  # no Host header at all
    b"GET / HTTP/1.0\r\n\r\n",  # HTTP/1.0 may omit it; refused all the same
    b"GET / HTTP/1.0\r\nHost: evil.example\r\n\r\n",
])
def test_missing_or_repeated_hosts_are_refused(served: Served, request_bytes: bytes) -> None:
    assert_refusal(exchange(served.host, served.port, request_bytes), 400)


SAME_ORIGIN: list[Headers] = [
    (),
    (("Origin", "http://{own}"),),
    (("Origin", "HTTP://{own}"),),
    (("Origin", "http://{own}"), ("Sec-Fetch-Site", "same-origin")),
    (("Sec-Fetch-Site", "same-origin"), ("Sec-Fetch-Mode", "cors")),
    (("Sec-Fetch-Site", "none"), ("Sec-Fetch-Mode", "navigate")),  # typed in the address bar
]
CROSS_SITE: list[Headers] = [
    (("Origin", "http://evil.example"),),
    (("Origin", "https://evil.example:{port}"),),
    (("Origin", "null"),),
    (("Origin", "http://localhost:{port}"),),  # another origin, though this machine
    (("Origin", "http://127.0.0.1:1"),),
    (("Origin", "https://{own}"),),
    (("Origin", "http://{own}/"),),
    (("Origin", "http://{own}, http://evil.example"),),
    (("Origin", "http://{own}"), ("Origin", "http://evil.example")),
    (("Origin", "http://{own}"), ("Sec-Fetch-Site", "cross-site")),
    (("Origin", "file://"),),
    (("Origin", ""),),
    (("Sec-Fetch-Site", "cross-site"),),
    (("Sec-Fetch-Site", "same-site"),),
    (("Sec-Fetch-Site", "Cross-Site"), ("Sec-Fetch-Mode", "no-cors")),
    (("Sec-Fetch-Site", "something-new"),),
    (("Sec-Fetch-Site", "same-origin"), ("Sec-Fetch-Site", "cross-site")),
    (("Sec-Fetch-Site", "cross-site"), ("Sec-Fetch-Mode", "navigate")),  # a link to /sparql
]
FORM = (("Content-Type", "application/x-www-form-urlencoded"),)


@pytest.mark.parametrize("headers", SAME_ORIGIN)
def test_same_origin_and_program_requests_are_answered(served: Served, headers: Headers
                                                       ) -> None:
    assert send(served, "GET", ASK, headers).status == 200
    posted = send(served, "POST", "/sparql", headers + FORM, b"query=ASK%7B%7D")
    assert posted.status == 200, posted.body
    labels = send(served, "POST", "/labels",
                  headers + (("Content-Type", "application/json"),), b"[]")
    assert labels.status == 200, labels.body


@pytest.mark.parametrize("headers", CROSS_SITE)
def test_cross_site_requests_are_refused(served: Served, headers: Headers) -> None:
    for method, target, extra, body in (
            ("GET", ASK, (), b""), ("GET", "/queries/who-chairs", (), b""),
            ("POST", "/sparql", FORM, b"query=ASK%7B%7D"),
            ("POST", "/sparql", (("Content-Type", "text/plain"),), b"query=ASK{}"),
            ("POST", "/labels", (("Content-Type", "application/json"),), b"[]")):
        assert_refusal(send(served, method, target, headers + extra, body), 403, "cross-site")


def test_following_a_link_to_the_page_shows_it(served: Served) -> None:
    link = (("Sec-Fetch-Site", "cross-site"), ("Sec-Fetch-Mode", "navigate"),
            ("Sec-Fetch-Dest", "document"))
    page = send(served, "GET", "/", link)
    assert page.status == 200 and b"<html" in page.body.lower()
    assert page.headers["x-frame-options"] == "DENY"
    assert_refusal(send(served, "GET", "/", link + (("Origin", "http://evil.example"),)),
                   403)
    assert_refusal(send(served, "GET", "/", (("Sec-Fetch-Site", "cross-site"),
                                             ("Sec-Fetch-Mode", "cors"))), 403)


SIZES = [
    # (method, target, headers, body, status, contains)
    ("GET", "/sparql?query=" + "a" * 70_000, (), b"", 414, "POST"),
    ("GET", "/sparql?query=" + "a" * 1_000_000, (), b"", 414, "POST"),
    ("GET", "/sparql?query=" + "a" * 4_000_000, (), b"", 414, "POST"),
    ("GET", "/" + "a" * 1_000_000, (), b"", 414, "request line"),
    ("GET", "/", (("X-Big", "b" * 200_000),), b"", 431, "headers"),
    ("GET", "/", tuple((f"X-{i}", "v" * 60) for i in range(5000)), b"", 431, "headers"),
    ("POST", "/sparql", (("Content-Type", "application/sparql-query"),), b"a" * 5_000_000,
     413, "too large"),
    ("POST", "/sparql", (("Content-Type", "application/sparql-query"),
                         ("Connection", "close")), b"a" * 16_000_000, 413, "too large"),
    ("POST", "/sparql", FORM, b"query=" + b"a" * 5_000_000, 413, "too large"),
    ("POST", "/labels", (("Content-Type", "application/json"),), b"[" + b" " * 5_000_000,
     413, "too large"),
    ("POST", "/sparql", (("Content-Type", "application/sparql-query"),
                         ("Transfer-Encoding", "chunked")),
     b"".join(b"%x\r\n%s\r\n" % (60_000, b"a" * 60_000) for _ in range(100)) + b"0\r\n\r\n",
     413, "too large"),
]


@pytest.mark.parametrize(("method", "target", "headers", "body", "status", "contains"), SIZES,
                         ids=[f"{c[0]}-{c[4]}-{len(c[1]) + len(c[3])}" for c in SIZES])
def test_oversized_requests_get_an_answer_not_a_reset(
        served: Served, method: str, target: str, headers: Headers, body: bytes,
        status: int, contains: str) -> None:
    assert_refusal(send(served, method, target, headers, body), status, contains)


REFUSED_REQUESTS = [
    # (method, target, headers, body, status, contains)
    ("POST", "/sparql", (("Content-Type", "text/plain"),), b"ASK {}", 415, "sparql-query"),
    ("POST", "/sparql", (("Content-Type", "application/json"),), b"{}", 415, ""),
    ("POST", "/sparql", (("Content-Type", "multipart/form-data; boundary=x"),),
     b"--x--", 415, ""),
    ("POST", "/sparql", (), b"ASK {}", 415, ""),
    ("POST", "/labels", (("Content-Type", "text/plain"),), b"[]", 415, "json"),
    ("POST", "/labels", FORM, b"a=b", 415, "json"),
    ("POST", "/labels", (("Content-Type", "application/json"),), b'{"a": 1}', 400, "list"),
    ("POST", "/labels", (("Content-Type", "application/json"),), b"\xff\xfe", 400, "list"),
    ("PUT", "/sparql", (), b"x", 405, "method"),
    ("DELETE", "/", (), b"", 405, "method"),
    ("POST", "/", (), b"", 405, "method"),
    ("POST", "/queries", (), b"", 405, "method"),
    ("GET", "/labels", (), b"", 405, "method"),
    ("OPTIONS", "/sparql", (("Access-Control-Request-Method", "POST"),), b"", 405, "method"),
    ("PATCH", "/queries/who-chairs", (), b"", 405, "method"),
    ("TRACE", "/", (), b"", 405, "method"),
    ("GET", "/nothing-here", (), b"", 404, "no such page"),
    ("GET", "/queries/no-such-query", (), b"", 404, "no-such-query"),
    ("GET", "/sparql", (), b"", 400, "query"),
    ("GET", "/sparql?query=ASK%7B%7D&query=ASK%7B%7D", (), b"", 400, "exactly one"),
    ("GET", "/sparql?update=DROP%20ALL", (), b"", 403, "read-only"),
    ("GET", "/sparql?query=%FF%FE", (), b"", 400, ""),
    ("GET", "/sparql?query=SELECT%20*%20%7B%20SERVICE%20%3Cfile:///etc/passwd%3E%20%7B%7D%7D",
     (), b"", 403, "SERVICE"),
    ("GET", "/sparql?query=ASK%7B%7D", (("Accept", "image/png"),), b"", 406, "accept"),
]


@pytest.mark.parametrize(("method", "target", "headers", "body", "status", "contains"),
                         REFUSED_REQUESTS, ids=[f"{c[0]}-{c[1][:30]}-{c[4]}"
                                                for c in REFUSED_REQUESTS])
def test_wrong_methods_types_and_paths_are_refused_in_one_line(
        served: Served, method: str, target: str, headers: Headers, body: bytes,
        status: int, contains: str) -> None:
    assert_refusal(send(served, method, target, headers, body), status, contains)


@pytest.mark.parametrize("request_bytes", [
    b"GARBAGE\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header\r\n\r\n",
    b"GET /\x00 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    b"GET /\xff HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX: a\x00b\r\n\r\n",
    b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nContent-Length: 6"
    b"\r\n\r\nhello!",
    b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -1\r\n\r\n",
    b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: gzip\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n" + b"x" * 200_000,  # a header line never ending
])
def test_broken_http_gets_a_400_line(served: Served, request_bytes: bytes) -> None:
    answer = exchange(served.host, served.port, request_bytes)
    assert_refusal(answer, 431 if len(request_bytes) > 100_000 else 400)


def test_the_server_still_answers_after_the_hostile_cases(served: Served) -> None:
    answer = httpx.get(served.base + "/sparql", params={"query": CHAIRS}, trust_env=False,
                       timeout=120)
    assert answer.status_code == 200 and len(answer.json()["results"]["bindings"]) == 2
    printed = "".join(served.stderr)
    assert "Traceback" not in printed and "Exception" not in printed, printed[-3000:]


@pytest.mark.skipif(not ipv6_loopback(), reason="this machine has no IPv6 loopback (::1)")
def test_serving_on_ipv6_loopback_answers_at_the_printed_address() -> None:
    with running_serve(host="::1") as served:
        base = served.base
        assert base == f"http://[::1]:{served.port}"
        page = httpx.get(base + "/", trust_env=False, timeout=60)
        assert page.status_code == 200 and "<html" in page.text.lower()
        same = httpx.post(base + "/sparql", data={"query": CHAIRS}, trust_env=False,
                          timeout=60, headers={"Origin": base, "Sec-Fetch-Site": "same-origin"})
        assert len(same.json()["results"]["bindings"]) == 2
        assert_refusal(send(served, "GET", ASK, (("Origin", "http://127.0.0.1:{port}"),)),
                       403)
        assert_refusal(send(served, "GET", ASK, host="::1:{port}"), 400)
        assert send(served, "GET", ASK, host="localhost:{port}").status == 200
        assert_refusal(send(served, "GET", "/sparql?query=" + "a" * 1_000_000), 414)
        printed = served.stop()
    assert f"read-only at http://[::1]:{served.port}/ " in printed


@pytest.mark.parametrize(("host", "shown"), [
    ("127.0.0.1", "127.0.0.1"), ("0.0.0.0", "127.0.0.1"), ("::", "[::1]"), ("::1", "[::1]"),
    ("localhost", "localhost"), ("fe80::1", "[fe80::1]")])
def test_the_printed_address_is_one_the_host_check_accepts(host: str, shown: str) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        assert url(host, sock) == f"http://{shown}:{sock.getsockname()[1]}/"


@pytest.mark.parametrize("name", ["evil host", "[::1", "a..b", "-x", "x" * 70, "::g", "é"])
def test_a_bad_allow_host_is_bad_input(runner: CliRunner, name: str) -> None:
    assert_one_line_error(invoke(["serve", "--port", "0", "--allow-host", name]), 2,
                          contains="host name")
