"""spr-graph: a knowledge graph toolkit for the UK Strategic Policing Requirement.

>>> import spr_graph
>>> g = spr_graph.open()                 # the bundled West Midlands paper
>>> print(g.gaps().table())              # doctest: +ELLIPSIS
Threat x 5C evidence, West Midlands Police, against ...

The packages, by role (each layer imports only the ones below it; ``lint-imports``
enforces this, see ``docs/contributing.md``):

- :mod:`spr_graph.cli`: the ``spr-graph`` command line, a thin layer over :mod:`.api`;
  the only place that prints, prompts or exits.
- :mod:`spr_graph.api`: the Python entry point (:func:`open`, :class:`Graph`,
  :func:`build`).
- :mod:`spr_graph.pack`: the evidence-pack pipeline and safe folder publication.
- :mod:`spr_graph.render`: tables, Markdown, HTML maps, the report, export formats.
- :mod:`spr_graph.validation`: SHACL shapes and the dataset checks.
- :mod:`spr_graph.sparql`: analysts' safe SPARQL, the query catalogue, ``serve``.
- :mod:`spr_graph.analysis`: pure functions over the projection (no store, no rendering).
- :mod:`spr_graph.papers`: reading and cleaning papers, the national register, source
  texts, provenance, synthetic papers.
- :mod:`spr_graph.graph`: the RDF -> NetworkX projection, the facts, names, counts.
- :mod:`spr_graph.store`: files, a persistent store, a remote endpoint.
- :mod:`spr_graph.core`: errors and exit codes, namespaces, safe writing, the read seam.

The library never prints or exits.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing's: importing the package imports nothing (below)
if TYPE_CHECKING:
    from typing import Any

    from spr_graph.api import Graph, Report, build, open
    from spr_graph.core.errors import SprGraphError
    from spr_graph.core.version import __version__

__all__ = ["Graph", "Report", "SprGraphError", "__version__", "build", "open"]


def __getattr__(name: str) -> Any:
    """``Graph``, ``Report``, ``build``, ``open``, ``SprGraphError`` and ``__version__``,
    imported on first use: importing the package alone (as ``python -m spr_graph`` does
    before the command line takes charge of Ctrl-C) imports nothing else."""
    if name in ("Graph", "Report", "build", "open"):
        from spr_graph import api

        return getattr(api, name)
    if name == "SprGraphError":
        from spr_graph.core.errors import SprGraphError

        return SprGraphError
    if name == "__version__":
        from spr_graph.core.version import __version__

        return __version__
    raise AttributeError(f"module 'spr_graph' has no attribute {name!r}")


def __dir__() -> list[str]:
    """The package's names, those imported on first use included (for completion).

    >>> import spr_graph
    >>> {"Graph", "open", "__version__"} <= set(dir(spr_graph))
    True
    """
    return sorted({*globals(), *__all__})
