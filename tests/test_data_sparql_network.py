"""No SPARQL text that comes from data reaches the network or the disk.

A shapes file carries SPARQL in many places: SPARQL constraints, SPARQL targets and
target types, rules, functions, and the validators of constraint components. Each row
of PLACES x SERVICE_PATTERNS (and QUERIES) puts ``SERVICE`` (plain, SILENT, a variable
endpoint, nested, inside EXISTS, a sub-query, OPTIONAL, UNION, MINUS, lower case,
escaped, a prefixed name from ``sh:declare``) or ``FROM`` / ``LOAD`` / an update aimed
at the canary into one of those places, and runs it through ``validate`` and
``build --data``: exit 2, one line naming the shapes file, nothing written, and no
connection. Three witnesses: the canary (any process, any language), the audit hook of
this process, and the same hook in every Python process the command starts (the
build's SHACL worker), installed through ``sitecustomize``.

The same shapes given straight to the guarded pySHACL run (the pre-check skipped) are
refused where the text runs. ``owl:imports`` and SHACL-JS library URLs aimed at the
canary or at a file outside the data are never followed: noted, not fetched, not opened.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from files_support import PAPER
from hostile_support import assert_one_line_error, invoke, snapshot
from sparql_support import SERVICE_PATTERNS, AuditLog, Canary, audit_log, audited_env

from spr_graph.store.load import parse_file
from spr_graph.store.rdflib_bridge import graph
from spr_graph.validation.shacl_guard import validate_graphs
from spr_graph.validation.shapes_locator import ShapesError

PROLOGUE = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/hostile#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
ex: a owl:Ontology ;
    sh:declare [ sh:prefix "ex" ; sh:namespace "https://example.org/hostile#"^^xsd:anyURI ] ,
        [ sh:prefix "canary" ; sh:namespace "@ORIGIN@/"^^xsd:anyURI ] .
ex:S a sh:NodeShape ; sh:targetNode ex:x .
"""
OWL = "http://www.w3.org/2002/07/owl#"
#: A focus node with a value, so that every constraint, function and validator runs.
DATA = "@prefix ex: <https://example.org/hostile#> .\nex:x ex:p 1 .\n"

#: place -> (shapes Turtle holding QUERY, the query holding PATTERN). Each query, with
#: the harmless pattern ``?s ?p ?o``, makes a violation: proof that the text does run.
PLACES = {
    "constraint": (
        'ex:S sh:sparql [ a sh:SPARQLConstraint ; sh:prefixes ex: ; sh:select """QUERY""" ] .',
        "SELECT $this WHERE { $this ?p1 ?o1 . PATTERN }"),
    "target": (
        'ex:T a sh:NodeShape ; sh:class ex:Nothing ;\n'
        '  sh:target [ a sh:SPARQLTarget ; sh:prefixes ex: ; sh:select """QUERY""" ] .',
        "SELECT ?this WHERE { PATTERN BIND(ex:x AS ?this) }"),
    "target-type": (
        'ex:TT a sh:SPARQLTargetType ; rdfs:subClassOf sh:Target ; sh:prefixes ex: ;\n'
        '  sh:select """QUERY""" .\n'
        'ex:T a sh:NodeShape ; sh:class ex:Nothing ; sh:target [ a ex:TT ] .',
        "SELECT ?this WHERE { PATTERN BIND(ex:x AS ?this) }"),
    "rule": (
        'ex:S sh:rule [ a sh:SPARQLRule ; sh:prefixes ex: ; sh:construct """QUERY""" ] ;\n'
        '  sh:property [ sh:path ex:seen ; sh:maxCount 0 ] .',
        "CONSTRUCT { $this ex:seen 1 } WHERE { PATTERN }"),
    "function": (
        'ex:fn a sh:SPARQLFunction ; sh:returnType xsd:boolean ; sh:prefixes ex: ;\n'
        '  sh:parameter [ sh:path ex:arg ] ; sh:ask """QUERY""" .\n'
        'ex:S sh:sparql [ sh:prefixes ex: ;\n'
        '  sh:select """SELECT $this WHERE { $this ?p1 ?o1 FILTER(ex:fn($this)) }""" ] .',
        "ASK { PATTERN }"),
    "ask-validator": (
        'ex:Flag a sh:ConstraintComponent ; sh:parameter [ sh:path ex:flag ] ;\n'
        '  sh:validator [ a sh:SPARQLAskValidator ; sh:prefixes ex: ; sh:ask """QUERY""" ] .\n'
        'ex:S ex:flag true .',
        "ASK { FILTER NOT EXISTS { PATTERN } }"),
    "select-validator": (
        'ex:Flag a sh:ConstraintComponent ; sh:parameter [ sh:path ex:flag ] ;\n'
        '  sh:nodeValidator [ a sh:SPARQLSelectValidator ; sh:prefixes ex: ;\n'
        '    sh:select """QUERY""" ] .\n'
        'ex:S ex:flag true .',
        "SELECT $this WHERE { PATTERN }"),
}

