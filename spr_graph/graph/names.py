"""Find the node a user names on the command line.

A name may be a full IRI (``https://...`` or ``<https://...>``), a prefixed name
(``ag:rocu``), a label (``West Midlands Regional Organised Crime Unit``), an
abbreviation (``ROCU``) or any other alternative label, in any letter case and with any
spacing. The most exact kind of match wins: IRI, then label, then abbreviation, then
other alternative labels. A name that matches nothing, or several nodes at the same
level, raises :class:`~spr_graph.core.errors.UnknownNodeError` with the closest names
("did you mean ROCU, RDT?").
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from spr_graph.core.errors import UnknownNodeError
from spr_graph.core.namespaces import expand, shorten
from spr_graph.core.rows import Select
from spr_graph.graph.kinds import short_abbreviation

if TYPE_CHECKING:  # NetworkX is imported only to build a graph: naming a node needs none
    import networkx as nx

#: How many close matches an error suggests.
SUGGESTIONS = 5


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


class NameIndex:
    """Every way of naming each node of a projected graph, for repeated look-ups.

    Parameters
    ----------
    graph : networkx.MultiDiGraph or networkx.Graph or None
        Nodes are IRIs, with ``label``, ``abbreviation`` and ``alt_labels`` attributes
        (None: none; :class:`~spr_graph.graph.names_kept.KeptNames` asks a file).
    accept : callable, optional
        Given a node's attributes, whether the node may be named at all.

    Examples
    --------
    >>> import networkx as nx
    >>> graph = nx.Graph()
    >>> graph.add_node("https://w3id.org/spr-graph/id/organisation/rocu",
    ...                label="Regional Organised Crime Unit", abbreviation="ROCU")
    >>> graph.add_node("https://w3id.org/spr-graph/id/post/acc", label="ACC Security")
    >>> index = NameIndex(graph, accept=lambda attrs: attrs.get("abbreviation") is not None)
    >>> index.resolve("rocu")
    'https://w3id.org/spr-graph/id/organisation/rocu'
    """

    def __init__(self, graph: nx.MultiDiGraph | nx.Graph | None,
                 accept: Callable[[dict[str, object]], bool] | None = None) -> None:
        #: one dict per tier (IRI, label, abbreviation, other labels): key -> nodes
        self.tiers: list[dict[str, set[str]]] = [defaultdict(set) for _ in range(4)]
        #: key -> the name as written, for suggestions
        self.spelling: dict[str, str] = {}
        #: node -> its label, for naming the nodes a name could mean
        self.labels: dict[str, str] = {}
        for node, attrs in graph.nodes(data=True) if graph is not None else ():
            if accept is not None and not accept(attrs):
                continue
            self.tiers[0][_key(node)].add(node)
            self.tiers[0][_key(shorten(node))].add(node)
            names = [(1, attrs.get("label")), (2, attrs.get("abbreviation")),
                     *((3, alt) for alt in attrs.get("alt_labels") or ())]
            for tier, name in names:
                if isinstance(name, str) and name:
                    self.tiers[tier][_key(name)].add(node)
                    self.spelling.setdefault(_key(name), name)
            if attrs.get("label"):
                self.labels[node] = str(attrs["label"])

    def _nodes(self, tier: int, keys: list[str]) -> set[str]:
        """The nodes named by any of ``keys`` at ``tier``."""
        return {n for k in keys for n in self.tiers[tier].get(k, ())}

    def _spellings(self) -> dict[str, str]:
        """Every name (by key) as written, for suggestions."""
        return self.spelling

    def _label(self, node: str) -> str | None:
        return self.labels.get(node)

    def _describe(self, node: str) -> str:
        label = self._label(node)
        return f"{shorten(node)} ({label})" if label else shorten(node)

    def resolve(self, name: str, prefer: str | None = None) -> str:
        """The one node ``name`` denotes, or :class:`UnknownNodeError`.

        ``prefer``: when a name denotes several nodes at its most exact level, the one
        whose IRI starts with this (a namespace, such as the 2015 threats') if only one
        does."""
        text = name.strip()
        iri = expand(text) or text
        keys = [_key(iri), _key(text)]
        for tier in range(len(self.tiers)):
            found = sorted(self._nodes(tier, keys))
            preferred = [n for n in found if prefer and n.startswith(prefer)]
            if len(found) == 1 or len(preferred) == 1:
                return (preferred or found)[0]
            if found:
                choices = ", ".join(self._describe(n) for n in found[:SUGGESTIONS])
                raise UnknownNodeError(f"'{name}' names {len(found)} nodes",
                                       hint=f"did you mean {choices}? name one by its "
                                            "prefixed name")
        spelling = self._spellings()
        close = difflib.get_close_matches(_key(text), list(spelling), n=SUGGESTIONS,
                                          cutoff=0.6)
        hint = (f"did you mean {', '.join(spelling[k] for k in close)}?" if close else
                "name a node by IRI, prefixed name (ag:rocu), label or abbreviation")
        raise UnknownNodeError(f"no node is called '{name}'", hint=hint)


def resolve(graph: nx.MultiDiGraph | nx.Graph, name: str) -> str:
    """The IRI of the node ``name`` denotes in ``graph`` (see the module doc).

    Parameters
    ----------
    graph : networkx.MultiDiGraph or networkx.Graph
        Nodes are IRIs, with ``label``, ``abbreviation`` and ``alt_labels`` attributes.
    name : str
        An IRI, a prefixed name, a label or an abbreviation, in any case and spacing.

    Returns
    -------
    str
        The node's IRI; :class:`~spr_graph.core.errors.UnknownNodeError` when ``name``
        matches no node, or several at its most exact level.

    Examples
    --------
    >>> import networkx as nx
    >>> graph = nx.Graph()
    >>> graph.add_node("https://w3id.org/spr-graph/id/organisation/rocu",
    ...                label="Regional Organised Crime Unit", abbreviation="ROCU")
    >>> names = ["ag:rocu", " regional organised crime UNIT", "ROCU"]
    >>> {resolve(graph, name) for name in names}
    {'https://w3id.org/spr-graph/id/organisation/rocu'}
    >>> resolve(graph, "RCOU")
    Traceback (most recent call last):
    ...
    spr_graph.core.errors.UnknownNodeError: no node is called 'RCOU' (did you mean ROCU?)
    """
    return NameIndex(graph).resolve(name)


def resolve_all(graph: nx.MultiDiGraph | nx.Graph, names: Iterable[str],
                accept: Callable[[dict[str, object]], bool] | None = None) -> list[str]:
    """The IRIs of several names, in the order given, duplicates dropped.

    ``accept`` limits the nodes that may be named, as for :class:`NameIndex`.

    Examples
    --------
    >>> import networkx as nx
    >>> graph = nx.Graph()
    >>> graph.add_nodes_from([("https://w3id.org/spr-graph/id/organisation/rocu",
    ...                        {"label": "Regional Organised Crime Unit", "abbreviation": "ROCU"}),
    ...                       ("https://w3id.org/spr-graph/id/organisation/rdt",
    ...                        {"label": "Regional Disruptions Team", "abbreviation": "RDT"})])
    >>> [shorten(iri) for iri in resolve_all(graph, ["RDT", "ag:rocu", "rdt"])]
    ['ag:rdt', 'ag:rocu']
    """
    index = NameIndex(graph, accept)
    return list(dict.fromkeys(index.resolve(name) for name in names))


def labelled(select: Select) -> nx.Graph:
    """Every IRI with a label, as a node :class:`NameIndex` reads: ``label`` (its
    ``skos:prefLabel``, else ``rdfs:label``), ``abbreviation`` and ``alt_labels`` (its
    ``skos:altLabel`` s), as in the projection. For naming what the projection leaves out
    (places, threat categories, the 5 Cs, pillars, statuses) as well as what it holds.

    Examples
    --------
    >>> rows = [{"s": "https://w3id.org/spr-graph/id/five-c/capacity",
    ...          "p": "http://www.w3.org/2004/02/skos/core#prefLabel", "o": "Capacity"}]
    >>> NameIndex(labelled(lambda query: rows)).resolve("capacity")
    'https://w3id.org/spr-graph/id/five-c/capacity'
    """
    import networkx as nx

    graph = nx.Graph()
    labels: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in select("""SELECT ?s ?p ?o WHERE { ?s ?p ?o
            VALUES ?p { skos:prefLabel skos:altLabel rdfs:label } FILTER(isIRI(?s)) }"""):
        labels[row["s"] or ""][(row["p"] or "").rsplit("#", 1)[-1]].add(row["o"] or "")
    for iri, found in sorted(labels.items()):
        names = found.get("prefLabel") or found.get("label")
        alts = sorted(found.get("altLabel", ()))
        graph.add_node(iri, label=min(names) if names else None,
                       abbreviation=short_abbreviation(alts), alt_labels=alts)
    return graph
