"""The catalogue gives identical answers on every store: the embedded Oxigraph store and
plain rdflib (a Dataset whose default graph is the union of its graphs)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from spr_graph.sparql.catalogue import load_catalogue
from spr_graph.sparql.engine import OxigraphRunner, RdflibRunner, execute
from spr_graph.sparql.params import bindings
from spr_graph.store.load import Loaded
from spr_graph.store.rdflib_bridge import dataset

CATALOGUE = load_catalogue()
#: Values for required parameters, and a few more to exercise the optional ones.
RUNS = [(name, CATALOGUE[name].example_call(required_only=True))
        for name in sorted(CATALOGUE)] + [
    ("who-chairs", ("board=ag:socex-board",)),
    ("funding-ending", ("by=2020-03-31",)),
    ("timeline", ("from=2021-01-01", "to=2021-12-31")),
    ("threat-partners", ("threat=thr15:terrorism", "fiveC=c5:connectivity")),
    ("arrangements-by-status", ("status=status:planned",)),
]


@pytest.fixture(scope="module")
def runners(bundled: Loaded,
            bundled_quads: list[ox.Quad]) -> tuple[OxigraphRunner, RdflibRunner]:
    return OxigraphRunner(bundled.store), RdflibRunner(dataset(bundled_quads))


def test_every_query_is_compared() -> None:
    assert {name for name, _ in RUNS} == set(CATALOGUE)


@pytest.mark.parametrize(("name", "params"), RUNS, ids=[" ".join((n, *p)) for n, p in RUNS])
def test_oxigraph_and_rdflib_agree(runners: tuple[OxigraphRunner, RdflibRunner], name: str,
                                   params: tuple[str, ...]) -> None:
    query = CATALOGUE[name]
    values = bindings(params, query.params)
    fast, plain = (execute(r, query.text, values, limit=None, timeout=120) for r in runners)
    assert fast.variables == plain.variables
    assert fast.rows == plain.rows
    assert fast.rows, f"{name} answers nothing on the bundled data: a weak comparison"
