"""Validation: SHACL shapes plus the dataset checks SHACL cannot express.

SHACL sees the union of all graphs. The dataset checks use the named graphs: every
assertion graph is derived from a paragraph that exists, every quote occurs verbatim in
that paragraph, no fact sits outside a paragraph graph, no ``spr:`` term is undeclared,
no term is invented in a reused namespace, and every typed literal is well formed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

import pyoxigraph as ox

from spr_graph.core.namespaces import ONTOLOGY_GRAPH, PREFIXES, SPR, shorten
from spr_graph.papers.sourcetext import normalise
from spr_graph.store.load import Loaded
from spr_graph.store.select import store_select

VIOLATION, WARNING, INFO = "violation", "warning", "info"
#: pySHACL's result severities; SHACL allows others, and they fail like violations.
_SEVERITY = {f"http://www.w3.org/ns/shacl#{name}": severity for name, severity in
             (("Violation", VIOLATION), ("Warning", WARNING), ("Info", INFO))}
_REUSED = ("org", "prov", "skos", "time", "dcterms", "foaf", "rdf", "rdfs", "owl", "xsd")


@dataclass(frozen=True)
class Finding:
    """One problem: how bad, which check, what, about which node, from which paragraphs."""

    severity: str
    check: str
    message: str
    focus: str | None = None
    label: str | None = None
    paragraphs: tuple[int, ...] = ()
    path: str | None = None
    value: str | None = None

    def describe(self) -> str:
        where = f"{self.label} ({shorten(self.focus)})" if self.focus and self.label else (
            shorten(self.focus) if self.focus else "dataset")
        paras = f" [paragraph {', '.join(map(str, self.paragraphs))}]" if self.paragraphs else ""
        path = f" {shorten(self.path)}:" if self.path else ":"
        value = f" (value: {self.value})" if self.value else ""
        return f"{self.severity}: {where}{paras}{path} {self.message}{value}"


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


def _value(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    """The IRI, blank node id or lexical form of a term; RDF-star triple terms are unsupported."""
    assert not isinstance(term, ox.Triple), "the loader refuses RDF 1.2 triple terms"
    return term.value


class Context:
    """Labels and paragraph numbers of nodes, read once from the store."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        select = store_select(store)
        self.labels: dict[str, str] = {}
        for row in select("SELECT ?s ?l WHERE { ?s skos:prefLabel ?l }"):
            self.labels.setdefault(row["s"] or "", row["l"] or "")
        self.graph_paragraph: dict[str, int] = {}
        self.paragraph_text: dict[int, str] = {}
        self.graph_text: dict[str, str] = {}  # per graph: numbers repeat across papers
        for row in select(f"""
            SELECT ?g ?n ?text (GROUP_CONCAT(?note; separator=" ") AS ?notes) WHERE {{
              ?p a <{SPR.Paragraph}> ; <{SPR.paragraphNumber}> ?n ; <{SPR.text}> ?text .
              OPTIONAL {{ ?p <{SPR.footnote}> ?note }}
              OPTIONAL {{ ?g <http://www.w3.org/ns/prov#wasDerivedFrom> ?p }}
            }} GROUP BY ?g ?n ?text"""):
            number = int(row["n"] or 0)
            self.paragraph_text[number] = normalise(f"{row['text']} {row['notes'] or ''}")
            if row["g"] is not None:
                self.graph_paragraph[row["g"]] = number
                self.graph_text[row["g"]] = self.paragraph_text[number]
        self.node_paragraphs: dict[str, set[int]] = defaultdict(set)
        for q in store.quads_for_pattern(None, None, None, None):
            if isinstance(q.graph_name, ox.NamedNode) and isinstance(q.subject, ox.NamedNode):
                paragraph = self.graph_paragraph.get(q.graph_name.value)
                if paragraph is not None:
                    self.node_paragraphs[q.subject.value].add(paragraph)

    def finding(self, severity: str, check: str, message: str, focus: str | None = None,
                **extra: object) -> Finding:
        paragraphs = tuple(sorted(self.node_paragraphs.get(focus, ()))) if focus else ()
        return Finding(severity, check, message, focus, self.labels.get(focus or ""),
                       paragraphs, **extra)  # type: ignore[arg-type]


def _provenance_graphs(store: ox.Store) -> set[str]:
    rows = store_select(store)("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?p a spr:Paragraph } }")
    return {row["g"] or "" for row in rows}


