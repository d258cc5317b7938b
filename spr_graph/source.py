"""Where commands read the graph from: files (default: the bundled data), a persistent
Oxigraph store (``--db DIR``) or a remote SPARQL 1.1 endpoint (``--endpoint URL``).

Everything downstream reads through ``Source.select`` (see :mod:`spr_graph.sparql_rows`),
so the analysis runs unchanged on every kind of source.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import InputError
from .load import Loaded, load
from .sparql_rows import Select, store_select


@dataclass
class Source:
    select: Select
    description: str
    store: ox.Store | None = None
    loaded: Loaded | None = None


def open_source(files: Sequence[str | Path] | None = None, db: str | Path | None = None,
                endpoint: str | None = None, timeout: float = 30.0) -> Source:
    """Open exactly one kind of source; with none given, the bundled data."""
    chosen = [name for name, value in (("files", files), ("--db", db), ("--endpoint", endpoint))
              if value]
    if len(chosen) > 1:
        raise InputError(f"give only one of {' and '.join(chosen)}",
                         hint="files, --db and --endpoint are alternatives")
    if endpoint:
        from .sparql.remote import remote_select

        return Source(remote_select(endpoint, timeout=timeout), endpoint)
    if db:
        from .sparql.store import open_db

        store = open_db(db)
        return Source(store_select(store), str(db), store=store)
    loaded = load(list(files) if files else None)
    described = ", ".join(str(f) for f in files) if files else "bundled data"
    return Source(store_select(loaded.store), described, store=loaded.store, loaded=loaded)
