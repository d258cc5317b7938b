"""Loading files: dataset files go straight into the store, shapes files are kept apart."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from spr_graph.core import resources
from spr_graph.core.errors import ParseError
from spr_graph.core.namespaces import ONTOLOGY_GRAPH
from spr_graph.store.load import load, parse_file

SH = "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
EX = "@prefix ex: <https://example.org/> .\n"
DATA = EX + SH + "ex:g { ex:a ex:b ex:c . ex:a ex:note \"sh:NodeShap\" . }\n"

# Each spells sh:NodeShape or sh:PropertyShape a different way; all are shapes files.
SHAPES = {
    "prefixed.trig": EX + SH + "ex:g { ex:s a sh:NodeShape . }\n",
    "property.trig": EX + SH + "ex:g { ex:s a sh:PropertyShape . }\n",
    "full-iri.nq": "<https://example.org/s> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                   "<http://www.w3.org/ns/shacl#NodeShape> <https://example.org/g> .\n",
    "escaped.nq": "<https://example.org/s> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                  "<http://www.w3.org/ns/shacl#\\u004EodeShape> <https://example.org/g> .\n",
    "split-prefix.trig": EX + "@prefix n: <http://www.w3.org/ns/shacl#Node> .\n"
                         "ex:g { ex:s a n:Shape . }\n",
    "split-namespace.trig": EX + "@prefix s: <http://www.w3.org/ns/shacl> .\n"
                            "ex:g { ex:s a <http://www.w3.org/ns/shacl#NodeShape> . }\n",
}


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_dataset_declaring_the_shacl_prefix_is_data(tmp_path: Path) -> None:
    path = write(tmp_path, "data.trig", DATA)
    loaded = load([path], vocabulary=False)
    assert loaded.data_files == [path] and loaded.shapes == []
    assert len(loaded.store) == 2
    graph = ox.NamedNode("https://example.org/g")
    assert {q.graph_name for q in loaded.store.quads_for_pattern(None, None, None)} == {graph}


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_every_spelling_of_a_shape_class_is_recognised(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, name, SHAPES[name])
    loaded = load([path, write(tmp_path, "data.trig", DATA)], vocabulary=False)
    assert loaded.shape_files == [path]
    assert len(loaded.store) == 2  # only the data file's quads


def test_both_paths_read_the_same_quads(tmp_path: Path) -> None:
    plain = write(tmp_path, "plain.trig", EX + "ex:g { ex:a ex:b \"caf\u00e9\" , 1.5 , _:x . }\n")
    escaped = write(tmp_path, "escaped.trig",
                    EX + "ex:g { ex:a ex:b \"caf\\u00e9\" , 1.5 , _:x . }\n")
    fast = load([plain], vocabulary=False).store
    careful = load([escaped], vocabulary=False).store

    def ground(store: ox.Store) -> set[str]:
        return {str(q) for q in store.quads_for_pattern(None, None, None)
                if not isinstance(q.object, ox.BlankNode)}

    assert ground(fast) == ground(careful) and len(fast) == len(careful) == 3


@pytest.mark.parametrize("comment", ["", "# not a NodeShape\n"])
def test_a_syntax_error_names_line_and_column_on_either_path(tmp_path: Path,
                                                             comment: str) -> None:
    # A comment naming a shape class sends the file down the careful path.
    path = write(tmp_path, "broken.trig", comment + EX + "ex:g {\n  ex:a ex:b ;\n}\n")
    with pytest.raises(ParseError) as caught:
        load([path])
    where = caught.value.location
    assert where is not None
    assert (where.path, where.line, where.column) == (str(path), 3 + bool(comment), 13)


def test_a_failed_load_leaves_the_store_unchanged(tmp_path: Path) -> None:
    store = ox.Store()
    load([write(tmp_path, "good.trig", DATA)], store=store, vocabulary=False)
    with pytest.raises(ParseError):
        load([write(tmp_path, "bad.trig", EX + "ex:g { ex:x ex:y ex:z . ex:x ex:y")],
             store=store)
    assert len(store) == 2


def test_parse_file_still_returns_every_quad(tmp_path: Path) -> None:
    assert len(parse_file(write(tmp_path, "data.trig", DATA))) == 2


@pytest.mark.parametrize(("suffix", "text", "where"), [
    (".trig", "<urn:x:g> {\n  <urn:x:s> <urn:x:p> <<( <urn:x:a> <urn:x:b> <urn:x:c> )>> .\n}\n",
     "2:23"),
    (".trig", "<urn:x:g> {\n  << <urn:x:a> <urn:x:b> <urn:x:c> >> <urn:x:p> 1 .\n}\n", "2:3"),
    (".ttl", '<urn:x:a> <urn:x:b> <urn:x:c> {| <urn:x:p> "o" |} .\n', "1:31"),
    (".ttl", "<urn:x:~a> <urn:x:b> <urn:x:c> ~ <urn:x:r> .\n", "1:32"),
    (".nq", "<urn:x:s> <urn:x:p> <<( <urn:x:a> <urn:x:b> <urn:x:c> )>> <urn:x:g> .\n", "1:21"),
])
def test_rdf_1_2_triple_terms_are_refused_with_a_location(tmp_path: Path, suffix: str,
                                                          text: str, where: str) -> None:
    path = write(tmp_path, f"star{suffix}", text)
    for read in (lambda: load([path]), lambda: parse_file(path)):
        with pytest.raises(ParseError, match="triple terms .* are not supported") as caught:
            read()
        assert str(caught.value).startswith(f"{path}:{where}: RDF 1.2 triple terms")


def test_a_tilde_in_an_iri_is_plain_data(tmp_path: Path) -> None:
    path = write(tmp_path, "tilde.trig",
                 "<urn:x:g> { <http://example.org/~alice> <urn:x:p> 1 . }\n")
    assert len(load([path], vocabulary=False).store) == 1


def test_given_data_comes_with_the_bundled_vocabulary_unless_it_brings_its_own(
        tmp_path: Path) -> None:
    data = write(tmp_path, "data.trig", DATA)
    with_vocabulary = load([data])
    assert with_vocabulary.data_files == [data, resources.ontology_file()]
    assert with_vocabulary.shape_files == [resources.shapes_file()]
    assert with_vocabulary.store.contains_named_graph(ox.NamedNode(ONTOLOGY_GRAPH))
    assert len(with_vocabulary.store) == 2 + len(load([resources.ontology_file()],
                                                      vocabulary=False).store)
    own_ontology = write(tmp_path, "own.ttl",
                         EX + "ex:o a <http://www.w3.org/2002/07/owl#Ontology> .\n")
    own_shapes = write(tmp_path, "shapes.ttl",
                       EX + "ex:s a <http://www.w3.org/ns/shacl#NodeShape> .\n")
    theirs = load([data, own_ontology, own_shapes])
    assert theirs.data_files == [data, own_ontology]
    assert theirs.shape_files == [own_shapes]
    assert len(theirs.store) == 3


def test_digests_are_of_the_bytes_the_load_read(tmp_path: Path) -> None:
    """The digest the evidence pack cites is of the bytes parsed (a file is read once:
    named pipes are probed through every command in test_hostile_files.py)."""
    import hashlib

    path = write(tmp_path, "given.trig", DATA)
    loaded = load([path], digests=True)
    assert loaded.sha256[str(path)] == hashlib.sha256(DATA.encode()).hexdigest()
    assert str(resources.ontology_file()) in loaded.sha256
    assert load([path]).sha256 == {}


def test_a_folder_holding_no_rdf_file_is_an_input_error(tmp_path: Path) -> None:
    from spr_graph.core.errors import InputError

    path = tmp_path / "given.trig"
    path.mkdir()
    (path / "notes.txt").write_text("not RDF", encoding="utf-8")
    with pytest.raises(InputError, match="a folder holding no RDF file") as raised:
        load([path])
    assert str(raised.value).startswith(f"{path}: ")


def test_a_paper_folder_reads_its_rdf_files_in_name_order(tmp_path: Path) -> None:
    folder = tmp_path / "paper"
    folder.mkdir()
    (folder / "b.trig").write_text(DATA, encoding="utf-8")
    (folder / "manifest.json").write_text("{}", encoding="utf-8")
    loaded = load([folder])
    assert [p.name for p in loaded.data_files][0] == "b.trig"
    assert "manifest.json" not in [p.name for p in loaded.data_files]


@pytest.mark.parametrize(("make", "says"), [
    (lambda p: None, "No such file"),
    (lambda p: p.symlink_to(p.parent / "gone.trig"), "symbolic link to"),
], ids=["missing", "dangling-link"])
def test_a_file_that_cannot_be_read_is_an_input_error(tmp_path: Path, make: object,
                                                      says: str) -> None:
    from spr_graph.core.errors import InputError

    path = tmp_path / "given.trig"
    make(path)  # type: ignore[operator]
    with pytest.raises(InputError, match=says) as raised:
        load([path])
    assert str(raised.value).startswith(f"{path}: cannot read: ")
