"""Query parameters: ``--param name=value`` turned into a typed RDF term and bound to
``?name`` with a ``VALUES`` block built from terms, never by splicing the value's text.

The value is parsed into a pyoxigraph term (which validates IRIs and escapes literals
when written), then ``VALUES (?name) { (term) }`` is inserted at the start of the WHERE
group. The bound query is checked again by :mod:`.safety` before it runs, so a value such
as ``"} ; DROP ALL #`` can only ever be the string it looks like.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from spr_graph.core.errors import InputError, QueryError, UnknownNodeError
from spr_graph.core.namespaces import PREFIXES, expand
from spr_graph.sparql.lexer import where_brace
from spr_graph.sparql.safety import RESIDUAL_ESCAPE

XSD = "http://www.w3.org/2001/XMLSchema#"
Term = ox.NamedNode | ox.BlankNode | ox.Literal

#: Parameter types a catalogue query may declare; ``term`` infers the type from the value.
TYPES = ("iri", "string", "integer", "decimal", "boolean", "date", "gYear", "gYearMonth",
         "term")
_EXAMPLE = re.compile(r"\be\.g\. ([^\s,;()]+)")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_QUOTED = re.compile(r'^"((?:[^"\\]|\\.)*)"(?:@([A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^(\S+))?$',
                     re.DOTALL)
#: Quotes a shell passes through when a value is quoted twice (``-p text='"surge"'``).
_QUOTE_PAIRS = {'"': '"', "'": "'", "\u201c": "\u201d", "\u2018": "\u2019"}
_UNESCAPE = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", '"': '"', "'": "'",
             "\\": "\\"}


@dataclass(frozen=True)
class ParamSpec:
    """A parameter a catalogue query declares (``#+ param:`` header line)."""

    name: str
    type: str = "term"
    required: bool = False
    default: str | None = None
    description: str = ""

    @property
    def example(self) -> str | None:
        """The value the description offers as an example (``e.g. ag:rocu``), if any."""
        match = _EXAMPLE.search(self.description)
        return match.group(1) if match else None


def _typed(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))


def _iri(text: str) -> ox.NamedNode | None:
    iri = expand(text)
    if iri is None and ("://" in text or text.startswith("urn:")):
        iri = text
    if iri is None:
        return None
    try:
        return ox.NamedNode(iri)
    except ValueError:
        return None


def _quoted(match: re.Match[str]) -> ox.Literal:
    body = re.sub(r"\\(.)", lambda m: _UNESCAPE.get(m.group(1), m.group(0)), match.group(1))
    if match.group(2):
        return ox.Literal(body, language=match.group(2).lower())
    if match.group(3):
        datatype = _iri(match.group(3))
        if datatype is None:
            raise ValueError(f"unknown datatype {match.group(3)}")
        return ox.Literal(body, datatype=datatype)
    return ox.Literal(body)


def _infer(text: str) -> Term:
    """A term from Turtle-like text: ``<iri>``, ``ag:wmp``, ``"x"@en``, ``42``, ``2020-03-31``."""
    if re.fullmatch(r"[+-]?\d+", text):
        return _typed(str(int(text)), "integer")
    if re.fullmatch(r"[+-]?\d*\.\d+", text):
        return _typed(text, "decimal")
    if text in ("true", "false"):
        return _typed(text, "boolean")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return convert(text, "date")
    if (text.startswith("<") and text.endswith(">")) or (":" in text and " " not in text):
        iri = _iri(text)
        if iri is not None:
            return iri
    match = _QUOTED.match(text)
    if match:
        return _quoted(match)
    return ox.Literal(text)


