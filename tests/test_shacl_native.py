"""The native SHACL engine (Oxigraph queries) gives pySHACL's findings.

Each case is a shapes file and data; both engines validate it and must find the same
things (severity, focus node, path, value, and the message when the shape writes one).
Real stores and real pySHACL: the cases cover every component the native engine runs,
the targets, SPARQL constraints and targets, nesting, and the fall-back to pySHACL for
what it does not run.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from spr_graph.cli import main
from spr_graph.core import resources
from spr_graph.papers.synth import synth_trig
from spr_graph.store.load import load
from spr_graph.validation.shapes_locator import ShapesError
from spr_graph.validation.validate import INFO, Finding, validate

PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""

DATA = PREFIXES + """
ex:Animal a rdfs:Class . ex:Dog rdfs:subClassOf ex:Animal .
ex:rex a ex:Dog ; ex:name "Rex"@en, "Rex"@en-GB, "Rexy"@en ; ex:age 5 ; ex:code "AB-12" ;
    ex:friend ex:tom, ex:nobody ; ex:colour ex:brown ; ex:born "2020-01-01"^^xsd:date ;
    ex:alias "Rex" ; ex:size "big" ; ex:part [ ex:name "paw" ] .
ex:tom a ex:Animal ; ex:name "Tom" ; ex:age "old" ; ex:code "x" ; ex:friend ex:rex ;
    ex:alias "Tom", "Tommy" ; ex:born "2021-13-01"^^xsd:date ; ex:size "big" .
ex:kit a ex:Animal ; ex:age -1 ; ex:code "ZZ-99" ; ex:name "Kit"@fr ; ex:size 3 .
"""

CASES = {
    "cardinality and values": """
ex:S a sh:NodeShape ; sh:targetClass ex:Animal ;
  sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:maxCount 2 ; sh:uniqueLang true ;
                sh:languageIn ("en" "fr") ] ;
  sh:property [ sh:path ex:age ; sh:datatype xsd:integer ; sh:minInclusive 0 ;
                sh:maxExclusive 20 ; sh:message "age {$this} is wrong: {?value}" ] ;
  sh:property [ sh:path ex:code ; sh:pattern "^[a-z]{2}-\\\\d+$" ; sh:flags "i" ;
                sh:minLength 3 ; sh:maxLength 5 ] ;
  sh:property [ sh:path ex:friend ; sh:class ex:Animal ; sh:nodeKind sh:IRI ] ;
  sh:property [ sh:path ex:born ; sh:datatype xsd:date ; sh:maxCount 1 ] ;
  sh:property [ sh:path ex:size ; sh:in ( "big" "small" ) ; sh:severity sh:Warning ] .
""",
    "logic and nesting": """
ex:Named a sh:NodeShape ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .
ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:age ;
  sh:or ( [ sh:path ex:age ; sh:datatype xsd:integer ] [ sh:path ex:colour ; sh:minCount 1 ] ) ;
  sh:xone ( ex:Named [ sh:path ex:alias ; sh:minCount 1 ] ) ;
  sh:not [ sh:path ex:code ; sh:hasValue "x" ] ;
  sh:property [ sh:path ex:friend ; sh:node ex:Named ; sh:message "friends have names" ] ;
  sh:property [ sh:path ex:part ; sh:node ex:Named ] ;
  sh:property [ sh:path ex:alias ; sh:disjoint ex:name ; sh:and ( [ sh:minLength 3 ]
                [ sh:maxLength 4 ] ) ] .
""",
    "paths and targets": """
ex:S a sh:NodeShape ; sh:targetNode ex:rex, ex:ghost ; sh:targetObjectsOf ex:friend ;
  sh:property [ sh:path ( ex:friend ex:age ) ; sh:minCount 2 ] ;
  sh:property [ sh:path [ sh:inversePath ex:friend ] ; sh:maxCount 1 ] ;
  sh:property [ sh:path [ sh:zeroOrMorePath ex:friend ] ; sh:maxCount 2 ] ;
  sh:property [ sh:path [ sh:alternativePath ( ex:alias ex:code ) ] ; sh:maxCount 2 ] ;
  sh:property [ sh:path [ sh:oneOrMorePath ex:friend ] ; sh:hasValue ex:rex ] .
