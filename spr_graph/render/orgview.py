"""The organisation view of a map: who the force works with, in tiers, laid out to be read.

A map opens on this view (``templates/map_org.js`` draws it; the detailed view of every
node stays one toggle away):

- **Who is on it** (:func:`world`): the force, what :func:`~spr_graph.graph.projection.inside`
  puts in it (units, boards, posts), every organisation linked to those, and the national
  organisations, agencies and collaborations one step further (a route to a national
  partner through a regional collaboration stays visible). With no force (a store of
  data without a paper), every linked organisation. Posts and people are optional on the
  page; hidden, their links count for the organisation they sit in (:func:`homes`).
- **A link** is every edge of the projection between two of them, whatever its relation:
  requirement statements (``worksWith``) and ORG relations (unit of, member of, chairs...).
  The page aggregates them per pair, and per threat when filtered.
- **Where they go** (:func:`band_layout`): horizontal bands, national at the top, then
  regional, local partners, the force alone, and what is inside the force at the bottom;
  each band a grid of equal cells, filled column by column in an order that keeps linked
  organisations near each other (a few barycentre sweeps). The grid's columns are chosen
  so the whole view fits a laptop's map area at full size, so every label is readable at
  the default zoom and no two overlap. Deterministic: sorted input, no randomness.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from spr_graph.analysis.views import AGENT_KINDS, is_national
from spr_graph.graph.projection import inside

if TYPE_CHECKING:
    import networkx as nx

#: Kinds that stand in for the organisation they sit in when posts are hidden.
PEOPLE = frozenset({"post", "person"})
#: One cell of the grid, in canvas pixels at zoom 1 (the page draws boxes 122 wide).
CELL_W = 134.0
CELL_H = 48.0
#: Room above each band for its heading.
HEADING = 30.0
BAND_GAP = 12.0
#: The map area of a 1366 x 768 laptop screen, and of a 1400 x 900 browser window, in
#: pixels: the grid is shaped to fit it at zoom 1.
SCREEN = (1100.0, 780.0)
SWEEPS = 4

Position = tuple[int, int]


@dataclass(frozen=True)
class Band:
    """One tier: its heading and the box the page shades behind it."""

    label: str
    top: int
    bottom: int
    left: int
    right: int
    count: int

    def as_dict(self) -> dict[str, Any]:
        return {"label": self.label, "top": self.top, "bottom": self.bottom,
                "left": self.left, "right": self.right, "count": self.count}


def homes(graph: nx.MultiDiGraph) -> dict[str, str]:
    """The organisation each post sits in (``postIn``) and each person's post's
    organisation (``holds``), the first in IRI order; posts with none are left out."""
    post_in: dict[str, str] = {}
    held: dict[str, str] = {}
    for u, v, relation in sorted(graph.edges(keys=True)):
        if relation == "postIn" and graph.nodes[v]["kind"] not in PEOPLE:
            post_in.setdefault(u, v)
        elif relation == "holds":
            held.setdefault(u, v)
    found = dict(post_in)
    found.update({person: post_in[post] for person, post in held.items() if post in post_in})
    return found


def links(graph: nx.MultiDiGraph, members: Iterable[str],
          home: dict[str, str] | None = None) -> dict[str, set[str]]:
    """Who is linked to whom among ``members``; with ``home``, posts and people are
    replaced by their organisation (and dropped when they have none)."""
    chosen = set(members)
    found: dict[str, set[str]] = defaultdict(set)
    for u, v in graph.edges():
        if u not in chosen or v not in chosen:
            continue
        if home is not None:
            if graph.nodes[u]["kind"] in PEOPLE:
                u = home.get(u, "")
            if graph.nodes[v]["kind"] in PEOPLE:
                v = home.get(v, "")
            if not u or not v or u not in chosen or v not in chosen:
                continue
        if u != v:
            found[u].add(v)
            found[v].add(u)
    return dict(found)


def world(graph: nx.MultiDiGraph, force: str | None) -> set[str]:
    """The organisations, posts and people of the view (see the module doc)."""
    agents = sorted(n for n, kind in graph.nodes(data="kind") if kind in AGENT_KINDS)
    linked = links(graph, agents)
    if force is None or force not in graph:
        return set(linked)
    own = inside(graph, force)
    near = own | {m for n in own for m in linked.get(n, ())}
    far = {m for n in near - own for m in linked.get(n, ())
           if is_national(graph.nodes[m]) or graph.nodes[m]["kind"] in ("agency", "collaboration")}
    return {n for n in near | far if n in linked} | {force}


def _tiers(graph: nx.MultiDiGraph, nodes: Iterable[str], force: str | None,
           own: set[str]) -> list[tuple[str, list[str]]]:
    """The bands from the top: national, regional, local partners, the force, inside it."""
    tiers: dict[str, list[str]] = {"national": [], "regional": [], "local": [], "force": [],
                                   "inside": []}
    for node in nodes:
        attrs = graph.nodes[node]
        if node == force:
            tiers["force"].append(node)
        elif node in own:
            tiers["inside"].append(node)
        elif attrs["level"] in ("national", "international"):
            tiers["national"].append(node)
        elif attrs["level"] == "regional":
            tiers["regional"].append(node)
        else:
            tiers["local"].append(node)
    name = graph.nodes[force]["label"] if force in graph else "the force"
    titles = {"national": "National and international partners", "regional": "Regional",
              "local": "Local partners", "force": "", "inside": f"Inside {name}"}
    rank = {"force": 0, "unit": 1, "board": 2, "collaboration": 3, "agency": 4, "post": 5,
            "person": 6}
    return [(titles[key], sorted(members, key=lambda n: (rank.get(graph.nodes[n]["kind"], 9),
                                                         graph.nodes[n]["label"].casefold(), n)))
            for key, members in tiers.items() if members]


def _columns(sizes: list[int]) -> int:
    """The number of grid columns that lets the bands fit :data:`SCREEN` at the largest zoom."""
    best, best_scale = 1, math.inf
    for columns in range(1, max(sizes) + 1):
        rows = sum(math.ceil(n / columns) for n in sizes)
        height = rows * CELL_H + len(sizes) * (HEADING + BAND_GAP)
        scale = max(columns * CELL_W / SCREEN[0], height / SCREEN[1])
        if scale < best_scale - 1e-9:
            best, best_scale = columns, scale
    return best


def _place(bands: list[tuple[str, list[str]]], columns: int
           ) -> tuple[dict[str, tuple[float, float]], list[Band]]:
    """Each band as a grid centred on x = 0, filled column by column; bands top to bottom."""
    positions: dict[str, tuple[float, float]] = {}
    boxes = []
    top = 0.0
    half = columns * CELL_W / 2
    for label, members in bands:
        rows = math.ceil(len(members) / columns)
        used = math.ceil(len(members) / rows)
        left = -used * CELL_W / 2
        first = top + (HEADING if label else BAND_GAP)
        for i, node in enumerate(members):
            column, row = divmod(i, rows)
            positions[node] = (left + (column + 0.5) * CELL_W, first + (row + 0.5) * CELL_H)
        bottom = first + rows * CELL_H
        boxes.append(Band(label, round(top), round(bottom), round(-half), round(half),
                          len(members)))
        top = bottom + BAND_GAP
    return positions, boxes


def _sweep(bands: list[tuple[str, list[str]]], near: dict[str, set[str]],
           positions: dict[str, tuple[float, float]]) -> list[tuple[str, list[str]]]:
    """Each band reordered by the mean x of its members' links in other bands."""
    ordered = []
    for label, members in bands:
        inside_band = set(members)
        keys = {}
        for i, node in enumerate(members):
            xs = [positions[m][0] for m in near.get(node, ()) if m not in inside_band
                  and m in positions]
            keys[node] = (sum(xs) / len(xs) if xs else positions[node][0], i)
        ordered.append((label, sorted(members, key=lambda n: keys[n])))
    return ordered


