"""Find anything without writing SPARQL: one ranked full-text search over labels,
abbreviations, quotes, curator notes (``rdfs:comment``) and paragraph text.

The index is SQLite FTS5 (the standard library's ``sqlite3``), built from the graph
through the read seam (:mod:`.search_index`), so it works on files, ``--db`` and
``--endpoint`` alike. For files it is built in memory (the bundled data's ships prebuilt:
:mod:`.search_bundled`); beside a store it is built once, into
``DIR/.spr-graph-search.sqlite``, and reused until the store changes (:func:`open_index`).

What is tolerated, and how:

- **case and accents**: the ``unicode61`` tokenizer folds both;
- **plurals and endings**: the ``porter`` stemmer ("Airwave" finds "Airwaves");
- **punctuation inside a word**: each run of letters joined by punctuation ("CSE/A",
  "counter-terrorism") is also indexed joined up ("csea"), and a query word with
  punctuation looks for its parts as a phrase or joined, so "CSE/A", "CSEA" and "CSE A"
  find each other;
- **small typos**: a query word that matches nothing is replaced by the index's words
  within a Damerau-Levenshtein distance of 1 (2 for words of 8 letters or more) and by
  the words it begins (3 letters or more). Candidates come from a trigram index over the
  vocabulary (thousands of words), never from a scan of the text. A trigram index over
  the text itself would find typos directly, but it is several times larger, cannot
  stem, and counts substrings ("soc" in "associated") as matches.

Every word must match in the same text; when no text holds them all, any word will do.
Ranking: BM25 weighted by field (label and abbreviation 8, other alternative labels 4,
quote 2, note 1.5, paragraph text 1), a label equal to the whole query first. Each
entity is one hit, shown by its best match, citing the paragraphs of its matches.

An entity is about a threat (``threat=``) when it is the threat, addresses it
(``spr:addressesThreat``, ``spr:threat``), is a category under it, is an actor, partner
or subject of a requirement statement for it, or is labelled, quoted or noted in a
paragraph about it; a paragraph is about its section's threat and the threats of the
statements curated from it. A threat is named as ``--threat`` names it elsewhere (IRI,
prefixed name, label or abbreviation); a name shared by editions means all of them.

>>> open_index(lambda query: []).search("airwave").hits
()
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
import weakref
from dataclasses import dataclass
from pathlib import Path

from spr_graph.core.errors import InputError, UnknownNodeError
from spr_graph.core.namespaces import expand
from spr_graph.core.rows import Select
from spr_graph.graph.search_index import (
    _WORD,
    ENTITY,
    ENTITY_MASK,
    ENTITY_SHIFT,
    FIELD_SHIFT,
    WEIGHTS,
    exact,
    fill_vocabulary,
    name_key,
    words,
)
from spr_graph.graph.search_store import connect

__all__ = ["Hit", "SearchIndex", "SearchResult", "distance", "index_for", "open_index"]
FIELDS = tuple(WEIGHTS)


@dataclass(frozen=True)
class Hit:
    """One entity found: what it is, what matched (its field and a snippet with the
    matched words in ``[brackets]``) and the paragraphs citing its matches."""

    iri: str
    kind: str
    label: str
    field: str
    snippet: str
    paragraphs: tuple[int, ...]
    score: float


@dataclass(frozen=True)
class SearchResult:
    """The hits of one search, best first, and how the query was read.

    Attributes
    ----------
    total : int
        Entities matched, before the cut to ``limit``.
    threats : tuple of str
        The IRIs ``threat`` (the name given) stands for.
    searched : tuple of (str, tuple of str)
        Each query word that matched nothing as written, and the words searched instead.
    every_word : bool
        Whether each hit matched every word (else no text held them all, and any did).
    """

    query: str
    hits: tuple[Hit, ...]
    total: int
    limit: int
    kind: str | None = None
    threat: str | None = None
    threats: tuple[str, ...] = ()
    searched: tuple[tuple[str, tuple[str, ...]], ...] = ()
    every_word: bool = True

    def as_dict(self) -> dict[str, object]:
        """The documented JSON (``spr-graph/search/1``)."""
        return {"schema": "spr-graph/search/1", "query": self.query, "kind": self.kind,
                "threat": self.threat, "threats": list(self.threats), "total": self.total,
                "limit": self.limit, "every_word": self.every_word,
                "searched": [{"word": w, "as": list(alts)} for w, alts in self.searched],
                "hits": [{"rank": i, "iri": h.iri, "kind": h.kind, "label": h.label,
                          "field": h.field, "snippet": h.snippet,
                          "paragraphs": list(h.paragraphs), "score": round(h.score, 3)}
                         for i, h in enumerate(self.hits, 1)]}


def distance(a: str, b: str) -> int:
    """The Damerau-Levenshtein distance (optimal string alignment) between two words.

    >>> distance("airwvaes", "airwaves"), distance("rocu", "rcu"), distance("soc", "cyber")
    (1, 1, 5)
    """
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], before[j - 2] + 1)
        before, previous = previous, current
    return previous[-1]


def _phrase(parts: list[str]) -> str:
    """An FTS5 expression for one query word (its parts are letters and digits only)."""
    if len(parts) == 1:
        return f'"{parts[0]}"'
    return f'("{" ".join(parts)}" OR "{"".join(parts)}")'


def _mark(text: str, keys: set[str], width: int = 80) -> str:
    """A snippet of ``text`` with the words whose joined form is in ``keys`` bracketed."""
    spans = [m.span() for m in _WORD.finditer(text) if exact(m.group()) in keys]
    if not spans:
        return text if len(text) <= width else text[:width].rsplit(" ", 1)[0] + "..."
    start = max(0, spans[0][0] - width // 2)
    marked, at = "", start
    for a, b in spans:
        if a >= start:
            marked += f"{text[at:a]}[{text[a:b]}]"
            at = b
    rest = text[at:start + width + 2 * len(spans)]
    return ("..." if start else "") + marked + rest + ("..." if at < len(text) - len(rest) else "")


class SearchIndex:
    """An open search index (:func:`open_index`); :meth:`search` asks it."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None = None) -> None:
        self.conn = conn
        #: the index's file beside a persistent store (None: in memory)
        self.path = path

    def kinds(self) -> list[str]:
        """The kinds of entity the index holds, sorted."""
        return [k for (k,) in self.conn.execute("SELECT DISTINCT kind FROM entity ORDER BY 1")]

    def kind(self, name: str) -> str:
        """The kind ``name`` means (any case, singular or plural); InputError otherwise."""
        known, key = self.kinds(), name_key(name)
        for candidate in (key, re.sub(r"ies$", "y", key), key.removesuffix("s")):
            if candidate in known:
                return candidate
        import difflib  # only for the hint: kept off a search's start-up

        close = difflib.get_close_matches(key, known, n=3)
        raise InputError(f"no kind '{name}'", hint=(f"did you mean {', '.join(close)}? " if close
                                                    else "") + f"kinds: {', '.join(known)}")

    def threats(self, name: str) -> tuple[str, ...]:
        """The IRIs of the threats ``name`` names; UnknownNodeError with suggestions."""
        keys = (name_key(name), name_key(expand(name.strip()) or name))
        for tier in (0, 1, 2):
            found = self.conn.execute(
                "SELECT DISTINCT iri FROM threat_name WHERE tier = ? AND name IN (?, ?) "
                "ORDER BY iri", (tier, *keys)).fetchall()
            if found:
                return tuple(iri for (iri,) in found)
        import difflib  # only for the hint

        spelt = dict(self.conn.execute("SELECT name, spelling FROM threat_name WHERE tier > 0"))
        close = difflib.get_close_matches(keys[0], list(spelt), n=5, cutoff=0.5)
        hint = (f"did you mean {', '.join(spelt[k] for k in close)}?" if close else
                f"threats: {', '.join(sorted(set(spelt.values()))) or 'none'}")
        raise UnknownNodeError(f"no SPR threat is called '{name}'", hint=hint)

    def corrections(self, word: str) -> list[str]:
        """The index's words ``word`` may have meant: close in spelling, or begun by it.

        >>> def select(query):  # a graph of one system labelled "Airwaves"
        ...     if "?type" in query:
        ...         return [{"s": "urn:x", "type": "https://w3id.org/spr-graph/def/spr#System"}]
        ...     return [{"s": "urn:x", "p": "http://www.w3.org/2004/02/skos/core#prefLabel",
        ...              "o": "Airwaves", "g": "urn:g"}] if "core#prefLabel>" in query else []
        >>> index = open_index(select)
        >>> index.corrections("airwvaes"), index.corrections("airw")
        (['airwaves'], ['airwaves'])
        """
        found: set[str] = set()
        fill_vocabulary(self.conn)
        if len(word) >= 3:
            found.update(w for (w,) in self.conn.execute(
                "SELECT word FROM vocabulary WHERE word GLOB ? LIMIT 30", (word + "*",)))
        if len(word) >= 4:
            most = 1 if len(word) < 8 else 2
            grams = " OR ".join(sorted({f'"{word[i:i + 3]}"' for i in range(len(word) - 2)}))
            found.update(w for (w,) in self.conn.execute(
                "SELECT word FROM vocabulary WHERE vocabulary MATCH ? ORDER BY rank LIMIT 2000",
                (grams,)) if abs(len(w) - len(word)) <= most and distance(word, w) <= most)
        return sorted(found)

    def _matches(self, expression: str) -> bool:
        return self.conn.execute("SELECT 1 FROM doc WHERE doc MATCH ? LIMIT 1",
                                 (expression,)).fetchone() is not None

    def _expressions(self, text: str) -> tuple[list[str], list[tuple[str, tuple[str, ...]]]]:
        """One FTS5 expression per query word, typos replaced, and what was replaced."""
        expressions, searched = [], []
        for parts in words(text):
            expression = _phrase(parts)
            if not self._matches(expression):
                word = "".join(parts)
                instead = tuple(self.corrections(word))
                searched.append((word, instead))
                if not instead:
                    continue
                expression = "(" + " OR ".join(f'"{w}"' for w in instead) + ")"
            expressions.append(expression)
        return expressions, searched

    def search(self, text: str, kind: str | None = None, threat: str | None = None,
               limit: int = 20) -> SearchResult:
        """The entities whose texts match ``text``, best first (see the module doc).

        Parameters
        ----------
        text : str
            Words to look for, in any case, with any punctuation, small typos allowed.
        kind : str, optional
            Only entities of this kind (``unit``, ``agency``, ``statement``...).
        threat : str, optional
            Only entities about this threat (its label, abbreviation or IRI).
        limit : int
            At most this many hits.
        """
        if not words(text):
            raise InputError(f"nothing to search for in '{text}'",
                             hint="give a word or more, e.g. spr-graph search airwave")
        if limit < 1:
            raise InputError(f"the number of hits must be at least 1, not {limit}")
        kind = self.kind(kind) if kind else None
        threats = self.threats(threat) if threat else ()
        where, params = "", []
        if kind:
            where += f" AND {ENTITY} IN (SELECT id FROM entity WHERE kind = ?)"
            params.append(kind)
        if threats:
            where += (f" AND {ENTITY} IN (SELECT entity FROM entity_threat WHERE threat IN "
                      f"({', '.join('?' * len(threats))}))")
            params.extend(threats)
        expressions, searched = self._expressions(text)
        hits: list[Hit] = []
        total, joint = 0, " AND "
        for joint in (" AND ", " OR ") if len(expressions) > 1 else (" AND ",):
            if expressions:
                match = _Match(self.conn, joint.join(expressions), where, params)
                hits, total = self._hits(match, text, limit)
            if hits:
                break
        return SearchResult(text, tuple(hits), total, limit, kind, threat, threats,
                            tuple(searched), joint == " AND ")

    def _hits(self, match: _Match, text: str, limit: int) -> tuple[list[Hit], int]:
        """The best ``limit`` entities of ``match``, and how many entities match."""
        exact_ids = {e for (e,) in self.conn.execute(
            "SELECT DISTINCT entity FROM label_key WHERE key = ?", (exact(text),))}
        ranked = match.ranked(max(200, 20 * limit), exact_ids)
        chosen: dict[int, list[int]] = {}
        for rowid in sorted(ranked, key=lambda r: (_entity(r) not in exact_ids, ranked[r])):
            entity = _entity(rowid)
            if entity in chosen or len(chosen) < limit:
                chosen.setdefault(entity, []).append(rowid)
        found = match.texts([r for rows in chosen.values() for r in rows])
        keys = {"".join(parts) for parts in words(text)}
        hits = []
        for entity, rowids in chosen.items():
            best, numbers = rowids[0], set().union(*(found[r][0] for r in rowids))
            snippet = found[best][2] if "[" in found[best][2] else _mark(found[best][1], keys)
            iri, kind, label, paragraphs = self.conn.execute(
                "SELECT iri, kind, label, paragraphs FROM entity WHERE id = ?",
                (entity,)).fetchone()
            cited = numbers or {int(n) for n in paragraphs.split()}
            hits.append(Hit(iri, kind, label, FIELDS[best >> FIELD_SHIFT], snippet,
                            tuple(sorted(cited)), -ranked[best]))
        return hits, match.total()


