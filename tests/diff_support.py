"""A "next year" paper made from scripted edits of the bundled one: what ``diff`` and the
maps' "Since <paper>" marks are tested against."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from spr_graph.core import resources
from spr_graph.core.namespaces import TURTLE_PREFIXES
from spr_graph.store.load import load

#: The edits of the "next year" paper, as SPARQL Update on the bundled data.
EDITS = {
    "partner removed": """DELETE WHERE { GRAPH ?g {
        ?s spr:partner ag:midland-regional-public-order-unit } }""",
    "quantity changed": """DELETE { GRAPH ?g { qty:wmp-cbrn-responders-held-2019-10 spr:value ?v } }
        INSERT { GRAPH ?g { qty:wmp-cbrn-responders-held-2019-10 spr:value 307 } }
        WHERE { GRAPH ?g { qty:wmp-cbrn-responders-held-2019-10 spr:value ?v } }""",
    "funding extended": """DELETE { GRAPH ?g { fund:armed-uplift-programme spr:endDate ?t } }
        INSERT { GRAPH ?g { fund:armed-uplift-programme spr:endDate t:2022-03 .
                            t:2022-03 a time:Instant ;
                                time:inXSDgYearMonth "2022-03"^^xsd:gYearMonth } }
        WHERE { GRAPH ?g { fund:armed-uplift-programme spr:endDate ?t } }""",
    "gap closed": """INSERT DATA { GRAPH g:p057 {
        stmt:p057-connectivity-next-year a spr:RequirementStatement ;
            spr:threat thr15:public-order ; spr:fiveC c5:connectivity ;
            spr:actor ag:wmp ; spr:partner ag:nca ; spr:evidenceStatus status:in-place ;
            spr:quote "This will provide a multi-agency environment" } }""",
    "status changed": """DELETE { GRAPH ?g { ?s spr:evidenceStatus status:planned } }
        INSERT { GRAPH ?g { ?s spr:evidenceStatus status:in-place } }
        WHERE { GRAPH ?g { ?s spr:evidenceStatus status:planned }
                FILTER(?s = stmt:p023-connectivity-national-operating-model) }""",
    "chair changed": """DELETE { GRAPH ?g { post:acc-security spr:chairs ag:socex-board } }
        INSERT { GRAPH ?g { post:head-of-soc spr:chairs ag:socex-board .
                            post:head-of-soc a org:Post ; skos:prefLabel "Head of SOC"@en ;
                            org:postIn ag:wmp } }
        WHERE { GRAPH ?g { post:acc-security spr:chairs ag:socex-board } }""",
    "next year": """DELETE { GRAPH ?g { ?d dcterms:date ?date } }
        INSERT { GRAPH ?g { ?d dcterms:date "2021-01-19"^^xsd:date } }
        WHERE { GRAPH ?g { ?d a spr:SourceDocument ; dcterms:date ?date } }""",
}
HEADER = "\n".join(line.replace("@prefix", "PREFIX").rstrip(" .")
                    for line in TURTLE_PREFIXES.splitlines() if line.startswith("@prefix"))




def make_next_year(out: Path) -> Path:
    """The bundled paper with :data:`EDITS` applied, written to ``out`` (TriG)."""
    store = load(resources.data_files(), vocabulary=False).store
    for update in EDITS.values():
        store.update(f"{HEADER}\n{update}")
    store.dump(str(out), format=ox.RdfFormat.TRIG)
    return out
