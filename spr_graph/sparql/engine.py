"""Run checked queries on a store: Oxigraph (fast, default), rdflib or a remote endpoint.

Every store is a :class:`Runner`. :func:`execute` is the one way a user's query runs:
check it (:mod:`.safety`), bind its parameters (:mod:`.params`), check again, run it with
a time limit and a row limit, and put the rows in a stable order when the query has no
ORDER BY. Queries see the union of the paragraph graphs as their default graph and can
ask ``GRAPH ?g`` for provenance.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph as ox

from spr_graph.core.errors import QueryStopped, SprGraphError
from spr_graph.core.namespaces import PREFIXES
from spr_graph.sparql import worker
from spr_graph.sparql.lexer import variables
from spr_graph.sparql.params import Term, bind
from spr_graph.sparql.prechecked import prechecked
from spr_graph.sparql.results import RDFS_LABEL, SKOS_PREF, Result, pick_labels, take
from spr_graph.sparql.safety import CheckedQuery, check, expand_escapes, translate_query

DEFAULT_LIMIT = 10_000
DEFAULT_TIMEOUT = 30.0
#: Bytes one query may add to the memory of the process that runs it.
DEFAULT_MAX_MEMORY = worker.DEFAULT_MAX_MEMORY_MB << 20


class Runner(Protocol):
    """A store that runs checked queries."""

    description: str

    def graph_exists(self, iri: str) -> bool: ...

    def run(self, query: CheckedQuery, limit: int | None, timeout: float) -> Result: ...

    def labels(self, iris: Sequence[str], timeout: float) -> dict[str, str]: ...


def _oxigraph_eval(store: ox.Store, query: CheckedQuery, limit: int | None) -> Result:
    answer = store.query(query.text, prefixes=PREFIXES,
                         use_default_graph_as_union=not query.dataset)
    if isinstance(answer, ox.QueryBoolean):
        return Result("ASK", boolean=bool(answer))
    if isinstance(answer, ox.QueryTriples):
        triples, truncated = take(iter(answer), limit)
        return Result(query.form, triples=triples, truncated=truncated, limit=limit)
    variables = [v.value for v in answer.variables]
    rows, truncated = take((tuple(solution) for solution in answer), limit)
    return Result("SELECT", variables=variables, rows=rows, truncated=truncated, limit=limit)


class OxigraphRunner:
    """The embedded pyoxigraph store, in memory or persistent (``--db``).

    ``one_shot``: this process ends after its queries (``spr-graph query``), so a query
    runs in a thread here rather than in a forked worker, and a query stopped at its
    time limit goes on until the process ends (see :mod:`.worker`). Long-lived
    processes (``serve``, the library) keep the default, the killable worker.
    ``max_memory``: how many bytes one query may add (None: no cap).
    """

    def __init__(self, store: ox.Store, description: str = "embedded store",
                 one_shot: bool = False, max_memory: int | None = DEFAULT_MAX_MEMORY) -> None:
        self.store = store
        self.description = description
        self.one_shot = one_shot
        self.max_memory = max_memory

    def graph_exists(self, iri: str) -> bool:
        try:
            return bool(self.store.contains_named_graph(ox.NamedNode(iri)))
        except ValueError:
            return False

    def evaluate(self, query: CheckedQuery, limit: int | None) -> Result:
        """Run here and now, with no time limit (``run`` is the safe way)."""
        return _oxigraph_eval(self.store, query, limit)

    def run(self, query: CheckedQuery, limit: int | None, timeout: float) -> Result:
        call = worker.call_in_thread if self.one_shot else worker.call
        return call(lambda: self.evaluate(query, limit), timeout, self.max_memory)

    def labels(self, iris: Sequence[str], timeout: float) -> dict[str, str]:
        found = []
        for iri in iris:
            subject = ox.NamedNode(iri)
            for predicate in (SKOS_PREF, RDFS_LABEL):
                found += [(iri, predicate, q.object) for q in self.store.quads_for_pattern(
                    subject, ox.NamedNode(predicate), None)]
        return pick_labels(found)


def to_oxigraph(term: Any) -> Term | None:
    """An rdflib term as a pyoxigraph term (None stays None).

    Examples
    --------
    >>> from rdflib import Literal, URIRef
    >>> str(to_oxigraph(Literal("Kent", lang="en"))), str(to_oxigraph(URIRef("http://x.org/a")))
    ('"Kent"@en', '<http://x.org/a>')
    """
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    assert isinstance(term, Literal)
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def _rdflib_eval(dataset: Any, query: CheckedQuery, limit: int | None) -> Result:
    import rdflib.plugins.sparql as rdflib_sparql

    rdflib_sparql.SPARQL_LOAD_GRAPHS = False
    # The checked text, parsed without rdflib expanding escapes a second time.
    prepared = translate_query(query.text, PREFIXES)
    answer = dataset.query(prepared)
    if answer.type == "ASK":
        return Result("ASK", boolean=bool(answer.askAnswer))
    if answer.type in ("CONSTRUCT", "DESCRIBE"):
        triples, truncated = take(iter(answer.graph), limit)
        return Result(query.form, truncated=truncated, limit=limit, triples=[
            ox.Triple(*(to_oxigraph(t) for t in triple))  # type: ignore[arg-type]
            for triple in triples])
    variables = [str(v) for v in answer.vars]
    rows, truncated = take(iter(answer), limit)
    return Result("SELECT", variables=variables, truncated=truncated, limit=limit,
                  rows=[tuple(to_oxigraph(t) for t in row) for row in rows])


class RdflibRunner:
    """A plain rdflib Dataset whose default graph is the union of its graphs."""

    def __init__(self, dataset: Any, description: str = "rdflib dataset",
                 max_memory: int | None = DEFAULT_MAX_MEMORY) -> None:
        self.dataset = dataset
        self.description = description
        self.max_memory = max_memory

    def graph_exists(self, iri: str) -> bool:
        from rdflib import URIRef

        return any(g.identifier == URIRef(iri) for g in self.dataset.graphs())

    def evaluate(self, query: CheckedQuery, limit: int | None) -> Result:
        """Run here and now, with no time limit (``run`` is the safe way)."""
        return _rdflib_eval(self.dataset, query, limit)

    def run(self, query: CheckedQuery, limit: int | None, timeout: float) -> Result:
        return worker.call(lambda: self.evaluate(query, limit), timeout, self.max_memory)

    def labels(self, iris: Sequence[str], timeout: float) -> dict[str, str]:
        from rdflib import URIRef

        found = [(iri, predicate, to_oxigraph(label)) for iri in iris
                 for predicate in (SKOS_PREF, RDFS_LABEL)
                 for label in self.dataset.objects(URIRef(iri), URIRef(predicate))]
        return pick_labels(found)


def open_runner(files: Sequence[str | Path] | None = None, db: str | Path | None = None,
                endpoint: str | None = None, timeout: float = DEFAULT_TIMEOUT,
                one_shot: bool = False, max_memory: int | None = DEFAULT_MAX_MEMORY) -> Runner:
    """The runner for the source the options name (default: the bundled data);
    ``one_shot`` and ``max_memory`` as :class:`OxigraphRunner` takes them (a remote
    endpoint enforces its own limits)."""
    from spr_graph.store.source import open_source

    source = open_source(files, db, endpoint, timeout)
    if endpoint:
        from spr_graph.sparql.remote import RemoteRunner

        return RemoteRunner(endpoint, timeout)
    assert source.store is not None
    return OxigraphRunner(source.store, source.description, one_shot, max_memory)


def prepare(runner: Runner, text: str, values: Mapping[str, Term] | None = None,
            source: str = "query", timeout: float | None = None) -> CheckedQuery:
    """Bind and check: the query as ``runner`` will run it.

    Parsing is the slow part of checking (10-40 ms for a catalogue query), so the
    parameters are bound into the text first and the bound text is checked once. When
    that fails, or the check reads the text differently (an escape left after one
    expansion), the query is checked on its own, bound, then checked again: errors then
    point into the text the user wrote and are the ones a query without parameters gets.
    ``timeout``: each check of a new text stops after that many seconds, in a worker
    (:func:`.safety.check`), unless ``runner`` is one-shot (its process ends soon).
    A catalogue query's own text, bound to IRIs and literals, was checked when
    spr-graph was made and is not parsed again (:mod:`.prechecked`).
    """
    if getattr(runner, "one_shot", False):
        timeout = None
    known = prechecked(text, values, source)
    if known is not None:
        return known
    if not values:
        return check(text, runner.graph_exists, source, timeout)
    try:
        expanded = expand_escapes(text, source)
        bound = bind(expanded, values, variables(expanded))
        checked = check(bound, runner.graph_exists, source, timeout)
        if checked.text == bound:
            return checked
    except QueryStopped:
        raise
    except SprGraphError:
        pass
    unbound = check(text, runner.graph_exists, source, timeout)
    return check(bind(unbound.text, values, unbound.variables), runner.graph_exists, source,
                 timeout)


def execute(runner: Runner, text: str, values: Mapping[str, Term] | None = None,
            limit: int | None = DEFAULT_LIMIT, timeout: float = DEFAULT_TIMEOUT,
            source: str = "query") -> Result:
    """Prepare, run. Raises QueryRefused, QueryError (syntax, with line and column),
    QueryTimeout or EndpointError; never returns a partial result.

    Parameters
    ----------
    runner : Runner
        The store to run on.
    text : str
        The query as the user wrote it (the prefixes of
        :data:`~spr_graph.core.namespaces.PREFIXES` need no declaration).
    values : mapping of str to term, optional
        Terms to bind to variables (:func:`.params.bindings`).
    limit : int or None
        Most rows or triples kept; the result says when more were cut.
    timeout : float
        Seconds the query may run.
    source : str
        How messages name the query (its file, or ``query``).

    Returns
    -------
    Result
        The rows, the boolean or the triples, in the query's order or sorted.

    Examples
    --------
    >>> store, label = ox.Store(), ox.NamedNode(PREFIXES["skos"] + "prefLabel")
    >>> for name in ("ct", "cid"):
    ...     store.add(ox.Quad(ox.NamedNode("http://x.org/" + name), label,
    ...                       ox.Literal(name.upper()), ox.NamedNode("http://x.org/graph")))
    >>> runner = OxigraphRunner(store, one_shot=True)
    >>> query = "SELECT ?label WHERE { ?s skos:prefLabel ?label } ORDER BY ?label"
    >>> result = execute(runner, query, limit=1)
    >>> [row[0].value for row in result.rows], result.truncated
    (['CID'], True)
    """
    checked = prepare(runner, text, values, source, timeout)
    result = runner.run(checked, limit, timeout)
    result.order = checked.order if checked.ordered else None
    return result if checked.ordered else result.sorted()
