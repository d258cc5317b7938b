"""The bundled files parse to the same graphs in rdflib and in pyoxigraph."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from spr_graph.core import resources
from spr_graph.store.rdflib_bridge import dataset as to_dataset
from spr_graph.store.rdflib_bridge import graph as to_graph


def _graphs(ds: Dataset) -> dict[str, Graph]:
    return {str(g.identifier): g for g in ds.graphs() if len(g)}


@pytest.mark.parametrize("path", resources.data_files(), ids=lambda p: p.name)
def test_trig_parses_identically(path: Path) -> None:
    by_rdflib = Dataset()
    by_rdflib.parse(path, format="trig")
    by_oxigraph = to_dataset(ox.parse(path=str(path), format=ox.RdfFormat.TRIG))
    left, right = _graphs(by_rdflib), _graphs(by_oxigraph)
    assert sorted(left) == sorted(right)
    for name in left:
        if not isomorphic(left[name], right[name]):
            _, only_rdflib, only_oxigraph = graph_diff(to_isomorphic(left[name]),
                                                       to_isomorphic(right[name]))
            pytest.fail(f"{path.name} graph {name}: rdflib only {sorted(only_rdflib)[:3]}, "
                        f"oxigraph only {sorted(only_oxigraph)[:3]}")


@pytest.mark.parametrize("path", [resources.ontology_file(), resources.shapes_file()],
                         ids=lambda p: p.name)
def test_turtle_parses_identically(path: Path) -> None:
    by_rdflib = Graph().parse(path, format="turtle")
    by_oxigraph = to_graph(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    assert len(by_rdflib) == len(by_oxigraph)
    assert isomorphic(by_rdflib, by_oxigraph)