def dataset_checks(store: ox.Store, ctx: Context) -> Iterable[Finding]:
    """The checks that need named graphs or the ontology, in a stable order."""
    provenance = _provenance_graphs(store)
    special = provenance | {ONTOLOGY_GRAPH}
    graphs = sorted(g.value for g in store.named_graphs() if g.value not in special)
    for g in graphs:
        if g not in ctx.graph_paragraph:
            yield ctx.finding(VIOLATION, "provenance",
                              f"graph {shorten(g)} is derived from no paragraph that exists "
                              "(add the paragraph to the source text and regenerate provenance)")
    default_count = sum(1 for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    if default_count:
        yield ctx.finding(VIOLATION, "provenance",
                          f"{default_count} triple(s) sit outside any paragraph graph; "
                          "put every fact in the graph of the paragraph it comes from")
    quote = ox.NamedNode(str(SPR.quote))
    for q in sorted(store.quads_for_pattern(None, quote, None, None), key=str):
        if not isinstance(q.graph_name, ox.NamedNode):
            continue
        number = ctx.graph_paragraph.get(q.graph_name.value)
        if number is None:
            continue
        if normalise(_value(q.object)) not in ctx.graph_text.get(q.graph_name.value, ""):
            yield ctx.finding(VIOLATION, "quote",
                              f"quote does not occur verbatim in paragraph {number}",
                              _value(q.subject), value=repr(_value(q.object)))
    yield from vocabulary_checks(store, ctx)
    yield from literal_checks(store, ctx)


def _declared(store: ox.Store) -> set[str]:
    rows = store_select(store)(
        f"SELECT DISTINCT ?s WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?s a ?type }} }}")
    return {row["s"] or "" for row in rows}


def _reused_namespaces() -> dict[str, object]:
    """rdflib's closed namespaces for the vocabularies we reuse: they know their terms."""
    from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

    spaces = {"org": ORG, "prov": PROV, "skos": SKOS, "time": TIME, "dcterms": DCTERMS,
              "foaf": FOAF, "rdf": RDF, "rdfs": RDFS, "owl": OWL, "xsd": XSD}
    return {PREFIXES[key]: spaces[key] for key in _REUSED}


def vocabulary_checks(store: ox.Store, ctx: Context) -> Iterable[Finding]:
    from rdflib import URIRef

    declared = _declared(store)
    reused = _reused_namespaces()
    first_use: dict[str, str | None] = {}
    for q in store.quads_for_pattern(None, None, None, None):
        if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value == ONTOLOGY_GRAPH:
            continue
        subject = q.subject.value if isinstance(q.subject, ox.NamedNode) else None
        for term in (q.subject, q.predicate, q.object):
            if isinstance(term, ox.NamedNode) and term.value not in first_use:
                first_use[term.value] = subject
    for iri in sorted(first_use):
        focus = first_use[iri]
        if iri.startswith(str(SPR)) and iri not in declared:
            yield ctx.finding(VIOLATION, "vocabulary",
                              f"{shorten(iri)} is not declared in the spr ontology "
                              "(use a declared term or add it to ontology/spr.ttl)", focus)
            continue
        for ns, namespace in reused.items():
            if iri.startswith(ns) and iri != ns and URIRef(iri) not in namespace:  # type: ignore[operator]
                yield ctx.finding(VIOLATION, "vocabulary",
                                  f"{shorten(iri)} is not a term of <{ns}> (invented term?)",
                                  focus)


def literal_checks(store: ox.Store, ctx: Context) -> Iterable[Finding]:
    """Typed literals whose lexical form is not valid for their XSD datatype."""
    from rdflib import Literal, URIRef

    for q in sorted(store.quads_for_pattern(None, None, None, None), key=str):
        o = q.object
        if isinstance(o, ox.Literal) and o.datatype.value.startswith(PREFIXES["xsd"]):
            lit = Literal(o.value, datatype=URIRef(o.datatype.value))
            if lit.ill_typed:
                yield ctx.finding(
                    VIOLATION, "datatype",
                    f"'{o.value}' is not a valid {shorten(o.datatype.value)}",
                    q.subject.value if isinstance(q.subject, ox.NamedNode) else None,
                    path=q.predicate.value)


def shacl_checks(loaded: Loaded, ctx: Context) -> Iterable[Finding]:
    """Run pySHACL over the union of all graphs with every shapes file.

    The shapes are checked first (:mod:`.shapes_check`: unsafe SPARQL and malformed
    shapes are refused with file and line) and pySHACL runs guarded (:mod:`.shacl_guard`:
    no SPARQL text reaches the network or the disk, ``owl:imports`` is never followed,
    any crash is one :class:`~spr_graph.validation.shapes_check.ShapesError`). What is not followed
    or not run is reported as info.
    """
    from rdflib import URIRef
    from rdflib.namespace import RDF, SH

    from spr_graph.store.rdflib_bridge import graph
    from spr_graph.validation.shacl_guard import validate_graphs
    from spr_graph.validation.shapes_check import check_shapes

    if not loaded.shapes:
        return
    notes = check_shapes(loaded.shapes, loaded.store)
    data = graph(loaded.store.quads_for_pattern(None, None, None, None))
    shapes = graph(q for _, quads in loaded.shapes for q in quads)
    results, run_notes = validate_graphs(data, shapes, loaded.shapes)
    for note in [*notes, *run_notes]:
        yield ctx.finding(INFO, "shacl", note)
    found = set()
    for result in results.subjects(RDF.type, SH.ValidationResult):
        severity = _SEVERITY.get(str(results.value(result, SH.resultSeverity)), VIOLATION)
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        value = results.value(result, SH.value)
        shape = results.value(result, SH.sourceShape)
        key = (severity, str(focus), str(path), str(message), str(value))
        if key in found:
            continue
        found.add(key)
        shape_name = shorten(str(shape)) if isinstance(shape, URIRef) else "a shape"
        yield ctx.finding(severity, "shacl", str(message or f"fails {shape_name}"),
                          str(focus) if isinstance(focus, URIRef) else None,
                          path=str(path) if isinstance(path, URIRef) else None,
                          value=str(value) if value is not None and value != focus else None)


def validate(loaded: Loaded, shacl: bool = True) -> Validation:
    """Run every check over what :func:`spr_graph.store.load.load` read."""
    store = loaded.store
    ctx = Context(store)
    from spr_graph.graph.stats import review_states
    from spr_graph.store.select import store_select

    report = Validation([str(p) for p in [*loaded.data_files, *loaded.shape_files]],
                        quads=len(store), graphs=sum(1 for _ in store.named_graphs()),
                        review=review_states(store_select(store)))
    findings = list(dataset_checks(store, ctx))
    if shacl:
        findings.extend(shacl_checks(loaded, ctx))
    order = {VIOLATION: 0, WARNING: 1, INFO: 2}
    report.findings = sorted(set(findings), key=lambda f: (order[f.severity], f.check,
                                                           f.label or f.focus or "", f.message))
    return report
