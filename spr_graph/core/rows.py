"""The read seam: ``select(query) -> rows of strings`` over any SPARQL source.

The projection, the facts and the reports read the graph only through a :data:`Select`,
so they run the same way on the embedded Oxigraph store, a persistent store and a
remote SPARQL 1.1 endpoint (:mod:`spr_graph.store` provides all three). A plain
function is one:

>>> rows: Select = lambda query: [{"s": "http://example.org/a", "label": None}]
>>> [row["s"] for row in rows("SELECT ?s ?label WHERE { ?s ?p ?o }")]
['http://example.org/a']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

Row = dict[str, str | None]
"""One solution: variable name -> the term's lexical value (``None`` when unbound)."""

Select = Callable[[str], Iterable[Row]]
"""A SELECT query (prefixes of :data:`spr_graph.core.namespaces.PREFIXES` allowed) -> rows."""
