"""Run pySHACL so that nothing in a shapes file can reach the network or the disk, or
end a command with a traceback.

:mod:`spr_graph.validation.shapes_check` refuses unsafe SPARQL where the shapes file writes it,
with a file and line. This module is the net under it, at the point where text runs:

- every SPARQL text pySHACL hands to rdflib while validating (as pySHACL assembled it:
  ``sh:prefixes`` prepended, ``$PATH`` substituted) first passes
  :func:`spr_graph.sparql.safety.check`, with the graph's prefixes applied;
- rdflib's ``SERVICE`` evaluation and SPARQL updates raise while validating, whatever
  the text, and ``FROM`` never loads a graph (``SPARQL_LOAD_GRAPHS`` is off);
- pySHACL runs with ``do_owl_imports=False`` (``owl:imports`` is never followed),
  ``js=False`` (no SHACL-JS, no ``sh:jsLibraryURL`` fetched), no inference and no extra
  ontology graph; the graphs are given as rdflib graphs, so pySHACL loads nothing;
- pySHACL's log lines on stderr are silenced and its warnings (a recursive shape)
  become notes; any exception it raises becomes a one-line :class:`ShapesError`
  naming the shapes file and, when the traceback shows it, the shape and line.
"""

from __future__ import annotations

import contextlib
import logging
import re
import threading
import warnings
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from spr_graph.core.errors import Location, QueryError, QueryRefused, SprGraphError
from spr_graph.validation.shapes_locator import Locator, ShapesError

_PATCHING = threading.Lock()
_PREFIX_NAME = re.compile(r"^(?:[A-Za-z][\w.-]*)?$")
_IRI_TEXT = re.compile(r'^[^<>"{}|^`\\\x00-\x20]*$')
_REFUSED_HINT = ("a shape may query only the data being validated: remove SERVICE, FROM, "
                 "LOAD and updates")


def _check_text(text: str, init_ns: Mapping[str, Any], source: str) -> None:
    """Refuse ``text`` as :func:`~spr_graph.sparql.safety.check` would a user's query."""
    from spr_graph.sparql.safety import check

    block = " ".join(f"PREFIX {p}: <{ns}>" for p, ns in sorted(
        (str(p), str(ns)) for p, ns in init_ns.items())
        if _PREFIX_NAME.match(p) and _IRI_TEXT.match(ns))
    try:
        check(f"{block}\n{text}", source=source)
    except QueryRefused as exc:
        raise ShapesError(f"a SPARQL query of the shapes is refused: {exc.message}",
                          Location(source), _REFUSED_HINT) from None
    except QueryError as exc:
        raise ShapesError(f"a SPARQL query of the shapes cannot be used: {exc.message}",
                          Location(source), "fix the shapes' queries") from None


@contextlib.contextmanager
def guarded_sparql(source: str) -> Iterator[None]:
    """While the block runs, rdflib checks, then translates once, each SPARQL text.

    pySHACL runs every SPARQL-based constraint once per focus node and rdflib parses the
    same text each time (about three quarters of validation time on the bundled data):
    the translations are kept for the block. The block holds a lock, so two validations
    in one process take turns rather than undo each other's patch.
    """
    import rdflib.plugins.sparql as rdflib_sparql
    from rdflib.plugins.sparql import evaluate, processor

    from spr_graph.sparql.safety import prepare_query

    prepared: dict[tuple[str, str | None, tuple[tuple[str, str], ...]], Any] = {}

    def query(self: Any, text: Any, initBindings: Any = None, initNs: Any = None,
              base: str | None = None, DEBUG: bool = False) -> Any:
        if isinstance(text, str):
            key = (text, base, tuple(sorted((k, str(v)) for k, v in (initNs or {}).items())))
            if key not in prepared:
                _check_text(text, initNs or {}, source)
                prepared[key] = prepare_query(text, initNs or {}, base)
            text = prepared[key]
        return original(self, text, initBindings or {}, initNs or {}, base, DEBUG)

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise ShapesError("a SPARQL query of the shapes tried to call another endpoint or "
                          "to update", Location(source), _REFUSED_HINT)

    with _PATCHING:
        original = processor.SPARQLProcessor.query
        saved = (original, processor.SPARQLUpdateProcessor.update, evaluate.evalServiceQuery)
        rdflib_sparql.SPARQL_LOAD_GRAPHS = False  # as spr_graph.sparql.engine: never reset
        processor.SPARQLProcessor.query = query  # type: ignore[method-assign, assignment]
        processor.SPARQLUpdateProcessor.update = refuse  # type: ignore[method-assign]
        evaluate.evalServiceQuery = refuse
        try:
            yield
        finally:
            processor.SPARQLProcessor.query = saved[0]  # type: ignore[method-assign]
            processor.SPARQLUpdateProcessor.update = saved[1]  # type: ignore[method-assign]
            evaluate.evalServiceQuery = saved[2]


