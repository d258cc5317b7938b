"""The shapes graph read into plain objects for :mod:`.shacl_native`.

Reads what SHACL Core and SHACL-SPARQL constraints say (targets, paths, parameters,
SPARQL constraints and targets, severities, messages) from the quads the loader kept.
Anything the native engine does not evaluate the way pySHACL does raises
:class:`NotNative` with the reason, and validation falls back to pySHACL: SHACL rules
(``sh:rule``, which change the data before it is validated), custom constraint
components and target types, SHACL functions, node expressions, ``$shapesGraph`` and
``$currentShape``, and recursive shapes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from spr_graph.validation.shapes_locator import SH

__all__ = ["Term", "SH", "NotNative", "Shape", "SparqlConstraint", "read_shapes", "as_node"]
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#: An RDF term as shapes and data have them (the loader refuses RDF 1.2 triple terms).
Term = ox.NamedNode | ox.BlankNode | ox.Literal
_TYPE = ox.NamedNode(f"{RDF}type")
_FIRST, _REST, _NIL = (ox.NamedNode(f"{RDF}{n}") for n in ("first", "rest", "nil"))
VIOLATION = f"{SH}Violation"
#: Core constraint parameters the engine evaluates (``sh:property``, ``sh:sparql`` apart).
PARAMETERS = ("class", "datatype", "nodeKind", "minCount", "maxCount", "minExclusive",
              "minInclusive", "maxExclusive", "maxInclusive", "minLength", "maxLength",
              "pattern", "flags", "languageIn", "uniqueLang", "equals", "disjoint",
              "lessThan", "lessThanOrEquals", "in", "hasValue", "node", "not", "and", "or",
              "xone", "closed", "ignoredProperties", "qualifiedValueShape",
              "qualifiedMinCount", "qualifiedMaxCount", "qualifiedValueShapesDisjoint")
_LISTS = ("in", "languageIn", "ignoredProperties", "and", "or", "xone")
_TARGETS = ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf")
#: What the engine does not run natively, with the reason given for falling back.
_FOREIGN = {"rule": "SHACL rules (sh:rule)", "function": "SHACL functions",
            "ConstraintComponent": "custom constraint components",
            "SPARQLTargetType": "custom target types", "SPARQLFunction": "SHACL functions",
            "expression": "node expressions", "filterShape": "node expressions",
            "entailment": "sh:entailment"}
_SHAPE_VARIABLES = re.compile(r"[?$](?:shapesGraph|currentShape)\b")
_PATH_VARIABLE = re.compile(r"\$PATH\b")
#: How deep pySHACL follows shapes within shapes before it stops with an error.
_MAX_DEPTH = 14


def as_node(term: object) -> Term:
    """``term``, known to be a node: a query's bound variable or a quad's subject."""
    assert isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)), term
    return term


class NotNative(Exception):
    """The shapes use something only pySHACL runs (the message says what)."""


@dataclass(frozen=True)
class SparqlConstraint:
    """A ``sh:sparql`` constraint: its node, its SELECT (prefixes applied, ``$PATH``
    substituted) and its own messages."""

    node: Term
    select: str
    messages: tuple[str, ...]


@dataclass
class Shape:
    """A node shape (``path`` None) or property shape, with what it constrains."""

    node: Term
    path: str | None = None
    #: the ``sh:path`` value as the shapes graph has it (for ``sh:resultPath``)
    path_node: Term | None = None
    severity: str = VIOLATION
    messages: tuple[str, ...] = ()
    params: dict[str, list[Term]] = field(default_factory=dict)
    properties: list[Shape] = field(default_factory=list)
    sparql: list[SparqlConstraint] = field(default_factory=list)
    #: targets: (kind, value) with kind one of targetClass, ..., "sparql" (a SELECT)
    targets: list[tuple[str, Term | str]] = field(default_factory=list)
    deactivated: bool = False

    def one(self, name: str) -> Term | None:
        values = self.params.get(name) or []
        return values[0] if values else None


class ShapesGraph:
    """Random access to the shapes' triples (their union, as pySHACL reads them)."""

    def __init__(self, quads: Iterable[ox.Quad]) -> None:
        self.about: dict[Term, dict[str, list[Term]]] = {}
        for q in quads:
            subject, value = as_node(q.subject), as_node(q.object)
            values = self.about.setdefault(subject, {}).setdefault(q.predicate.value, [])
            if value not in values:
                values.append(value)

    def values(self, node: Term, predicate: str) -> list[Term]:
        return self.about.get(node, {}).get(predicate, [])

    def items(self, head: Term) -> list[Term]:
        """The members of an RDF list (shapes_check refused looping lists)."""
        out: list[Term] = []
        while head != _NIL and head in self.about:
            out.extend(self.values(head, _FIRST.value)[:1])
            head = (self.values(head, _REST.value) or [_NIL])[0]
        return out

    def subjects_with(self, predicate: str) -> Iterator[Term]:
        return (s for s, about in self.about.items() if predicate in about)