def _entity(rowid: int) -> int:
    return (rowid >> ENTITY_SHIFT) & ENTITY_MASK


class _Match:
    """One FTS5 expression with its filters, asked several ways."""

    #: For a very common word, only the first texts in rowid order (labels first) are
    #: ranked: ranking reads each text's size, and the rest would rarely make the top.
    CAP = 20_000
    SCORE = "bm25(doc) * (CASE doc.rowid >> {shift} {cases} END)".format(
        shift=FIELD_SHIFT, cases=" ".join(f"WHEN {i} THEN {w}"
                                          for i, w in enumerate(WEIGHTS.values())))

    def __init__(self, conn: sqlite3.Connection, expression: str, where: str,
                 params: list[str]) -> None:
        self.conn, self.where = conn, where
        self.params = [expression, *params]

    def total(self) -> int:
        """How many entities have a matching text."""
        (count,) = self.conn.execute(f"SELECT COUNT(DISTINCT {ENTITY}) FROM doc WHERE doc "
                                     f"MATCH ?{self.where}", self.params).fetchone()
        return int(count)

    def ranked(self, window: int, exact_ids: set[int]) -> dict[int, float]:
        """The ``window`` best texts (and those of ``exact_ids``): rowid -> score."""
        last = self.conn.execute(f"SELECT rowid FROM doc WHERE doc MATCH ?{self.where} ORDER "
                                 f"BY rowid LIMIT 1 OFFSET ?", (*self.params, self.CAP - 1)
                                 ).fetchone()
        cap = f" AND doc.rowid <= {int(last[0])}" if last else ""
        query = (f"SELECT rowid, {self.SCORE} AS score FROM doc WHERE doc MATCH ?{self.where}"
                 f"{{}} ORDER BY score LIMIT {int(window)}")
        ranked = dict(self.conn.execute(query.format(cap), self.params).fetchall())
        if exact_ids:
            ids = ", ".join(str(int(e)) for e in sorted(exact_ids))
            ranked.update(self.conn.execute(query.format(f" AND {ENTITY} IN ({ids})"),
                                            self.params).fetchall())
        return ranked

    def texts(self, rowids: list[int]) -> dict[int, tuple[set[int], str, str]]:
        """For each rowid: its paragraphs, its text and a snippet of its matches."""
        found = {}
        for start in range(0, len(rowids), 500):
            ids = ", ".join(str(int(r)) for r in rowids[start:start + 500])
            for rowid, numbers, text, snippet in self.conn.execute(
                    f"SELECT rowid, paragraphs, text, snippet(doc, 0, '[', ']', '...', 12) "
                    f"FROM doc WHERE doc MATCH ? AND rowid IN ({ids})", self.params[:1]):
                found[rowid] = ({int(n) for n in numbers.split()}, text, snippet)
        return found


def open_index(select: Select, folder: str | Path | None = None) -> SearchIndex:
    """The search index of the graph ``select`` reads: built in memory, or, for the
    persistent store in ``folder``, the one built beside it (now, once, when there is
    none or the store changed since; :mod:`.search_store`). A folder it cannot write in
    gets an index in memory. Nothing is written outside ``folder``.

    >>> open_index(lambda query: []).kinds()
    []
    """
    conn, path = connect(select, Path(folder) if folder is not None else None)
    return SearchIndex(conn, path)


_OPEN: weakref.WeakKeyDictionary[Select, SearchIndex] = weakref.WeakKeyDictionary()


def index_for(select: Select, folder: str | Path | None = None) -> SearchIndex:
    """:func:`open_index`, once per read seam: later calls with the same ``select``
    reuse the index (while ``select`` lives).

    >>> def select(query):
    ...     return []
    >>> index_for(select) is index_for(select)
    True
    """
    try:
        return _OPEN[select]
    except (KeyError, TypeError):
        pass
    index = open_index(select, folder)
    with contextlib.suppress(TypeError):  # a select that cannot be weakly referenced
        _OPEN[select] = index
    return index
