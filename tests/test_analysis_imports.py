"""The analysis package stays pure: NetworkX and dataclasses in, no RDF library inside."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import spr_graph.analysis

ANALYSIS = Path(spr_graph.analysis.__file__).parent
FORBIDDEN = ("rdflib", "pyoxigraph", "spr_graph.store.select", "spr_graph.store.load")


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            found.add(f"spr_graph.{module}" if node.level == 2 else
                      f"spr_graph.analysis.{module}" if node.level == 1 else module)
    return found


@pytest.mark.parametrize("path", sorted(ANALYSIS.glob("*.py")), ids=lambda p: p.name)
def test_no_rdf_library_is_imported(path: Path) -> None:
    imported = _imports(path)
    assert not {m for m in imported for f in FORBIDDEN if m == f or m.startswith(f + ".")}


@pytest.mark.parametrize("path", sorted(ANALYSIS.glob("*.py")), ids=lambda p: p.name)
def test_modules_stay_small(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) < 500
