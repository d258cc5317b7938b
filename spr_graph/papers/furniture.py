"""Page furniture: running headers and footers, page numbers, protective markings.

Three rules, each recorded in the notes with how many lines it removed:

- **Protective markings** (``OFFICIAL``, ``OFFICIAL-SENSITIVE``, ``NOT PROTECTIVELY
  MARKED``...), a whole line of them, wherever they are: they label the page, they are
  never wording of a paragraph. (``PROTECT`` alone is not one: it is a CONTEST pillar.)
- **Page numbers** (``3``, ``Page 3``, ``Page 3 of 40``, ``3/40``, ``- 3 -``,
  ``3 | Page``): in a PDF among the first or last two lines of a page; in text, a line
  standing alone between blank lines (extractions drop them anywhere).
- **Running headers and footers**: a short line (at most 15 words) among the first or
  last three of a page that recurs at the same edge on at least two pages and 40% of
  them, either unchanged or with numbers that follow the page number ("Page 3 of 9",
  "Northshire SPR 2024 - 3"); footnotes that differ only in their numbers do not.
"""

from __future__ import annotations

import math
import re

from spr_graph.papers.lines import Line

_MARKING = re.compile(
    r"^(?:OFFICIAL(?:\s*[-–:]?\s*(?:SENSITIVE|FOR PUBLIC RELEASE|PUBLIC))?"
    r"|NOT PROTECTIVELY MARKED|UNCLASSIFIED)$")
_PAGE_NUMBER = re.compile(
    r"^(?:(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?|[-–—]\s*\d{1,4}\s*[-–—]"
    r"|\d{1,4}\s*\|\s*page|page\s*\|\s*\d{1,4})$", re.I)
_EDGE = 3
_NUMBER_EDGE = 2
_SHARE = 0.4
_RUNNING_WORDS = 15


def remove_furniture(pages: list[list[Line]], kind: str,
                     notes: list[str]) -> list[list[Line]]:
    """``pages`` without furniture lines; a note says what went.

    Examples
    --------
    >>> body = ["The unit is regional.", "The board meets.", "Funding ends."]
    >>> page = lambda n: [Line("OFFICIAL", n, 1), Line("Northshire SPR 2024", n, 2),
    ...                   Line(body[n - 1], n, 3), Line(f"Page {n} of 3", n, 4)]
    >>> notes = []
    >>> [[line.text for line in p] for p in remove_furniture([page(1), page(2), page(3)],
    ...                                                      "pdf", notes)]
    [['The unit is regional.'], ['The board meets.'], ['Funding ends.']]
    >>> notes  # doctest: +NORMALIZE_WHITESPACE
    ['removed 3 protective markings', 'removed 3 page numbers',
     "removed 3 running header and footer lines (such as 'Northshire SPR 2024')"]
    """
    marks = 0
    kept: list[list[Line]] = []
    for page in pages:
        clean = [line for line in page if not _MARKING.match(line.text.strip())]
        marks += len(page) - len(clean)
        kept.append(clean)
    numbers = 0
    for index, page in enumerate(kept):
        drop = _page_numbers(page, kind)
        numbers += len(drop)
        kept[index] = [line for i, line in enumerate(page) if i not in drop]
    running, example = _running(kept)
    for index, page in enumerate(kept):
        kept[index] = [line for i, line in enumerate(page) if (index, i) not in running]
    for count, what in ((marks, "protective markings"), (numbers, "page numbers")):
        if count:
            notes.append(f"removed {count} {what}")
    if running:
        notes.append(f"removed {len(running)} running header and footer lines "
                     f"(such as {example!r})")
    return kept


def _page_numbers(page: list[Line], kind: str) -> set[int]:
    if kind == "pdf":
        edge = set(range(min(_NUMBER_EDGE, len(page))))
        edge |= set(range(max(0, len(page) - _NUMBER_EDGE), len(page)))
        return {i for i in edge if _PAGE_NUMBER.match(page[i].text.strip())}
    drop = set()
    for i, line in enumerate(page):
        alone_after = i + 1 == len(page) or page[i + 1].blank_before
        if line.blank_before and alone_after and _PAGE_NUMBER.match(line.text.strip()):
            drop.add(i)
    return drop


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text.lower())).strip()


def _edges(page: list[Line]) -> list[tuple[str, int]]:
    top = [("top", i) for i in range(min(_EDGE, len(page)))]
    bottom = [("bottom", i) for i in range(max(0, len(page) - _EDGE), len(page))]
    return [(f"{edge}:{_key(page[i].text)}", i) for edge, i in top + bottom
            if len(page[i].text.split()) <= _RUNNING_WORDS]


def _tracks_pages(found: list[tuple[int, str]]) -> bool:
    """Whether lines that differ only in numbers differ as a page number would: each
    number the same on every page, or the page's index plus the same offset."""
    if len({text for _page, text in found}) == 1:
        return True
    numbers = [(page, [int(n) for n in re.findall(r"\d+", text)]) for page, text in found]
    width = len(numbers[0][1])
    if any(len(ns) != width for _page, ns in numbers):
        return False
    return all(len({ns[j] for _p, ns in numbers}) == 1
               or len({ns[j] - page for page, ns in numbers}) == 1 for j in range(width))


def _running(pages: list[list[Line]]) -> tuple[set[tuple[int, int]], str]:
    if len(pages) < 2:
        return set(), ""
    seen: dict[str, list[tuple[int, str]]] = {}
    for index, page in enumerate(pages):
        for key, i in _edges(page):
            if key.split(":", 1)[1] and not any(p == index for p, _t in seen.get(key, [])):
                seen.setdefault(key, []).append((index, page[i].text.strip()))
    needed = max(2, math.ceil(_SHARE * len(pages)))
    keep = {key for key, found in seen.items() if len(found) >= needed and _tracks_pages(found)}
    running: set[tuple[int, int]] = set()
    example = ""
    for index, page in enumerate(pages):
        for key, i in _edges(page):
            if key in keep:
                running.add((index, i))
                example = example or page[i].text.strip()
    return running, example
