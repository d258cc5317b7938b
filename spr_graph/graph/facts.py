"""The seam for the facts that are not edges: requirement statements, quantities, funding
streams, SPR editions and their crosswalk, read through a :data:`~spr_graph.store.select.Select`
into the frozen dataclasses of :mod:`spr_graph.graph.facts_model` (imported from here too).

Everything here is read with SPARQL only, so it works the same on files, ``--db`` and
``--endpoint``. Each fact carries ``paragraphs``: the numbers of the paragraphs whose
graphs state it. Concept values (five Cs, statuses, roles, units) are kept as the local
name of their IRI (``capacity``, ``in-place``, ``held``, ``officer``); entities (threats,
actors, partners, scopes, funders) as full IRIs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from spr_graph.core.errors import InputError
from spr_graph.graph import reads
from spr_graph.graph.facts_model import (
    _PRECISION,
    FIVE_CS,
    TIME,
    Document,
    Facts,
    FundingStream,
    Instant,
    Quantity,
    Statement,
    Statements,
    Vocabulary,
    local,
    parse_instant,
)

if TYPE_CHECKING:
    from spr_graph.core.rows import Select

__all__ = ["FIVE_CS", "TIME", "Document", "Facts", "FundingStream", "Instant", "Quantity",
           "Statement", "Statements", "Vocabulary", "local", "parse_instant", "read_documents",
           "read_facts"]

@dataclass
class _Record:
    values: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    paragraphs: set[int] = field(default_factory=set)
    docs: set[str] = field(default_factory=set)

    def one(self, key: str) -> str | None:
        return min(self.values[key]) if self.values.get(key) else None

    def many(self, key: str) -> tuple[str, ...]:
        return tuple(sorted(self.values.get(key, ())))


def _records(rows: list[tuple[str, str, str, str]], members: set[str], props: Iterable[str],
             graphs: dict[str, tuple[int, str | None, str | None]]) -> dict[str, _Record]:
    """Every ``props`` value (and label and replacement) of the subjects in ``members``,
    from the rows of :func:`~spr_graph.graph.reads.fact_rows`, with the paragraphs
    stating it."""
    wanted = {*props, "prefLabel", "replaces"}
    records: dict[str, _Record] = defaultdict(_Record)
    for s, key, o, g in rows:
        if key not in wanted or s not in members:
            continue
        record = records[s]
        record.values[key].add(o)
        number, _, doc = graphs.get(g, (0, None, None))
        if number:
            record.paragraphs.add(number)
        if doc:
            record.docs.add(doc)
    return records


def _decimal(text: str | None, iri: str) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        raise InputError(f"<{iri}> has spr:value '{text}', which is not a number",
                         hint="fix the literal; `spr-graph validate` names its paragraph") from None


def read_documents(select: Select) -> tuple[Document, ...]:
    """Every source paper of the store: its force (and its label), edition, date, digest."""
    rows = sorted(tuple(r[k] or "" for k in ("doc", "force", "edition", "date", "label", "sha"))
                  for r in select("""SELECT ?doc ?force ?edition ?date ?label ?sha WHERE {
            ?doc a spr:SourceDocument . OPTIONAL { ?doc spr:force ?force
                OPTIONAL { ?force skos:prefLabel ?label } } OPTIONAL { ?doc spr:sourceDigest ?sha }
            OPTIONAL { ?doc spr:edition ?edition } OPTIONAL { ?doc dcterms:date ?date } }"""))
    docs = {doc: Document(doc, *(v or None for v in rest)) for doc, *rest in reversed(rows)}
    return tuple(docs[doc] for doc in sorted(docs))


def _vocabulary(select: Select) -> Vocabulary:
    editions: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    for row in select("""SELECT ?e ?label WHERE { ?e a spr:SprEdition .
            OPTIONAL { ?e rdfs:label ?label } } ORDER BY ?e DESC(?label)"""):
        editions[row["e"] or ""]
        labels[row["e"] or ""] = row["label"] or local(row["e"] or "")
    for row in select("""SELECT ?t ?scheme ?label WHERE { ?t a spr:Threat ; skos:inScheme ?scheme .
            OPTIONAL { ?t skos:prefLabel ?label } } ORDER BY ?t ?scheme DESC(?label)"""):
        editions[row["scheme"] or ""].add(row["t"] or "")
        labels[row["t"] or ""] = row["label"] or local(row["t"] or "")
    crosswalk = sorted({(row["a"] or "", "exact" if (row["rel"] or "").endswith("exactMatch")
                         else "close", row["b"] or "") for row in select(
        """SELECT ?a ?rel ?b WHERE { ?a ?rel ?b . ?a a spr:Threat . ?b a spr:Threat .
           VALUES ?rel { skos:exactMatch skos:closeMatch } }""")})
    cs: list[tuple[str, str]] = []
    for row in select("""SELECT ?c ?label ?notation WHERE { ?c a spr:FiveC .
            OPTIONAL { ?c skos:prefLabel ?label } OPTIONAL { ?c skos:notation ?notation } }
            ORDER BY ?c DESC(?label) DESC(?notation)"""):
        cs.append((row["notation"] or "9", local(row["c"] or "")))
        labels[local(row["c"] or "")] = row["label"] or local(row["c"] or "")
    for row in select("""SELECT ?u ?label WHERE { ?u a spr:UnitOfMeasure ; skos:prefLabel ?label }
            ORDER BY ?u DESC(?label)"""):
        labels[local(row["u"] or "")] = row["label"] or ""
    counted = {row["o"] or "": row["label"] or "" for row in select(  # places, categories...
        """SELECT DISTINCT ?o ?label WHERE { ?q spr:quantityOf|spr:scope ?o .
           ?o skos:prefLabel ?label } ORDER BY ?o DESC(?label)""")}  # the least label wins
    labels.update({iri: text for iri, text in counted.items() if iri not in labels})
    five_cs = tuple(dict.fromkeys(name for _, name in sorted(cs))) or FIVE_CS
    return Vocabulary({e: tuple(sorted(ts)) for e, ts in sorted(editions.items()) if e},
                      tuple(crosswalk), five_cs, dict(sorted(labels.items())))


def read_facts(select: Select) -> Facts:
    """Read statements, quantities, funding streams, editions and the crosswalk."""
    documents = read_documents(select)
    force_of = {d.iri: d.force for d in documents}
    graphs = reads.paragraphs(select)
    rows, typed = reads.fact_rows(select)
    instants: dict[str, Instant] = {}
    for row in select("""SELECT ?t ?p ?v WHERE { ?t ?p ?v
            VALUES ?p { time:inXSDDate time:inXSDgYearMonth time:inXSDgYear } }"""):
        instants[row["t"] or ""] = Instant(row["v"] or "", _PRECISION[row["p"] or ""])
    vocabulary = _vocabulary(select)
    labels = vocabulary.labels

    statements = []
    for iri, rec in sorted(_records(rows, typed.get("RequirementStatement", set()),
                                    reads.STATEMENT_PROPS, graphs).items()):
        forces = sorted({f for d in rec.docs if (f := force_of.get(d))})
        statements.append(Statement(
            iri, rec.many("threat"), local(rec.one("fiveC") or "") or None,
            local(rec.one("evidenceStatus") or "") or None, rec.many("actor"),
            rec.many("partner"), rec.many("about"),
            tuple(sorted(local(p) for p in rec.many("pillar"))), rec.one("quote"),
            tuple(sorted(rec.paragraphs)), forces[0] if forces else None,
            tuple(sorted(rec.docs))))
    used = sorted({d.edition for d in documents if d.edition})
    threats = tuple(sorted({t for e in used for t in vocabulary.editions.get(e, ())}))

    quantities = []
    for iri, rec in sorted(_records(rows, typed.get("CapabilityQuantity", set()),
                                    reads.QUANTITY_PROPS, graphs).items()):
        labels[iri] = rec.one("prefLabel") or local(iri)
        quantities.append(Quantity(
            iri, labels[iri], rec.many("quantityOf"),
            _decimal(rec.one("value"), iri) or Decimal(0),
            local(rec.one("unitOfMeasure") or "") or None,
            local(rec.one("quantityRole") or "") or None, rec.one("scope"),
            instants.get(rec.one("asAt") or ""), rec.one("approximation"),
            local(rec.one("evidenceStatus") or "") or None, tuple(sorted(rec.paragraphs)),
            tuple(sorted(rec.docs))))

    funding = []
    for iri, rec in sorted(_records(rows, typed.get("FundingStream", set()),
                                    reads.FUNDING_PROPS, graphs).items()):
        labels[iri] = rec.one("prefLabel") or local(iri)
        funding.append(FundingStream(
            iri, labels[iri], rec.many("funder"), rec.many("recipient"), rec.many("pays"),
            _decimal(rec.one("value"), iri), local(rec.one("unitOfMeasure") or "") or None,
            instants.get(rec.one("startDate") or ""), instants.get(rec.one("endDate") or ""),
            local(rec.one("evidenceStatus") or "") or None, rec.many("replaces"),
            tuple(sorted(rec.paragraphs)), tuple(sorted(rec.docs))))

    return Facts(documents, Statements(tuple(statements), threats, used[0] if len(used) == 1
                                       else None),
                 tuple(quantities), tuple(funding), vocabulary)
