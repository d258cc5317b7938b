"""Refuse unsafe SPARQL before it runs, by inspecting the parsed query.

Queries are read-only. Refused before execution, on every store:

- updates (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``, ``DROP``, ``CREATE``, ``ADD``,
  ``MOVE``, ``COPY``): they could change or load data;
- ``SERVICE`` in any form (an IRI or a variable, ``SILENT``, nested in ``OPTIONAL``,
  ``EXISTS`` or a sub-query): Oxigraph would call the service from Rust, rdflib with
  ``urlopen`` and no timeout;
- ``FROM`` / ``FROM NAMED`` naming a graph that is not in the dataset: rdflib would load
  it from the web or the disk.

The text is parsed with rdflib's SPARQL grammar and the algebra is walked, so the word
``SERVICE`` in a comment, a string or an IRI is fine. A second, independent check reads
the bare words of the text with :mod:`.lexer`: if it sees ``SERVICE``, ``FROM`` or an
update keyword that the parse did not, the two readings disagree and the query is
refused rather than guessed at. Unicode escapes (``\\u0053``) are expanded once, here,
and the expanded text is what every engine runs, so all of them read the same
characters.

rdflib's SPARQL grammar is not safe to use from two threads at once: pyparsing learns
each parse action's arity on its first calls (``_trim_arity``) and two threads learning
together leave it wrong for good (every later parse fails with ``Param.postParse2()
missing 1 required positional argument``); it also resets a shared packrat cache and
``translateQuery`` rewrites the tree it is given. Every use of the grammar in spr-graph
therefore goes through :func:`parse_query`, :func:`parse_update`, :func:`translate`,
:func:`translate_query` or :func:`prepare_query`, which take turns on one lock; a fork
waits for the lock too, so a forked child never starts with a grammar half-way through
a parse.

Parsing is slow in pure Python (a 25 KB ``FILTER`` of 2000 ``||`` takes 20 s), and under
the lock every other query would wait for it. A long-lived process therefore checks a
new text in a killable worker within the query's time limit (``check(...,
timeout=...)``): the workers parse in parallel, each on its own copy of the grammar.
Before its first worker, a process parses :data:`_TOUR` itself, so that workers start from
a grammar that has learnt its arities (otherwise about a second of learning in each).
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from spr_graph.core.errors import Location, QueryError, QueryRefused, QueryTimeout, SprGraphError
from spr_graph.core.namespaces import PREFIXES
from spr_graph.sparql import worker
from spr_graph.sparql.lexer import bare_words

MAX_QUERY_CHARS = 1_000_000
UPDATE_WORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD",
                          "MOVE", "COPY", "WITH", "USING"})
FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT",
         "DescribeQuery": "DESCRIBE"}
_MODIFIERS = frozenset({"Slice", "Distinct", "Reduced", "Project", "OrderBy", "Extend",
                        "AggregateJoin", "Group", "Filter", "ToMultiSet"})
#: An escape, or an escaped backslash (kept: in ``"\\u0041"`` the backslash is escaped).
_ESCAPE = re.compile(r"\\\\|\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
#: What another engine could still read as an escape once ours are expanded.
RESIDUAL_ESCAPE = re.compile(r"\\[uU][0-9A-Fa-f]{4}")

GraphExists = Callable[[str], bool]
F = TypeVar("F", bound=Callable[..., Any])
#: How many checked texts are kept (parsing is the slow part of a query).
CACHE_SIZE = 256
_CACHE: OrderedDict[tuple[str, str], CheckedQuery] = OrderedDict()
_CACHE_LOCK = threading.Lock()
#: Texts that walk most of the grammar, queries and updates (see :func:`_warm_up`).
_TOUR = (
    "BASE <urn:x:> PREFIX ex: <urn:x:> SELECT DISTINCT ?s (COUNT(DISTINCT ?o) AS ?n) "
    "(SAMPLE(?l) AS ?x) (GROUP_CONCAT(?l; separator=', ') AS ?g) WHERE { "
    "?s a ex:C ; ex:p/ex:q* ?o , [ ex:r 1 ] ; ^ex:t|!ex:u ?l . "
    "OPTIONAL { ?s rdfs:label ?l FILTER(LANG(?l) = 'en' && !BOUND(?z) || REGEX(STR(?l), "
    "'^a', 'i')) } { ?s ex:a 1.5 } UNION { ?s ex:b -2e3 } MINUS { ?s ex:c true } "
    "GRAPH ?g { ?s ex:d ( 1 2 ) } GRAPH <urn:x:h> { ?s ex:e _:b } "
    "BIND(IF(?o > 1, CONCAT(UCASE(?l), \"x\"@en), COALESCE(?z, 'y'^^xsd:string)) AS ?w) "
    "FILTER(CONTAINS(LCASE(?l), 'a') && STRSTARTS(?l, 'b') && ?o IN (1, 2) && ?o NOT IN (3) "
    "&& YEAR(NOW()) >= 2020 && xsd:integer(?o) != 0 && EXISTS { ?s ?p ?o } && NOT EXISTS "
    "{ ?o ?p ?s } && isIRI(?s) && SUBSTR(?l, 1, 2) = 'ab' && STRLEN(?l) * 2 + 1 - 3 / 4 < 9) "
    "VALUES (?v ?u) { (1 UNDEF) } { SELECT ?s WHERE { ?s ?p ?o } LIMIT 1 } } "
    "GROUP BY ?s HAVING (COUNT(?o) > 1) ORDER BY DESC(?n) ASC(?s) LIMIT 10 OFFSET 2",
    "ASK FROM <urn:x:g> FROM NAMED <urn:x:h> { ?s ?p ?o }",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "CONSTRUCT WHERE { ?s ?p ?o }",
    "DESCRIBE ?s <urn:x:a> WHERE { ?s ?p ?o }",
    "INSERT DATA { <urn:x:a> <urn:x:b> 'c' } ; DELETE WHERE { ?s ?p ?o } ; DROP ALL",
)
_warm = False
_WARM_LOCK = threading.Lock()

#: Held by whoever is using rdflib's SPARQL grammar (see the module's docstring).
_GRAMMAR = threading.Lock()
if hasattr(os, "register_at_fork"):  # pragma: no branch - POSIX
    os.register_at_fork(before=_GRAMMAR.acquire, after_in_parent=_GRAMMAR.release,
                        after_in_child=_GRAMMAR.release)


def _one_at_a_time(func: F) -> F:
    """``func`` run while holding the grammar lock."""

    @functools.wraps(func)
    def locked(*args: Any, **kwargs: Any) -> Any:
        with _GRAMMAR:
            return func(*args, **kwargs)

    return locked  # type: ignore[return-value]


@_one_at_a_time
def parse_query(text: str) -> Any:
    """rdflib's parse tree of the query ``text``, read exactly as given (no escape is
    expanded). Raises pyparsing's ``ParseBaseException`` on bad syntax."""
    from rdflib.plugins.sparql import parser

    return parser.Query.parse_string(text, parse_all=True)


