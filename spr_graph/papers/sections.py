"""Headings to SPR threats (2015 and 2023 schemes), and headings into sections.

The threat labels are read from the bundled ontology (``ontology/spr.ttl``) with
pyoxigraph: every ``spr:Threat``'s ``skos:prefLabel``, ``skos:altLabel`` and
``rdfs:label``, with the 2023 threats' ``skos:exactMatch``/``skos:closeMatch`` to the
2015 ones as the crosswalk. :data:`VARIANTS` adds the few names papers use that the
ontology does not hold yet; each match says whether it needed one, so that
:func:`variants_used` can list them for adding to the ontology.

A heading names a threat when, compared word for word (case, ``&``/``and``, hyphens,
slashes, plurals and a leading number aside), it **is** a label (or its bracketed part
is, as "(SOC)"), or a label's words make up at least 60% of its own words, as in
"Tackling Serious and Organised Crime" (but not "Terrorism Threat to the West Midlands",
which is a heading inside the terrorism section). Nothing here knows any force.

Sections (:func:`build_sections`): a heading naming a threat other than the current
section's starts a new section; so do the headings every report has ("Purpose",
"Background", "Introduction", "Conclusion", "Recommendations", "Appendix"..., and
"Summary" or "Overview" before the first threat). Other headings are sub-headings in a
threat section and sections of their own elsewhere; where the paper gives heading levels
(Word styles), a heading at the current section's level or above starts a section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spr_graph.core.namespaces import SKOS, SPR, THR15, THR23
from spr_graph.core.resources import ontology_file
from spr_graph.papers.cleanpaper import CleanParagraph, CleanSection, ThreatMatch, slug

_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

#: Names papers use for the threats that the ontology has no label for (yet).
VARIANTS: dict[str, tuple[str, ...]] = {
    THR15["terrorism"]: ("Counter Terrorism", "Counter-Terrorism"),
    THR15["serious-organised-crime"]: ("Serious Organised Crime", "Organised Crime"),
    THR15["public-order"]: ("Public Order and Public Safety",),
    THR15["civil-emergencies"]: ("Civil Contingencies", "Emergencies"),
    THR15["national-cyber-security-incident"]: (
        "Large-scale Cyber Incident", "National Cyber Incident", "Cyber Security Incident",
        "Cyber Incident", "Cyber Security", "Cyber"),
    THR15["child-sexual-abuse"]: (
        "CSA", "CSE", "CSAE", "Child Sexual Exploitation", "Child Sexual Abuse and "
        "Exploitation", "Child Sexual Abuse and Child Sexual Exploitation", "Child Abuse"),
    THR23["violence-against-women-and-girls"]: ("VAWG",),
}

_STOP = {"the", "a", "an", "of", "and", "to", "in", "for", "on", "at", "by", "with", "from",
         "its", "our", "threat", "threats", "national"}
_NUMBERING = re.compile(r"^\s*(?:\d+(?:\.\d+)*[.):]?|[A-Za-z][.)]|[ivxIVX]+[.)])\s+")
_BRACKETS = re.compile(r"\(([^)]*)\)")
_COVERAGE = 0.6
_DOCUMENT = re.compile(
    r"^(?:purpose(?: of (?:the |this )?(?:paper|report))?|background|introduction"
    r"|conclusions?|recommendations?|next steps|appendix.*|appendices|annex.*|glossary"
    r"|(?:financial|legal|equality|equalities|risk|other) implications|contacts?"
    r"|contact officers?|background papers|summary and recommendations)$")
_OPENING = re.compile(r"^(?:executive summary|summary|overview)$")


@dataclass(frozen=True)
class _Label:
    words: tuple[str, ...]
    text: str
    family: tuple[str | None, str | None]
    variant: bool


def words(text: str) -> tuple[str, ...]:
    """The comparable words of a heading or label.

    Examples
    --------
    >>> words("3.2 Child Sexual Exploitation & Abuse (CSE/A)")
    ('child', 'sexual', 'exploitation', 'and', 'abuse', 'cse', 'a')
    >>> words("Civil Emergencies"), words("civil emergency")
    (('civil', 'emergency'), ('civil', 'emergency'))
    """
    text = _NUMBERING.sub("", text).lower().replace("&", " and ").replace("’", "'")
    out = []
    for word in re.findall(r"[a-z0-9]+", text.replace("'s ", " ")):
        if len(word) > 4 and word.endswith("ies"):
            word = word[:-3] + "y"
        elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us")):
            word = word[:-1]
        out.append(word)
    return tuple(out)


def _significant(ws: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(w for w in ws if w not in _STOP and not w.isdigit())


@lru_cache(maxsize=4)
def _labels(path: Path) -> tuple[_Label, ...]:
    import pyoxigraph as ox

    types: set[str] = set()
    labels: dict[str, list[str]] = {}
    match: dict[str, str] = {}
    for quad in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
        s, p, o = quad.subject, quad.predicate.value, quad.object
        if not isinstance(s, ox.NamedNode):
            continue
        if p == _RDF_TYPE and isinstance(o, ox.NamedNode) and o.value == SPR.Threat:
            types.add(s.value)
        elif p in (SKOS.prefLabel, SKOS.altLabel, _RDFS_LABEL) and isinstance(o, ox.Literal):
            labels.setdefault(s.value, []).append(o.value)
        elif p in (SKOS.exactMatch, SKOS.closeMatch) and isinstance(o, ox.NamedNode):
            match[s.value] = o.value
    out: list[_Label] = []
    for concept in sorted(types):
        family = _family(concept, match)
        for text in sorted(set(labels.get(concept, []))):
            out.append(_Label(words(text), text, family, False))
        for text in VARIANTS.get(concept, ()):
            out.append(_Label(words(text), text, family, True))
    return tuple(out)


def _family(concept: str, match: dict[str, str]) -> tuple[str | None, str | None]:
    if concept.startswith(str(THR23)):
        target = match.get(concept)
        return (target if target and target.startswith(str(THR15)) else None), concept
    newer = sorted(c for c, t in match.items() if t == concept and c.startswith(str(THR23)))
    return concept, (newer[0] if newer else None)


def match_heading(heading: str, ontology: Path | None = None) -> ThreatMatch | None:
    """The SPR threat a heading names, or ``None`` (see the module notes).

    Examples
    --------
    >>> match_heading("Serious and Organised Crime (SOC)").key
    'serious-organised-crime'
    >>> m = match_heading("Public Disorder")
    >>> m.key, m.threat2023.rsplit("/", 1)[-1], m.how
    ('public-order', 'public-disorder', 'exact')
    >>> match_heading("CSA").variant, match_heading("Violence Against Women and Girls").key
    (True, 'violence-against-women-and-girls')
    >>> match_heading("Terrorism Threat to the West Midlands") is None
    True
    """
    labels = _labels(ontology or ontology_file())
    whole = words(heading)
    inner = [words(part) for part in _BRACKETS.findall(heading)]
    outer = words(_BRACKETS.sub(" ", heading))
    for candidate in (whole, outer, *inner):
        for label in labels:
            if candidate and _drop_the(candidate) == _drop_the(label.words):
                return _result(label, "exact")
    own = _significant(outer)
    best: tuple[float, int, _Label] | None = None
    for label in labels:
        theirs = _significant(label.words)
        if theirs and own and _contains(own, theirs):
            share = len(theirs) / len(own)
            if share >= _COVERAGE and (best is None or (share, len(theirs)) > best[:2]):
                best = (share, len(theirs), label)
    return _result(best[2], "contains") if best else None


def _drop_the(ws: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(w for w in ws if w != "the")


def _contains(own: tuple[str, ...], theirs: tuple[str, ...]) -> bool:
    n = len(theirs)
    return any(own[i:i + n] == theirs for i in range(len(own) - n + 1))


def _result(label: _Label, how: str) -> ThreatMatch:
    return ThreatMatch(label.family[0], label.family[1], label.text, how, label.variant)


def variants_used(matches: list[ThreatMatch | None]) -> list[str]:
    """The variant names (not yet in the ontology) that ``matches`` needed, sorted.

    Examples
    --------
    >>> variants_used([match_heading("CSA"), match_heading("Terrorism"), None])
    ['CSA']
    """
    return sorted({m.label for m in matches if m is not None and m.variant})


def document_heading(heading: str, threat_seen: bool) -> bool:
    """Whether ``heading`` is one every report has (so it starts a section).

    Examples
    --------
    >>> document_heading("Purpose of paper", False), document_heading("Summary", True)
    (True, False)
    """
    text = " ".join(_NUMBERING.sub("", heading).lower().split()).strip(" .:")
    return bool(_DOCUMENT.match(text) or (not threat_seen and _OPENING.match(text)))


Item = tuple[str, int | None] | CleanParagraph


def build_sections(items: list[Item], ontology: Path | None = None) -> list[CleanSection]:
    """Sections from headings ``(text, level)`` and paragraphs in document order.

    ``level`` is ``None`` or ``0`` where the paper gives none. Paragraphs get the
    sub-heading they fall under; sections left without a paragraph are dropped.

    Examples
    --------
    >>> p = lambda n: CleanParagraph(n, f"Text {n}.")
    >>> items = [("Introduction", None), p(1), ("Terrorism", None), p(2),
    ...          ("Governance", None), p(3), ("Public Disorder", None), p(4)]
    >>> [(s.key, [x.number for x in s.paragraphs]) for s in build_sections(items)]
    [('introduction', [1]), ('terrorism', [2, 3]), ('public-order', [4])]
    >>> build_sections(items)[1].paragraphs[1].heading
    'Governance'
    """
    sections: list[CleanSection] = []
    current: CleanSection | None = None
    current_level: int | None = None
    heading: str | None = None
    threat_seen = False
    for item in items:
        if isinstance(item, CleanParagraph):
            if current is None:
                current = CleanSection("front", "Front matter")
                sections.append(current)
            item.heading = heading
            current.paragraphs.append(item)
            continue
        text, level = item
        match = match_heading(text, ontology)
        explicit = bool(level)
        if match is not None:
            new = current is None or current.threat is None or current.threat.key != match.key
        elif document_heading(text, threat_seen):
            new = True
        elif explicit:
            new = current is None or current_level is None or (level or 0) <= current_level
        else:
            new = current is None or current.threat is None
        if new:
            key = match.key if match else slug(_NUMBERING.sub("", text))
            current = CleanSection(key, text, match)
            sections.append(current)
            current_level, heading = (level if explicit else None), None
            threat_seen = threat_seen or match is not None
        else:
            heading = text
    return [section for section in sections if section.paragraphs]