@contextlib.contextmanager
def _quiet(notes: list[str], source: str) -> Iterator[None]:
    """pySHACL's logger writes to stderr and it warns about recursive shapes: library
    code never prints, so the log is dropped and each warning becomes a note."""
    log = logging.getLogger("pyshacl-validate")
    def drop(record: logging.LogRecord) -> bool:
        return False

    log.addFilter(drop)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield
    finally:
        log.removeFilter(drop)
    for warning in caught:
        line = str(warning.message).strip().split("\n", 1)[0]
        note = f"{source}: pySHACL: {line}"
        if line and note not in notes:
            notes.append(note)


def validate_graphs(data: Any, shapes: Any,
                    files: Sequence[tuple[Path, Sequence[ox.Quad]]]) -> tuple[Any, list[str]]:
    """pySHACL's results graph for ``data`` against ``shapes`` (rdflib graphs) and notes.

    ``files`` are the shapes files (path and quads) the shapes graph was made of; they
    name the file and shape in errors. Raises :class:`ShapesError`.
    """
    import pyshacl
    from rdflib import Graph

    source = ", ".join(str(path) for path, _ in files) or "the shapes"
    notes: list[str] = []
    with guarded_sparql(source), _quiet(notes, source):
        try:
            _, results, _ = pyshacl.validate(
                data, shacl_graph=shapes, ont_graph=None, inference="none", advanced=True,
                allow_warnings=True, abort_on_first=False, do_owl_imports=False, js=False)
        except (SprGraphError, MemoryError):
            raise
        except Exception as exc:  # pySHACL raises anything at all on a malformed shape
            raise shapes_error(exc, files) from exc
    if not isinstance(results, Graph):  # pySHACL answers ValidationFailure, not a report
        raise shapes_error(results, files)
    return results, notes


def shapes_error(exc: BaseException, files: Sequence[tuple[Path, Sequence[ox.Quad]]]
                 ) -> ShapesError:
    """One line for whatever pySHACL raised: the shape it was loading (found in the
    traceback), its file and line, pySHACL's own first line, and its spec link."""
    text = str(getattr(exc, "message", None) or exc or type(exc).__name__)
    first = text.strip().split("\n", 1)[0]
    if not isinstance(exc, ShapesError) and type(exc).__module__.split(".")[0] != "pyshacl":
        first = f"{type(exc).__name__}: {first}"
    link = getattr(exc, "link", None)
    hint = f"fix the shape; see {link}" if link else "fix the shape"
    node = _shape_in_traceback(exc)
    for path, quads in files:
        loc = Locator(path, quads)
        if node is not None and node in loc.about:
            return ShapesError(f"{loc.describe(node)}: pySHACL cannot use it: {first}",
                               loc.location(loc.node_line(node)), hint)
    where = Location(str(files[0][0])) if len(files) == 1 else None
    return ShapesError(f"the shapes cannot be used: pySHACL: {first}", where, hint)


def _shape_in_traceback(exc: BaseException) -> ox.NamedNode | ox.BlankNode | None:
    """The innermost pySHACL shape whose method (or whose constraint's) was running."""
    from pyshacl.shape import Shape
    from rdflib import BNode, URIRef

    found: Any = None
    tb = exc.__traceback__
    while tb is not None:
        owner = tb.tb_frame.f_locals.get("self")
        shape = owner if isinstance(owner, Shape) else getattr(owner, "shape", None)
        if isinstance(shape, Shape):
            found = shape.node
        tb = tb.tb_next
    if isinstance(found, URIRef):
        return ox.NamedNode(str(found))
    if isinstance(found, BNode):
        return ox.BlankNode(str(found))
    return None