ex:Animal2 a sh:NodeShape, rdfs:Class ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .
ex:tom a ex:Animal2 .
""",
    "closed, equals and deactivated": """
ex:S a sh:NodeShape ; sh:targetNode ex:kit ; sh:closed true ;
  sh:ignoredProperties ( rdf:type ) ;
  sh:property [ sh:path ex:age ] ; sh:property [ sh:path ex:code ; sh:equals ex:name ] .
ex:Off a sh:NodeShape ; sh:targetClass ex:Animal ; sh:deactivated true ;
  sh:property [ sh:path ex:name ; sh:minCount 9 ] .
""",
    "SPARQL constraints and targets": """
ex:decl sh:declare [ sh:prefix "ex" ; sh:namespace "https://example.org/"^^xsd:anyURI ] .
ex:S a sh:NodeShape ;
  sh:target [ a sh:SPARQLTarget ; sh:prefixes ex:decl ;
              sh:select "SELECT ?this WHERE { ?this ex:age ?age }" ] ;
  sh:sparql [ a sh:SPARQLConstraint ; sh:prefixes ex:decl ;
    sh:message "{$this} is {?age}, too young" ;
    sh:select "SELECT $this ?age WHERE { $this ex:age ?age . FILTER (?age < 1) }" ] ;
  sh:sparql [ a sh:SPARQLConstraint ; sh:prefixes ex:decl ;
    sh:select '''SELECT ?value WHERE { $this ex:friend ?value .
                  FILTER NOT EXISTS { ?value ex:age ?a } }''' ] ;
  sh:sparql [ a sh:SPARQLConstraint ; sh:prefixes ex:decl ; sh:message "noted {?note}" ;
    sh:select '''SELECT $this (CONCAT("%s { ", STR(?age)) AS ?note)
                  WHERE { $this ex:age ?age . FILTER (?age < 0) }''' ] ;
  sh:sparql [ a sh:SPARQLConstraint ; sh:prefixes ex:decl ; sh:deactivated true ;
    sh:select "SELECT $this WHERE { $this ?p ?o }" ] ;
  sh:property [ sh:path ex:alias ; sh:sparql [ a sh:SPARQLConstraint ; sh:prefixes ex:decl ;
    sh:message "alias {?value} also a name" ;
    sh:select '''SELECT DISTINCT $this ?value
                  WHERE { $this $PATH ?value . $this ex:name ?value }''' ] ] .
""",
}


def _validate(shapes: str, data: str, tmp_path: Path, engine: str) -> list[Finding]:
    (tmp_path / "shapes.ttl").write_text(PREFIXES + shapes, encoding="utf-8")
    (tmp_path / "data.ttl").write_text(data, encoding="utf-8")
    loaded = load([tmp_path / "shapes.ttl", tmp_path / "data.ttl"])
    return [f for f in validate(loaded, engine=engine).findings if f.check == "shacl"]


def _key(f: Finding, with_message: bool) -> tuple[object, ...]:
    return (f.severity, f.focus, f.path, f.value, f.message if with_message else None)


@pytest.mark.parametrize("case", sorted(CASES))
def test_native_finds_what_pyshacl_finds(case: str, tmp_path: Path) -> None:
    native = _validate(CASES[case], DATA, tmp_path, "native")
    reference = _validate(CASES[case], DATA, tmp_path, "pyshacl")
    assert native, "the case finds nothing: it tests nothing"
    assert not [f for f in native if f.severity == INFO], [f.describe() for f in native]
    # Where the shape writes its message both engines give it; pySHACL's generic
    # messages render nodes its own way, so they are compared without the text.
    messaged = {f.message for f in native} & {f.message for f in reference}
    assert sorted({_key(f, f.message in messaged) for f in native}, key=str) == \
        sorted({_key(f, f.message in messaged) for f in reference}, key=str)


def test_messages_the_shapes_write_are_filled_in(tmp_path: Path) -> None:
    messages = {f.message for f in _validate(CASES["SPARQL constraints and targets"], DATA,
                                             tmp_path, "native")}
    assert "https://example.org/kit is -1, too young" in messages
    assert "noted %s { -1" in messages  # the query's own text, braces and all
    assert "alias Rex also a name" not in messages  # "Rex" and "Rex"@en differ


def test_a_triple_in_two_graphs_counts_once(tmp_path: Path) -> None:
    (tmp_path / "shapes.ttl").write_text(PREFIXES + """
ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:maxCount 1 ] .
""", encoding="utf-8")
    (tmp_path / "data.trig").write_text(PREFIXES + """
