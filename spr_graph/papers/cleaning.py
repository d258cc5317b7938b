"""Clean a paper as read: furniture, footnotes, headings, paragraphs, sections, guesses.

:func:`clean_file` is the first stage of ``spr-graph ingest``: from a PDF, .docx or text
file to a :class:`~spr_graph.papers.cleanpaper.CleanPaper` that
:func:`~spr_graph.papers.cleanpaper.write_source_text` writes in the project's cleaned
format. The steps, each in its own module and each leaving notes:

1. read pages of lines (:mod:`.reading`);
2. remove page furniture (:mod:`.furniture`);
3. group lines into segments, undoing line-end hyphenation (:mod:`.segments`);
4. take the footnotes out and find where they are cited (:mod:`.footnotes`);
5. tell headings from text (below);
6. number the paragraphs, recovering lost numbers (:mod:`.numbering`);
7. map headings to SPR threats and build the sections (:mod:`.sections`);
8. guess the title, date and force from the first page (:mod:`.guesses`).

**The wording is never changed.** Lines are joined (a space, or nothing where a word was
split at a line end), markup, footnote markers, paragraph numbers and furniture are
taken out, runs of spaces become one; no word is added, dropped, reordered or re-spelt.

A heading is a line that says so (a Markdown ``#`` line, a Word heading style, bold or
larger type in a PDF) or a short line standing alone after a finished sentence that
is in title case, names a threat or is a heading every report has ("Appendix A:
glossary"); either way short (at most 16 words), and not ending like a sentence.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from spr_graph.core.errors import InputError, Location
from spr_graph.papers.cleanpaper import CleanPaper, CleanParagraph, CleanSection
from spr_graph.papers.footnotes import FootnoteSplit, ends_sentence, split_footnotes
from spr_graph.papers.furniture import remove_furniture
from spr_graph.papers.guesses import guess_date, guess_force, guess_title
from spr_graph.papers.lines import Line, OnPage, RawPaper
from spr_graph.papers.numbering import Plan, number_paragraphs, paragraph_lines
from spr_graph.papers.reading import read_paper
from spr_graph.papers.reading_pdf import mark_blocks
from spr_graph.papers.sections import (
    Item,
    build_sections,
    document_heading,
    match_heading,
    variants_used,
)
from spr_graph.papers.segments import NUMBERED, Segment, build_segments, vocabulary

_SMALL = {"a", "an", "and", "the", "of", "for", "to", "in", "on", "at", "by", "with", "from",
          "or", "as", "its", "their", "our", "into", "against", "&"}
_MIN_WORDS = 5
_LABELLED = re.compile(
    r"^(?:authors?|author\(s\)|report authors?|contact(?: officers?| details)?|lead officers?"
    r"|presented by|sponsor|report (?:of|by|from)|prepared by|date(?: of (?:the )?meeting)?"
    r"|meeting date|agenda item|title|report title|subject|classification|status)\s*:\s*\S",
    re.I)
_HEADING_WORDS = 16
_PLAIN_HEADING_WORDS = 10
_LABEL_WORDS = 6


def clean_file(path: str | Path, on_page: OnPage | None = None) -> CleanPaper:
    """Read and clean the paper at ``path`` (PDF, .docx or text).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> tmp = tempfile.TemporaryDirectory()
    >>> folder = pathlib.Path(tmp.name)
    >>> _ = (folder / "p.txt").write_text(
    ...     "Purpose\\n\\n1. This paper sets out how we meet the SPR.\\n\\nTerrorism\\n\\n"
    ...     "2. The Northshire CT Unit leads the response.\\n\\n3. The board meets monthly.\\n")
    >>> paper = clean_file(folder / "p.txt")
    >>> [(s.key, [p.number for p in s.paragraphs]) for s in paper.sections]
    [('purpose', [1]), ('terrorism', [2, 3])]
    >>> tmp.cleanup()
    """
    return clean_paper(read_paper(path, on_page))


def clean_paper(raw: RawPaper) -> CleanPaper:
    """Clean a paper already read (see the module notes).

    Examples
    --------
    >>> from spr_graph.papers.lines import Line
    >>> lines = [Line("OFFICIAL", 1, 1, True), Line("Public Order", 1, 2, True, heading=0),
    ...          Line("1. The force holds 9 units.", 1, 3, True),
    ...          Line("2. Mutual aid comes through", 1, 4, True), Line("- 7 -", 1, 5, True),
    ...          Line("NPoCC.", 1, 6, True), Line("3. The board meets monthly.", 1, 7, True)]
    >>> paper = clean_paper(RawPaper(Path("p.txt"), "text", [lines]))
    >>> [(p.number, p.text) for p in paper.paragraphs]  # doctest: +NORMALIZE_WHITESPACE
    [(1, 'The force holds 9 units.'), (2, 'Mutual aid comes through NPoCC.'),
     (3, 'The board meets monthly.')]
    >>> paper.sections[0].key, paper.notes[:2]
    ('public-order', ['removed 1 protective markings', 'removed 1 page numbers'])
    """
    notes = list(raw.notes)
    pages = remove_furniture(raw.pages, raw.kind, notes)
    lines = [line for page in pages for line in page]
    if raw.kind == "pdf":
        lines = mark_blocks(lines)
    vocab = vocabulary(lines)
    size = body_size(lines)
    labelled, segments = _take_labelled(build_segments(lines, vocab, size))
    split = split_footnotes(segments, vocab, size)
    notes += split.notes
    body = split.body
    _collapse_spaces(body)
    heading = find_headings(body, size)
    plan = number_paragraphs(body, heading)
    plan.start = _body_start(body, heading, plan)
    notes += plan.notes
    owner = _paragraphs(body, plan, vocab)
    paragraphs = sorted({id(p): p for p in owner.values()}.values(), key=lambda p: p.number)
    _require_running_text(paragraphs, raw.path)
    _attach_footnotes(split, owner, paragraphs, notes)
    back = _back_matter(body, plan, notes)
    sections = build_sections(_items(body[:plan.end], heading, plan, owner))
    _note_threats(sections, notes)
    first_page = labelled + body[:plan.start] + (
        [s for s in body[plan.start:] if s.page == 1] if len(pages) > 1 else [])
    return CleanPaper(
        raw.path, raw.kind, sections, plan.numbered,
        title=guess_title(first_page), date=guess_date(first_page),
        force=guess_force(first_page, [p.text for p in paragraphs]),
        front_matter=[s.text for s in sorted(labelled + body[:plan.start],
                                             key=lambda s: (s.page, s.lineno))],
        back_matter=[s.text for s in back], notes=notes)


def _take_labelled(segments: list[Segment]) -> tuple[list[Segment], list[Segment]]:
    """The one-line labelled segments ("Author: ...", "Date: ...") and the others."""
    labelled = [s for s in segments if _LABELLED.match(s.text) and len(s.lines) == 1]
    return labelled, [s for s in segments if not any(s is x for x in labelled)]


def _collapse_spaces(body: list[Segment]) -> None:
    """Make each run of spaces, tabs and no-break spaces one space, and trim the ends."""
    for segment in body:
        segment.text = re.sub(r"[ \t\u00a0]+", " ", segment.text).strip()


def _require_running_text(paragraphs: list[CleanParagraph], path: Path) -> None:
    """Refuse a paper none of whose paragraphs reads as running text."""
    if not any(len(p.text.split()) >= _MIN_WORDS for p in paragraphs):
        raise InputError("no recognisable paragraphs: nothing reads as running text",
                         Location(str(path)),
                         "check that this is the paper (not a cover sheet or a scan)")


def _back_matter(body: list[Segment], plan: Plan, notes: list[str]) -> list[Segment]:
    """The segments after the last numbered paragraph, noted as kept out of paragraphs."""
    back = body[plan.end:] if plan.end is not None else []
    if back:
        notes.append(f"{len(back)} blocks from {back[0].text[:60]!r} on are back matter "
                     "(after the last numbered paragraph): kept as comments, not paragraphs")
    return back


def _note_threats(sections: list[CleanSection], notes: list[str]) -> None:
    """Note when no heading names a threat, and the threat names not in the ontology yet."""
    matches = [s.threat for s in sections]
    if not any(m is not None for m in matches):
        notes.append("no heading names an SPR threat: every section is a plain section")
    if variants := variants_used(matches):
        notes.append("threat names not in the ontology yet (matched through "
                     f"spr_graph.papers.sections.VARIANTS): {', '.join(variants)}")


def body_size(lines: list[Line]) -> float | None:
    """The font size most of the text is set in (PDFs), or ``None``.

    Examples
    --------
    >>> body_size([Line("Heading", 1, 1, size=14.0), Line("Body text here", 1, 2, size=11.0)])
    11.0
    >>> body_size([Line("text", 1, 1)]) is None
    True
    """
    sizes: Counter[float] = Counter()
    for line in lines:
        if line.size is not None:
            sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else None


def title_case(text: str) -> bool:
    """Whether most of the words of ``text`` (small words aside) start with a capital.

    Examples
    --------
    >>> title_case("Capacity, Contribution, Capability, Consistency & Connectivity")
    True
    >>> title_case("The board meets every month")
    False
    """
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", text)
    significant = [w for w in words if w.lower() not in _SMALL]
    if not words or not words[0][0].isupper() or not significant:
        return False
    return bool(sum(w[0].isupper() for w in significant) >= 0.6 * len(significant))


def find_headings(body: list[Segment], size: float | None) -> list[bool]:
    """For each segment, whether it is a heading (see the module notes).

    Examples
    --------
    >>> texts = ["Capacity and Capability", "1. The unit holds 42 officers.", "Governance:"]
    >>> find_headings([Segment([Line(t, 1, i, True)], t) for i, t in enumerate(texts)], None)
    [True, False, False]
    """
    flags: list[bool] = []
    for index, segment in enumerate(body):
        after = body[index + 1] if index + 1 < len(body) else None
        before = body[index - 1].text if index else ""
        before_ends = (not before or flags[index - 1] or ends_sentence(before)
                       or len(before.split()) <= _LABEL_WORDS)
        flags.append(_is_heading(segment, after, before_ends, size))
    return flags


def _is_heading(segment: Segment, after: Segment | None, before_ends: bool,
                size: float | None) -> bool:
    line, text = segment.first, segment.text
    words = text.split()
    if line.role == "footnote" or not words:
        return False
    if line.role == "title":
        return True
    if len(segment.lines) > 2 or len(words) > _HEADING_WORDS:
        return False
    if line.heading is not None:
        return not (text.endswith(".") and len(words) > _PLAIN_HEADING_WORDS)
    if line.bullet or text[:1].islower() or text.endswith((".", ",", ";", ":")):
        return False
    if NUMBERED.match(text) and len(words) > _PLAIN_HEADING_WORDS - 3:
        return False
    if line.bold or (size is not None and line.size is not None and line.size > size + 0.5):
        return True
    alone = line.blank_before and (after is None or after.first.blank_before)
    return (alone and before_ends and len(words) <= _PLAIN_HEADING_WORDS
            and (title_case(text) or document_heading(text, False)
                 or match_heading(text) is not None))


def _body_start(body: list[Segment], heading: list[bool], plan: Plan) -> int:
    """Where the body starts: the last heading before the first paragraph that starts a
    section (a report heading or a threat), else the last heading there, else the first
    paragraph; what comes before is front matter."""
    first = min((d.segments[0] for d in plan.drafts), default=plan.start)
    run = [i for i in range(plan.start, first) if heading[i] and body[i].first.role != "title"]
    opening = [i for i in run if document_heading(body[i].text, False)
               or match_heading(body[i].text) is not None]
    return (opening or run or [first])[-1]


def _paragraphs(body: list[Segment], plan: Plan,
                vocab: Counter[str]) -> dict[int, CleanParagraph]:
    owner: dict[int, CleanParagraph] = {}
    for draft in plan.drafts:
        first = body[draft.segments[0]]
        text = "\n".join(paragraph_lines(body, draft, vocab, plan.numbered))
        paragraph = CleanParagraph(draft.number, text, recovered=draft.recovered,
                                   page=first.page, line=first.lineno)
        for index in draft.segments:
            owner[index] = paragraph
    return owner


def _attach_footnotes(split: FootnoteSplit, owner: dict[int, CleanParagraph],
                      paragraphs: list[CleanParagraph], notes: list[str]) -> None:
    cited_by: dict[int, CleanParagraph] = {}
    for index, segment in enumerate(split.body):
        for number in segment.cites:
            if index in owner:
                cited_by.setdefault(number, owner[index])
    for number, footnote in sorted(split.footnotes.items()):
        paragraph = cited_by.get(number)
        if paragraph is None:
            paragraph = next((owner[i] for i in range(footnote.zone - 1, -1, -1) if i in owner),
                             paragraphs[0])
            notes.append(f"footnote {number} is not cited in the text: kept under "
                         f"paragraph {paragraph.number}, where it was printed")
        paragraph.footnotes[number] = footnote.text


def _items(body: list[Segment], heading: list[bool], plan: Plan,
           owner: dict[int, CleanParagraph]) -> list[Item]:
    items: list[Item] = []
    seen: set[int] = set()
    for index in range(plan.start, len(body)):
        if heading[index]:
            items.append((body[index].text, body[index].first.heading))
        elif index in owner and id(owner[index]) not in seen:
            seen.add(id(owner[index]))
            items.append(owner[index])
    return items