def convert(text: str, type_: str = "term") -> Term:
    """The RDF term for ``text`` read as ``type_``; ValueError says why it is not one.

    ``type_`` is one of :data:`TYPES`; ``term`` (the default) reads the value as Turtle
    would (``<iri>``, ``ag:wmp``, ``"x"@en``, ``42``, ``2020-03-31``), else as a string.

    Examples
    --------
    >>> str(convert("ag:wmp")), str(convert("Kent"))
    ('<https://w3id.org/spr-graph/id/organisation/wmp>', '"Kent"')
    >>> str(convert("42")) == str(convert("+42", "integer"))
    True
    """
    if type_ == "term":
        return _infer(text)
    if type_ == "iri":
        iri = _iri(text)
        if iri is None:
            raise ValueError("not an IRI: write <https://...> or a prefixed name such as "
                             "ag:wmp (prefixes: " + ", ".join(list(PREFIXES)[:6]) + ", ...)")
        return iri
    if type_ == "string":
        return ox.Literal(text)
    if type_ == "integer":
        if not re.fullmatch(r"[+-]?\d+", text.strip()):
            raise ValueError("not a whole number")
        return _typed(str(int(text.strip())), "integer")
    if type_ == "decimal":
        try:
            number = Decimal(text.strip())
        except InvalidOperation:
            raise ValueError("not a decimal number") from None
        if not number.is_finite():
            raise ValueError("not a finite decimal number")
        return _typed(format(number, "f"), "decimal")
    if type_ == "boolean":
        lowered = text.strip().lower()
        if lowered not in ("true", "false", "1", "0"):
            raise ValueError("not a boolean: use true or false")
        return _typed("true" if lowered in ("true", "1") else "false", "boolean")
    if type_ == "date":
        try:
            return _typed(dt.date.fromisoformat(text.strip()).isoformat(), "date")
        except ValueError:
            raise ValueError("not a date: use YYYY-MM-DD") from None
    if type_ == "gYear" and re.fullmatch(r"\d{4}", text.strip()):
        return _typed(text.strip(), "gYear")
    if type_ == "gYearMonth" and re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text.strip()):
        return _typed(text.strip(), "gYearMonth")
    if type_ in ("gYear", "gYearMonth"):
        raise ValueError(f"not an xsd:{type_} (e.g. {'2020' if type_ == 'gYear' else '2020-03'})")
    raise ValueError(f"unknown parameter type '{type_}'")


def split_assignment(text: str) -> tuple[str, str]:
    """``name=value`` -> (name, value); InputError when it is not one.

    Examples
    --------
    >>> split_assignment("?board=ag:socex-board")
    ('board', 'ag:socex-board')
    """
    name, sep, value = text.partition("=")
    name = name.strip().lstrip("?$")
    if not sep or not _NAME.match(name):
        raise InputError(f"--param '{text}' is not NAME=VALUE",
                         hint="e.g. --param board=ag:socex-board")
    return name, value


#: Resolves a name (label, abbreviation...) to an IRI, preferring IRIs that start with
#: the second argument when several match: :meth:`spr_graph.graph.names.NameIndex.resolve`.
Resolver = Callable[[str, str | None], str]


def namespace(iri: str) -> str:
    """The IRI up to its last ``/`` or ``#``: the namespace its siblings share.

    >>> namespace("https://w3id.org/spr-graph/id/threat/2015/terrorism")
    'https://w3id.org/spr-graph/id/threat/2015/'
    """
    return iri[:max(iri.rfind("/"), iri.rfind("#")) + 1]


def unquote(value: str) -> str | None:
    """``value`` without the pair of quotes around it, or None when it has none.

    >>> unquote('"surge"'), unquote("surge"), unquote("\u201cAirwave\u201d")
    ('surge', None, 'Airwave')
    """
    text = value.strip()
    if len(text) >= 2 and _QUOTE_PAIRS.get(text[0]) == text[-1]:
        inner = text[1:-1]
        return inner if text[0] not in inner else None
    return None


def _iri_or_name(spec: ParamSpec, value: str, resolve: Resolver | None) -> Term:
    """An ``iri`` parameter's term: an IRI or prefixed name as written, else the node a
    label or abbreviation names (``resolve``)."""
    if resolve is None or _iri(value.strip()) is not None:
        return convert(value, "iri")
    like = _iri(spec.example or spec.default or "")
    return ox.NamedNode(resolve(value.strip(), namespace(like.value) if like else None))