ex:g1 { ex:a ex:p "one" . } ex:g2 { ex:a ex:p "one" . }
""", encoding="utf-8")
    loaded = load([tmp_path / "shapes.ttl", tmp_path / "data.trig"])
    assert not [f for f in validate(loaded, engine="native").findings if f.check == "shacl"]


FOREIGN = {
    "a SHACL rule": """
ex:S a sh:NodeShape ; sh:targetClass ex:Animal ;
  sh:rule [ a sh:TripleRule ; sh:subject sh:this ; sh:predicate ex:seen ; sh:object true ] ;
  sh:property [ sh:path ex:seen ; sh:minCount 1 ] .
""",
    "an aggregate that counts per graph": """
ex:S a sh:NodeShape ; sh:targetClass ex:Animal ; sh:sparql [ a sh:SPARQLConstraint ;
  sh:select '''SELECT $this WHERE {
    { SELECT $this (COUNT(*) AS ?n) WHERE { $this ?p ?o } GROUP BY $this } FILTER (?n > 8) }''' ] .
""",
    "a qualified value shape": """
ex:S a sh:NodeShape ; sh:targetClass ex:Animal ; sh:property [ sh:path ex:friend ;
  sh:qualifiedValueShape [ sh:class ex:Dog ] ; sh:qualifiedMinCount 1 ] .
