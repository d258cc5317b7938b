"""Files -> an Oxigraph store (fast, precise errors) and, on demand, an rdflib Dataset.

Each file is parsed by pyoxigraph, whose errors carry file, line and column. TriG and
N-Quads keep their named graphs; a Turtle, N-Triples or RDF/XML file goes into the
ontology graph when it declares an ``owl:Ontology`` and into the default graph otherwise.
SHACL shapes files (anything declaring a ``sh:NodeShape``) are kept apart: they describe
the data and are not part of it. RDF 1.2 triple terms are refused: rdflib, SHACL and the
graph projection have no place for them, and a paragraph graph already says where a fact
comes from.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from spr_graph.core import resources
from spr_graph.core.errors import InputError, Location, ParseError
from spr_graph.core.fs import os_error
from spr_graph.core.namespaces import ONTOLOGY_GRAPH

FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
}
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_OWL_ONTOLOGY = ox.NamedNode("http://www.w3.org/2002/07/owl#Ontology")
_DOUBLE_ANGLE = re.compile(rb"<<")
_SH_NODE_SHAPE = ox.NamedNode("http://www.w3.org/ns/shacl#NodeShape")
_SH_PROPERTY_SHAPE = ox.NamedNode("http://www.w3.org/ns/shacl#PropertyShape")


@dataclass
class Loaded:
    """What was read: the data store, the shapes files, and every file by role."""

    store: ox.Store
    data_files: list[Path] = field(default_factory=list)
    shapes: list[tuple[Path, list[ox.Quad]]] = field(default_factory=list)
    #: ``{str(path): SHA-256}`` of the bytes read from each file, when asked for
    #: (``load(..., digests=True)``): a file is read once, so it is hashed as it is read
    sha256: dict[str, str] = field(default_factory=dict)
    digests: bool = False
    #: Whether files go into the store by Oxigraph's bulk loader (``load(..., bulk=True)``)
    bulk: bool = False

    @property
    def shape_files(self) -> list[Path]:
        return [path for path, _ in self.shapes]


def rdf_format(path: Path) -> ox.RdfFormat:
    """The RDF format a file's name says (its suffix).

    Examples
    --------
    >>> rdf_format(Path("paper.trig"))
    <RdfFormat TriG>
    >>> rdf_format(Path("notes.txt"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    spr_graph.core.errors.InputError: notes.txt: unknown RDF file type '.txt' (use one of ...)
    """
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        if path.suffix:
            raise InputError(f"unknown RDF file type '{path.suffix}'", Location(str(path)),
                             f"use one of {known}") from None
        raise InputError("no file type: the RDF format is told by the file name's suffix",
                         Location(str(path)), f"give a file or named pipe whose name ends "
                         f"in one of {known} (standard input has none)") from None


def _check_bytes(path: Path, data: bytes, fmt: ox.RdfFormat) -> None:
    if data.startswith(b"\xef\xbb\xbf"):
        raise ParseError("file starts with a byte-order mark", Location(str(path), 1, 1),
                         "save it as UTF-8 without BOM")
    if fmt == ox.RdfFormat.RDF_XML and (b"<!DOCTYPE" in data or b"<!ENTITY" in data):
        raise ParseError("RDF/XML with a DOCTYPE or entity declarations is refused",
                         Location(str(path)), "entities can expand without bound or read "
                         "local files; remove the DOCTYPE")


def _read(path: Path, fmt: ox.RdfFormat) -> bytes:
    """The bytes of ``path``, read once: a named pipe or standard input cannot be read
    twice, so everything else (parsing, hashing) works from these bytes."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise os_error(exc, path, "read") from exc
    _check_bytes(path, data, fmt)
    return data


@contextmanager
def _syntax_errors(path: Path) -> Iterator[None]:
    """Turn pyoxigraph's parse errors into :class:`ParseError` with file:line:col."""
    try:
        yield
    except SyntaxError as exc:
        message = str(exc.msg if hasattr(exc, "msg") else exc)
        if "LoadDocumentCallback" in message:
            raise ParseError("JSON-LD refers to a remote @context, which is never fetched",
                             Location(str(path)), "inline the context") from exc
        message = message.split(": ", 1)[-1] if message.startswith("Parser error") else message
        hint = ("write absolute IRIs or declare @base" if "absolute IRI" in message
                else "fix the syntax and run again")
        raise ParseError(message, Location(str(path), exc.lineno, exc.offset), hint) from exc
    except ValueError as exc:
        raise ParseError(str(exc), Location(str(path)), "fix the file and run again") from exc


def parse_file(path: str | Path) -> list[ox.Quad]:
    """Every quad of one file; :class:`ParseError` with file:line:col on bad syntax."""
    path = Path(path)
    fmt = rdf_format(path)
    return _parse(path, _read(path, fmt), fmt)


def _parse(path: Path, data: bytes, fmt: ox.RdfFormat) -> list[ox.Quad]:
    with _syntax_errors(path):
        quads = list(ox.parse(data, format=fmt, path=None))
    if any(isinstance(q.object, ox.Triple) or isinstance(q.subject, ox.Triple) for q in quads):
        raise ParseError("RDF 1.2 triple terms (<<( )>>, << >>, {| |}, ~) are not supported",
                         _first_mark(path, data), "state the facts as plain triples in the "
                         "named graph of the paragraph they come from")
    return quads


def _may_hold_triple_terms(data: bytes) -> bool:
    """False when a Turtle-family file's bytes write no RDF 1.2 triple term or reifier:
    no ``<<``, ``{|`` or ``~``. (Single bytes are a memchr, and sre finds ``<<`` 2.5x
    faster than ``in`` among the ``<`` of every IRI: 30 ms for 1M quads in all.)"""
    return (b"~" in data or (b"|" in data and b"{|" in data)
            or _DOUBLE_ANGLE.search(data) is not None)


def _first_mark(path: Path, data: bytes) -> Location:
    """Where the first ``<<`` or ``{|`` is, else the first ``~`` after a space (an IRI
    may hold a ``~``, never a space), else the first ``~``: a file:line:col location."""
    found = [i for mark in (b"<<", b"{|") if (i := data.find(mark)) >= 0]
    if not found and (spaced := re.search(rb"\s~", data)):
        found = [spaced.start() + 1]
    if not found and (tilde := data.find(b"~")) >= 0:
        found = [tilde]
    if not found:
        return Location(str(path))
    offset = min(found)
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", "replace")) + 1
    return Location(str(path), data.count(b"\n", 0, offset) + 1, column)


def _cannot_hold_shapes(data: bytes) -> bool:
    """True when a file's bytes cannot name ``sh:NodeShape`` or ``sh:PropertyShape``.

    Either IRI needs ``Shape`` written out, unless an escape hides letters
    (``\\u``, ``\\U``) or a prefix declared on part of the name carries the rest, which
    shows as ``shacl`` not followed by ``#>``. So a file whose only ``shacl`` is the plain
    ``@prefix sh: <http://www.w3.org/ns/shacl#>`` and that never writes ``Shape`` is data
    for certain.
    """
    if b"Shape" in data or (b"\\" in data and (b"\\u" in data or b"\\U" in data)):
        return False  # (each test is one fast scan; the backslash one is memchr)
    return data.count(b"shacl") == data.count(b"shacl#>")


def _is_shapes(quads: Iterable[ox.Quad]) -> bool:
    return any(q.predicate == _RDF_TYPE and q.object in (_SH_NODE_SHAPE, _SH_PROPERTY_SHAPE)
               for q in quads)


def load(paths: Sequence[str | Path] | None = None, store: ox.Store | None = None,
         vocabulary: bool = True, digests: bool = False, bulk: bool = False) -> Loaded:
    """Read ``paths`` (default: the bundled ontology, shapes and data) into a store.

    Files given are data: unless they bring their own ``owl:Ontology`` or SHACL shapes,
    the bundled ontology and shapes are read too (``vocabulary``), so that labels,
    concept schemes (the threats, the 5 Cs) and checks apply to them as to the bundled
    data. Without them a national graph would have no threats to analyse.

    Each file is read once (a named pipe can be read only once); ``digests`` records
    the SHA-256 of what was read in :attr:`Loaded.sha256` (0.2 s per 100 MB, so only
    when asked: the evidence pack cites them).

    Parameters
    ----------
    paths : sequence of str or Path, optional
        The RDF files to read (their suffix tells the format).
    store : pyoxigraph.Store, optional
        The store to read into (default: a new one in memory).
    vocabulary : bool
        Whether to add the bundled ontology and shapes when the files bring none.
    digests : bool
        Whether to record the SHA-256 of each file read.
    bulk : bool
        Whether to write into ``store`` with Oxigraph's bulk loader (for a new on-disk
        store: no transaction, so a failed load leaves it half-filled; the checks and
        errors are the same).

    Returns
    -------
    Loaded
        The store and the files read, by role.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder, "units.ttl")
    ...     _ = path.write_text("@prefix org: <http://www.w3.org/ns/org#> .\\n"
    ...                         "<http://example.org/cid> org:unitOf <http://example.org/wmp> .")
    ...     loaded = load([path], vocabulary=False)
    >>> len(loaded.store), [p.name for p in loaded.data_files], loaded.shape_files
    (1, ['units.ttl'], [])
    """
    loaded = Loaded(store if store is not None else ox.Store(), digests=digests, bulk=bulk)
    for path in expand_folders(paths) if paths else resources.default_files():
        _load_file(loaded, path)
    if paths and vocabulary:
        if next(loaded.store.quads_for_pattern(None, _RDF_TYPE, _OWL_ONTOLOGY, None),
                None) is None:
            _load_file(loaded, resources.ontology_file())
        if not loaded.shapes:
            _load_file(loaded, resources.shapes_file())
    return loaded


def expand_folders(paths: Sequence[str | Path]) -> list[Path]:
    """``paths`` with each folder replaced by the RDF files directly in it, in name order
    (a paper folder made by ``spr-graph ingest``: its cleaned text and manifest are not
    RDF and are left out). A folder holding no RDF file is an :class:`InputError`.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     for name in ("provenance.trig", "draft.trig", "paper.txt"):
    ...         _ = Path(folder, name).write_text("", encoding="utf-8")
    ...     [p.name for p in expand_folders([folder])]
    ['draft.trig', 'provenance.trig']
    """
    found: list[Path] = []
    for path in map(Path, paths):
        if not path.is_dir():
            found.append(path)
            continue
        try:
            inside = sorted(p for p in path.iterdir()
                            if p.suffix.lower() in FORMATS and p.is_file())
        except OSError as exc:
            raise os_error(exc, path, "read") from exc
        if not inside:
            raise InputError("a folder holding no RDF file", Location(str(path)),
                             "give RDF files (.trig, .ttl, .nq, ...) or a paper folder "
                             "made by spr-graph ingest")
        found.extend(inside)
    return found


def _load_file(loaded: Loaded, path: Path) -> None:
    fmt = rdf_format(path)
    data = _read(path, fmt)
    if loaded.digests:
        loaded.sha256[str(path)] = hashlib.sha256(data).hexdigest()
    dataset = fmt in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS)
    if dataset and _cannot_hold_shapes(data) and not _may_hold_triple_terms(data):
        # The common case, a big dataset: parsed and stored by Oxigraph in one
        # transaction, without a Python object per quad (1.4x faster at 1M quads).
        with _syntax_errors(path):
            if loaded.bulk:
                loaded.store.bulk_load(data, format=fmt)
            else:
                loaded.store.load(data, format=fmt)
        loaded.data_files.append(path)
        return
    quads = _parse(path, data, fmt)
    if _is_shapes(quads):
        loaded.shapes.append((path, quads))
        return
    loaded.data_files.append(path)
    add = loaded.store.bulk_extend if loaded.bulk else loaded.store.extend
    if dataset:
        add(quads)
        return
    is_ontology = any(q.predicate == _RDF_TYPE and q.object == _OWL_ONTOLOGY for q in quads)
    graph = ox.NamedNode(ONTOLOGY_GRAPH) if is_ontology else ox.DefaultGraph()
    add(ox.Quad(q.subject, q.predicate, q.object, graph) for q in quads)