def _given(assignments: Iterable[str], declared: Mapping[str, ParamSpec]) -> dict[str, str]:
    """Each parameter's value as written, defaults added; unknown or missing ones refused."""
    given: dict[str, str] = {}
    for assignment in assignments:
        name, value = split_assignment(assignment)
        if declared and name not in declared:
            raise InputError(f"unknown parameter '{name}'",
                             hint="this query takes " + ", ".join(sorted(declared)))
        given[name] = value
    for name, spec in declared.items():
        if name not in given and spec.default is not None:
            given[name] = spec.default
        elif name not in given and spec.required:
            raise InputError(f"parameter '{name}' is required ({spec.type})",
                             hint=f"add --param {name}=VALUE")
    return given


def bindings(assignments: Iterable[str], specs: Iterable[ParamSpec] = (),
             resolve: Resolver | None = None, notes: list[str] | None = None
             ) -> dict[str, Term]:
    """Typed terms for ``--param`` assignments, with the declared specs' defaults and types.

    Unknown names are refused when the query declares its parameters; a required one
    that is missing is refused too. A value of a declared type (not ``term``) wrapped in
    quotes of its own (``-p text='"surge"'``) loses them, and ``notes`` says so.

    Parameters
    ----------
    assignments : iterable of str
        ``NAME=VALUE`` texts, as given to ``--param``.
    specs : iterable of ParamSpec
        The parameters the query declares (none: any name, each value's type inferred).
    resolve : Resolver, optional
        Names an ``iri`` parameter may take besides IRIs and prefixed names (labels,
        abbreviations); unknown names raise its error with suggestions.
    notes : list of str, optional
        Receives one line for each value read otherwise than written.

    Returns
    -------
    dict of str to term
        The typed term bound to each name.

    Examples
    --------
    >>> {name: str(term) for name, term in bindings(["board=ag:socex-board"]).items()}
    {'board': '<https://w3id.org/spr-graph/id/organisation/socex-board>'}
    >>> said: list[str] = []
    >>> str(bindings(['text="surge"'], [ParamSpec("text", "string")], notes=said)["text"])
    '"surge"'
    >>> print(*said)
    parameter 'text': the quotes around "surge" are not part of the value; used surge
    """
    declared = {spec.name: spec for spec in specs}
    result: dict[str, Term] = {}
    for name, value in _given(assignments, declared).items():
        spec = declared.get(name, ParamSpec(name))
        inner = unquote(value) if spec.type != "term" else None
        if inner is not None:
            if notes is not None:
                notes.append(f"parameter '{name}': the quotes around {value.strip()} are "
                             f"not part of the value; used {inner}")
            value = inner
        try:
            result[name] = (_iri_or_name(spec, value, resolve) if spec.type == "iri"
                            else convert(value, spec.type))
        except ValueError as exc:
            raise InputError(f"parameter '{name}': {exc}", hint=f"expected {spec.type}") from None
        except UnknownNodeError as exc:
            raise UnknownNodeError(f"parameter '{name}': {exc.message}", hint=exc.hint) from None
    return result


def bind(text: str, values: Mapping[str, Term], variables: Iterable[str] = ()) -> str:
    """``text`` with ``VALUES (?a ?b) { (t1 t2) }`` opening its WHERE group.

    ``variables`` are the query's variables; binding a name the query does not use is
    an error (it would silently do nothing).

    Examples
    --------
    >>> bind("SELECT ?chair WHERE { ?chair spr:chairs ?board }",
    ...      {"board": convert("ag:socex-board")}, ["chair", "board"])
    ... # doctest: +NORMALIZE_WHITESPACE
    'SELECT ?chair WHERE { VALUES (?board)
     { (<https://w3id.org/spr-graph/id/organisation/socex-board>) }  ?chair spr:chairs ?board }'
    """
    if not values:
        return text
    known = set(variables)
    for name, term in values.items():
        if known and name not in known:
            raise QueryError(f"the query has no variable ?{name} to bind",
                             hint="check the parameter name")
        if RESIDUAL_ESCAPE.search(str(term)):
            raise QueryError(f"parameter '{name}' holds a \\u escape sequence, which is "
                             "refused", hint="write the character itself")
    brace = where_brace(text)
    if brace is None:
        raise QueryError("parameters need a WHERE clause to bind into",
                         hint="add WHERE { ... } to the query")
    names = sorted(values)
    row = " ".join(str(values[name]) for name in names)
    block = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({row}) }} "
    return text[:brace + 1] + block + text[brace + 1:]
