"""An analysis as its command writes it, and the analyses ``push --db`` draws ahead.

An analysis command (``gaps``, ``spof``, ``whatif``...) names a method of
:class:`spr_graph.Graph` and its options (:func:`analysed`); what it writes is the
report drawn for the format (:meth:`spr_graph.Report.drawn`: plain data, its
citations naming their papers) and made text, with the note that names the force
analysed when the data holds several (:func:`force_note`).

On a national store even a warm analysis costs seconds: reading the analysis cache
(1.0-1.5 s at 1M quads) and then the analysis itself (``spof`` and the sweep walk every
component of the national graph, about a second each). So ``push --db``, which reads
the data in memory while the bulk loader builds the store
(:mod:`spr_graph.api.pushing`), also runs :data:`AHEAD`, every analysis command with
its default options (``gaps``, ``spof``, ``whatif --sweep``, ``capacity``, ``funding``,
``brokers``, ``compare``), draws each in every format, and keeps them beside the
store (``DIR/.spr-graph-summary.drawn-KEY.json``, stamped as every such file is:
:mod:`spr_graph.graph.beside`). A command asking for one of them, on the store as it
was pushed and with the same code, renders that drawing and reads neither the store
nor the analysis cache; any other call is analysed as before. A drawing that is stale,
missing, broken or not of its shape is ignored.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from spr_graph.api.reading import texts
from spr_graph.core.errors import InputError
from spr_graph.core.tables import Table

if TYPE_CHECKING:
    from spr_graph.api.graph import Graph

#: The analyses :func:`draw_ahead` draws: each a method of :class:`spr_graph.Graph` and
#: the options its command passes when given none (``spof``, ``whatif --sweep`` and
#: ``brokers`` show the top 10, ``compare`` the top 20 partners).
AHEAD: tuple[tuple[str, Mapping[str, object]], ...] = (
    ("gaps", {}), ("spof", {"top": 10}), ("sweep", {"top": 10}), ("capacity", {}),
    ("funding", {}), ("brokers", {"top": 10}), ("compare", {"top": 20}))
#: The analyses :func:`analysed` runs: the methods of :class:`spr_graph.Graph` that
#: return a report of an analysis.
ANALYSES = frozenset({"gaps", "spof", "whatif", "sweep", "capacity", "funding", "brokers",
                      "compare"})
#: The formats a drawing keeps (``markdown`` is made from the tables of ``table``).
DRAWN = ("json", "csv", "table")

Call = tuple[str, dict[str, Any]]


class Analysed(NamedTuple):
    """An analysis ready to be written: its drawing for a format (what
    :meth:`spr_graph.Report.drawn` gives), whether it holds findings (what
    ``--fail-on-gap`` fails on) and the notes said before it."""

    drawn: Callable[[str], Any]
    findings: bool
    notes: tuple[str, ...] = ()

    def render(self, fmt: str, fit: int | None = None, wide: bool = False) -> str:
        """The text of ``fmt`` (:func:`spr_graph.render.lookup.render_drawn`)."""
        from spr_graph.render.lookup import render_drawn

        return render_drawn(self.drawn(fmt), fmt, fit, wide)


def analysed(graph: Graph, name: str, options: Mapping[str, object]) -> Analysed:
    """The analysis ``name`` of ``graph`` with ``options`` (keyword arguments of its
    method; the others take their defaults): the drawing kept beside a store spr-graph
    made when :func:`draw_ahead` drew it (module doc), else analysed now.

    >>> import spr_graph
    >>> found = analysed(spr_graph.open(), "spof", {"top": 3})
    >>> found.findings, found.notes, found.render("csv").splitlines()[0]
    (True, (), 'kind,rank,iri,label,threat,score,why,paragraphs,cited')
    """
    from spr_graph.api.reading import ours

    call = _call(name, options)
    folder = ours(graph.source.db)
    found = _kept(folder, call) if folder is not None else None
    return found if found is not None else _analyse(graph, call)


def force_note(graph: Graph, name: str | None) -> str | None:
    """When the data holds several forces' papers and no force (``name``) is given,
    the note that names the one analysed.

    >>> import spr_graph
    >>> force_note(spr_graph.open(), None) is None
    True
    """
    if name:
        return None
    projection = graph.projection
    forces = projection.graph.get("forces") or []
    if len(forces) < 2:
        return None
    from spr_graph.analysis.views import label

    return (f"spr-graph: the data holds the papers of {len(forces)} forces; this is "
            f"{label(projection, projection.graph['force'])} (choose another with --force)")


def draw_ahead(graph: Graph) -> dict[str, Any]:
    """Every analysis of :data:`AHEAD` on ``graph``, drawn in every format, by the key
    it is kept beside a store under (:func:`spr_graph.graph.beside.keep`). An analysis
    the data cannot answer (an :class:`~spr_graph.core.errors.InputError`) is left out.

    >>> import spr_graph
    >>> drawn = draw_ahead(spr_graph.open())
    >>> len(drawn) == len(AHEAD), sorted(next(iter(drawn.values())))
    (True, ['csv', 'findings', 'json', 'notes', 'table'])
    """
    drawings = {}
    for name, options in AHEAD:
        call = _call(name, options)
        try:
            found = _analyse(graph, call)
            drawings[_key(call)] = {"findings": found.findings, "notes": list(found.notes),
                                    "json": found.drawn("json"),
                                    "csv": _table_data(found.drawn("csv")),
                                    "table": [_table_data(t) for t in found.drawn("table")]}
        except InputError:
            continue
    return drawings


def _call(name: str, options: Mapping[str, object]) -> Call:
    """``name`` and its options, every parameter of its method given (its default)."""
    from spr_graph.api.graph import Graph

    if name not in ANALYSES:
        raise ValueError(f"not an analysis of a graph: {name!r}")
    parameters = list(inspect.signature(getattr(Graph, name)).parameters.values())[1:]
    unknown = set(options) - {p.name for p in parameters}
    if unknown:
        raise TypeError(f"{name} takes no option {', '.join(sorted(unknown))}")
    return name, {p.name: tuple(cast("Iterable[object]", options.get(p.name, ())))
                  if p.kind is p.VAR_POSITIONAL else options.get(p.name, p.default)
                  for p in parameters}


def _key(call: Call) -> str:
    from spr_graph.graph.beside import call_key

    return call_key("drawn", call)


def _analyse(graph: Graph, call: Call) -> Analysed:
    name, options = call
    note = force_note(graph, options["force"]) if "force" in options else None
    method = getattr(graph, name)
    args: list[object] = []
    kwargs: dict[str, object] = {}
    for parameter in inspect.signature(method).parameters.values():
        if parameter.kind is parameter.VAR_POSITIONAL:
            args.extend(options[parameter.name])
        else:
            kwargs[parameter.name] = options[parameter.name]
    report = method(*args, **kwargs)
    return Analysed(report.drawn, report.has_findings, (note,) if note else ())


def _kept(folder: Path, call: Call) -> Analysed | None:
    """The drawing of ``call`` kept beside the store in ``folder``; None when there is
    none of its shape."""
    from spr_graph.graph.beside import peek

    found, value = peek(folder, _key(call))
    if not found or type(value) is not dict or set(value) != {*DRAWN, "findings", "notes"} \
            or type(value["findings"]) is not bool or type(value["table"]) is not list:
        return None
    notes, tables = value["notes"], value["table"]
    drawn = {"json": value["json"], "csv": _table(value["csv"]),
             "table": [_table(t) for t in tables]}
    if not texts(notes) or None in (drawn["csv"], *drawn["table"]):
        return None
    drawn["markdown"] = drawn["table"]

    def form(fmt: str) -> Any:
        if fmt not in drawn:
            raise ValueError(f"unknown format {fmt!r}: expected one of {', '.join(drawn)}")
        return drawn[fmt]

    return Analysed(form, value["findings"], tuple(notes))


def _table_data(table: Table) -> list[Any]:
    return [table.title, table.columns, table.rows, table.note]


def _table(value: Any) -> Table | None:
    """The table that :func:`_table_data` wrote; None when ``value`` is not one."""
    if type(value) is not list or len(value) != 4:
        return None
    title, columns, rows, note = value
    if type(title) is not str or type(note) is not str or not texts(columns) or \
            type(rows) is not list or not all(texts(row) for row in rows):
        return None
    return Table(title, columns, rows, note)
