"""Query results, engine-independent, and the formats they are written in.

SELECT: ``table`` and ``markdown`` (labels instead of bare IRIs, for people; a table's
long cells wrap to fit the terminal), ``csv`` (spreadsheet-safe), ``tsv`` and ``json``
(SPARQL 1.1 results), ``xml`` (SPARQL results XML, for the endpoint). Given labels, CSV
and JSON carry a ``NAME_label`` column beside each column holding IRIs. ASK: the same
names. CONSTRUCT and DESCRIBE: ``turtle``, ``ntriples`` and ``trig``. Output is
deterministic: rows come in the query's ORDER BY, or sorted when it has none (with labels,
:meth:`Result.by_label` sorts IRIs by their labels); triples are sorted.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from itertools import islice
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from spr_graph.core.errors import InputError
from spr_graph.core.namespaces import PREFIXES, TURTLE_PREFIXES, shorten
from spr_graph.core.spreadsheet import neutralise
from spr_graph.core.tables import DEFAULT_WIDTH, Table, render_markdown, render_text

#: :func:`shorten` once per IRI: a national result names the same few thousand IRIs in
#: tens of thousands of cells, and each call tries every prefix
_short = lru_cache(maxsize=1 << 16)(shorten)

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Row = tuple[Term | None, ...]
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
NUMERIC = frozenset(f"{XSD}{t}" for t in (
    "integer", "decimal", "double", "float", "int", "long", "short", "byte",
    "nonNegativeInteger", "positiveInteger", "negativeInteger", "nonPositiveInteger",
    "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte"))

SOLUTION_FORMATS = ("table", "csv", "tsv", "json", "markdown", "xml")
GRAPH_FORMATS = ("turtle", "ntriples", "trig")
_RDF_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
                "trig": ox.RdfFormat.TRIG}

SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def pick_labels(found: Iterable[tuple[str, str, object]]) -> dict[str, str]:
    """The best label of each IRI from (iri, predicate, literal) triples: an English
    skos:prefLabel, then any prefLabel, then rdfs:label; ties broken alphabetically."""
    best: dict[str, tuple[tuple[int, int, str], str]] = {}
    for iri, predicate, label in found:
        if not isinstance(label, ox.Literal):
            continue
        language = label.language or "en"
        english = 0 if language == "en" or language.startswith("en-") else 1
        rank = (0 if predicate == SKOS_PREF else 1, english, label.value)
        if iri not in best or rank < best[iri][0]:
            best[iri] = (rank, label.value)
    return {iri: value for iri, (_, value) in best.items()}


def take(items: Iterator[Any], limit: int | None) -> tuple[list[Any], bool]:
    """The first ``limit`` items (all when None), and whether more were left."""
    taken = list(islice(items, None if limit is None else limit + 1))
    if limit is not None and len(taken) > limit:
        return taken[:limit], True
    return taken, False


@dataclass
class Result:
    """What a query returned: solutions, a boolean or triples."""

    form: str
    variables: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)
    truncated: bool = False
    limit: int | None = None
    #: the query's ORDER BY keys as (variable, descending), "" for an expression of no
    #: single variable; None when it has no ORDER BY
    order: tuple[tuple[str, bool], ...] | None = None
    #: labels of the IRIs in the rows, for people (:meth:`by_label`)
    labels: dict[str, str] = field(default_factory=dict)
    #: what a person should know about how the query was read (one line each)
    notes: list[str] = field(default_factory=list)

    @property
    def is_graph(self) -> bool:
        return self.form in ("CONSTRUCT", "DESCRIBE")

    def sorted(self) -> Result:
        """The same result in a stable order (for queries without ORDER BY)."""
        self.rows.sort(key=lambda row: tuple(term_key(t) for t in row))
        self.triples.sort(key=lambda t: (term_key(t.subject), term_key(t.predicate),
                                         term_key(t.object)))
        return self

    def by_label(self, labels: Mapping[str, str]) -> Result:
        """The rows in the query's order with each IRI sorted by its label (then its IRI),
        not its IRI; every column in turn when the query has no ORDER BY. Keys after one
        that is not a returned variable keep the query's own order."""
        self.labels = dict(labels)
        keys = self.order if self.order is not None else [(v, False) for v in self.variables]
        usable = []
        for name, descending in keys:
            if name not in self.variables:
                break
            usable.append((self.variables.index(name), descending))
        for column, descending in reversed(usable):
            self.rows.sort(key=lambda row: _label_key(row[column], self.labels),
                           reverse=descending)
        return self

    def __getstate__(self) -> dict[str, object]:
        # A result crosses a pipe from the query's worker process. Pickling pyoxigraph
        # terms one by one is slow; their own syntax, as a SPARQL TSV table and N-Triples
        # that Oxigraph parses back, is several times faster and gives back the same
        # terms (benchmarks/bench_sparql.py measures it; docs/performance.md).
        state = dict(self.__dict__)
        if self.variables and self.rows:
            state["rows"] = _tsv(self).encode()
        if self.triples:
            state["triples"] = rdf_bytes(self.triples, ox.RdfFormat.N_TRIPLES)
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        rows, triples = state["rows"], state["triples"]
        if isinstance(rows, bytes):
            solutions = ox.parse_query_results(rows, format=ox.QueryResultsFormat.TSV)
            assert isinstance(solutions, ox.QuerySolutions)
            state["rows"] = [tuple(solution) for solution in solutions]
        if isinstance(triples, bytes):
            state["triples"] = [q.triple for q in ox.parse(
                triples, format=ox.RdfFormat.N_TRIPLES)]
        self.__dict__.update(state)

    def iris(self) -> list[str]:
        """Every IRI in the solutions, once, in order."""
        seen: dict[str, None] = {}
        for row in self.rows:
            for term in row:
                if isinstance(term, ox.NamedNode):
                    seen.setdefault(term.value, None)
        return list(seen)


