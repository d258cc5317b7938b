"""Malformed SHACL shapes, through every command that runs SHACL (``validate`` and
``build --data``): one line on stderr, exit 2, naming the shapes file (and the line and
shape where they are known), no traceback, nothing written.

MALFORMED rows are shapes pySHACL would crash on (a traceback and exit 1 before) or
silently misread: bad Turtle, values of the wrong kind for a parameter, lists that are
not lists or loop, references to shapes no file defines, invalid regular expressions,
SPARQL that does not parse, and shapes pySHACL itself rejects while validating (its
ReportableRuntimeError, ConstraintLoadError, ShapeLoadError, KeyError, RuntimeError).
HANDLED rows are legal but awkward (recursive shapes, SHACL-JS, huge counts): they
validate without a crash and without a stray line on stderr.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from files_support import PAPER
from hostile_support import (
    assert_no_temp_files,
    assert_one_line_error,
    assert_unchanged,
    invoke,
    snapshot,
)

PROLOGUE = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/hostile#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
ex: sh:declare [ sh:prefix "ex" ; sh:namespace "https://example.org/hostile#"^^xsd:anyURI ] .
ex:S a sh:NodeShape ; sh:targetNode ex:x .
"""
DATA = '@prefix ex: <https://example.org/hostile#> .\nex:x ex:p 1 ; ex:q "abc" .\n'
P = "ex:S sh:property [ sh:path ex:p ; "  # a property shape on ex:S, to be closed with "] ."

#: (id, shapes Turtle after PROLOGUE, what the line says, the line it names)
MALFORMED = [
    ("not-turtle", "ex:S sh:minCount 1", "shapes.ttl", 8),
    ("undefined-prefix", "zz:T a sh:NodeShape .", "zz", 7),
    ("path-literal", 'ex:S sh:property [ sh:path "p" ; sh:minCount 1 ] .', "sh:path", 6),
    ("path-empty", "ex:S sh:property [ sh:path [] ; sh:minCount 1 ] .", "sh:path", 6),
    ("path-inverse-literal", 'ex:S sh:property [ sh:path [ sh:inversePath "p" ] ] .',
     "path", 6),
    ("two-paths", "ex:S sh:property [ sh:path ex:p , ex:q ; sh:minCount 1 ] .",
     "more than once", 6),
    ("min-count-text", P + 'sh:minCount "x" ] .', "sh:minCount", 6),
    ("min-count-negative", P + "sh:minCount -1 ] .", "sh:minCount", 6),
    ("min-count-decimal", P + "sh:minCount 1.5 ] .", "sh:minCount", 6),
    ("max-length-iri", P + "sh:maxLength ex:long ] .", "sh:maxLength", 6),
    ("qualified-count-text", "ex:Q a sh:NodeShape .\n" + P +
     'sh:qualifiedValueShape ex:Q ; sh:qualifiedMinCount "z" ] .', "sh:qualifiedMinCount",
     6),
    ("datatype-literal", P + 'sh:datatype "xsd:string" ] .', "sh:datatype", 6),
    ("class-literal", 'ex:S sh:class "Thing" .', "sh:class", 6),
    ("target-class-literal", 'ex:T a sh:NodeShape ; sh:targetClass "Thing" .',
     "sh:targetClass", 7),
    ("node-kind-unknown", "ex:S sh:nodeKind ex:Thing .", "sh:nodeKind", 6),
    ("closed-text", 'ex:S sh:closed "yes" .', "sh:closed", 6),
    ("severity-literal", 'ex:S sh:severity "bad" ; sh:class ex:Thing .', "sh:severity", 6),
    ("pattern-invalid", P + 'sh:pattern "(" ] .', "sh:pattern", 6),
    ("pattern-not-string", P + "sh:pattern ex:regex ] .", "sh:pattern", 6),
    ("in-not-a-list", "ex:S sh:in ex:values .", "sh:in", 6),
    ("in-looping-list", "ex:S sh:in ex:l . ex:l rdf:first 1 ; rdf:rest ex:l .", "loops", 7),
    ("or-empty", "ex:S sh:or () .", "sh:or", 6),
    ("or-looping-list", "ex:S sh:or ex:l . ex:l rdf:first ex:S ; rdf:rest ex:l .", "loops",
     7),
    ("path-looping-list", "ex:S sh:property [ sh:path ex:l ] . ex:l rdf:first ex:p ;"
     " rdf:rest ex:l .", "loops", 7),
    ("node-undefined", "ex:S sh:node ex:Nothing .", "no shapes file defines", 6),
    ("property-undefined", "ex:S sh:property ex:Nothing .", "no shapes file defines", 6),
    ("and-member-undefined", "ex:S sh:and ( ex:Nothing ) .", "no shapes file defines", 6),
    ("property-is-a-node-shape", "ex:S sh:property ex:N . ex:N a sh:NodeShape ;"
     " sh:class ex:Thing .", "PropertyShape", 6),
    ("sparql-syntax", 'ex:S sh:sparql [ sh:select "SELECT $this WHERE { " ] .', "syntax",
     7),
    ("sparql-unknown-prefix", 'ex:S sh:sparql [ sh:select "SELECT $this WHERE '
     '{ $this zz:p ?o }" ] .', "unknown prefix", 7),
    ("sparql-not-a-string", "ex:S sh:sparql [ sh:select ex:query ] .", "not a string", 6),
    ("sparql-update", 'ex:S sh:sparql [ sh:select "INSERT DATA { ex:x ex:p 2 }" ] .',
     "refused", 7),
    ("declare-incomplete", 'ex:S sh:sparql [ sh:prefixes ex:P ; sh:select "SELECT $this '
     'WHERE { }" ] . ex:P sh:declare [ sh:prefix "p" ] .', "sh:declare", 7),
    ("target-without-this", 'ex:T a sh:NodeShape ; sh:class ex:Thing ; sh:target '
     '[ a sh:SPARQLTarget ; sh:select "SELECT ?x WHERE { ?x ?p ?o }" ] .', "this", 7),
    ("rule-not-construct", 'ex:S sh:rule [ a sh:SPARQLRule ; sh:construct "SELECT * '
     'WHERE { }" ] .', "CONSTRUCT", 6),
    ("node-chain-too-deep", "ex:S sh:node ex:C0 .\n" + "".join(
        f"ex:C{i} a sh:NodeShape ; sh:node ex:C{i + 1} .\n" for i in range(60))
     + "ex:C60 a sh:NodeShape ; sh:class ex:Thing .", "too deep", 22),
    ("shape-after-blank-lines", '\n\nex:U a sh:NodeShape ;\n    sh:targetNode ex:x ;\n'
     '    sh:closed "no" .', "shape ex:U", 9),
    ("sparql-error-on-a-later-line", 'ex:S sh:sparql [ sh:select """\nSELECT $this\nWHERE {\n'
     '  $this ex:p ?o .\n  FILTER(?o >\n}""" ] .', "near 'FILTER", 11),
    ("triple-rule-incomplete", 'ex:S sh:rule [ a sh:TripleRule ; sh:subject "x" ] .',
     "sh:predicate", 6),
]