@_one_at_a_time
def parse_update(text: str) -> Any:
    """rdflib's parse tree of the update ``text`` (as :func:`parse_query`)."""
    from rdflib.plugins.sparql import parser

    return parser.UpdateUnit.parse_string(text, parse_all=True)


@_one_at_a_time
def translate(tree: Any, init_ns: Mapping[str, Any] | None = None) -> Any:
    """rdflib's algebra (a ``Query``) of a tree from :func:`parse_query`, which it
    rewrites in place: translate each tree once."""
    from rdflib.plugins.sparql import algebra

    return algebra.translateQuery(tree, initNs=init_ns)


def translate_query(text: str, init_ns: Mapping[str, Any] | None = None) -> Any:
    """rdflib's algebra of the query ``text`` read exactly as given: what rdflib runs."""
    return translate(parse_query(text), init_ns)


@_one_at_a_time
def prepare_query(text: str, init_ns: Mapping[str, Any] | None = None,
                  base: str | None = None) -> Any:
    """rdflib's own ``prepareQuery`` (it expands escapes itself), for code that stands
    in for rdflib's query path, such as pySHACL's SPARQL constraints while validating."""
    from rdflib.plugins.sparql import processor

    return processor.prepareQuery(text, init_ns or {}, base)


@dataclass(frozen=True)
class CheckedQuery:
    """A query that passed :func:`check`; ``text`` is exactly what engines run."""

    text: str
    form: str
    ordered: bool
    variables: frozenset[str]
    declared_prefixes: frozenset[str]
    dataset: tuple[str, ...] = ()
    source: str = "query"
    #: the ORDER BY keys as (variable, descending); "" for a key of no single variable
    order: tuple[tuple[str, bool], ...] = ()


