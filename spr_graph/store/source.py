"""Where commands read the graph from: files (default: the bundled data), a persistent
Oxigraph store (``--db DIR``) or a remote SPARQL 1.1 endpoint (``--endpoint URL``).

Everything downstream reads through ``Source.select`` (see :mod:`spr_graph.store.select`),
so the analysis runs unchanged on every kind of source.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from spr_graph.core.errors import InputError
from spr_graph.core.rows import Select
from spr_graph.store.load import Loaded, load
from spr_graph.store.select import store_select


@dataclass
class Source:
    """An open source of the graph, as :func:`open_source` gives it.

    Attributes
    ----------
    select : Select
        The read seam everything downstream goes through.
    description : str
        What it is, for messages and reports: the files, the store's folder or the URL.
    store : pyoxigraph.Store or None
        The Oxigraph store behind it (files and ``--db``; ``None`` for an endpoint).
    loaded : Loaded or None
        What was read from files, the shapes among them (``None`` unless files).
    db : Path or None
        The folder of the persistent store (``--db``; ``None`` otherwise).
    """

    select: Select
    description: str
    store: ox.Store | None = None
    loaded: Loaded | None = None
    db: Path | None = None


def open_source(files: Sequence[str | Path] | None = None, db: str | Path | None = None,
                endpoint: str | None = None, timeout: float = 30.0) -> Source:
    """Open exactly one kind of source; with none given, the bundled data.

    Parameters
    ----------
    files : sequence of str or Path, optional
        RDF files to read into memory (see :func:`spr_graph.store.load.load`).
    db : str or Path, optional
        The folder of a persistent store (``--db``), opened read-only.
    endpoint : str, optional
        The URL of a SPARQL 1.1 endpoint (``--endpoint``).
    timeout : float
        Seconds each request to the endpoint may take.

    Examples
    --------
    >>> open_source(files=["a.ttl"], db="store")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    spr_graph.core.errors.InputError: give only one of files and --db (...)
    """
    chosen = [name for name, value in (("files", files), ("--db", db), ("--endpoint", endpoint))
              if value]
    if len(chosen) > 1:
        raise InputError(f"give only one of {' and '.join(chosen)}",
                         hint="files, --db and --endpoint are alternatives")
    if endpoint:
        from spr_graph.store.endpoint import remote_select

        return Source(remote_select(endpoint, timeout=timeout), endpoint)
    if db:
        from spr_graph.store.db import open_db

        store = open_db(db)
        return Source(store_select(store), str(db), store=store, db=Path(db))
    loaded = load(list(files) if files else None)
    described = ", ".join(str(f) for f in files) if files else "bundled data"
    return Source(store_select(loaded.store), described, store=loaded.store, loaded=loaded)