#: Whole queries in a SPARQL constraint: a dataset from the web or the disk, updates.
QUERIES = {
    "from": "SELECT $this FROM <@URL@> WHERE { $this ?p ?o }",
    "from-named": "SELECT $this FROM NAMED <@URL@> WHERE { GRAPH ?g { $this ?p ?o } }",
    "from-file": "SELECT $this FROM <@SECRET@> WHERE { $this ?p ?o }",
    "load": "LOAD <@URL@>",
    "insert": "INSERT DATA { ex:x ex:p 2 }",
}

#: What the line says: refused, or (SERVICE within SERVICE overflows rdflib's parser)
#: not checkable, so not run either.
REFUSALS = ("refused", "nested too deeply")

CASES = [pytest.param(place, pattern, None, id=f"{place}-{name}")
         for place in PLACES for name, pattern in SERVICE_PATTERNS.items()]
CASES += [pytest.param("constraint", None, query, id=f"constraint-{name}")
          for name, query in QUERIES.items()]


def shapes_text(place: str, pattern: str | None, query: str | None) -> str:
    """The shapes Turtle of one case (@URL@, @ORIGIN@, @SECRET@ still to fill in)."""
    turtle, template = PLACES[place]
    text = query if query is not None else template.replace("PATTERN", pattern or "")
    return PROLOGUE + turtle.replace("QUERY", text) + "\n"


class Probe:
    """A hostile case's files, its canary, and the witnesses of any contact."""

    def __init__(self, folder: Path, canary: Canary) -> None:
        self.folder, self.canary = folder, canary
        self.outside = folder / "outside"
        self.outside.mkdir()
        self.secret = self.outside / "secret.ttl"
        self.secret.write_text(PROLOGUE.replace("@ORIGIN@", "http://127.0.0.1:9"),
                               encoding="utf-8")
        self.work = folder / "work"
        self.work.mkdir()
        self.data = self.work / "data.ttl"
        self.data.write_text(DATA, encoding="utf-8")
        self.env, self.log = audited_env(folder, self.outside)
        self.audit: AuditLog = audit_log().start(self.outside)

    def fill(self, text: str) -> str:
        origin = self.canary.url.rsplit("/", 1)[0]
        return (text.replace("@URL@", self.canary.url).replace("@ORIGIN@", origin)
                .replace("@SECRET@", self.secret.as_uri()))

    def write(self, name: str, text: str) -> Path:
        path = self.work / name
        path.write_text(self.fill(text), encoding="utf-8")
        return path

    def assert_untouched(self) -> None:
        """No connection to the canary and no file outside the data opened, in this
        process or any Python process it started; the canary saw nobody."""
        assert self.audit.connects_to(self.canary.port) == [], self.audit.connects
        assert self.audit.opened == [], self.audit.opened
        logged = self.log.read_text(encoding="utf-8").splitlines()
        assert not [line for line in logged if f", {self.canary.port})" in line
                    or line.startswith("open ")], logged
        assert self.canary.contacts == [], self.canary.contacts


@pytest.fixture(scope="module")
def canary() -> Iterator[Canary]:
    watcher = Canary()
    yield watcher
    watcher.close()
    assert watcher.contacts == [], "something reached the canary"


@pytest.fixture
def probe(tmp_path: Path, canary: Canary) -> Probe:
    return Probe(tmp_path, canary)


@pytest.mark.parametrize(("place", "pattern", "query"), CASES)
def test_validate_refuses_data_borne_sparql(probe: Probe, place: str, pattern: str | None,
                                            query: str | None) -> None:
    shapes = probe.write("shapes.ttl", shapes_text(place, pattern, query))
    before = snapshot(probe.work)
    result = invoke(["validate", str(shapes), str(probe.data)], env=probe.env)
    line = assert_one_line_error(result, 2, contains=str(shapes))
    assert any(word in line for word in REFUSALS), line
    assert snapshot(probe.work) == before
    probe.assert_untouched()


@pytest.mark.parametrize(("place", "pattern", "query"), CASES)
def test_build_refuses_data_borne_sparql_before_writing(
        probe: Probe, place: str, pattern: str | None, query: str | None) -> None:
    shapes = probe.write("shapes.ttl", shapes_text(place, pattern, query))
    pack = probe.folder / "pack"
    before = snapshot(probe.work)
    result = invoke(["build", "-o", str(pack), "--data", str(shapes), "--data",
                     str(probe.data)], env=probe.env)
    line = assert_one_line_error(result, 2, contains=str(shapes), stdout_empty=False)
    assert any(word in line for word in REFUSALS), line
    assert not pack.exists()
    assert snapshot(probe.work) == before
    probe.assert_untouched()