#: Legal but awkward shapes: validated without a crash or a stray line on stderr.
HANDLED = [
    ("node-self-recursive", "ex:S sh:node ex:S ."),
    ("mutually-recursive", "ex:S sh:property [ sh:path ex:p ; sh:node ex:R ] .\n"
     "ex:R a sh:NodeShape ; sh:property [ sh:path ex:p ; sh:node ex:S ] ."),
    ("javascript", 'ex:S sh:js [ a sh:JSConstraint ; sh:jsFunctionName "f" ; '
     'sh:jsLibrary [ sh:jsLibraryURL "http://127.0.0.1:9/x.js"^^xsd:anyURI ] ] .'),
    ("huge-max-count", P + "sh:maxCount 99999999999999999999999999 ] ."),
    ("custom-severity", "ex:S sh:severity ex:Bad ; sh:class ex:Thing ."),
]


def _files(tmp_path: Path, turtle: str) -> tuple[Path, Path]:
    work = tmp_path / "work"
    work.mkdir()
    shapes, data = work / "shapes.ttl", work / "data.ttl"
    shapes.write_text(PROLOGUE + turtle + "\n", encoding="utf-8")
    data.write_text(DATA, encoding="utf-8")
    return shapes, data


def _assert_named(line: str, shapes: Path, says: str, number: int) -> None:
    assert re.search(rf"{re.escape(str(shapes))}:{number}(?!\d)", line), line
    assert says.lower() in line.lower(), line


CASES = [pytest.param(*row[1:], id=row[0]) for row in MALFORMED]


@pytest.mark.parametrize(("turtle", "says", "number"), CASES)
def test_validate_refuses_malformed_shapes(tmp_path: Path, turtle: str, says: str,
                                           number: int) -> None:
    shapes, data = _files(tmp_path, turtle)
    before = snapshot(tmp_path)
    line = assert_one_line_error(invoke(["validate", str(shapes), str(data)]), 2)
    _assert_named(line, shapes, says, number)
    assert_unchanged(before, tmp_path)


@pytest.mark.parametrize(("turtle", "says", "number"), CASES)
def test_build_refuses_malformed_shapes(tmp_path: Path, turtle: str, says: str,
                                        number: int) -> None:
    """The previous pack stays as it was, whether the shapes are refused before the
    build writes anything or by pySHACL in the worker, half way through."""
    shapes, data = _files(tmp_path, turtle)
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "notes.txt").write_text("the user's own notes\n", encoding="utf-8")
    before = snapshot(tmp_path)
    result = invoke(["build", "-o", str(pack), "--data", str(shapes), "--data", str(PAPER),
                     "--data", str(data)])
    line = assert_one_line_error(result, 2, stdout_empty=False)
    _assert_named(line, shapes, says, number)
    assert_unchanged(before, tmp_path)
    assert_no_temp_files(tmp_path)


@pytest.mark.parametrize("turtle", [pytest.param(row[1], id=row[0]) for row in HANDLED])
def test_awkward_shapes_validate_without_a_crash(tmp_path: Path, turtle: str) -> None:
    shapes, data = _files(tmp_path, turtle)
    result = invoke(["validate", str(shapes), str(data)])
    assert result.exit_code in (0, 1), result.output
    assert result.stderr == "", result.stderr
    assert "Traceback" not in result.stdout
