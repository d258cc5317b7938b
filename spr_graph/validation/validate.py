"""Validation: SHACL shapes plus the dataset checks SHACL cannot express.

SHACL sees the union of all graphs. The dataset checks use the named graphs: every
assertion graph is derived from a paragraph that exists, every quote occurs verbatim in
that paragraph, no fact sits outside a paragraph graph, no ``spr:`` term is undeclared,
no term is invented in a reused namespace, and every typed literal is well formed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph as ox

from spr_graph.core.namespaces import shorten
from spr_graph.store.load import Loaded
from spr_graph.validation.findings import INFO, SEVERITY, VIOLATION, WARNING, Context, Finding

__all__ = ["ENGINES", "INFO", "VIOLATION", "WARNING", "Context", "Finding", "Validation",
           "fits_in_memory", "shacl_checks", "validate", "validate_store"]


@dataclass
class Validation:
    files: list[str]
    findings: list[Finding] = field(default_factory=list)
    quads: int = 0
    graphs: int = 0
    #: fact graphs by review state: curated, drafted (not yet reviewed), reviewed
    review: dict[str, int] = field(default_factory=dict)

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == VIOLATION]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    def conforms(self, strict: bool = False) -> bool:
        return not self.violations and not (strict and self.warnings)

    def as_dict(self) -> dict[str, object]:
        return {
            "files": self.files,
            "quads": self.quads,
            "graphs": self.graphs,
            "conforms": self.conforms(),
            "facts_by_review": self.review,
            "counts": {s: sum(1 for f in self.findings if f.severity == s)
                       for s in (VIOLATION, WARNING, INFO)},
            "findings": [asdict(f) | {"paragraphs": list(f.paragraphs)} for f in self.findings],
        }


#: How :func:`shacl_checks` runs the shapes: natively on Oxigraph when it can (falling
#: back to pySHACL, with a note saying why), always natively, or always with pySHACL.
ENGINES = ("auto", "native", "pyshacl")
#: One SHACL result: severity IRI, focus IRI, path IRI, message, value (None if absent).
Outcome = tuple[str, str | None, str | None, str, str | None]


def shacl_checks(loaded: Loaded, ctx: Context, engine: str = "auto") -> Iterable[Finding]:
    """Run the shapes over the union of all graphs with every shapes file.

    The shapes are checked first (:mod:`.shapes_check`: unsafe SPARQL and malformed
    shapes are refused with file and line). Then :mod:`.shacl_native` evaluates them
    with Oxigraph queries; shapes it cannot evaluate as pySHACL does (rules, custom
    components...) run in pySHACL, guarded (:mod:`.shacl_guard`: no SPARQL text reaches
    the network or the disk, ``owl:imports`` is never followed, any crash is one
    :class:`~spr_graph.validation.shapes_check.ShapesError`), with a note saying why.
    What is not followed or not run is reported as info.
    """
    from spr_graph.validation.shapes_check import check_shapes

    if not loaded.shapes:
        return
    notes = check_shapes(loaded.shapes, loaded.store)
    outcomes: list[Outcome] | None = None
    if engine != "pyshacl":
        outcomes, why = _native_outcomes(loaded)
        if outcomes is None:
            source = ", ".join(str(p) for p in loaded.shape_files)
            if engine == "native":
                from spr_graph.validation.shapes_locator import ShapesError

                raise ShapesError(f"the shapes cannot be run natively: they use {why}",
                                  hint="validate with the pySHACL engine")
            notes.append(f"{source}: validated with pySHACL (slower on big stores): the "
                         f"shapes use {why}")
    if outcomes is None:
        outcomes, run_notes = _pyshacl_outcomes(loaded)
        notes += run_notes
    for note in notes:
        yield ctx.finding(INFO, "shacl", note)
    for severity, focus, path, message, value in sorted(set(outcomes), key=str):
        yield ctx.finding(SEVERITY.get(severity, VIOLATION), "shacl", message, focus,
                          path=path, value=value)


def _native_outcomes(loaded: Loaded) -> tuple[list[Outcome] | None, str]:
    """The native engine's results, or None and why it cannot run these shapes."""
    from rdflib import Graph

    from spr_graph.validation.shacl_model import NotNative, read_shapes
    from spr_graph.validation.shacl_native import run

    defaults = {str(p): str(ns) for p, ns in Graph().namespaces()}
    try:
        top, every = read_shapes(loaded.shapes, defaults)
        results = run(loaded.store, top, every)
    except NotNative as exc:
        return None, str(exc)
    outcomes = []
    for r in results:
        focus = r.focus.value if isinstance(r.focus, ox.NamedNode) else None
        value = None if r.value is None or r.value == r.focus else r.value.value
        path = r.path.value if isinstance(r.path, ox.NamedNode) else None
        outcomes.append((r.severity, focus, path, min(r.messages), value))
    return outcomes, ""


