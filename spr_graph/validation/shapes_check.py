"""Check SHACL shapes files before pySHACL reads them.

A shapes file is data, and data may be hostile. pySHACL runs the SPARQL text a shapes
file carries (constraints, SPARQL targets and target types, rules, functions, the
validators of constraint components) with rdflib, which calls ``SERVICE`` endpoints
with ``urlopen`` and loads ``FROM`` graphs from the web or the disk. So every such text
must pass :func:`spr_graph.sparql.safety.check`, the check that ``spr-graph query``
applies to a user's query, with the shapes' ``sh:declare`` prefixes applied, before any
of it runs; the first that does not is refused with the file, line and shape.

The mistakes that make pySHACL crash with a traceback, or skip a check without a word,
are refused here too with a location: an invalid ``sh:pattern``, an RDF list that loops,
a reference to a shape no file defines, a ``sh:namespace`` that is not an IRI, a
parameter with a value of the wrong kind (``sh:minCount "x"``, ``sh:datatype`` a
literal, ``sh:path`` a literal, ``sh:in`` not a list) or given twice (two ``sh:path``).

What is never followed, and only noted (:func:`check_shapes` returns the notes):
``owl:imports`` (spr-graph reads only the files it is given; pySHACL is run with
``do_owl_imports=False``) and SHACL-JS (``sh:js``; pySHACL is run with ``js=False``, so
no JavaScript runs and no ``sh:jsLibraryURL`` is fetched).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pyoxigraph as ox

from spr_graph.core.errors import QueryError, QueryRefused
from spr_graph.validation.shapes_locator import RDF_TYPE as _RDF_TYPE
from spr_graph.validation.shapes_locator import SH, Locator, ShapesError, Term

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_OWL_IMPORTS = ox.NamedNode("http://www.w3.org/2002/07/owl#imports")
_OWL_ONTOLOGY = ox.NamedNode("http://www.w3.org/2002/07/owl#Ontology")
_RDF_REST = ox.NamedNode(f"{_RDF}rest")
_RDF_FIRST = ox.NamedNode(f"{_RDF}first")
_RDF_NIL = ox.NamedNode(f"{_RDF}nil")
#: Predicates whose value pySHACL runs as SPARQL.
SPARQL_PREDICATES = tuple(ox.NamedNode(SH + name)
                          for name in ("select", "ask", "construct", "update"))
#: Predicates whose value is a shape, and those whose value is a list of shapes.
_SHAPE_REFS = tuple(ox.NamedNode(SH + n) for n in ("node", "property", "qualifiedValueShape",
                                                    "not"))
_SHAPE_LISTS = tuple(ox.NamedNode(SH + n) for n in ("and", "or", "xone"))
_JS = frozenset(SH + n for n in ("js", "jsLibrary", "jsLibraryURL", "jsFunctionName"))
_XSD = "http://www.w3.org/2001/XMLSchema#"
#: SHACL parameters and the kind of value each takes (pySHACL crashes on, or silently
#: misreads, any other).
_IRI_VALUED = ("class", "datatype", "targetClass", "targetSubjectsOf", "targetObjectsOf",
               "equals", "disjoint", "lessThan", "lessThanOrEquals", "severity", "nodeKind")
_COUNTS = ("minCount", "maxCount", "minLength", "maxLength", "qualifiedMinCount",
           "qualifiedMaxCount")
_FLAGS = ("closed", "deactivated", "uniqueLang", "qualifiedValueShapesDisjoint")
_LISTS = ("in", "languageIn", "ignoredProperties", "and", "or", "xone")
#: Parameters SHACL allows at most once per shape.
_SINGLE = ("path", "minCount", "maxCount", "minLength", "maxLength", "datatype", "nodeKind",
           "flags", "qualifiedMinCount", "qualifiedMaxCount", "uniqueLang", "severity",
           "deactivated")
_NODE_KINDS = frozenset(SH + n for n in ("IRI", "BlankNode", "Literal", "BlankNodeOrIRI",
                                         "BlankNodeOrLiteral", "IRIOrLiteral"))
_INTEGERS = frozenset(_XSD + n for n in (
    "integer", "nonNegativeInteger", "positiveInteger", "int", "long", "short", "byte",
    "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte"))
_PREFIX_NAME = re.compile(r"^(?:[A-Za-z][\w.-]*[\w-])?$|^[A-Za-z]$")
_IRI_TEXT = re.compile(r'^[A-Za-z][\w+.-]*:[^<>"{}|^`\\\x00-\x20]*$')



def check_shapes(shapes: Sequence[tuple[Path, Sequence[ox.Quad]]],
                 store: ox.Store | None = None) -> list[str]:
    """Refuse unsafe or malformed shapes (:class:`ShapesError`); return notes about
    what is not followed (``owl:imports``) or not run (SHACL-JS), one line each."""
    locators = [Locator(path, quads) for path, quads in shapes]
    defined = {s for loc in locators for s in loc.about}
    prefixes = _declared_prefixes(locators)
    notes: list[str] = []
    for loc in locators:
        _check_parameters(loc)
        _check_lists(loc)
        _check_references(loc, defined)
        _check_patterns(loc)
        _check_queries(loc, prefixes)
        notes.extend(_js_notes(loc))
    notes.extend(_import_notes(locators, store))
    return notes


def _declared_prefixes(locators: Iterable[Locator]) -> dict[str, str]:
    """rdflib's own prefixes (pySHACL's queries see them) and every ``sh:declare``.

    The names and IRIs are checked: pySHACL splices them into query text, so an IRI
    holding ``>`` could otherwise write query text of its own.
    """
    from rdflib import Graph

    declared = {str(p): str(ns) for p, ns in Graph().namespaces()}
    declare = ox.NamedNode(SH + "declare")
    prefix, namespace = ox.NamedNode(SH + "prefix"), ox.NamedNode(SH + "namespace")
    for loc in locators:
        for q in loc.quads:
            if q.predicate != declare:
                continue
            names, iris = loc.values(q.object, prefix), loc.values(q.object, namespace)
            p, ns = (names[0] if names else None), (iris[0] if iris else None)
            if len(names) != 1 or len(iris) != 1 or not isinstance(p, ox.Literal) \
                    or not isinstance(ns, ox.Literal) or not _PREFIX_NAME.match(p.value) \
                    or not _IRI_TEXT.match(ns.value):
                raise ShapesError(
                    f"{loc.describe(q.subject)}: each sh:declare needs one sh:prefix (a "
                    "prefix name) and one sh:namespace (an absolute IRI)",
                    loc.location(loc.node_line(q.subject)), "fix the prefix declaration")
            declared[p.value] = ns.value
    return declared


def _check_queries(loc: Locator, prefixes: dict[str, str]) -> None:
    """Every SPARQL text passes the safety check of a user's query, prefixes applied
    (on a line of their own before the text, so line numbers shift by exactly one)."""
    from spr_graph.sparql.safety import check

    block = " ".join(f"PREFIX {p}: <{ns}>" for p, ns in sorted(prefixes.items())) + "\n"
    for q in loc.quads:
        if q.predicate not in SPARQL_PREDICATES:
            continue
        what = f"{loc.describe(q.subject)}: its {loc.name(q.predicate)}"
        if not isinstance(q.object, ox.Literal):
            raise ShapesError(f"{what} is not a string holding a SPARQL query",
                              loc.location(loc.node_line(q.subject)),
                              "write the query as a string literal")
        text = q.object.value
        try:
            check(block + text, source=str(loc.path))
        except QueryRefused as exc:
            raise ShapesError(f"{what} query is refused: {exc.message}",
                              loc.location(loc.literal_line(q.subject, text)),
                              "a shape may query only the data being validated: remove "
                              "SERVICE, FROM, LOAD and updates") from None
        except QueryError as exc:
            line = exc.location.line if exc.location and exc.location.line else 2
            raise ShapesError(f"{what} query cannot be used: {exc.message}",
                              loc.location(loc.literal_line(q.subject, text, line - 1)),
                              "fix the query") from None


def _check_patterns(loc: Locator) -> None:
    """``sh:pattern`` must compile (pySHACL would crash on the first value it tests)."""
    pattern, flags = ox.NamedNode(SH + "pattern"), ox.NamedNode(SH + "flags")
    for q in loc.quads:
        if q.predicate != pattern:
            continue
        given = "".join(f.value.lower() for f in loc.values(q.subject, flags)
                        if isinstance(f, ox.Literal))
        mode = (re.I if "i" in given else 0) | (re.M if "m" in given else 0)
        try:
            if not isinstance(q.object, ox.Literal):
                raise re.error("it is not a string")
            re.compile(q.object.value, mode)
        except re.error as exc:
            raise ShapesError(f"{loc.describe(q.subject)}: sh:pattern is not a valid regular "
                              f"expression ({exc})", loc.location(loc.node_line(q.subject)),
                              "fix the pattern") from None


def _parameter_problem(name: str, value: Term) -> str | None:
    """What is wrong with ``value`` for the SHACL parameter ``sh:name``, if anything."""
    if name == "path":
        return None if isinstance(value, ox.NamedNode | ox.BlankNode) else \
            "must be an IRI or a path expression, not a literal"
    if name in _IRI_VALUED:
        if not isinstance(value, ox.NamedNode):
            return "must be an IRI"
        if name == "nodeKind" and value.value not in _NODE_KINDS:
            return "must be one of sh:IRI, sh:BlankNode, sh:Literal and their unions"
    if name in _COUNTS and not (isinstance(value, ox.Literal) and value.datatype.value
                                in _INTEGERS and value.value.strip().isdigit()):
        return "must be a whole number (0 or more)"
    if name in _FLAGS and not (isinstance(value, ox.Literal) and value.value in
                               ("true", "false", "1", "0")
                               and value.datatype.value == _XSD + "boolean"):
        return "must be true or false"
    if name in _LISTS and not isinstance(value, ox.NamedNode | ox.BlankNode):
        return "must be a list, written ( ... )"
    if name in ("and", "or", "xone") and value == _RDF_NIL:
        return "must list at least one shape"
    return None


def _check_parameters(loc: Locator) -> None:
    """Each SHACL parameter has a value of the kind it takes, and no more than one where
    SHACL allows one: refused with the shape and line rather than crashing pySHACL."""
    for subject, pairs in loc.about.items():
        for predicate, value in pairs:
            name = predicate.value[len(SH):] if predicate.value.startswith(SH) else ""
            problem = _parameter_problem(name, value) if name else None
            if problem is None and name in _LISTS and value != _RDF_NIL \
                    and not (loc.values(value, _RDF_FIRST) and loc.values(value, _RDF_REST)):
                problem = "must be a list, written ( ... )"
            if problem is None and name in _SINGLE and len(loc.values(subject, predicate)) > 1:
                problem = "is given more than once"
            if problem is not None:
                raise ShapesError(f"{loc.describe(subject)}: sh:{name} {problem}",
                                  loc.location(loc.node_line(subject)), "fix the shape")


def _check_lists(loc: Locator) -> None:
    """An RDF list must end at ``rdf:nil``: a loop would crash pySHACL. (Each node is
    walked once: nodes known to reach the end are remembered.)"""
    rest: dict[Term, Term] = {q.subject: q.object for q in loc.quads
                              if q.predicate == _RDF_REST}
    ends: set[Term] = set()
    for start in rest:
        path: list[Term] = []
        on_path: set[Term] = set()
        node: Term = start
        while node in rest and node not in ends:
            if node in on_path:
                raise ShapesError(f"{loc.describe(start)}: an RDF list loops back on itself",
                                  loc.location(loc.node_line(start)),
                                  "end the list with rdf:nil, or write it with ( ... )")
            path.append(node)
            on_path.add(node)
            node = rest[node]
        ends.update(path)


def _members(loc: Locator, head: Term) -> Iterator[Term]:
    """The members of an RDF list (lists are known not to loop by now)."""
    while head != _RDF_NIL:
        yield from loc.values(head, _RDF_FIRST)
        rest = loc.values(head, _RDF_REST)
        if not rest:
            return
        head = rest[0]


def _check_references(loc: Locator, defined: set[Term]) -> None:
    """A shape named by another must be defined in some shapes file: pySHACL would take
    a missing one as a shape with no constraints (a silent pass) or crash."""
    for q in loc.quads:
        targets = [q.object] if q.predicate in _SHAPE_REFS else (
            list(_members(loc, q.object)) if q.predicate in _SHAPE_LISTS else [])
        for target in targets:
            if isinstance(target, ox.NamedNode) and target not in defined:
                raise ShapesError(
                    f"{loc.describe(q.subject)}: {loc.name(q.predicate)} names "
                    f"{loc.name(target)}, which no shapes file defines",
                    loc.location(loc.node_line(q.subject)),
                    "define that shape, fix the name, or give its shapes file too")


def _js_notes(loc: Locator) -> Iterator[str]:
    owners = sorted({loc.name(loc.owner(q.subject) or q.subject) for q in loc.quads
                     if q.predicate.value in _JS})
    if owners:
        yield (f"{loc.path}: SHACL-JS (sh:js) is not run; the JavaScript of "
               f"{', '.join(owners)} is skipped and nothing is fetched")


def _import_notes(locators: Sequence[Locator], store: ox.Store | None) -> Iterator[str]:
    """``owl:imports`` of an ontology that was not given is noted, never followed."""
    imports: list[tuple[Locator | None, ox.Quad]] = [
        (loc, q) for loc in locators for q in loc.quads if q.predicate == _OWL_IMPORTS]
    loaded = {s for loc in locators for s in loc.about
              if _OWL_ONTOLOGY in loc.values(s, _RDF_TYPE)}
    if store is not None:
        imports += [(None, q) for q in store.quads_for_pattern(None, _OWL_IMPORTS, None)]
        loaded |= {q.subject for q in store.quads_for_pattern(None, _RDF_TYPE, _OWL_ONTOLOGY)}
    done: set[Term] = set()
    for loc, q in imports:
        if q.object in loaded or q.object in done:
            continue
        done.add(q.object)
        where = f"{loc.location(loc.node_line(q.subject))}: " if loc is not None else ""
        target = q.object.value if isinstance(q.object, ox.NamedNode) else str(q.object)
        yield (f"{where}owl:imports <{target}> is not followed (spr-graph reads only the "
               "files it is given; give that ontology's file too if its terms are needed)")
