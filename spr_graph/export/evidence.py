"""The evidence a map shows beside each node and edge: quotes and paragraph texts.

Read through a :data:`~spr_graph.sparql_rows.Select`, so it works on files, ``--db`` and
``--endpoint`` alike. Requirement statements (with their own quotes) come from
:func:`spr_graph.facts.read_facts`; this module adds what the facts leave out: the
``spr:quote`` of every entity, in the paragraph whose graph states it, and the text of
every numbered paragraph.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..sparql_rows import Select


@dataclass(frozen=True)
class Paragraph:
    """A numbered paragraph of the source paper, as the provenance graph records it."""

    number: int
    section: str
    heading: str
    text: str
    footnotes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Evidence:
    """Quotes by subject IRI (as ``(paragraph, quote)`` pairs, sorted) and paragraphs by number."""

    quotes: dict[str, tuple[tuple[int, str], ...]]
    paragraphs: dict[int, Paragraph]


def read_evidence(select: Select) -> Evidence:
    """Every quote with its paragraph, and every paragraph's text, heading and footnotes."""
    quotes: dict[str, set[tuple[int, str]]] = defaultdict(set)
    for row in select("""SELECT ?s ?quote ?n WHERE { GRAPH ?g { ?s spr:quote ?quote }
            ?g prov:wasDerivedFrom ?p . ?p spr:paragraphNumber ?n }"""):
        quotes[row["s"] or ""].add((int(row["n"] or 0), row["quote"] or ""))
    fields: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in select("""SELECT ?n ?key ?value WHERE { ?p a spr:Paragraph ;
            spr:paragraphNumber ?n ; ?key ?value
            VALUES ?key { spr:section spr:heading spr:text spr:footnote } }"""):
        key = (row["key"] or "").rsplit("#", 1)[-1]
        fields[int(row["n"] or 0)][key].add(row["value"] or "")
    paragraphs = {
        number: Paragraph(number, min(f["section"], default=""), min(f["heading"], default=""),
                          "\n".join(sorted(f["text"])), tuple(sorted(f["footnote"])))
        for number, f in sorted(fields.items())}
    return Evidence({s: tuple(sorted(q)) for s, q in sorted(quotes.items())}, paragraphs)
