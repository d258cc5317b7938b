"""Shared helpers for the drafting tests (spr_graph.papers.draft): papers built from a few
sentences, the bundled paper cleaned by the project's own reader, and the test suite's
notion of a parenthesised abbreviation. Add functions; do not change existing ones."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from papers_support import RAW
from test_curation import ABBREVIATION, _long_form

from spr_graph.papers.cleanpaper import CleanPaper, CleanParagraph, CleanSection, Guess

WMP = "https://w3id.org/spr-graph/id/organisation/wmp"
WEST_MIDLANDS = "https://w3id.org/spr-graph/id/place/west-midlands-region"


def paper_of(*texts: str, force: str | None = None) -> CleanPaper:
    """A cleaned paper of one section whose paragraphs 1, 2... are ``texts``; ``force``
    is the force's name as the reader would have guessed it."""
    paragraphs = [CleanParagraph(n, text) for n, text in enumerate(texts, start=1)]
    return CleanPaper(Path("paper.txt"), "text", [CleanSection("s", "Section", None,
                                                               paragraphs)], True,
                      force=Guess(force, "the test") if force else None)


@cache
def bundled_paper() -> CleanPaper:
    """The bundled West Midlands paper, cleaned from its PDF extraction (135 paragraphs)."""
    from spr_graph.papers.cleaning import clean_file

    return clean_file(RAW)


def parenthesised_abbreviations(paper: CleanPaper) -> list[tuple[int, str, str]]:
    """(paragraph, short form, long form) for every "Long Form (ABBR)" of the paragraphs'
    text, as tests/test_curation.py derives them (a leading "the" and a possessive
    dropped); a parenthesis whose long form it cannot spell is left out."""
    found = []
    for p in paper.paragraphs:
        for match in ABBREVIATION.finditer(p.text):
            short = match.group(1)
            letters = short[:-1] if short.endswith("s") and short[:-1].isupper() else short
            long = _long_form(letters, p.text[: match.start()].rstrip())
            if long:
                long = re.sub(r"^the\s+", "", long, flags=re.I)
                found.append((p.number, short, re.sub(r"['\u2019]s$", "", long)))
    return found