def expand_escapes(text: str, source: str = "query") -> str:
    """Replace ``\\uXXXX`` and ``\\UXXXXXXXX`` escapes with their characters (SPARQL 19.2)."""

    def expand(match: re.Match[str]) -> str:
        if match.group(1) is None and match.group(2) is None:
            return match.group()
        code = int(match.group(1) or match.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            line = text.count("\n", 0, match.start()) + 1
            column = match.start() - text.rfind("\n", 0, match.start())
            raise QueryError(f"invalid Unicode escape {match.group()}",
                             Location(source, line, column), "write the character itself")
        return chr(code)

    return _ESCAPE.sub(expand, text)


def _syntax_error(exc: Any, source: str, text: str) -> QueryError:
    line, column = getattr(exc, "lineno", None), getattr(exc, "col", None)
    found = ""
    loc = getattr(exc, "loc", None)
    if isinstance(loc, int) and loc < len(text):
        found = text[loc:loc + 30].split("\n", 1)[0].strip()
    near = f" near '{found}'" if found else " at the end of the query"
    return QueryError(f"SPARQL syntax error{near}", Location(source, line, column),
                      "check the brackets, dots and keywords around that place")


def _parse(text: str, source: str) -> Any:
    """The rdflib parse tree of a query; updates are refused, bad syntax located."""
    from pyparsing import ParseBaseException

    try:
        return parse_query(text)
    except ParseBaseException as query_error:
        try:
            parse_update(text)
            update_error = None
        except ParseBaseException as exc:
            update_error = exc
        except RecursionError:
            update_error = None
        if update_error is None or (update_error.loc > query_error.loc
                                    and UPDATE_WORDS & bare_words(text)):
            raise QueryRefused("updates (INSERT, DELETE, LOAD, CLEAR, DROP, ...) are refused",
                               Location(source), "queries are read-only") from None
        raise _syntax_error(query_error, source, text) from None
    except RecursionError:
        raise QueryError("the query is nested too deeply to check", Location(source),
                         "simplify it") from None


def _walk(node: Any) -> Iterator[Any]:
    """Every value inside an rdflib parse tree or algebra, depth first, without recursion."""
    stack, seen = [node], set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)) \
                or type(item).__name__ == "ParseResults":
            stack.extend(list(item))


def _field(node: Any, key: str) -> Any:
    """``node[key]`` or None (rdflib's ``CompValue.get`` returns the key when missing)."""
    return dict.get(node, key) if isinstance(node, dict) else None


def _order(algebra: Any) -> tuple[tuple[str, bool], ...] | None:
    """The ORDER BY keys, each as (variable, descending), or None without ORDER BY; a key
    that is an expression of no single variable is ``("", descending)``."""
    node = _field(algebra, "p")
    while node is not None and getattr(node, "name", None) in _MODIFIERS:
        if node.name == "OrderBy":
            keys = []
            for condition in _field(node, "expr") or ():
                names = {str(v) for v in (_field(condition, "_vars") or ())}
                keys.append((min(names) if len(names) == 1 else "",
                             _field(condition, "order") == "DESC"))
            return tuple(keys)
        node = _field(node, "p")
    return None


def check(text: str, graph_exists: GraphExists | None = None, source: str = "query",
          timeout: float | None = None) -> CheckedQuery:
    """Parse ``text`` and refuse it unless it is a read-only query on the dataset.

    ``graph_exists`` tells whether an IRI names a graph of the dataset; without it every
    ``FROM`` and ``FROM NAMED`` is refused. With ``timeout``, a text not checked lately
    is parsed in a killable worker and :class:`QueryTimeout` raised after that many
    seconds (see the module); without it, here. Raises :class:`QueryRefused` or
    :class:`QueryError` (with line and column for syntax errors).

    Examples
    --------
    >>> checked = check("SELECT ?s WHERE { ?s ?p ?o }")
    >>> checked.form, sorted(checked.variables), checked.ordered
    ('SELECT', ['o', 'p', 's'], False)
    >>> check("DROP ALL")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    spr_graph.core.errors.QueryRefused: query: updates (...) are refused (queries are read-only)
    """
    checked = _analysed(text, source, timeout)
    for iri in checked.dataset:
        if graph_exists is None or not graph_exists(iri):
            raise QueryRefused(f"FROM <{iri}> names no graph of this dataset",
                               Location(source), "FROM and FROM NAMED may only name graphs "
                               "already in the dataset; nothing is loaded")
    return checked


