"""The catalogue queries ``push --db`` runs ahead, and their results read back.

A catalogue query through ``query --db`` on a national store takes 1-3 s the first time
for a third of the catalogue at 1M quads: the store decodes every term it returns from
disk (RocksDB). ``push --db`` holds the data in memory while it builds the store
(:mod:`spr_graph.api.pushing`), where the whole catalogue takes about a second; so it
runs every catalogue query that needs no parameter, with none and the ``query``
command's default limit (:data:`LIMIT`), and keeps each result beside the store
(``DIR/.spr-graph-summary.result-KEY.json``: the rows as a SPARQL TSV table, with the
labels of their IRIs and the order they were sorted in; stamped as every such file is,
:mod:`spr_graph.graph.beside`). :meth:`spr_graph.Graph.query` answers that query, with
no parameter and that limit, from the result kept, on the store as it was pushed and
with the same code; every other call runs as before. A catalogue text reads nothing
but the store (:func:`spr_graph.sparql.prechecked.catalogued`), so the store answers it
the same way every time. A result that is stale, missing, broken or not of its shape is
ignored.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from spr_graph.api.reading import texts
from spr_graph.core.errors import QueryStopped
from spr_graph.sparql.engine import DEFAULT_LIMIT

if TYPE_CHECKING:
    from spr_graph.sparql.catalogue import NamedQuery
    from spr_graph.sparql.results import Result
    from spr_graph.store.source import Source

#: The most rows a result run ahead holds: the default limit of ``query`` and
#: :meth:`spr_graph.Graph.query`.
LIMIT = DEFAULT_LIMIT


def run_ahead(run: Callable[[NamedQuery, int], Result]) -> dict[str, Any]:
    """Every catalogue query that needs no parameter, ``run`` with none and
    :data:`LIMIT` (the query and the limit: :meth:`spr_graph.Graph.query` on the data),
    by the key it is kept beside a store under
    (:func:`spr_graph.graph.beside.keep`). A query stopped at its time or memory
    limit is left out.

    >>> import spr_graph
    >>> graph = spr_graph.open()
    >>> found = run_ahead(lambda named, limit: graph.query(named, (), limit, one_shot=True))
    >>> 20 < len(found) < 40, sorted(next(iter(found.values())))[:3]
    (True, ['boolean', 'form', 'labels'])
    """
    from spr_graph.sparql.catalogue import load_catalogue

    results = {}
    for named in load_catalogue().values():
        if any(p.required for p in named.params):
            continue
        try:
            data = _data(run(named, LIMIT))
        except QueryStopped:  # over its time or memory: the command runs it then
            continue
        if data is not None:
            results[_key(named.text, (), LIMIT)] = data
    return results


def kept_result(source: Source, text: str, assignments: Sequence[str], limit: int | None
                ) -> Result | None:
    """The result :func:`run_ahead` kept beside the store of ``source`` for the
    catalogue query ``text`` with ``assignments`` and ``limit``; None when there is none
    (not a store spr-graph made, another call, or no result of its shape)."""
    from spr_graph.api.reading import ours

    folder = ours(source.db)
    if folder is None or assignments or limit != LIMIT:
        return None
    from spr_graph.graph.beside import peek
    from spr_graph.sparql.prechecked import catalogued

    if not catalogued(text):
        return None
    found, value = peek(folder, _key(text, assignments, limit))
    return _result(value) if found else None


def _key(text: str, assignments: Sequence[str], limit: int | None) -> str:
    from spr_graph.graph.beside import call_key

    return call_key("result", [text, list(assignments), limit])


def _data(result: Result) -> dict[str, Any] | None:
    """``result`` as plain JSON data; None for a result of triples, or of rows with no
    variable (neither is kept)."""
    state = result.__getstate__()
    rows = state["rows"]
    if result.is_graph or (rows and not isinstance(rows, bytes)):
        return None
    return {**state, "rows": rows.decode("utf-8") if isinstance(rows, bytes) else "",
            "triples": ""}


def _result(value: Any) -> Result | None:
    """The result :func:`_data` wrote; None when ``value`` is not one."""
    from spr_graph.sparql.results import Result

    names = {f.name for f in dataclasses.fields(Result)}
    if type(value) is not dict or set(value) != names or type(value["rows"]) is not str \
            or value["triples"] != "" or not texts(value["variables"]) \
            or not texts(value["notes"]) or type(value["labels"]) is not dict \
            or not texts([*value["labels"], *value["labels"].values()]) \
            or not _order(value["order"]) or type(value["truncated"]) is not bool \
            or type(value["form"]) is not str or value["boolean"] is not None \
            or (value["limit"] is not None and type(value["limit"]) is not int):
        return None
    state = {**value, "rows": value["rows"].encode("utf-8") if value["rows"] else [],
             "triples": [],
             "order": None if value["order"] is None else tuple(map(tuple, value["order"]))}
    result = Result.__new__(Result)
    try:
        result.__setstate__(state)
    except (SyntaxError, ValueError, TypeError):
        return None
    return result


def _order(value: Any) -> bool:
    return value is None or (type(value) is list and all(
        type(key) is list and len(key) == 2 and type(key[0]) is str and type(key[1]) is bool
        for key in value))
