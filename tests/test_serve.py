"""`spr-graph serve`: a real SPARQL 1.1 Protocol endpoint, read-only, Host-checked, with
an offline page that shows data as text."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
import time
from collections.abc import Iterator
from html.parser import HTMLParser

import httpx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from serve_support import running_serve
from sparql_support import CHAIRS, RUNAWAY, uvicorn_server
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper
from test_sparql_safety import SLOW_TO_PARSE

from spr_graph.cli import main
from spr_graph.sparql.catalogue import NamedQuery, load_catalogue
from spr_graph.sparql.engine import OxigraphRunner
from spr_graph.sparql.params import ParamSpec
from spr_graph.sparql.serve import SECURITY_HEADERS, create_app, negotiate, render_page
from spr_graph.store.load import Loaded

SOCEX = "https://w3id.org/spr-graph/id/organisation/socex-board"
HOSTILE = "</script><img src=x onerror=alert(1)> \u202eRTL 🚓 Heddlu Gorllewin Canolbarth"


@pytest.fixture(scope="module")
def base(bundled: Loaded) -> Iterator[str]:
    with uvicorn_server(create_app(OxigraphRunner(bundled.store), timeout=2)) as url:
        yield url


def get(base: str, path: str, **kwargs: object) -> httpx.Response:
    return httpx.get(base + path, trust_env=False, **kwargs)  # type: ignore[arg-type]


def post(base: str, path: str, **kwargs: object) -> httpx.Response:
    return httpx.post(base + path, trust_env=False, **kwargs)  # type: ignore[arg-type]


def wrapper(base: str, query: str, fmt: str) -> SPARQLWrapper:
    client = SPARQLWrapper(f"{base}/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client


def test_sparqlwrapper_select_json_xml_csv(base: str) -> None:
    data = wrapper(base, CHAIRS, JSON).query().convert()
    assert [b["board"]["value"] for b in data["results"]["bindings"]] == [
        SOCEX, "https://w3id.org/spr-graph/id/organisation/wmp-contest-board"]
    xml = wrapper(base, CHAIRS, XML).query().convert()
    assert len(xml.getElementsByTagName("result")) == 2
    csv_text = wrapper(base, CHAIRS, CSV).query().convert().decode()
    assert csv_text.splitlines()[0] == "chair,board"


def test_sparqlwrapper_ask_and_construct(base: str) -> None:
    ask = wrapper(base, "ASK { post:acc-security spr:chairs ag:socex-board }", JSON)
    assert ask.query().convert()["boolean"] is True
    construct = wrapper(base, "CONSTRUCT WHERE { ag:rocu skos:altLabel ?l }", TURTLE)
    turtle = construct.query().convert()
    labels = {q.object.value for q in ox.parse(turtle, format=ox.RdfFormat.TURTLE)}
    assert "ROCU" in labels


@pytest.mark.parametrize(("accept", "media"), [
    ("", "application/sparql-results+json"),
    ("*/*", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv;q=0.9, text/tab-separated-values", "text/tab-separated-values"),
    ("text/*;q=0.5, application/json;q=0.1", "text/csv"),
])
def test_content_negotiation_for_solutions(base: str, accept: str, media: str) -> None:
    response = get(base, "/sparql", params={"query": CHAIRS}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media


def test_content_negotiation_for_graphs_and_406(base: str) -> None:
    query = "CONSTRUCT WHERE { ag:rocu skos:altLabel ?l }"
    for accept, media in (("application/n-triples", "application/n-triples"),
                          ("application/trig", "application/trig"), ("", "text/turtle")):
        response = get(base, "/sparql", params={"query": query}, headers={"Accept": accept})
        assert response.headers["content-type"].split(";")[0] == media
    refused = get(base, "/sparql", params={"query": query}, headers={"Accept": "text/csv"})
    assert refused.status_code == 406
    assert negotiate("application/json;q=0", {"application/json": "json"}) is None


def test_post_forms_and_direct_queries(base: str) -> None:
    form = post(base, "/sparql", data={"query": CHAIRS})
    direct = post(base, "/sparql", content=CHAIRS.encode(),
                  headers={"Content-Type": "application/sparql-query"})
    assert form.status_code == direct.status_code == 200
    assert form.json() == direct.json()
    assert post(base, "/sparql", content=b"x", headers={"Content-Type": "text/plain"}
                ).status_code == 415


@pytest.mark.parametrize("how", ["get-update", "form-update", "sparql-update", "query-text"])
def test_updates_are_refused(base: str, how: str) -> None:
    update = "DROP ALL"
    response = {
        "get-update": lambda: get(base, "/sparql", params={"update": update}),
        "form-update": lambda: post(base, "/sparql", data={"update": update}),
        "sparql-update": lambda: post(base, "/sparql", content=update.encode(),
                                      headers={"Content-Type": "application/sparql-update"}),
        "query-text": lambda: post(base, "/sparql", data={"query": update}),
    }[how]()
    assert response.status_code == 403
    assert "read-only" in response.text or "updates" in response.text
    assert get(base, "/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True


def test_a_foreign_host_header_is_refused(base: str) -> None:
    for host in ("evil.example", "evil.example:80", "127.0.0.2"):
        assert get(base, "/", headers={"Host": host}).status_code == 400
        assert get(base, "/sparql", params={"query": CHAIRS},
                   headers={"Host": host}).status_code == 400
    assert get(base, "/", headers={"Host": "localhost:8787"}).status_code == 200


def test_errors_are_plain_one_line_messages(base: str) -> None:
    syntax = get(base, "/sparql", params={"query": "SELECT ?s WHERE {\n ?s ?p }"})
    assert syntax.status_code == 400 and syntax.text.startswith("query:2:2: SPARQL syntax")
    service = get(base, "/sparql", params={"query":
                                           "SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }"})
    assert service.status_code == 403 and "SERVICE" in service.text
    bad_param = get(base, "/queries/funding-ending", params={"by": "soon"})
    assert bad_param.status_code == 400 and bad_param.text.count("\n") == 1
    for response in (syntax, service, bad_param):  # the error handler's answers are guarded
        assert response.headers["content-type"] == "text/plain; charset=utf-8"
        assert {k.lower(): v for k, v in SECURITY_HEADERS.items()}.items() \
            <= {k.lower(): v for k, v in response.headers.items()}.items()
    assert get(base, "/sparql").status_code == 400
    assert get(base, "/sparql", params={"query": CHAIRS,
                                        "default-graph-uri": "http://x/"}).status_code == 400


def test_a_runaway_query_is_stopped(base: str) -> None:
    response = get(base, "/sparql", params={"query": RUNAWAY}, timeout=120)
    assert response.status_code == 503 and "stopped after 2 s" in response.text


def test_a_query_over_its_memory_cap_gets_503(bundled: Loaded) -> None:
    # A sorted cross product holds every row: it grows until the cap stops it, long
    # before its time limit.
    runaway = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g"
    app = create_app(OxigraphRunner(bundled.store, max_memory=64 << 20), timeout=600)
    with uvicorn_server(app) as url:
        response = get(url, "/sparql", params={"query": runaway}, timeout=600)
        after = get(url, "/sparql", params={"query": CHAIRS})
    assert response.status_code == 503 and "more than 64 MB" in response.text
    assert response.text.count("\n") == 1
    assert len(after.json()["results"]["bindings"]) == 2


def test_a_busy_server_says_so(bundled: Loaded) -> None:
    app = create_app(OxigraphRunner(bundled.store), timeout=5, max_concurrent=1)
    with uvicorn_server(app) as url:
        # Checked once first: later CHAIRS requests hold the one slot only briefly.
        assert get(url, "/sparql", params={"query": CHAIRS}, timeout=120).status_code == 200
        for _ in range(5):  # the slow query itself may find the slot taken by a CHAIRS
            slow: list[httpx.Response] = []
            thread = threading.Thread(target=lambda into=slow: into.append(get(
                url, "/sparql", params={"query": RUNAWAY}, timeout=120)))
            thread.start()
            answers = []
            deadline = time.monotonic() + 120
            while thread.is_alive() and time.monotonic() < deadline:  # until slot taken
                answers.append(get(url, "/sparql", params={"query": CHAIRS}, timeout=120))
                if answers[-1].status_code == 503:
                    break
                time.sleep(0.05)
            thread.join(120)
            assert not thread.is_alive()
            if "busy" not in slow[0].text:
                break
    assert "stopped after 5 s" in slow[0].text
    busy = answers[-1]
    assert busy.status_code == 503 and "busy" in busy.text
    assert {a.status_code for a in answers[:-1]} <= {200}


def test_a_query_slow_to_check_is_stopped_and_holds_up_no_other(bundled: Loaded) -> None:
    # rdflib parses one query at a time per process and a 270 KB FILTER takes minutes:
    # the check runs in a worker, stopped at --timeout, while other queries go on.
    app = create_app(OxigraphRunner(bundled.store), timeout=10)
    with uvicorn_server(app) as url:
        slow: list[httpx.Response] = []

        def send_slow() -> None:
            slow.append(post(url, "/sparql", content=SLOW_TO_PARSE.encode(), timeout=120,
                             headers={"Content-Type": "application/sparql-query"}))

        thread = threading.Thread(target=send_slow)
        thread.start()
        try:
            small = get(url, "/sparql", params={"query": "ASK { ?s ?p ?o } # meanwhile"},
                        timeout=120)
            assert small.status_code == 200 and small.json()["boolean"] is True
            assert thread.is_alive()
        finally:
            thread.join(120)
    assert slow[0].status_code == 503, slow[0].text
    assert "checking the query took more than 10 s" in slow[0].text


def test_catalogue_queries_take_typed_parameters(base: str) -> None:
    response = get(base, "/queries/who-chairs", params={"board": "ag:socex-board"})
    assert [b["board"]["value"] for b in response.json()["results"]["bindings"]] == [SOCEX]
    assert get(base, "/queries/funding-ending", params={"by": "soon"}).status_code == 400
    assert get(base, "/queries/no-such-query").status_code == 404
    by_name = get(base, "/queries/who-chairs", params={"board": "SOCEX board"})
    assert [b["board"]["value"] for b in by_name.json()["results"]["bindings"]] == [SOCEX]
    unknown = get(base, "/queries/who-chairs", params={"board": "SOCKS board"})
    assert unknown.status_code == 400 and "did you mean" in unknown.text
    listing = get(base, "/queries").json()
    assert [q["name"] for q in listing] == sorted(load_catalogue())


def test_labels_and_limits(base: str) -> None:
    labels = post(base, "/labels", json=[SOCEX, "https://example.org/x"]).json()
    assert labels == {SOCEX: "SOCEX Board"}
    assert post(base, "/labels", content=b"{}").status_code == 400


def test_results_are_cut_visibly(bundled: Loaded) -> None:
    with uvicorn_server(create_app(OxigraphRunner(bundled.store), limit=2)) as url:
        response = get(url, "/sparql", params={"query": "SELECT ?s WHERE { ?s ?p ?o }"})
    assert len(response.json()["results"]["bindings"]) == 2
    assert response.headers["SPR-Graph-Truncated"] == "2"


class _Resources(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.external: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for key in ("src", "href"):
            if found.get(key):
                self.external.append(str(found[key]))
        self._in_script = tag == "script" and found.get("type") is None

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def test_the_page_is_offline_with_a_strict_policy(base: str) -> None:
    response = get(base, "/")
    assert response.status_code == 200
    page = response.text
    assert '<meta charset="utf-8">' in page
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    parser = _Resources()
    parser.feed(page)
    assert parser.external == []
    assert not re.search(r"(src|href)\s*=\s*[\"']?https?:", page)
    script = "".join(parser.scripts)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in policy
    meta = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert meta and f"sha256-{digest}" in meta.group(1)
    for header in ("x-content-type-options", "referrer-policy"):
        assert header in response.headers


def hostile_catalogue() -> dict[str, NamedQuery]:
    return {"hostile": NamedQuery(
        name="hostile", summary=HOSTILE, description=HOSTILE, tags=("x",),
        text=f'#+ summary: x\nSELECT ?x WHERE {{ BIND("{HOSTILE}" AS ?x) }} ORDER BY ?x\n',
        params=(ParamSpec("x", "string", description=HOSTILE),))}


def test_page_data_is_escaped() -> None:
    page, _ = render_page(hostile_catalogue(), HOSTILE)
    assert "<img src=x" not in page and "</script><img" not in page
    start = page.index('<script type="application/json" id="catalogue">') + 47
    data = json.loads(page[start:page.index("</script>", start)])
    assert data[0]["summary"] == HOSTILE and data[0]["params"][0]["description"] == HOSTILE


@pytest.mark.browser
def test_the_page_runs_queries_and_shows_data_as_text(browser, bundled: Loaded) -> None:  # type: ignore[no-untyped-def]
    catalogue = {**load_catalogue(), **hostile_catalogue()}
    app = create_app(OxigraphRunner(bundled.store), catalogue=catalogue)
    with uvicorn_server(app) as url:
        page = browser.new_page()
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("dialog", lambda d: (problems.append("dialog: " + d.message), d.dismiss()))
        page.on("request", lambda r: None if r.url.startswith(url) else problems.append(r.url))
        page.goto(url + "/")
        page.select_option("#pick", "who-chairs")
        page.fill("#param-board", "ag:socex-board")
        page.click("#run")
        page.wait_for_selector("#results table")
        cells = page.locator("#results td").all_inner_texts()
        assert cells[:2] == ["ACC Security", "SOCEX Board"]
        page.select_option("#pick", "hostile")
        page.click("#run")
        page.wait_for_selector("#results td")
        assert page.locator("#results td").first.inner_text() == HOSTILE
        assert page.locator("#about").inner_text() == HOSTILE
        assert page.locator("#results img").count() == 0
        page.fill("#text", "DROP ALL")
        page.click("#run")
        page.wait_for_selector("#status.error")
        assert "updates" in page.locator("#status").inner_text()
        page.close()
    # The refused update is the one failed load the browser reports; nothing else.
    assert problems == ["Failed to load resource: the server responded with a status of 403 "
                        "(Forbidden)"]


def test_serve_command_listens_on_loopback_and_checks_hosts() -> None:
    with running_serve() as served:
        assert get(served.base, "/").status_code == 200
        assert get(served.base, "/", headers={"Host": "evil.example"}).status_code == 400
        answer = get(served.base, "/sparql", params={"query": CHAIRS})
        assert len(answer.json()["results"]["bindings"]) == 2
        printed = served.stop()
    assert f"read-only at http://127.0.0.1:{served.port}/ " in printed


def test_serve_refuses_a_port_in_use(runner: CliRunner) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = runner.invoke(main, ["serve", "--port", str(port)])
    assert result.exit_code == 2 and f"cannot listen on 127.0.0.1:{port}" in result.output