def _warm_up() -> None:
    """Parse :data:`_TOUR` here, once, before any worker is forked: the grammar learns its
    arities for this process and every worker it forks, and rdflib's modules are
    imported. Other callers wait: a child forked while another thread imports a module
    would wait forever for that module's import lock."""
    global _warm
    with _WARM_LOCK:
        if _warm:
            return
        for text in _TOUR:
            with contextlib.suppress(SprGraphError):
                _analyse(text, "warm-up")
        _warm = True


def _analysed(text: str, source: str, timeout: float | None) -> CheckedQuery:
    """:func:`_analyse`'s answer: a recent one, or a new one made here (no ``timeout``)
    or in a worker stopped after ``timeout`` seconds, then kept."""
    key = (text, source)
    with _CACHE_LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    if timeout is None:
        checked = _analyse(text, source)
    else:
        _warm_up()
        try:
            checked = worker.call(functools.partial(_analyse, text, source), timeout,
                                  worker.DEFAULT_MAX_MEMORY_MB << 20)
        except QueryTimeout:
            raise QueryTimeout(f"checking the query took more than {timeout:g} s "
                               "(--timeout)", Location(source), "shorten or simplify it; "
                               "put long value lists in the data") from None
    with _CACHE_LOCK:
        _CACHE[key] = checked
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    return checked


def _analyse(text: str, source: str) -> CheckedQuery:
    """Everything :func:`check` decides from the text alone (slow: see :func:`_analysed`)."""
    from rdflib.term import Variable

    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is longer than {MAX_QUERY_CHARS} characters",
                         Location(source), "put large value lists in the data instead")
    if not text.strip():
        raise QueryError("the query is empty", Location(source), "give a SPARQL query")
    text = expand_escapes(text, source)
    if RESIDUAL_ESCAPE.search(text):
        raise QueryRefused("an escaped Unicode escape (\\u005Cu...) is refused",
                           Location(source), "another SPARQL engine would expand it again "
                           "and could read a different query; write the characters")
    tree = _parse(text, source)
    try:
        translated = translate(tree, PREFIXES)
    except RecursionError:
        raise QueryError("the query is nested too deeply to check", Location(source),
                         "simplify it") from None
    except Exception as exc:  # rdflib raises bare Exception for unknown prefixes and scoping
        message = str(exc).replace("Unknown namespace prefix : ", "unknown prefix ")
        raise QueryError(message, Location(source),
                         "declare it with PREFIX or use one of spr-graph's prefixes") from None
    nodes = list(_walk(translated.algebra))
    names = {getattr(n, "name", None) for n in nodes}
    words = bare_words(text)
    if "ServiceGraphPattern" in names or "SERVICE" in words:
        raise QueryRefused("SERVICE is refused: queries never call other endpoints",
                           Location(source), "load the data you need and query it here")
    dataset = tuple(str(iri) for clause in _field(translated.algebra, "datasetClause") or []
                    for iri in (_field(clause, "default"), _field(clause, "named"))
                    if iri is not None)
    if ("FROM" in words and not dataset) or UPDATE_WORDS & words:
        raise QueryRefused("the query reads ambiguously (a keyword the parser did not see)",
                           Location(source), "remove unusual escapes or comments around "
                           "FROM, SERVICE or update keywords")
    prologue = tree[0] if len(tree) else []
    order = _order(translated.algebra)
    declared = frozenset(str(_field(decl, "prefix") or "") for decl in prologue
                         if getattr(decl, "name", None) == "PrefixDecl")
    return CheckedQuery(
        text=text,
        form=FORMS[translated.algebra.name],
        ordered=order is not None,
        order=order or (),
        variables=frozenset(str(n) for n in nodes if isinstance(n, Variable)),
        declared_prefixes=declared,
        dataset=dataset,
        source=source,
    )
