"""SHACL Core constraint components for :mod:`.shacl_native`, as pySHACL evaluates them.

Each component is a function of the engine, the shape, and the value nodes of each
focus node; it yields :class:`Result` objects. The messages are the shape's
``sh:message`` when it has one, else a generic line in pySHACL's words (prefixed names
where spr-graph knows the prefix, rather than pySHACL's rendering of the graph).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Protocol

import pyoxigraph as ox

from spr_graph.core.namespaces import shorten
from spr_graph.validation.literals import rdflib_value
from spr_graph.validation.shacl_model import SH, Shape, Term


class Engine(Protocol):
    """What the components ask of the engine that runs them."""

    def instances(self, cls: Term) -> set[Term]:
        """The nodes that are SHACL instances of ``cls``."""

ValueNodes = Mapping[Term, Sequence[Term]]
_XSD = "http://www.w3.org/2001/XMLSchema#"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass(frozen=True)
class Result:
    """One validation result, as pySHACL's results graph would hold it."""

    focus: Term
    severity: str
    component: str
    shape: Term
    path: Term | None = None
    value: Term | None = None
    messages: tuple[str, ...] = ()
    #: the focus node of the shape validation started from, when not ``focus`` (a
    #: property shape's own property shapes validate its values)
    root: Term | None = field(default=None, compare=False)

    @property
    def origin(self) -> Term:
        return self.focus if self.root is None else self.root


def name(term: Term | None) -> str:
    if isinstance(term, ox.NamedNode):
        return shorten(term.value)
    return term.value if isinstance(term, (ox.Literal, ox.BlankNode)) else str(term)


def result(shape: Shape, component: str, focus: Term, value: Term | None,
           generic: str) -> Result:
    """A result of ``shape``'s ``component``: its messages, else ``generic``."""
    return Result(focus, shape.severity, component, shape.node, shape.path_node, value,
                  shape.messages or (generic,))


def _each_value(engine: Engine, shape: Shape, fv: ValueNodes, component: str,
                ok: Callable[[Term], bool], generic: str) -> Iterator[Result]:
    for focus, values in fv.items():
        for value in values:
            if not ok(value):
                yield result(shape, component, focus, value, generic)


def rdflib_literal(term: Term) -> Any:
    from spr_graph.store.rdflib_bridge import to_rdflib

    return to_rdflib(term) if isinstance(term, ox.Literal) else None


_TYPES: dict[str, type] = {}


def _python_type(datatype: str) -> type | None:
    """The Python type rdflib gives a valid literal of ``datatype`` (None: any)."""
    if not _TYPES:
        from datetime import date, datetime, time
        from decimal import Decimal

        _TYPES.update({f"{_XSD}{k}": v for k, v in (
            ("integer", int), ("float", float), ("decimal", Decimal), ("boolean", bool),
            ("date", date), ("time", time), ("dateTime", datetime))})
    return _TYPES.get(datatype)


def _datatype_ok(value: Term, datatype: str) -> bool:
    """pySHACL's DatatypeConstraintComponent, on the literal rdflib would make."""
    if not isinstance(value, ox.Literal):
        return False
    actual = value.datatype.value
    if datatype == f"{_XSD}string":
        return not value.language and actual == datatype
    if datatype == _LANG_STRING:
        return bool(value.language)
    if actual == datatype:
        if not datatype.startswith(_XSD):
            return True
        ill_typed, parsed = rdflib_value(value.value, datatype)
        kind = _python_type(datatype)
        return not ill_typed and (kind is None or isinstance(parsed, kind))
    if datatype == "http://www.w3.org/2000/01/rdf-schema#Literal":
        return True
    if datatype == "http://www.w3.org/2000/01/rdf-schema#Datatype":
        return not value.language and actual != f"{_XSD}string"
    return False


_KINDS = {"IRI": (ox.NamedNode,), "BlankNode": (ox.BlankNode,), "Literal": (ox.Literal,),
          "BlankNodeOrIRI": (ox.BlankNode, ox.NamedNode),
          "BlankNodeOrLiteral": (ox.BlankNode, ox.Literal),
          "IRIOrLiteral": (ox.NamedNode, ox.Literal)}


def _is_kind(value: Term, kinds: tuple[type, ...]) -> bool:
    return isinstance(value, kinds)


def _compare(value: Term, bound: Term, test: Callable[[int], bool]) -> bool:
    """pySHACL's value-range rule: literals of the same kind (text or not) compared."""
    from pyshacl.rdfutil.compare import compare_literal

    if not isinstance(value, ox.Literal):
        return False
    numbers = (f"{_XSD}integer", f"{_XSD}decimal")
    if isinstance(bound, ox.Literal) and value.datatype.value in numbers and \
            bound.datatype.value in numbers:
        (bad, x), (worse, y) = (rdflib_value(t.value, t.datatype.value) for t in (value, bound))
        if not (bad or worse):
            return test((x > y) - (x < y))
    v, b = rdflib_literal(value), rdflib_literal(bound)
    if isinstance(v.value, str) != isinstance(b.value, str):
        return False
    try:
        return test(compare_literal(v, b))  # type: ignore[no-untyped-call]
    except (TypeError, NotImplementedError):
        return False