def term_key(term: object) -> tuple[int, str, str]:
    if term is None:
        return (0, "", "")
    if isinstance(term, ox.BlankNode):
        return (1, term.value, "")
    if isinstance(term, ox.NamedNode):
        return (2, term.value, "")
    assert isinstance(term, ox.Literal)
    return (3, term.value, term.language or term.datatype.value)


def _label_key(term: Term | None, labels: Mapping[str, str]
               ) -> tuple[int, int, Decimal | str, str]:
    """How :meth:`Result.by_label` orders a term: unbound, blank nodes, IRIs by label (or
    prefixed name), numbers by value, other literals by text (SPARQL's order of kinds)."""
    if term is None:
        return (0, 0, "", "")
    if isinstance(term, ox.BlankNode):
        return (1, 0, term.value, "")
    if isinstance(term, ox.NamedNode):
        return (2, 0, (labels.get(term.value) or _short(term.value)).casefold(), term.value)
    if is_numeric(term):
        try:
            return (3, 0, Decimal(term.value), "")
        except InvalidOperation:
            pass
    return (3, 1, term.value, "")


def is_numeric(term: object) -> bool:
    return isinstance(term, ox.Literal) and term.datatype.value in NUMERIC


def plain(term: Term | None) -> str:
    """The term as SPARQL CSV writes it: IRI, lexical form or ``_:label``."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def display(term: Term | None, labels: Mapping[str, str], show_iris: bool) -> str:
    """What a person reads in a table: the label of an IRI, else its prefixed name."""
    if isinstance(term, ox.NamedNode):
        label = labels.get(term.value)
        if label is None:
            return _short(term.value)
        return f"{label} ({_short(term.value)})" if show_iris else label
    return " ".join(plain(term).split())


def _count_note(result: Result) -> str:
    count = len(result.rows)
    return (f"({count} row{'s' if count != 1 else ''}"
            + (f"; truncated at --limit {result.limit}, more rows exist)"
               if result.truncated else ")"))


def _table(result: Result, labels: Mapping[str, str], show_iris: bool,
           width: int | None) -> str:
    """Aligned text; long cells wrap so that lines fit ``width`` (None: one line each)."""
    cells = [[display(t, labels, show_iris) for t in row] for row in result.rows]
    table = Table("", list(result.variables or []), cells, _count_note(result))
    return render_text([table], width=None, fit=width)


def _markdown(result: Result, labels: Mapping[str, str], show_iris: bool) -> str:
    note = (f"_Truncated at --limit {result.limit}; more rows exist._"
            if result.truncated else "")
    rows = [[display(t, labels, show_iris) for t in row] for row in result.rows]
    return render_markdown([Table("", list(result.variables or []), rows, note)])


def _labelled(result: Result, labels: Mapping[str, str]) -> list[tuple[str, int, bool]]:
    """The columns CSV and JSON write: (name, column, is a label column); with labels, a
    ``NAME_label`` column follows each column holding an IRI (unless the name is taken)."""
    columns = []
    for i, name in enumerate(result.variables):
        columns.append((name, i, False))
        if labels and f"{name}_label" not in result.variables and any(
                isinstance(row[i], ox.NamedNode) for row in result.rows):
            columns.append((f"{name}_label", i, True))
    return columns


def _label_of(term: Term | None, labels: Mapping[str, str]) -> str | None:
    return labels.get(term.value) if isinstance(term, ox.NamedNode) else None


def _spreadsheet_safe(term: Term | None) -> str:
    return neutralise(plain(term), numeric=is_numeric(term))


def _csv(result: Result, labels: Mapping[str, str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    columns = _labelled(result, labels)
    writer.writerow([name for name, _, _ in columns])
    writer.writerows([neutralise(_label_of(row[i], labels) or "") if is_label
                      else _spreadsheet_safe(row[i]) for _, i, is_label in columns]
                     for row in result.rows)
    return out.getvalue()


def _tsv(result: Result) -> str:
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def json_term(term: Term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if term.language:
        return {"type": "literal", "value": term.value, "xml:lang": term.language}
    if term.datatype.value == f"{XSD}string":
        return {"type": "literal", "value": term.value}
    return {"type": "literal", "value": term.value, "datatype": term.datatype.value}


def _json_row(row: Row, columns: list[tuple[str, int, bool]],
              labels: Mapping[str, str]) -> dict[str, dict[str, str]]:
    found = {}
    for name, i, is_label in columns:
        value = _label_of(row[i], labels) if is_label else row[i]
        if isinstance(value, str):
            found[name] = {"type": "literal", "value": value}
        elif value is not None:
            found[name] = json_term(value)
    return found


def _json(result: Result, labels: Mapping[str, str]) -> str:
    if result.form == "ASK":
        data: dict[str, object] = {"head": {}, "boolean": bool(result.boolean)}
    else:
        columns = _labelled(result, labels)
        data = {"head": {"vars": [name for name, _, _ in columns]}, "results": {"bindings": [
            _json_row(row, columns, labels) for row in result.rows]}}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value == f"{XSD}string":
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"


def _xml(result: Result) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "  <head>"]
    lines += [f"    <variable name={quoteattr(v)}/>" for v in result.variables]
    lines.append("  </head>")
    if result.form == "ASK":
        lines.append(f"  <boolean>{'true' if result.boolean else 'false'}</boolean>")
    else:
        lines.append("  <results>")
        for row in result.rows:
            lines.append("    <result>")
            lines += [f"      <binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                      for v, t in zip(result.variables, row, strict=True) if t is not None]
            lines.append("    </result>")
        lines.append("  </results>")
    lines.append("</sparql>")
    return "\n".join(lines) + "\n"


def rdf_bytes(items: Sequence[ox.Triple] | Sequence[ox.Quad], fmt: ox.RdfFormat,
              prefixes: Mapping[str, str] | None = None) -> bytes:
    """``items`` serialised by Oxigraph (which returns bytes when given no output)."""
    data = ox.serialize(items, format=fmt, prefixes=dict(prefixes) if prefixes else None)
    assert data is not None
    return data


def default_format(result: Result) -> str:
    return "turtle" if result.is_graph else "table"


def render(result: Result, fmt: str | None = None, labels: Mapping[str, str] | None = None,
           show_iris: bool = False, width: int | None = DEFAULT_WIDTH) -> str:
    """``result`` written in ``fmt`` (default: a table, or Turtle for a graph).

    ``labels`` (default: the result's own) name IRIs in tables and Markdown and fill the
    label columns of CSV and JSON; a table's lines fit ``width`` characters, long cells
    wrapped (None: every cell on one line).
    """
    fmt = fmt or default_format(result)
    labels = result.labels if labels is None else labels
    if result.is_graph:
        if fmt not in _RDF_FORMATS:
            raise InputError(f"a {result.form} query gives a graph: --format {fmt} does not "
                             "apply", hint="use " + ", ".join(GRAPH_FORMATS))
        quads = ([ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())
                  for t in result.triples] if fmt == "trig" else result.triples)
        if fmt == "ntriples":
            return rdf_bytes(quads, _RDF_FORMATS[fmt]).decode("utf-8")
        text = rdf_bytes(quads, _RDF_FORMATS[fmt], PREFIXES).decode("utf-8")
        # Oxigraph writes the prefixes in an order of its own: write ours, in our order.
        lines = text.splitlines(keepends=True)
        head = next((i for i, line in enumerate(lines) if not line.startswith("@prefix ")),
                    len(lines))
        return TURTLE_PREFIXES + "".join(lines[head:])
    if fmt not in SOLUTION_FORMATS:
        raise InputError(f"a {result.form} query gives solutions: --format {fmt} does not "
                         "apply", hint="use " + ", ".join(SOLUTION_FORMATS))
    if result.form == "ASK" and fmt in ("table", "markdown", "csv", "tsv"):
        return ("true" if result.boolean else "false") + "\n"
    if fmt == "table":
        return _table(result, labels, show_iris, width)
    if fmt == "markdown":
        return _markdown(result, labels, show_iris)
    if fmt == "csv":
        return _csv(result, labels)
    if fmt == "json":
        return _json(result, labels)
    return _tsv(result) if fmt == "tsv" else _xml(result)


def rows_as_text(result: Result) -> list[tuple[str, ...]]:
    """Each row as plain strings (IRIs in full), handy for tests and comparisons."""
    return [tuple(plain(t) for t in row) for row in result.rows]

