"""A minimal read interface over any SPARQL source: ``select(query) -> rows of strings``.

The model and the reports read the graph only through this, so they run the same way
against the embedded Oxigraph store and a remote SPARQL 1.1 endpoint.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

import pyoxigraph as ox

from .namespaces import SPARQL_PREFIXES

Row = dict[str, str | None]
Select = Callable[[str], Iterable[Row]]


def _value(term: object) -> str | None:
    if term is None:
        return None
    return term.value  # type: ignore[attr-defined, no-any-return]


def store_select(store: ox.Store) -> Select:
    """A :data:`Select` over an Oxigraph store, the default graph being the union."""

    def select(query: str) -> Iterator[Row]:
        solutions = store.query(SPARQL_PREFIXES + query, use_default_graph_as_union=True)
        names = [v.value for v in solutions.variables]  # type: ignore[union-attr]
        for solution in solutions:  # type: ignore[union-attr]
            yield {name: _value(solution[name]) for name in names}

    return select
