"""Generate the provenance graph of a source document as TriG, deterministically.

It holds the document (with ``spr:sourceDigest``, the SHA-256 of the text it was
generated from), one ``spr:Paragraph`` per numbered paragraph (number, section,
heading, text, footnotes) and, for each paragraph, the derivation of its assertion graph.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD, NamespaceManager

from spr_graph.core.namespaces import (
    BASE,
    DCTERMS,
    PREFIXES,
    PROV,
    SKOS,
    SPR,
    THR15,
    THR23,
    TURTLE_PREFIXES,
    document_namespaces,
    shorten,
)
from spr_graph.papers.sourcetext import SourceDocument

THREAT_SECTIONS = {
    "terrorism", "public-order", "serious-organised-crime", "civil-emergencies",
    "national-cyber-security-incident", "child-sexual-abuse",
}
#: A section key (a 2015 threat's local name, or a 2023 threat's where 2015 has none) ->
#: the 2023 threat's local name.
SECTIONS_2023 = {**{key: key for key in THREAT_SECTIONS}, "public-order": "public-disorder",
                 "national-cyber-security-incident": "national-cyber-event",
                 "violence-against-women-and-girls": "violence-against-women-and-girls"}


def section_threat(key: str, edition: str = "spr-2015") -> str | None:
    """The threat IRI of a section ``key`` in a paper answering ``edition``.

    >>> section_threat("public-order", "spr-2023").rsplit("/", 2)[-2:]
    ['2023', 'public-disorder']
    >>> section_threat("violence-against-women-and-girls").rsplit("/", 2)[-2:]
    ['2023', 'violence-against-women-and-girls']
    >>> section_threat("purpose") is None
    True
    """
    if edition == "spr-2023" and key in SECTIONS_2023:
        return THR23[SECTIONS_2023[key]]
    if key in THREAT_SECTIONS:
        return THR15[key]
    return THR23[key] if key in SECTIONS_2023 else None


def provenance_graph_iri(doc_id: str) -> str:
    return f"{BASE}id/graph/{doc_id}/provenance"


def document_iri(doc_id: str) -> str:
    return f"{BASE}id/document/{doc_id}"


def n(iri: str) -> str:
    return shorten(str(iri))


_NM = NamespaceManager(Graph(bind_namespaces="none"))
for _prefix, _iri in PREFIXES.items():
    _NM.bind(_prefix, _iri)


def _lit(value: str | int | bool, datatype: URIRef | None = None, lang: str | None = None) -> str:
    return Literal(value, datatype=datatype, lang=lang).n3(_NM)


def provenance_trig(source: SourceDocument, force_iri: str) -> str:
    """The provenance graph of ``source`` as TriG text (stable order, no blank nodes)."""
    doc_id = source.doc_id
    para_ns, graph_ns, _ = document_namespaces(doc_id)
    doc = document_iri(doc_id)
    meta = source.meta
    out = [f"# Generated from {source.path.name} by `spr-graph provenance`; do not edit.\n",
           TURTLE_PREFIXES, f"\n{n(provenance_graph_iri(doc_id))} {{\n"]
    out.append(f"  {n(doc)} a {n(SPR.SourceDocument)} ;\n")
    out.append(f"    {n(DCTERMS.title)} {_lit(meta.get('title', doc_id), lang='en')} ;\n")
    label = f"{meta.get('title', doc_id)} ({meta.get('publisher', '')}, {meta.get('date', '')})"
    out.append(f"    {n(SKOS.prefLabel)} {_lit(label, lang='en')} ;\n")
    for key, prop in (("publisher", DCTERMS.publisher), ("audience", DCTERMS.audience),
                      ("authors", DCTERMS.creator), ("presented-by", DCTERMS.contributor)):
        if key in meta:
            out.append(f"    {n(prop)} {_lit(meta[key])} ;\n")
    if "date" in meta:
        out.append(f"    {n(DCTERMS.date)} {_lit(meta['date'], XSD.date)} ;\n")
    if source.sha256:
        out.append(f"    {n(SPR.sourceDigest)} {_lit(source.sha256)} ;\n")
    out.append(f"    {n(SPR.force)} {n(force_iri)} ;\n")
    edition = meta.get("edition", "spr-2015")
    out.append(f"    {n(SPR.edition)} {n(BASE + 'id/scheme/' + edition)} .\n")
    for number in sorted(source.paragraphs):
        p = source.paragraphs[number]
        para = para_ns[f"p{number:03d}"]
        out.append(f"\n  {n(para)} a {n(SPR.Paragraph)} ;\n")
        out.append(f"    {n(SKOS.prefLabel)} {_lit(f'Paragraph {number}', lang='en')} ;\n")
        out.append(f"    {n(DCTERMS.isPartOf)} {n(doc)} ;\n")
        out.append(f"    {n(SPR.paragraphNumber)} {_lit(number, XSD.integer)} ;\n")
        if p.recovered:
            out.append(f"    {n(SPR.numberRecovered)} true ;\n")
        out.append(f"    {n(SPR.section)} {_lit(p.section_title)} ;\n")
        if threat := section_threat(p.section_key, edition):
            out.append(f"    {n(SPR.sectionThreat)} {n(threat)} ;\n")
        if p.heading:
            out.append(f"    {n(SPR.heading)} {_lit(p.heading)} ;\n")
        for mark in sorted(p.footnotes):
            out.append(f"    {n(SPR.footnote)} {_lit(f'{mark} {p.footnotes[mark]}')} ;\n")
        out.append(f"    {n(SPR.text)} {_lit(p.text)} .\n")
        out.append(f"  {n(graph_ns[f'p{number:03d}'])} a {n(SPR.AssertionGraph)} ;\n")
        out.append(f"    {n(PROV.wasDerivedFrom)} {n(para)} .\n")
    out.append("}\n")
    return "".join(out)
