"""Write ``spr_graph/queries/checked.json``, what the safety check says of each bundled
catalogue query (:mod:`spr_graph.sparql.prechecked`). Run it after changing a catalogue
query or the checker; ``tests/test_prechecked.py`` fails until it is run.

    PYTHONPATH=. python3 scripts/make_checked_queries.py

The same catalogue and checker give the same bytes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout
from spr_graph.core import resources  # noqa: E402
from spr_graph.core.atomic import write_text  # noqa: E402
from spr_graph.sparql.prechecked import CHECKED_FILE, table  # noqa: E402


def text() -> str:
    """The file's text, made afresh."""
    return json.dumps(table(), indent=1, sort_keys=True) + "\n"


if __name__ == "__main__":
    target = resources.queries_dir() / CHECKED_FILE
    write_text(target, text())
    print(f"wrote {target}")
