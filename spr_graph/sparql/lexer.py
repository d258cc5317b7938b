"""A small SPARQL tokenizer: enough to find bare keywords and the WHERE clause's brace.

It is not a parser. It knows what hides a word from the grammar (comments, strings,
IRIs) so that :mod:`.safety` can cross-check rdflib's parse against the text itself, and
:mod:`.params` can find where the WHERE group opens and which variables a query names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

WORD, PUNCT, STRING, IRI = "word", "punct", "string", "iri"

_SPACE = re.compile(r"\s+")
_COMMENT = re.compile(r"#[^\r\n]*")
_LONG_STRING = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\'',
                          re.DOTALL)
_SHORT_STRING = re.compile(r'"(?:[^"\\\r\n]|\\.)*"|\'(?:[^\'\\\r\n]|\\.)*\'')
_IRI = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_WORD = re.compile(r"[?$@]?(?:[\w:%-]|\\.)+(?:\.(?:[\w:%-]|\\.)+)*")
_VARIABLE = re.compile(r"[?$](\w+)")


@dataclass(frozen=True)
class Token:
    """One token: its kind (:data:`WORD`, :data:`PUNCT`, :data:`STRING` or :data:`IRI`),
    its text as written and the offset where it starts."""

    kind: str
    text: str
    start: int


def tokens(text: str) -> Iterator[Token]:
    """The tokens of ``text``, comments and white space left out.

    An unterminated string yields the rest of the text as one string token, so a quote
    never exposes what follows it as words.

    Examples
    --------
    >>> [(t.kind, t.text) for t in tokens('ASK { ?s <http://x> "a } b" } # DROP')]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('word', 'ASK'), ('punct', '{'), ('word', '?s'), ('iri', '<http://x>'),
     ('string', '"a } b"'), ('punct', '}')]
    """
    pos, end = 0, len(text)
    while pos < end:
        for pattern in (_SPACE, _COMMENT):
            match = pattern.match(text, pos)
            if match:
                break
        if match:
            pos = match.end()
            continue
        char = text[pos]
        if char in "\"'":
            match = _LONG_STRING.match(text, pos) or _SHORT_STRING.match(text, pos)
            stop = match.end() if match else end
            yield Token(STRING, text[pos:stop], pos)
            pos = stop
        elif char == "<" and (match := _IRI.match(text, pos)):
            yield Token(IRI, match.group(), pos)
            pos = match.end()
        elif match := _WORD.match(text, pos):
            yield Token(WORD, match.group(), pos)
            pos = match.end()
        else:
            yield Token(PUNCT, char, pos)
            pos += 1


def bare_words(text: str) -> set[str]:
    """Upper-cased words outside comments, strings and IRIs (keywords, names, numbers).

    Examples
    --------
    >>> sorted(bare_words('select ?s where { ?s ?p "DROP" } # INSERT'))
    ['?P', '?S', 'SELECT', 'WHERE']
    """
    return {t.text.upper() for t in tokens(text) if t.kind == WORD}


def variables(text: str) -> set[str]:
    """The names of the ``?x`` and ``$x`` variables written in ``text``.

    Examples
    --------
    >>> sorted(variables('SELECT ?s WHERE { ?s ?p $o FILTER(?o != "?not") }'))
    ['o', 'p', 's']
    """
    return {match.group(1) for t in tokens(text) if t.kind == WORD
            and (match := _VARIABLE.match(t.text))}


def where_brace(text: str) -> int | None:
    """Offset of the ``{`` that opens the query's WHERE group, or None if it has none.

    It is the first top-level ``{`` after the query form keyword (the second one for a
    CONSTRUCT with a template). Braces inside parentheses (``EXISTS {...}`` in a SELECT
    expression) do not count.

    Examples
    --------
    >>> text = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    >>> text[where_brace(text):]
    '{ ?s ?p ?o }'
    >>> where_brace("DESCRIBE <http://example.org/a>") is None
    True
    """
    form: str | None = None
    depth_paren = depth_brace = 0
    skip_template = False
    for token in tokens(text):
        if form is None:
            if token.kind == WORD and token.text.upper() in ("SELECT", "ASK", "DESCRIBE",
                                                             "CONSTRUCT"):
                form = token.text.upper()
                skip_template = form == "CONSTRUCT"
            continue
        if form == "CONSTRUCT" and skip_template and token.kind == WORD \
                and token.text.upper() == "WHERE" and depth_brace == 0:
            skip_template = False
            continue
        if token.kind != PUNCT:
            continue
        if token.text == "(":
            depth_paren += 1
        elif token.text == ")":
            depth_paren -= 1
        elif token.text == "{" and depth_paren == 0:
            if depth_brace == 0 and not skip_template:
                return token.start
            depth_brace += 1
        elif token.text == "}" and depth_paren == 0:
            depth_brace -= 1
            if depth_brace == 0 and skip_template:
                skip_template = False
    return None
