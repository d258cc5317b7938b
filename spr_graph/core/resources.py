"""The only module that knows where the bundled ontology, shapes, data and queries live.

In a wheel they sit under ``spr_graph/_bundled/``; in a source checkout they are the
top-level ``ontology/`` and ``data/`` folders (the single copy, packaged at build time).
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def _root(name: str) -> Path:
    bundled = _PACKAGE / "_bundled" / name
    if bundled.is_dir():
        return bundled
    return _PACKAGE.parent / name


def ontology_dir() -> Path:
    """The folder of the bundled ontology and SHACL shapes.

    Examples
    --------
    >>> ontology_dir().name
    'ontology'
    """
    return _root("ontology")


def data_dir() -> Path:
    """The folder of the bundled data: the curated graph and the source paper's text."""
    return _root("data")


def ontology_file() -> Path:
    """The SPR ontology, ``spr.ttl``.

    Examples
    --------
    >>> ontology_file().name, ontology_file().is_file()
    ('spr.ttl', True)
    """
    return ontology_dir() / "spr.ttl"


def shapes_file() -> Path:
    """The SHACL shapes the data is validated against, ``shapes.ttl``."""
    return ontology_dir() / "shapes.ttl"


#: The bundled paper's id: its folder under ``data/papers``.
BUNDLED_PAPER = "wmp-spr-2020-01-21"


def papers_dir() -> Path:
    """The folder of the bundled paper folders, one per paper (``data/papers/<id>/``).

    Examples
    --------
    >>> sorted(p.name for p in papers_dir().iterdir())[:1]
    ['wmp-spr-2020-01-21']
    """
    return data_dir() / "papers"


def paper_dir(paper_id: str = BUNDLED_PAPER) -> Path:
    """The folder of one bundled paper: its cleaned text ``paper.txt``, its curated TriG
    and its provenance graph, the layout ``spr-graph ingest`` writes."""
    return papers_dir() / paper_id


def data_files() -> list[Path]:
    """The curated graph: every TriG file of every bundled paper folder, in name order.

    Examples
    --------
    >>> [p.name for p in data_files()][:2]
    ['00-shared.trig', '10-background-terrorism.trig']
    """
    return sorted(papers_dir().glob("*/*.trig"))


def search_index_file() -> Path:
    """The prebuilt search index of the bundled data, ``search-index.sqlite``
    (:mod:`spr_graph.graph.search_bundled`; made by ``scripts/make_search_index.py``).

    Examples
    --------
    >>> search_index_file().name, search_index_file().is_file()
    ('search-index.sqlite', True)
    """
    return data_dir() / "search-index.sqlite"


def source_text() -> Path:
    """The cleaned source paper the bundled graph was curated from."""
    return paper_dir() / "paper.txt"


def queries_dir() -> Path:
    """The folder of the named queries' ``.rq`` files (:mod:`spr_graph.sparql.catalogue`).

    Examples
    --------
    >>> (queries_dir() / "who-chairs.rq").is_file()
    True
    """
    return _PACKAGE / "queries"


def default_files() -> list[Path]:
    """What commands read when given no files: ontology, shapes and data.

    Examples
    --------
    >>> [path.name for path in default_files()[:2]]
    ['spr.ttl', 'shapes.ttl']
    """
    return [ontology_file(), shapes_file(), *data_files()]
