"""Write the prebuilt search index of the bundled data, ``data/search-index.sqlite``
(:mod:`spr_graph.graph.search_bundled`). Run it after changing the bundled data or the
index builder; ``tests/test_search_bundled.py`` fails until it is run.

    PYTHONPATH=. python3 scripts/make_search_index.py

The same data and SQLite version give the same bytes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout
from spr_graph.api import open as open_graph  # noqa: E402
from spr_graph.core import resources  # noqa: E402
from spr_graph.core.errors import InputError  # noqa: E402
from spr_graph.graph.search_bundled import bundled_digest, write_index  # noqa: E402


def make(target: Path) -> None:
    """Build the index of the bundled data into ``target``, as ``spr-graph search``
    with no source would build it in memory."""
    from spr_graph.analysis.forces import one_force_papers
    from spr_graph.graph.facts import read_documents

    digest = bundled_digest()
    graph = open_graph()
    if one_force_papers(read_documents(graph.source.select)):
        raise InputError("the bundled data holds several papers of one force, and search "
                         "reads the latest by default: the prebuilt index would not match")
    write_index(graph.source.select, target, digest,
                {"citing": json.dumps(graph.citing.as_json(), sort_keys=True)})


if __name__ == "__main__":
    make(Path(sys.argv[1]) if len(sys.argv) > 1 else resources.search_index_file())