_RANGES: dict[str, tuple[Callable[[int], bool], str]] = {
    "minExclusive": (lambda c: c > 0, ">"), "minInclusive": (lambda c: c >= 0, ">="),
    "maxExclusive": (lambda c: c < 0, "<"), "maxInclusive": (lambda c: c <= 0, "<=")}


def value_components(engine: Engine, shape: Shape, fv: ValueNodes) -> Iterator[Result]:
    """class, datatype, nodeKind, the ranges, lengths, pattern, in and languageIn."""
    for cls in shape.params.get("class", []):
        members = engine.instances(cls)
        yield from _each_value(engine, shape, fv, "ClassConstraintComponent",
                               members.__contains__,
                               f"Value does not have class {name(cls)}")
    for dt in shape.params.get("datatype", [])[:1]:
        yield from _each_value(engine, shape, fv, "DatatypeConstraintComponent",
                               partial(_datatype_ok, datatype=dt.value),
                               f"Value is not Literal with datatype {name(dt)}")
    for kind in shape.params.get("nodeKind", [])[:1]:
        allowed = _KINDS.get(kind.value.removeprefix(SH), ())
        yield from _each_value(engine, shape, fv, "NodeKindConstraintComponent",
                               partial(_is_kind, kinds=allowed),
                               f"Value is not of Node Kind {name(kind)}")
    for key, (test, sign) in _RANGES.items():
        for bound in shape.params.get(key, []):
            yield from _each_value(engine, shape, fv, f"{key[0].upper()}{key[1:]}Constraint"
                                   "Component", partial(_compare, bound=bound, test=test),
                                   f"Value is not {sign} {name(bound)}")
    yield from _string_components(engine, shape, fv)
    if "in" in shape.params:
        members_in = set(shape.params["in"])
        listed = ", ".join(name(t) for t in shape.params["in"])
        for focus, values in fv.items():
            for value in values:
                if value not in members_in:
                    yield result(shape, "InConstraintComponent", focus, value,
                                 f"Value {name(value)} not in list [{listed}]")


def _length_ok(value: Term, test: Callable[[int, int], bool], bound: int) -> bool:
    return not isinstance(value, ox.BlankNode) and test(len(value.value), bound)


def _pattern_ok(value: Term, regex: re.Pattern[str]) -> bool:
    return not isinstance(value, ox.BlankNode) and regex.search(value.value) is not None


def _language_ok(value: Term, tags: Sequence[str]) -> bool:
    language = value.language.lower() if isinstance(value, ox.Literal) and value.language \
        else ""
    return bool(language) and any(language == t or language.startswith(f"{t}-") for t in tags)


def _string_components(engine: Engine, shape: Shape, fv: ValueNodes) -> Iterator[Result]:
    for key, sign in (("minLength", ">="), ("maxLength", "<=")):
        for bound in shape.params.get(key, [])[:1]:
            limit = int(bound.value)
            test: Callable[[int, int], bool] = (
                (lambda n, b: n >= b) if key == "minLength" else (lambda n, b: n <= b))
            yield from _each_value(engine, shape, fv,
                                   f"{key[0].upper()}{key[1:]}ConstraintComponent",
                                   partial(_length_ok, test=test, bound=limit),
                                   f"String length not {sign} {limit}")
    for pattern in shape.params.get("pattern", [])[:1]:
        flags = 0
        for letter in "".join(f.value for f in shape.params.get("flags", [])):
            flags |= {"i": re.I, "m": re.M, "s": re.S, "x": re.X}.get(letter, 0)
        yield from _each_value(engine, shape, fv, "PatternConstraintComponent",
                               partial(_pattern_ok, regex=re.compile(pattern.value, flags)),
                               f"Value does not match pattern '{pattern.value}'")
    if "languageIn" in shape.params:
        tags = [t.value.lower() for t in shape.params["languageIn"]]
        yield from _each_value(engine, shape, fv, "LanguageInConstraintComponent",
                               partial(_language_ok, tags=tags),
                               f"String language is not in [{', '.join(tags)}]")


def count_components(shape: Shape, fv: ValueNodes) -> Iterator[Result]:
    """minCount, maxCount, uniqueLang and hasValue: about all values of a focus node."""
    low, high = shape.one("minCount"), shape.one("maxCount")
    where = f"->{name(shape.path_node)}" if shape.path_node is not None else ""
    for focus, values in fv.items():
        if low is not None and len(values) < int(low.value):
            yield result(shape, "MinCountConstraintComponent", focus, None,
                         f"Less than {low.value} values on {name(focus)}{where}")
        if high is not None and len(values) > int(high.value):
            yield result(shape, "MaxCountConstraintComponent", focus, None,
                         f"More than {high.value} values on {name(focus)}{where}")
        unique = shape.one("uniqueLang")
        if unique is not None and unique.value == "true":
            langs = [v.language.lower() for v in values
                     if isinstance(v, ox.Literal) and v.language]
            if len(set(langs)) != len(langs):
                yield result(shape, "UniqueLangConstraintComponent", focus, None,
                             "More than one String shares the same Language")
        for wanted in shape.params.get("hasValue", []):
            if wanted not in values:
                yield result(shape, "HasValueConstraintComponent", focus, None,
                             f"Node {name(focus)}{where} does not contain a value in the "
                             f"set: [{name(wanted)}]")