def band_layout(graph: nx.MultiDiGraph, nodes: Iterable[str], near: dict[str, set[str]],
                force: str | None) -> tuple[dict[str, Position], list[Band]]:
    """Whole-pixel positions of ``nodes`` in tiers (see the module doc), and the bands
    (the force's own band has no heading).

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("f", kind="force", level="local", label="Force")
    >>> g.add_node("n", kind="agency", level="national", label="NCA")
    >>> positions, bands = band_layout(g, ["f", "n"], {"f": {"n"}, "n": {"f"}}, "f")
    >>> [b.label for b in bands], positions["n"][1] < positions["f"][1]
    (['National and international partners', ''], True)
    """
    chosen = sorted(nodes)
    if not chosen:
        return {}, []
    own = inside(graph, force) if force in graph else set()
    bands = _tiers(graph, chosen, force, own)
    columns = _columns([len(members) for _, members in bands])
    positions, boxes = _place(bands, columns)
    for _ in range(SWEEPS):
        bands = _sweep(bands, near, positions)
        positions, boxes = _place(bands, columns)
    return {n: (round(x), round(y)) for n, (x, y) in positions.items()}, boxes


def org_view(graph: nx.MultiDiGraph) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """Per node of the view, what the page needs (``o``: position without posts, ``op``:
    with them, ``home``: a post's organisation), and the view's own data (bands)."""
    force = graph.graph.get("force")
    force = force if force in graph else None
    members = world(graph, force)
    home = homes(graph)
    organisations = [n for n in members if graph.nodes[n]["kind"] not in PEOPLE]
    lifted = links(graph, organisations + [n for n in members if n in home], home)
    plain, bands = band_layout(graph, [n for n in organisations if n in lifted or n == force],
                               lifted, force)
    full_links = links(graph, members)
    with_posts, post_bands = band_layout(graph, [n for n in members if n in full_links
                                                 or n == force], full_links, force)
    found: dict[str, dict[str, Any]] = defaultdict(dict)
    for node, xy in plain.items():
        found[node]["o"] = list(xy)
    for node, xy in with_posts.items():
        found[node]["op"] = list(xy)
    for node in members:
        if node in home and home[node] in plain:
            found[node]["home"] = home[node]
    return dict(found), {"force": force, "bands": [b.as_dict() for b in bands],
                         "bandsPosts": [b.as_dict() for b in post_bands]}
