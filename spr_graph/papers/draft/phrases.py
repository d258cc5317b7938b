"""Text helpers the number, funding and board rules share: sentences, the noun phrase
before or after a point, each paragraph's mentions and the linked ones inside a span,
and quotes.

The noun phrases are found by plain word classes, not a parser: a phrase runs over words
until a determiner, a function word or a verb form stops it; a capitalised word (a name:
"Violence Against Women and Girls") is never a stop, nor are "and", "of", "&" between
two capitalised words, and a short parenthesised part after a name ("(LRF)") belongs to it.

>>> text = "The Southdale Local Resilience Forum (LRF) is chaired by the Chief Constable."
>>> start, end = phrase_before(text, text.index(" is chaired"))
>>> text[start:end]
'Southdale Local Resilience Forum (LRF)'
>>> start, end = phrase_after(text, text.index("by") + 2)
>>> text[start:end]
'Chief Constable'
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

from spr_graph.papers.draft.model import Mention, Quote

_TOKEN = re.compile(r"\((?P<paren>[^()\n]{1,48})\)|(?P<word>['‘]?[^\W_][\w'’&/-]*|&)|(?P<p>\S)")
_ABBREVIATION = re.compile(r"(?:\b(?:etc|e\.g|i\.e|viz|cf|approx|no|nos|st|dr|mr|mrs|ms|c|vs)"
                           r"|\.\.)$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?](?=[\"'’”)]?\s+[\"'‘“(]?[A-Z0-9£])|\n")
DETERMINERS = frozenset({"a", "an", "the", "its", "their", "our", "his", "her", "this",
                         "these", "those", "that", "each", "every", "all", "any", "some"})
#: Function words and verb forms that end a noun phrase when written in lower case.
STOPS = DETERMINERS | frozenset({
    "to", "which", "who", "whom", "whose", "where", "when", "while", "whilst", "and", "or",
    "but", "nor", "with", "at", "by", "from", "in", "on", "for", "of", "as", "into", "within",
    "across", "over", "under", "through", "between", "against", "about", "after", "before",
    "since", "until", "during", "per", "than", "via", "is", "are", "was", "were", "be",
    "been", "being", "has", "have", "had", "having", "will", "would", "can", "could", "may",
    "might", "should", "must", "shall", "do", "does", "did", "not", "also", "meets", "meet",
    "met", "meeting", "chairs", "chair", "chaired", "reports", "reviews", "provides",
    "includes", "including", "made", "make", "makes", "there", "it", "they", "we"})
_CONNECTORS = frozenset({"and", "of", "&", "for", "on", "the"})


def sentences(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` of each sentence (and each list line) of ``text``.

    Examples
    --------
    >>> text = "WMP has 7 MASHs, e.g. in Coventry. It holds 3."
    >>> [text[s:e] for s, e in sentences(text)]
    ['WMP has 7 MASHs, e.g. in Coventry.', 'It holds 3.']
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if text[match.start()] == "." and _ABBREVIATION.search(text[start:match.start()]):
            continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    trimmed = [(s + len(text[s:e]) - len(text[s:e].lstrip()), s + len(text[s:e].rstrip()))
               for s, e in spans]
    return [(s, e) for s, e in trimmed if e > s]


def _capitalised(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit() and any(c.isupper() for c in word)


def _in_name(lower: str, words: list[re.Match[str]], neighbour: str | None) -> bool:
    """Whether a connector ("and", "of", "&"...) joins the capitalised word the phrase
    has reached to a capitalised ``neighbour``: "Violence Against Women and Girls"."""
    return bool(lower in _CONNECTORS and words and _capitalised(words[-1].group())
                and neighbour and _capitalised(neighbour))


def phrase_after(text: str, position: int, limit: int = 10,
                 stops: frozenset[str] = STOPS) -> tuple[int, int] | None:
    """The noun phrase starting at ``position`` (leading determiners skipped), or None.

    >>> text = "chaired by the Assistant Chief Constable (Operations), meets"
    >>> start, end = phrase_after(text, 10)
    >>> text[start:end]
    'Assistant Chief Constable (Operations)'
    """
    tokens = list(_TOKEN.finditer(text, position, position + 40 * (limit + 2)))
    words: list[re.Match[str]] = []
    for index, token in enumerate(tokens):
        if words and text[words[-1].end():token.start()].strip():
            break
        if token["paren"] is not None:
            if words and _capitalised(token["paren"]):
                words.append(token)
            break
        word = token["word"]
        if word is None or len(words) >= limit:
            break
        lower = word.lower().strip("'‘’")
        if not words and lower in DETERMINERS:
            continue
        following = tokens[index + 1]["word"] if index + 1 < len(tokens) else None
        if lower in stops and not _capitalised(word) and not _in_name(lower, words, following):
            break
        words.append(token)
    if not words:
        return None
    return words[0].start(), words[-1].end()


def phrase_before(text: str, position: int, limit: int = 10,
                  stops: frozenset[str] = STOPS) -> tuple[int, int] | None:
    """The noun phrase ending at ``position`` (trailing spaces and commas skipped), or None.

    >>> text = "A Violence Against Women and Girls delivery group, chaired by"
    >>> start, end = phrase_before(text, text.index(","))
    >>> text[start:end]
    'Violence Against Women and Girls delivery group'
    """
    head = text[:position].rstrip(" ,(\t")
    tokens = list(_TOKEN.finditer(head, max(0, len(head) - 400)))
    words: list[re.Match[str]] = []
    for index in range(len(tokens) - 1, -1, -1):
        token = tokens[index]
        if words and head[token.end():words[-1].start()].strip():
            break
        if token["paren"] is not None:
            if words or not _capitalised(token["paren"]):
                break
            words.append(token)
            continue
        word = token["word"]
        if word is None or len(words) >= limit:
            break
        lower = word.lower().strip("'‘’")
        previous = tokens[index - 1]["word"] if index > 0 else None
        if lower in DETERMINERS:
            break
        ends = lower in stops or lower.endswith(("ed", "ly")) or lower[:1].isdigit()
        if ends and not _capitalised(word) and not _in_name(lower, words, previous):
            break
        words.append(token)
    while words and words[-1]["word"] and words[-1].group().lower() in _CONNECTORS:
        words.pop()
    if not words or words[0]["paren"] is not None and len(words) == 1:
        return None
    return words[-1].start(), words[0].end()


def by_paragraph(mentions: Iterable[Mention]) -> defaultdict[int, list[Mention]]:
    """The mentions of each paragraph, in the order given (none: an empty list).

    >>> m = Mention(Quote(3, 4, 7, "NCA"), "mention.register", "https://x/nca", "NCA")
    >>> found = by_paragraph([m])
    >>> [x.label for x in found[3]], found[4]
    (['NCA'], [])
    """
    grouped: defaultdict[int, list[Mention]] = defaultdict(list)
    for mention in mentions:
        grouped[mention.quote.paragraph].append(mention)
    return grouped


def linked(mentions: Sequence[Mention], paragraph: int, start: int, end: int
           ) -> tuple[str, ...]:
    """The IRIs of the linked mentions of ``paragraph`` overlapping ``start:end``, in
    order, each once.

    >>> m = Mention(Quote(3, 4, 7, "NCA"), "mention.register", "https://x/nca", "NCA")
    >>> linked([m], 3, 0, 10), linked([m], 3, 8, 10)
    (('https://x/nca',), ())
    """
    found: list[str] = []
    for mention in sorted(mentions, key=lambda m: m.quote.start):
        quote = mention.quote
        if (mention.iri and quote.paragraph == paragraph and quote.start < end
                and start < quote.end and mention.iri not in found):
            found.append(mention.iri)
    return tuple(found)


def head_linked(mentions: Sequence[Mention], paragraph: int, text: str, start: int,
                end: int) -> str:
    """The IRI of the linked mention holding the last word (the head) of the phrase
    ``text[start:end]`` or its closing parenthesis; "" when none does. A mention of a
    modifier ("West Midlands Police" in "West Midlands Police CONTEST board") is not
    the phrase's.

    >>> m = Mention(Quote(3, 0, 20, "West Midlands Police"), "mention", "https://x/wmp", "WMP")
    >>> text = "West Midlands Police CONTEST board"
    >>> head_linked([m], 3, text, 0, len(text)), head_linked([m], 3, text, 0, 20)
    ('', 'https://x/wmp')
    """
    tail = re.search(r"(\S+?)\s*(\([^()]*\))?\s*$", text[start:end])
    if tail is None:
        return ""
    for group in (1, 2):
        if tail.group(group):
            found = linked(mentions, paragraph, start + tail.start(group), start + tail.end(group))
            if found:
                return found[0]
    return ""


def quote(number: int, text: str, start: int, end: int) -> Quote:
    """The quote of ``text[start:end]`` in paragraph ``number``, without the spaces and
    the trailing comma or full stop around it.

    >>> quote(5, "It meets monthly. ", 3, 18)
    Quote(paragraph=5, start=3, end=16, text='meets monthly')
    """
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:."):
        end -= 1
    return Quote(number, start, end, text[start:end])