def _first(values: list[Term]) -> Term | None:
    return values[0] if values else None


def _text(term: Term | None) -> str:
    return term.value if isinstance(term, (ox.NamedNode, ox.Literal)) else ""


def sparql_path(g: ShapesGraph, node: Term) -> str:
    """A SHACL path as SPARQL 1.1 property path text."""
    if isinstance(node, ox.NamedNode):
        return f"<{node.value}>"
    if g.values(node, f"{RDF}first"):
        return "(" + "/".join(sparql_path(g, n) for n in g.items(node)) + ")"
    for name, template in (("inversePath", "^{}"), ("alternativePath", None),
                           ("zeroOrMorePath", "{}*"), ("oneOrMorePath", "{}+"),
                           ("zeroOrOnePath", "{}?")):
        value = g.values(node, SH + name)
        if not value:
            continue
        if template is None:
            return "(" + "|".join(sparql_path(g, n) for n in g.items(value[0])) + ")"
        return "(" + template.format(sparql_path(g, value[0])) + ")"
    raise NotNative("a sh:path that is not a SHACL path")


def _prefixes(g: ShapesGraph, node: Term, defaults: dict[str, str]) -> str:
    """PREFIX lines: rdflib's default bindings (pySHACL queries with them), then the
    ``sh:declare`` of each ``sh:prefixes`` node, as pySHACL applies them."""
    found = dict(defaults)
    for holder in g.values(node, SH + "prefixes"):
        for declared in g.values(holder, SH + "declare"):
            prefix = _text(_first(g.values(declared, SH + "prefix")))
            namespace = _text(_first(g.values(declared, SH + "namespace")))
            found[prefix] = namespace
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(found.items()))


def _messages(g: ShapesGraph, node: Term) -> tuple[str, ...]:
    return tuple(sorted(m.value for m in g.values(node, SH + "message")
                        if isinstance(m, ox.Literal)))


def _sparql_constraints(g: ShapesGraph, node: Term, path: str | None,
                        defaults: dict[str, str]) -> list[SparqlConstraint]:
    found = []
    for constraint in g.values(node, SH + "sparql"):
        if _text(_first(g.values(constraint, SH + "deactivated"))) == "true":
            continue
        selects = g.values(constraint, SH + "select")
        if len(selects) != 1 or g.values(constraint, SH + "ask"):
            raise NotNative("a sh:sparql constraint without exactly one sh:select")
        text = _text(selects[0])
        if _SHAPE_VARIABLES.search(text):
            raise NotNative("$shapesGraph or $currentShape in a SPARQL constraint")
        if _PATH_VARIABLE.search(text):
            if path is None:
                raise NotNative("$PATH in the SPARQL constraint of a node shape")
            text = _PATH_VARIABLE.sub(path, text)
        found.append(SparqlConstraint(constraint, _prefixes(g, constraint, defaults) + text,
                                      _messages(g, constraint)))
    return found