""",
}


@pytest.mark.parametrize("case", sorted(FOREIGN))
def test_what_only_pyshacl_runs_falls_back_with_a_note(case: str, tmp_path: Path) -> None:
    auto = _validate(FOREIGN[case], DATA, tmp_path, "auto")
    reference = _validate(FOREIGN[case], DATA, tmp_path, "pyshacl")
    notes = [f.message for f in auto if f.severity == INFO]
    assert any("validated with pySHACL" in n for n in notes), notes
    assert [f for f in auto if f.severity != INFO] == \
        [f for f in reference if f.severity != INFO]
    with pytest.raises(ShapesError, match="cannot be run natively"):
        _validate(FOREIGN[case], DATA, tmp_path, "native")


def test_the_bundled_data_gives_the_same_findings() -> None:
    loaded = load()
    native = validate(loaded, engine="native").findings
    assert native == validate(loaded, engine="pyshacl").findings
    assert native == validate(loaded).findings
    assert any("no named connectivity" in f.message for f in native)


def test_a_national_store_gives_the_same_findings(tmp_path: Path) -> None:
    path = tmp_path / "national.trig"
    path.write_text(synth_trig(43, seed=3, years=1), encoding="utf-8")
    loaded = load([resources.ontology_file(), resources.shapes_file(), path])
    native = validate(loaded, engine="native").findings
    assert len(native) > 10
    assert native == validate(loaded, engine="pyshacl").findings


CONNECTIVITY = """@prefix spr: <https://w3id.org/spr-graph/def/spr#> .
@prefix thr15: <https://w3id.org/spr-graph/id/threat/2015/> .
@prefix c5: <https://w3id.org/spr-graph/id/five-c/> .
@prefix scheme: <https://w3id.org/spr-graph/id/scheme/> .
@prefix ex: <https://example.org/> .
@prefix org: <http://www.w3.org/ns/org#> .
ex:doc1 spr:force ex:f1 ; spr:edition scheme:spr-2015 .
ex:doc2 spr:force ex:f2 ; spr:edition scheme:spr-2015 .
ex:unit1 org:unitOf ex:f1 . ex:joint org:subOrganizationOf ex:f1, ex:f2 .
ex:s1 spr:threat thr15:terrorism ; spr:fiveC c5:connectivity ; spr:partner ex:unit1 .
ex:s2 spr:threat thr15:public-order ; spr:fiveC c5:connectivity ; spr:partner ex:joint .
ex:s3 spr:threat thr15:civil-emergencies ; spr:fiveC c5:connectivity ; spr:partner ex:f2 .
ex:s4 spr:threat thr15:child-sexual-abuse ; spr:fiveC c5:capability ; spr:partner ex:nca .
"""


def test_named_connectivity_means_outside_some_force_in_both_engines(tmp_path: Path) -> None:
    """The reviewers' check, rewritten to run once over a national store, still means
    what it meant: a partner counts when some force of the papers neither is it nor
    contains it."""
    path = tmp_path / "data.ttl"
    path.write_text(CONNECTIVITY, encoding="utf-8")
    loaded = load([resources.ontology_file(), resources.shapes_file(), path])
    found = {}
    for engine in ("native", "pyshacl"):
        found[engine] = sorted((f.focus or "").rsplit("/", 1)[-1]
                               for f in validate(loaded, engine=engine).findings
                               if "no named connectivity" in f.message)
    assert found["native"] == found["pyshacl"]
    assert found["native"] == ["child-sexual-abuse", "national-cyber-security-incident",
                               "public-order", "serious-organised-crime"]


def test_the_cli_chooses_the_engine(tmp_path: Path) -> None:
    runner = CliRunner()
    outputs = {}
    for engine in ("auto", "native", "pyshacl"):
        result = runner.invoke(main, ["validate", "--format", "json", "--shacl-engine", engine])
        assert result.exit_code == 0, result.output
        outputs[engine] = json.loads(result.output)["findings"]
    assert outputs["auto"] == outputs["native"] == outputs["pyshacl"]
    (tmp_path / "shapes.ttl").write_text(PREFIXES + FOREIGN["a SHACL rule"], encoding="utf-8")
    (tmp_path / "data.ttl").write_text(DATA, encoding="utf-8")
    result = runner.invoke(main, ["validate", "--shacl-engine", "native",
                                  str(tmp_path / "shapes.ttl"), str(tmp_path / "data.ttl")])
    assert result.exit_code == 2
    assert "cannot be run natively: they use SHACL rules" in result.output
    assert "Traceback" not in result.output


def test_a_persistent_store_is_validated_where_it_is(tmp_path: Path) -> None:
    runner = CliRunner()
    store = tmp_path / "store"
    assert runner.invoke(main, ["push", "--db", str(store)]).exit_code == 0
    from_files = runner.invoke(main, ["validate", "--format", "json"])
    from_store = runner.invoke(main, ["validate", "--db", str(store), "--format", "json"])
    assert from_store.exit_code == from_files.exit_code == 0, from_store.output
    assert json.loads(from_store.output)["findings"] == json.loads(from_files.output)["findings"]
    assert json.loads(from_store.output)["files"][0] == str(store)
    data = tmp_path / "data.ttl"
    data.write_text(DATA, encoding="utf-8")
    refused = runner.invoke(main, ["validate", "--db", str(store), str(data)])
    assert refused.exit_code == 2
    assert "declares no SHACL shapes" in refused.output
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(PREFIXES + "ex:S a sh:NodeShape ; sh:targetNode ex:nothing ; "
                      "sh:property [ sh:path ex:p ; sh:minCount 1 ] .", encoding="utf-8")
    own = runner.invoke(main, ["validate", "--db", str(store), str(shapes)])
    assert own.exit_code == 1
    assert "Less than 1 values" in own.output
