"""The bundled catalogue's queries, checked once, when spr-graph is made.

Checking a query (:mod:`.safety`) parses it with rdflib's pure-Python grammar: in a new
process, importing the grammar and parsing one catalogue query take 0.2-0.3 s, and each
later parse 20-140 ms, as long as many catalogue queries take to run on a million quads.
The catalogue ships with spr-graph, so its queries are checked when it is made:
``queries/checked.json`` holds, by the SHA-256 of each query's text, what
:func:`.safety.check` says of it (its form, variables and order). A query whose text is
exactly one of those is not parsed again, and its parameters are bound as always
(:func:`.params.bind`: a ``VALUES`` block opening the ``WHERE`` group) but not parsed
again either, when every value is an IRI or a literal: pyoxigraph writes those with
their escapes, and a ``VALUES`` row of such terms cannot change what the query does or
reads. Any other text or value is checked in full, as before.

``tests/test_prechecked.py`` fails when the file is out of step with the catalogue or
the checker; then run ``PYTHONPATH=. python3 scripts/make_checked_queries.py``.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Mapping
from typing import Any

import pyoxigraph as ox

from spr_graph.core import resources
from spr_graph.core.errors import SprGraphError
from spr_graph.sparql.lexer import variables
from spr_graph.sparql.params import Term, bind
from spr_graph.sparql.safety import CheckedQuery, check, expand_escapes

#: The file of the checked catalogue, in the catalogue's folder.
CHECKED_FILE = "checked.json"


def digest(text: str) -> str:
    """The key of a query's text in the file."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def table() -> dict[str, dict[str, Any]]:
    """What :func:`.safety.check` says of each catalogue query, by :func:`digest`: the
    file's contents, made afresh (slow: every query is parsed). A query with ``FROM``
    (it needs the store to check) or escapes (the text run is not the text written) is
    left out, and so checked in full whenever it runs."""
    from spr_graph.sparql.catalogue import load_catalogue

    found = {}
    for name, query in sorted(load_catalogue().items()):
        checked = check(query.text, source=name)
        if checked.dataset or expand_escapes(query.text) != query.text:
            continue
        found[digest(query.text)] = {
            "name": name, "form": checked.form, "ordered": checked.ordered,
            "order": [list(key) for key in checked.order],
            "variables": sorted(checked.variables),
            "declared_prefixes": sorted(checked.declared_prefixes)}
    return dict(sorted(found.items()))


@functools.cache
def _shipped() -> dict[str, dict[str, Any]]:
    """The file shipped with the catalogue (empty when it is missing or unreadable)."""
    try:
        found = json.loads((resources.queries_dir() / CHECKED_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def catalogued(text: str) -> bool:
    """Whether ``text`` is exactly one of the checked catalogue queries: it reads only
    the store (none calls ``NOW()``, ``RAND()``, ``UUID()`` or ``BNODE()``, which a test
    checks), so the same store answers it the same way every time."""
    return digest(text) in _shipped()


def prechecked(text: str, values: Mapping[str, Term] | None, source: str
               ) -> CheckedQuery | None:
    """``text`` with ``values`` bound, checked, when ``text`` is a catalogue query's
    exactly and every value an IRI or a literal (see the module doc); else None, and the
    caller checks it in full. A binding that fails (a name the query does not use) is
    None too, so its error comes from the full check, as it always has."""
    entry = _shipped().get(digest(text))
    if entry is None or not all(isinstance(v, ox.NamedNode | ox.Literal)
                                for v in (values or {}).values()):
        return None
    try:
        bound = bind(text, values or {}, variables(text))
        return CheckedQuery(
            text=bound, form=str(entry["form"]), ordered=bool(entry["ordered"]),
            order=tuple((str(name), bool(descending)) for name, descending in entry["order"]),
            variables=frozenset(map(str, entry["variables"])),
            declared_prefixes=frozenset(map(str, entry["declared_prefixes"])),
            source=source)
    except (SprGraphError, KeyError, TypeError, ValueError):  # (a file not of this shape)
        return None