@pytest.mark.parametrize(("place", "pattern", "query"), CASES)
def test_the_guard_refuses_where_the_text_runs(probe: Probe, place: str, pattern: str | None,
                                               query: str | None) -> None:
    """The net under the pre-check: pySHACL given the hostile shapes directly."""
    shapes = probe.write("shapes.ttl", shapes_text(place, pattern, query))
    quads = parse_file(shapes)
    with pytest.raises(ShapesError):
        validate_graphs(graph(parse_file(probe.data)), graph(quads), [(shapes, quads)])
    probe.assert_untouched()


@pytest.mark.parametrize("place", list(PLACES))
def test_each_place_runs_its_text(probe: Probe, place: str) -> None:
    """Control: with a harmless pattern each place's query runs (and finds a violation),
    so the refusals above are not a place pySHACL ignores."""
    shapes = probe.write("shapes.ttl", shapes_text(place, "?s ?p ?o", None))
    result = invoke(["validate", "--format", "json", str(shapes), str(probe.data)])
    assert result.exit_code == 1, result.output
    assert '"check": "shacl"' in result.stdout and '"severity": "violation"' in result.stdout
    probe.assert_untouched()


def test_unguarded_pyshacl_would_connect(tmp_path: Path) -> None:
    """Control: pySHACL left to itself does call SERVICE in a SPARQL target (seen by a
    canary of its own and by the audit hook)."""
    import pyshacl

    own = Canary()
    try:
        probe = Probe(tmp_path, own)
        shapes = probe.write("shapes.ttl", shapes_text("target", SERVICE_PATTERNS["plain"], None))
        with pytest.raises(Exception):  # noqa: B017 - the canary answers nothing
            pyshacl.validate(graph(parse_file(probe.data)),
                             shacl_graph=graph(parse_file(shapes)), advanced=True)
        assert probe.audit.connects_to(own.port)
    finally:
        own.close()
    assert own.contacts


def test_the_witnesses_see_what_a_child_process_does(tmp_path: Path) -> None:
    """Control for :func:`audited_env`: a Python child's connection and file opening
    reach the log (so a build's SHACL worker could not hide either)."""
    own = Canary()
    try:
        probe = Probe(tmp_path, own)
        code = (f"import socket; socket.create_connection(('127.0.0.1', {own.port}), 5)"
                f".close(); open({str(probe.secret)!r}).close()")
        subprocess.run([sys.executable, "-c", code], env=os.environ | probe.env, check=True,
                       timeout=120)
    finally:
        own.close()
    logged = probe.log.read_text(encoding="utf-8")
    assert f", {own.port})" in logged and f"open {probe.secret}" in logged, logged
    assert own.contacts


# -- what is never followed: owl:imports, SHACL-JS libraries --------------------------

NOT_FOLLOWED = [
    ("shapes-imports-web", "shapes", "ex: owl:imports <@URL@> .", "owl:imports"),
    ("shapes-imports-file", "shapes", "ex: owl:imports <@SECRET@> .", "owl:imports"),
    ("data-imports", "data", "<https://example.org/hostile> owl:imports <@URL@> , <@SECRET@> .",
     "owl:imports"),
    ("js-library-web", "shapes", 'ex:S sh:js [ a sh:JSConstraint ; sh:jsFunctionName "f" ;\n'
     '  sh:jsLibrary [ sh:jsLibraryURL "@URL@"^^xsd:anyURI ] ] .', "SHACL-JS"),
    ("js-library-file", "shapes", 'ex:S sh:js [ a sh:JSConstraint ; sh:jsFunctionName "f" ;\n'
     '  sh:jsLibrary [ sh:jsLibraryURL "@SECRET@"^^xsd:anyURI ] ] .', "SHACL-JS"),
]
NOT_FOLLOWED_CASES = [pytest.param(*case[1:], id=case[0]) for case in NOT_FOLLOWED]


def _not_followed_files(probe: Probe, where: str, turtle: str) -> list[Path]:
    shape = "ex:S sh:property [ sh:path ex:p ; sh:maxCount 5 ] .\n"
    extra = f"@prefix owl: <{OWL}> .\n{turtle}\n"
    shapes = probe.write("shapes.ttl", PROLOGUE + shape + (turtle if where == "shapes" else ""))
    data = probe.write("more.ttl", DATA + extra) if where == "data" else probe.data
    return [shapes, data]


