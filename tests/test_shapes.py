"""One valid and one invalid fixture per SHACL shape (tests/data/shapes/NAME.{valid,invalid}.ttl).

An invalid fixture names the message it must produce in a ``# expect:`` line. Its valid
twin must produce no violation at all and nothing carrying that message.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from spr_graph.core import resources
from spr_graph.store.load import load
from spr_graph.validation.validate import VIOLATION, Context, Finding, shacl_checks

SHAPES_DIR = Path(__file__).parent / "data" / "shapes"
SHP = "https://w3id.org/spr-graph/def/shapes#"


def _shape_names() -> list[str]:
    shapes = Graph().parse(resources.shapes_file())
    return sorted(str(s)[len(SHP):] for s in shapes.subjects(RDF.type, SH.NodeShape)
                  if isinstance(s, URIRef))


def _findings(fixture: Path, engine: str = "native") -> list[Finding]:
    loaded = load([resources.ontology_file(), resources.shapes_file(), fixture])
    return list(shacl_checks(loaded, Context(loaded.store), engine))


def _expected(name: str) -> str:
    text = (SHAPES_DIR / f"{name}.invalid.ttl").read_text(encoding="utf-8")
    match = re.search(r"^# expect: (.+)$", text, re.M)
    assert match, f"{name}.invalid.ttl has no '# expect:' line"
    return match.group(1)


def test_every_shape_has_both_fixtures() -> None:
    names = _shape_names()
    assert len(names) >= 20
    for name in names:
        assert (SHAPES_DIR / f"{name}.valid.ttl").is_file(), f"no valid fixture for {name}"
        assert (SHAPES_DIR / f"{name}.invalid.ttl").is_file(), f"no invalid fixture for {name}"


ENGINES = pytest.mark.parametrize("engine", ["native", "pyshacl"])


@ENGINES
@pytest.mark.parametrize("name", _shape_names())
def test_invalid_fixture_fails_with_expected_message(name: str, engine: str) -> None:
    expected = _expected(name)
    messages = [f.message for f in _findings(SHAPES_DIR / f"{name}.invalid.ttl", engine)]
    assert any(expected in m for m in messages), f"{name}: {expected!r} not in {messages}"


@ENGINES
@pytest.mark.parametrize("name", _shape_names())
def test_valid_fixture_passes(name: str, engine: str) -> None:
    expected = _expected(name)
    findings = _findings(SHAPES_DIR / f"{name}.valid.ttl", engine)
    assert not [f for f in findings if f.severity == VIOLATION], [f.describe() for f in findings]
    assert not [f for f in findings if expected in f.message]
