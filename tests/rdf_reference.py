"""The whole dataset serialised at once: what ``spr_graph.store.dump`` must equal byte for
byte when it writes a graph at a time (the exports' reference, kept in the tests)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from spr_graph.core.namespaces import PREFIXES
from spr_graph.store.dump import _quad_key, write_jsonld


@dataclass(frozen=True)
class CanonicalQuads:
    """A dataset with blank nodes relabelled by RDFC-1.0, default graph first, sorted."""

    quads: tuple[ox.Quad, ...]


def canonical_quads(quads: Iterable[ox.Quad]) -> CanonicalQuads:
    """Canonicalise the whole dataset at once; each writer below takes the result."""
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return CanonicalQuads(tuple(sorted(dataset, key=_quad_key)))


def trig(data: CanonicalQuads) -> bytes:
    return ox.serialize(data.quads, format=ox.RdfFormat.TRIG, prefixes=PREFIXES) or b""


def nquads(data: CanonicalQuads) -> bytes:
    return ox.serialize(data.quads, format=ox.RdfFormat.N_QUADS) or b""


def jsonld(data: CanonicalQuads) -> bytes:
    out = io.BytesIO()
    write_jsonld(data.quads, out)
    return out.getvalue()