def _pyshacl_outcomes(loaded: Loaded) -> tuple[list[Outcome], list[str]]:
    """pySHACL's results over an rdflib copy of the store, and its notes."""
    from rdflib import URIRef
    from rdflib.namespace import RDF, SH

    from spr_graph.store.rdflib_bridge import graph
    from spr_graph.validation.shacl_guard import validate_graphs

    data = graph(loaded.store.quads_for_pattern(None, None, None, None))
    shapes = graph(q for _, quads in loaded.shapes for q in quads)
    results, notes = validate_graphs(data, shapes, loaded.shapes)
    outcomes = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        value = results.value(result, SH.value)
        shape = results.value(result, SH.sourceShape)
        shape_name = shorten(str(shape)) if isinstance(shape, URIRef) else "a shape"
        outcomes.append((str(results.value(result, SH.resultSeverity)),
                         str(focus) if isinstance(focus, URIRef) else None,
                         str(path) if isinstance(path, URIRef) else None,
                         str(message or f"fails {shape_name}"),
                         str(value) if value is not None and value != focus else None))
    return outcomes, notes


def validate(loaded: Loaded, shacl: bool = True, engine: str = "auto") -> Validation:
    """Run every check over what :func:`spr_graph.store.load.load` read (``engine``: one
    of :data:`ENGINES`, how the SHACL shapes run)."""
    store = loaded.store
    ctx = Context(store)
    from spr_graph.graph.stats import review_states
    from spr_graph.store.select import store_select

    report = Validation([str(p) for p in [*loaded.data_files, *loaded.shape_files]],
                        quads=len(store), graphs=sum(1 for _ in store.named_graphs()),
                        review=review_states(store_select(store)))
    from spr_graph.validation.dataset import dataset_checks

    findings = list(dataset_checks(store, ctx))
    if shacl:
        findings.extend(shacl_checks(loaded, ctx, engine))
    order = {VIOLATION: 0, WARNING: 1, INFO: 2}
    # the whole finding breaks ties: the same order whatever the set's (hash-seeded) order
    report.findings = sorted(set(findings), key=lambda f: (
        order[f.severity], f.check, f.label or f.focus or "", f.message, f.focus or "",
        f.path or "", f.value or "", f.paragraphs))
    return report


#: What validating costs a quad of an in-memory store at most, the store's copy and the
#: checks' own reading included (865 bytes at 1M, 724 at 5M: docs/performance.md).
BYTES_PER_QUAD = 1024


def fits_in_memory(quads: int) -> bool:
    """Whether validating ``quads`` quads in memory takes at most half the memory
    available now (Linux's ``MemAvailable``; elsewhere the free pages, or half the
    physical memory where those are not known; False if none is known)."""
    import os

    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            fields = dict(line.split(":", 1) for line in handle)
        available = int(fields["MemAvailable"].split()[0]) * 1024
    except (OSError, KeyError, ValueError):
        available = 0
        for name, share in (("SC_AVPHYS_PAGES", 1), ("SC_PHYS_PAGES", 2)):
            try:
                available = os.sysconf(name) * os.sysconf("SC_PAGE_SIZE") // share
                break
            except (AttributeError, ValueError, OSError):
                continue
    return quads * BYTES_PER_QUAD <= available // 2


def validate_store(store: ox.Store, name: str, shapes: Sequence[str | Path] | None = None,
                   shacl: bool = True, engine: str = "auto",
                   in_memory: bool | None = None) -> Validation:
    """:func:`validate` for a store opened as it is (``--db``), with the ``shapes`` files
    (default: the bundled shapes); ``name`` says which store in the report.

    With ``in_memory`` (by default, when :func:`fits_in_memory`), the store's quads are
    first copied into an in-memory store in one streamed pass: each check's scans then
    cost what they cost from files, where over RocksDB they cost several times that.
    Otherwise the checks read the store where it is. The findings are the same.
    """
    from spr_graph.core import resources
    from spr_graph.core.errors import InputError
    from spr_graph.store.load import load

    read = load(list(shapes or [resources.shapes_file()]), vocabulary=False)
    if read.data_files:
        raise InputError(f"{read.data_files[0]}: declares no SHACL shapes",
                         hint="with a store, the files given are its shapes")
    if in_memory if in_memory is not None else fits_in_memory(len(store)):
        copy = ox.Store()
        copy.bulk_extend(store.quads_for_pattern(None, None, None, None))
        store = copy
    report = validate(Loaded(store, shapes=read.shapes), shacl, engine)
    report.files.insert(0, name)
    return report
