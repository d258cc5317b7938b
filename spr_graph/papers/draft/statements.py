"""Requirement statements: one per claim (a sentence naming organisations), with its C,
evidence status, threats, actor and partners, from cue words and tense.

- **Threats**: the section's SPR threat (a sentence outside a threat's section makes no
  statement: background and conclusions are left to the reviewer).
- **Actor and partners**: the force, or the first of its own bodies the sentence names,
  is the actor; every other organisation named is a partner.
- **C**: the first family of cue words the sentence holds, in the order of
  :data:`CUES` (connectivity before capacity: "works with the NCA" is about links even
  when it counts officers); no cue, no statement.
- **Status** from tense and cue words (:data:`STATUS`): "will", "plans to" are planned;
  "aims to" an aspiration; "is developing" in progress; "piloted" a pilot; "is
  expected" a forecast; "has completed" completed; "ended" ended; otherwise in place.

>>> sentence_status("The unit will recruit four analysts.")
'planned'
>>> five_c("The ROCU works jointly with the NCA on tasking.")
'connectivity'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from spr_graph.papers.cleanpaper import CleanPaper, CleanParagraph
from spr_graph.papers.draft.model import Entity, Mention, Quote, Statement
from spr_graph.papers.draft.phrases import by_paragraph

RULE = "statement.cue"

#: Cue words of each C, in the order they are tried.
CUES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("connectivity", ("partner", "jointly", "joint ", "collaborat", "work with",
                      "works with", "working with", "worked with", "share", "sharing",
                      "liaise", "liaison", "attend", "represented", "engage", "together",
                      "network", "tasking", "multi-agency", "link")),
    ("consistency", ("national standard", "accredit", "consisten", "doctrine",
                     "authorised professional practice", "inspect", "standardis",
                     "common approach", "in line with")),
    ("contribution", ("contribut", "mutual aid", "national role", "on behalf of",
                      "regional capability", "share of", "support to", "lead force")),
    ("capacity", ("capacity", "resource", "officers", "staff", "demand", "resilien",
                  "mobilis", "surge", "psu", "establishment", "uplift", "number of")),
    ("capability", ("capabilit", "trained", "training", "skill", "specialist", "equipment",
                    "system", "technolog", "expertise", "exercise", "tactic")),
)

#: Status cues, tried in order; the first found wins.
STATUS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ended", (" ended", " ceased", "no longer")),
    ("completed", ("has been completed", "have been completed", " completed", "was delivered")),
    ("piloted", ("pilot",)),
    ("expected", ("is expected", "are expected", "forecast", "is likely", "are likely",
                  "projected")),
    ("aspiration", ("aims to", "aim to", "aspir", "would like", "hopes to", "seek to",
                    "seeks to")),
    ("planned", (" will ", "plans to", "plan to", "intends", "intend to", "proposed",
                 "is planned", "are planned", "due to")),
    ("in-progress", ("is developing", "are developing", "is being", "are being",
                     "in progress", "ongoing", "currently working", "underway",
                     "under way", "is reviewing", "are reviewing")),
)

_SENTENCE = re.compile(r"[^.!?;]+(?:[.!?;]+|$)")


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``text``, trimmed of spaces.

    >>> text = "The ROCU leads. It works with the NCA."
    >>> [text[a:b] for a, b in sentences(text)]
    ['The ROCU leads.', 'It works with the NCA.']
    """
    for match in _SENTENCE.finditer(text):
        start, end = match.start(), match.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end - start > 1:
            yield start, end


def five_c(sentence: str) -> str | None:
    """The C a sentence's cue words point to, or None."""
    lowered = f" {sentence.lower()} "
    return next((c for c, cues in CUES if any(cue in lowered for cue in cues)), None)


def sentence_status(sentence: str) -> str:
    """The evidence status a sentence's tense and cue words say (default: in place)."""
    lowered = f" {sentence.lower()} "
    return next((s for s, cues in STATUS if any(cue in lowered for cue in cues)), "in-place")


def _threats(paper: CleanPaper, paragraph: CleanParagraph) -> tuple[str, ...]:
    """The threat of the paragraph's section, in the scheme of the edition the paper
    answers (a threat only the other scheme has when this one has none)."""
    match = paper.section_of(paragraph.number).threat
    if match is None:
        return ()
    first, other = ((match.threat2023, match.threat2015) if paper.edition == "spr-2023"
                    else (match.threat2015, match.threat2023))
    return tuple(t for t in (first or other,) if t)


def _claim(paragraph: CleanParagraph, start: int, end: int, inside: Sequence[Mention],
           force: str, own: set[str], threats: tuple[str, ...]) -> Statement | None:
    text = paragraph.text[start:end]
    c = five_c(text)
    named = list(dict.fromkeys(m.iri for m in inside if m.iri))
    if c is None or not named:
        return None
    ours = [iri for iri in named if iri == force or iri in own]
    actor = ours[0] if ours else force
    partners = tuple(iri for iri in named if iri != actor and iri != force and iri not in own)
    return Statement(Quote(paragraph.number, start, end, text), RULE, c,
                     sentence_status(text), threats, (actor,), partners)


def statements(paper: CleanPaper, mentions: Iterable[Mention], force: str,
               own: Iterable[Entity] = ()) -> list[Statement]:
    """One statement per sentence that names an organisation and carries a cue word,
    in the paragraphs of a threat's section."""
    grouped = by_paragraph(mentions)
    ours = {e.iri for e in own}
    found: list[Statement] = []
    for paragraph in paper.paragraphs:
        threats = _threats(paper, paragraph)
        if not threats:
            continue
        for start, end in sentences(paragraph.text):
            inside = [m for m in grouped[paragraph.number]
                      if start <= m.quote.start and m.quote.end <= end]
            claim = _claim(paragraph, start, end, inside, force, ours, threats)
            if claim is not None:
                found.append(claim)
    return found