@pytest.mark.parametrize(("where", "turtle", "noted"), NOT_FOLLOWED_CASES)
def test_validate_never_follows_imports_or_scripts(probe: Probe, where: str, turtle: str,
                                                   noted: str) -> None:
    files = _not_followed_files(probe, where, turtle)
    result = invoke(["validate", *map(str, files)], env=probe.env)
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    assert any(noted in line and line.startswith("info:")
               for line in result.stdout.splitlines()), result.stdout
    probe.assert_untouched()


def test_build_never_follows_imports_or_scripts(probe: Probe) -> None:
    """Every row of NOT_FOLLOWED at once (a build takes seconds): each is noted in the
    published validation report, and none is fetched or opened, by the build or by its
    SHACL worker process."""
    shapes = "".join(turtle + "\n" for _, where, turtle, _ in NOT_FOLLOWED if where == "shapes")
    data = "".join(turtle + "\n" for _, where, turtle, _ in NOT_FOLLOWED if where == "data")
    files = [*_not_followed_files(probe, "shapes", shapes), PAPER]  # build needs a paper
    files.append(probe.write("more.ttl", f"{DATA}@prefix owl: <{OWL}> .\n{data}"))
    args = [a for f in files for a in ("--data", str(f))]
    result = invoke(["build", "-o", str(probe.folder / "pack"), "--allow-invalid", *args],
                    env=probe.env)
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    report = (probe.folder / "pack" / "validation.json").read_text(encoding="utf-8")
    for _, _, _, noted in NOT_FOLLOWED:
        assert noted in report
    probe.assert_untouched()


# -- commands that read shapes without running them -----------------------------------

READERS = [
    ("stats", ["stats", "SHAPES"]),
    ("gaps", ["gaps", "--data", "SHAPES"]),
    ("spof", ["spof", "--data", "SHAPES"]),
    ("whatif", ["whatif", "--sweep", "--data", "SHAPES"]),
    ("capacity", ["capacity", "--data", "SHAPES"]),
    ("funding", ["funding", "--data", "SHAPES"]),
    ("query", ["query", "ASK { ?s ?p ?o }", "--data", "SHAPES"]),
    ("export", ["export", "--format", "nquads", "--data", "SHAPES", "-o", "OUT/out.nq"]),
    ("map", ["map", "--data", "SHAPES", "-o", "OUT/map.html"]),
    ("push", ["push", "--db", "OUT/db", "SHAPES"]),
]


@pytest.mark.parametrize("args", [pytest.param(r[1], id=r[0]) for r in READERS])
@pytest.mark.parametrize("place", ["constraint", "target", "rule"])
def test_other_commands_never_run_shapes_sparql(probe: Probe, args: list[str],
                                                place: str) -> None:
    shapes = probe.write("shapes.ttl", shapes_text(place, SERVICE_PATTERNS["plain"], None))
    out = probe.folder / "out"
    out.mkdir()
    given = [str(shapes) if a == "SHAPES" else a.replace("OUT", str(out)) for a in args]
    result = invoke(given, env=probe.env)
    assert "Traceback" not in result.output, result.output
    if result.exit_code == 2:
        assert_one_line_error(result, 2, stdout_empty=False)
    probe.assert_untouched()


def test_a_prefix_namespace_cannot_write_query_text(probe: Probe) -> None:
    """pySHACL splices sh:declare namespaces into query text: one holding ``>`` is refused."""
    text = shapes_text("constraint", "?s ?p ?o", None)
    assert '"@ORIGIN@/"' in text
    text = text.replace('"@ORIGIN@/"', '"http://x.example/> SERVICE <@URL@> { } #"')
    shapes = probe.write("shapes.ttl", text)
    result = invoke(["validate", str(shapes), str(probe.data)])
    assert_one_line_error(result, 2, contains="sh:namespace")
    probe.assert_untouched()


def test_the_guarded_run_leaves_rdflib_as_it_was(probe: Probe) -> None:
    """The patches last only for the run: rdflib's query path is restored afterwards."""
    from rdflib.plugins.sparql import evaluate, processor

    before = (processor.SPARQLProcessor.query, evaluate.evalServiceQuery,
              processor.SPARQLUpdateProcessor.update)
    shapes = probe.write("shapes.ttl", shapes_text("target", SERVICE_PATTERNS["plain"], None))
    quads: list[ox.Quad] = parse_file(shapes)
    with pytest.raises(ShapesError):
        validate_graphs(graph(parse_file(probe.data)), graph(quads), [(shapes, quads)])
    assert (processor.SPARQLProcessor.query, evaluate.evalServiceQuery,
            processor.SPARQLUpdateProcessor.update) == before
