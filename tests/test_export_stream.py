"""TriG, N-Quads and JSON-LD exports written a graph at a time: the bytes of the whole
dataset serialised at once (``render.formats``), for the bundled data, blank nodes and
all."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import rdf_reference as reference
from click.testing import CliRunner

from spr_graph.cli import main
from spr_graph.core.namespaces import PREFIXES
from spr_graph.papers.synth import synth_trig
from spr_graph.store.dump import _curie, canonical_stream, dump, dump_all
from spr_graph.store.load import Loaded, load

WRITERS = (("trig", "trig", reference.trig), ("nquads", "nquads", reference.nquads),
           ("jsonld", "jsonld", reference.jsonld))


def _streamed(store: ox.Store, fmt: str) -> bytes:
    out = io.BytesIO()
    dump(store, out, fmt)
    return out.getvalue()


@pytest.mark.parametrize(("name", "fmt", "writer"), WRITERS)
def test_bundled_export_is_byte_identical_to_the_whole_dataset_at_once(
        runner: CliRunner, tmp_path: Path, bundled: Loaded, bundled_quads: list[ox.Quad],
        name: str, fmt: str, writer: object) -> None:
    expected = writer(reference.canonical_quads(bundled.store))  # type: ignore[operator]
    assert any(isinstance(q.subject, ox.BlankNode) for q in bundled_quads)  # relabelled
    target = tmp_path / f"dataset.{name}"
    result = runner.invoke(main, ["export", "--format", name, "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == expected
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temp file left
    to_stdout = runner.invoke(main, ["export", "--format", name])
    assert to_stdout.exit_code == 0, to_stdout.output
    assert to_stdout.stdout_bytes == expected


BLANKS = """
@prefix ex: <http://example.org/> .
ex:a ex:p [ ex:q "in the default graph" ] .
ex:g2 { _:x ex:p _:y . _:y ex:p _:x . ex:b ex:p ex:c . }
ex:g1 { _:z ex:p "one" ; ex:r [ ex:p "two" ] . ex:b ex:p "plain" . }
ex:g3 { ex:b ex:p "no blank node here" . }
"""


@pytest.mark.parametrize(("name", "fmt", "writer"), WRITERS)
def test_blank_nodes_across_graphs_get_the_labels_of_the_whole_dataset(
        name: str, fmt: str, writer: object) -> None:
    store = ox.Store()
    store.load(BLANKS.encode(), format=ox.RdfFormat.TRIG)
    expected = writer(reference.canonical_quads(store))  # type: ignore[operator]
    assert _streamed(store, fmt) == expected
    assert b"_:c14n" in expected


def test_blank_graph_names_are_canonicalised_whole() -> None:
    store = ox.Store()
    store.load(b'_:g { <http://e.org/a> <http://e.org/p> _:x . }\n'
               b'<http://e.org/h> { <http://e.org/a> <http://e.org/p> "1" . }',
               format=ox.RdfFormat.TRIG)
    for _, fmt, writer in WRITERS:
        assert _streamed(store, fmt) == writer(reference.canonical_quads(store))


def test_a_synthetic_national_graph_exports_the_same_bytes(tmp_path: Path) -> None:
    path = tmp_path / "national.trig"
    path.write_text(synth_trig(6, seed=2, years=2, density=2), encoding="utf-8")
    store = load([path]).store
    canonical = reference.canonical_quads(store)
    for _, fmt, writer in WRITERS:
        assert _streamed(store, fmt) == writer(canonical)


def test_an_empty_store_writes_nothing() -> None:
    assert _streamed(ox.Store(), "nquads") == b""


def test_a_bad_input_writes_nothing_and_names_line_and_column(runner: CliRunner,
                                                              tmp_path: Path) -> None:
    bad = tmp_path / "bad.trig"
    bad.write_text('<urn:g> { <urn:a> <urn:p> "x" .\n  <urn:a> <urn:p> oops . }\n',
                   encoding="utf-8")
    target = tmp_path / "out.nq"
    target.write_bytes(b"before")
    result = runner.invoke(main, ["export", "--format", "nquads", "--data", str(bad),
                                  "-o", str(target)])
    assert result.exit_code == 2
    assert f"{bad}:2:" in result.output
    assert target.read_bytes() == b"before"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.trig", "out.nq"]


def _compact(value: Any) -> Any:
    """The expanded document compacted with the project prefixes (the writer's
    reference: what it did before it wrote the text itself)."""
    if isinstance(value, list):
        return [_compact(item) for item in value]
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    for key, item in value.items():
        if key == "@id":
            out[key] = _curie(item)
        elif key == "@type":
            out[key] = [_curie(t) for t in item] if isinstance(item, list) else _curie(item)
        elif key.startswith("@"):
            out[key] = _compact(item)
        else:
            out[_curie(key)] = _compact(item)
    return out


def _whole_jsonld(quads: tuple[ox.Quad, ...]) -> bytes:
    """The JSON-LD document made at once: what the streamed one must equal, byte for byte."""
    expanded = json.loads(ox.serialize(quads, format=ox.RdfFormat.JSON_LD) or b"[]")
    document = {"@context": dict(PREFIXES), "@graph": _compact(expanded)}
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


ESCAPED = r'<http://e.org/a> <http://e.org/p> "x\n\"y\u00e9" .'
HOSTILE = (r'<http://e.org/a> <http://e.org/p> "<b>&amp; \'q\' \t\r\u0001\u001f\u2028'
           r'\u00e9\u6f22\U0001F600 \\ /"@en-GB . <http://e.org/a> <http://e.org/n> 1.5e0 .'
           r' <http://e.org/a> <http://e.org/n> "x"^^<http://e.org/t> .'
           r' <http://e.org/a> a <http://e.org/T> .')


@pytest.mark.parametrize("trig", [BLANKS, "", ESCAPED, HOSTILE])
def test_jsonld_written_a_graph_at_a_time_is_the_document_made_at_once(trig: str) -> None:
    store = ox.Store()
    store.load(trig.encode(), format=ox.RdfFormat.TRIG)
    canonical = reference.canonical_quads(store)
    assert _streamed(store, "jsonld") == _whole_jsonld(canonical.quads)


def test_bundled_jsonld_is_the_document_made_at_once(bundled: Loaded) -> None:
    canonical = reference.canonical_quads(bundled.store)
    assert _streamed(bundled.store, "jsonld") == _whole_jsonld(canonical.quads)


def test_one_graph_keeps_the_blank_node_labels_of_the_whole_dataset() -> None:
    store = ox.Store()
    store.load(BLANKS.encode(), format=ox.RdfFormat.TRIG)
    whole = list(canonical_stream(store))
    for name in ("http://example.org/g1", "http://example.org/g2", "http://example.org/none"):
        graph = ox.NamedNode(name)
        assert list(canonical_stream(store, graph)) == [q for q in whole
                                                         if q.graph_name == graph]


@pytest.mark.parametrize("years", [1, 2])
def test_synthetic_forces_jsonld_is_the_document_made_at_once(tmp_path: Path,
                                                              years: int) -> None:
    path = tmp_path / "forces.trig"
    path.write_text(synth_trig(5, seed=1, years=years), encoding="utf-8")
    store = load([path]).store
    assert _streamed(store, "jsonld") == \
        _whole_jsonld(reference.canonical_quads(store).quads)


def test_the_three_files_from_one_pass_are_the_bytes_of_each_dump(tmp_path: Path,
                                                                    bundled: Loaded) -> None:
    path = tmp_path / "national.trig"
    path.write_text(synth_trig(4, seed=3, years=2, density=2), encoding="utf-8")
    stores = [bundled.store, load([path]).store, ox.Store(), ox.Store(), ox.Store()]
    stores[3].load(BLANKS.encode(), format=ox.RdfFormat.TRIG)
    stores[4].load(b'_:g { <http://e.org/a> <http://e.org/p> _:x . }\n', format=ox.RdfFormat.TRIG)
    for store in stores:
        outs = io.BytesIO(), io.BytesIO(), io.BytesIO()
        dump_all(store, *outs)
        assert [o.getvalue() for o in outs] == [
            _streamed(store, fmt) for fmt in ("trig", "nquads", "jsonld")]