def _targets(g: ShapesGraph, node: Term, defaults: dict[str, str]
             ) -> list[tuple[str, Term | str]]:
    targets: list[tuple[str, Term | str]] = [
        (kind, value) for kind in _TARGETS for value in g.values(node, SH + kind)]
    if ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#Class") in g.values(node, _TYPE.value):
        targets.append(("targetClass", node))  # an implicit class target
    for target in g.values(node, SH + "target"):
        selects = g.values(target, SH + "select")
        if len(selects) != 1:
            raise NotNative("a sh:target that is not a SPARQL target with one sh:select")
        targets.append(("sparql", _prefixes(g, target, defaults) + _text(selects[0])))
    return targets


class Reader:
    """Builds :class:`Shape` objects, each once, refusing recursion."""

    def __init__(self, g: ShapesGraph, defaults: dict[str, str]) -> None:
        self.g = g
        self.defaults = defaults
        self.done: dict[Term, Shape] = {}
        self.reading: set[Term] = set()

    def shape(self, node: Term) -> Shape:
        if node in self.done:
            return self.done[node]
        if node in self.reading:
            raise NotNative("a recursive shape")
        if len(self.reading) >= _MAX_DEPTH:
            raise NotNative("shapes nested deeper than pySHACL validates")
        self.reading.add(node)
        g = self.g
        paths = g.values(node, SH + "path")
        path = sparql_path(g, paths[0]) if paths else None
        shape = Shape(node, path, paths[0] if paths else None,
                      _text(_first(g.values(node, SH + "severity"))) or VIOLATION,
                      _messages(g, node))
        for name in PARAMETERS:
            values = g.values(node, SH + name)
            if values:
                shape.params[name] = (g.items(values[0]) if name in _LISTS else values)
        for name in ("node", "not", "qualifiedValueShape"):
            for ref in shape.params.get(name, []):
                self.shape(ref)
        for name in ("and", "or", "xone"):
            for ref in shape.params.get(name, []):
                self.shape(ref)
        shape.properties = [self.shape(p) for p in g.values(node, SH + "property")]
        if any(p.path is None for p in shape.properties) or any(
                self.done[n].path is not None for n in shape.params.get("node", [])):
            # pySHACL refuses such shapes with an error that names them: let it
            raise NotNative("a property shape without sh:path, or sh:node naming one")
        shape.sparql = _sparql_constraints(g, node, path, self.defaults)
        shape.targets = _targets(g, node, self.defaults)
        shape.deactivated = _text(_first(g.values(node, SH + "deactivated"))) == "true"
        self.reading.discard(node)
        self.done[node] = shape
        return shape


def read_shapes(shapes: Sequence[tuple[Path, Sequence[ox.Quad]]],
                defaults: dict[str, str]) -> tuple[list[Shape], dict[Term, Shape]]:
    """The shapes that have targets (validation starts from them), in a stable order, and
    every shape read, by node.

    ``defaults`` are the prefixes a shape's SPARQL may use undeclared (pySHACL's rdflib
    binds them). Raises :class:`NotNative` for what only pySHACL runs.
    """
    g = ShapesGraph(q for _, quads in shapes for q in quads)
    for about in g.about.values():
        for predicate in about:
            name = predicate.removeprefix(SH)
            if predicate.startswith(SH) and name in _FOREIGN:
                raise NotNative(_FOREIGN[name])
        for kind in about.get(_TYPE.value, []):
            name = _text(kind).removeprefix(SH)
            if _text(kind).startswith(SH) and name in _FOREIGN:
                raise NotNative(_FOREIGN[name])
    reader = Reader(g, defaults)
    shapes_found = {s for kind in ("NodeShape", "PropertyShape")
                    for s, about in g.about.items()
                    if ox.NamedNode(SH + kind) in about.get(_TYPE.value, [])}
    shapes_found |= {s for kind in (*_TARGETS, "target") for s in g.subjects_with(SH + kind)}
    top = []
    for node in sorted(shapes_found, key=str):
        shape = reader.shape(node)
        if shape.targets and not shape.deactivated:
            top.append(shape)
    return top, reader.done
