"""Run every drafting rule over a cleaned paper, in a fixed order, and gather the facts.

1. abbreviations defined in the text, then the paper's own entities (its units, boards,
   programmes) named with them (:mod:`.names`);
2. mentions of the register's bodies and of the paper's entities, per paragraph;
3. per paragraph: quantities and funding (:mod:`.numbers`), chairs and meeting
   frequencies of boards (:mod:`.boards`), requirement statements (:mod:`.statements`).

The result is deterministic: the same paper and register give the same facts in the
same order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from spr_graph.core.namespaces import ORG, SPR
from spr_graph.papers.cleanpaper import CleanPaper, CleanParagraph, slug
from spr_graph.papers.draft.model import Entity, Fact, Mention, Quote
from spr_graph.papers.draft.phrases import by_paragraph
from spr_graph.papers.register import Register


def _chairs(paragraph: CleanParagraph, found: Sequence[Mention], force: str,
            types: Mapping[str, str]) -> list[Fact]:
    """The paragraph's chairs; a chair or board no mention links gets an entity of the
    force's own (a post, a board) named as the paper writes it, so no chair is lost. A
    "board" a mention links to something other than a board (``types``: IRI -> class),
    such as a local resilience forum, is not one: no chair is drafted for it."""
    from dataclasses import replace

    from spr_graph.papers.draft.boards import chairs_labelled
    from spr_graph.papers.draft.names_text import iri_for

    force_key = force.rsplit("/", 1)[-1]
    facts: list[Fact] = []
    for chair, chair_label, board_label in chairs_labelled(paragraph, found):
        if chair.board and types.get(chair.board, SPR.GovernanceBoard) != SPR.GovernanceBoard:
            continue
        minted: dict[str, str] = {}
        for role, label, rdf_type in (("chair", chair_label, f"{ORG}Post"),
                                      ("board", board_label, SPR.GovernanceBoard)):
            name = re.sub(r"^(?:the|a|an)\s+", "", label.strip(), flags=re.IGNORECASE)
            if getattr(chair, role) or not name:
                continue
            iri = iri_for(rdf_type, force_key, slug(name))
            facts.append(Entity(chair.quote, f"chair.{role}", iri, rdf_type, name))
            minted[role] = iri
        facts.append(replace(chair, chair=minted.get("chair", chair.chair),
                             board=minted.get("board", chair.board)))
    return facts


def draft(paper: CleanPaper, register: Register, force: str,
          region: str | None = None, reference: str | None = None) -> list[Fact]:
    """Every fact the rules find in ``paper``, whose force is ``force`` (an IRI) in the
    police ``region`` (an IRI, or None when the register does not know the force);
    ``reference`` (the paper's date) dates "as at 10th October" and "until March"."""
    from spr_graph.papers.draft import boards, names_abbrev, names_own, numbers, statements
    from spr_graph.papers.draft import names as linker

    abbreviations = [a for p in paper.paragraphs for a in names_abbrev.abbreviations(p)]
    own = names_own.own_entities(paper, abbreviations, register, force)
    mentions = linker.mentions(paper, register, own, region, force=force)
    grouped = by_paragraph(mentions)
    types = {e.iri: e.rdf_type for e in register.entries}
    types.update((e.iri, e.rdf_type) for e in own)
    facts: list[Fact] = [*own, *mentions]
    meets: set[str] = set()
    for paragraph in paper.paragraphs:
        found = grouped[paragraph.number]
        facts += numbers.quantities(paragraph, reference)
        facts += numbers.funding(paragraph, found, reference)
        facts += _chairs(paragraph, found, force, types)
        for f in boards.frequencies(paragraph, found):  # boards only, the first time said
            if f.board and f.board not in meets and types.get(
                    f.board, SPR.GovernanceBoard) == SPR.GovernanceBoard:
                meets.add(f.board)
                facts.append(f)
    facts += statements.statements(paper, mentions, force, own)
    return facts


def entities_for(facts: Iterable[Fact], register: Register) -> list[Entity]:
    """Declarations for the register's bodies ``facts`` mention, each written at its
    first mention and quoting it."""
    first: dict[str, Mention] = {}
    for fact in sorted((f for f in facts if isinstance(f, Mention) and f.iri),
                       key=lambda f: (f.quote.paragraph, f.quote.start)):
        assert fact.iri is not None
        first.setdefault(fact.iri, fact)
    found = []
    for iri, mention in first.items():
        entry = register.get(iri)
        if entry is not None:
            found.append(Entity(mention.quote, "register", iri, entry.rdf_type, entry.name,
                                tuple(entry.labels), entry.level))
    return found


def force_entity(facts: Sequence[Fact], register: Register, force: str,
                 label: str) -> Entity | None:
    """The force's declaration when no fact declares or names it: from the register
    when it holds the force, else a police force of that name; in the first paragraph."""
    if any(isinstance(f, Mention | Entity) and getattr(f, "iri", None) == force
           for f in facts):
        return None
    paragraph = min((f.quote.paragraph for f in facts), default=1)
    entry = register.get(force)
    if entry is not None:
        return Entity(Quote(paragraph, 0, 0, ""), "force.register", force, entry.rdf_type,
                      entry.name, tuple(entry.labels), entry.level)
    return Entity(Quote(paragraph, 0, 0, ""), "force.named", force, "spr:PoliceForce", label,
                  (), "local")
