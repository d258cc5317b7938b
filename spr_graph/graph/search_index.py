"""The full-text index behind :mod:`spr_graph.graph.search`: what goes in, and how.

:func:`build` reads the graph through the read seam and writes an SQLite FTS5 index:

- ``doc``: one row per label, alternative label, quote, curator note (``rdfs:comment``)
  or paragraph text, with the paragraphs whose graphs state it and, in a column of its
  own, its words with their inner punctuation removed (``CSE/A`` -> ``csea``). Tokenizer:
  ``porter unicode61 remove_diacritics 2`` (case, accents, word endings). The rowid
  holds the field and the entity (:data:`FIELD_SHIFT`), so ranking, counting and
  filtering read the full-text index alone;
- ``entity``: each entity's IRI, kind, label and paragraphs; ``entity_threat``: the
  threats each is about; ``threat_name``: every way of naming a threat; ``label_key``:
  each label run together, for a query equal to a whole label;
- ``vocabulary``: every word of the texts, under a ``trigram`` tokenizer, where typo
  corrections are looked for (filled when first needed, for an index in memory);
- ``meta``: the layout (:data:`SCHEMA`), the stamp of the store it was built from, and
  whether it holds every paragraph's text (:data:`PARAGRAPH_TEXTS`), so that
  ``describe`` may ask it which paragraphs name an entity (:func:`paragraphs_naming`).

Only entities of the kinds in :data:`KINDS` are indexed: the paper's things, requirement
statements, quantities, risks, findings, places and paragraphs, not the vocabularies.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator

from spr_graph.core.errors import InputError
from spr_graph.core.namespaces import PREFIXES, SKOS, SPR, shorten
from spr_graph.core.paragraph_keys import paragraph_key
from spr_graph.core.rows import Select
from spr_graph.graph import kinds
from spr_graph.graph.kinds import is_abbreviation
from spr_graph.graph.reads import paper_ranks

#: The layout the index is written in (a persistent index of another is rebuilt).
SCHEMA = "spr-graph-search/2"  # 2: paragraphs are paragraph keys
#: The ``meta`` key saying whether every paragraph's text is indexed (``all``, or
#: ``some``; an index written before it was kept: unknown).
PARAGRAPH_TEXTS = "paragraph-texts"
#: How much a match in each field counts (times BM25).
WEIGHTS = {"label": 8.0, "abbreviation": 8.0, "alt-label": 4.0, "quote": 2.0, "note": 1.5,
           "text": 1.0}
FIELDS = {f"{SKOS}prefLabel": "label", f"{SKOS}altLabel": "alt-label", f"{SPR}quote": "quote",
          f"{PREFIXES['rdfs']}comment": "note", f"{SPR}text": "text"}
#: rdf:type -> kind: the projection's kinds, most specific first
#: (:data:`spr_graph.graph.kinds.KINDS`), then what else is found.
KINDS: tuple[tuple[str, str], ...] = kinds.KINDS + tuple(
    (f"{PREFIXES[ns]}{cls}", kind) for ns, cls, kind in (
        ("spr", "RequirementStatement", "statement"), ("spr", "CapabilityQuantity", "quantity"),
        ("spr", "Risk", "risk"), ("spr", "Inspection", "inspection"),
        ("spr", "Finding", "finding"), ("spr", "ThreatCategory", "threat-category"),
        ("spr", "ThreatLevelAssessment", "threat-level"), ("spr", "Place", "place"),
        ("spr", "Paragraph", "paragraph")))
KIND_OF = dict(KINDS)
KIND_RANK = {cls: rank for rank, (cls, _) in enumerate(KINDS)}
_LABELS = frozenset({"label", "abbreviation", "alt-label"})
_WORD = re.compile(r"[^\W_]+(?:[^\w\s]+[^\W_]+)*")
_PART = re.compile(r"[^\W_]+")
_PUNCTUATED = re.compile(r"(?<![^\W_])[^\W_]+(?:[^\w\s]+[^\W_]+)+")
#: A text's rowid: its field's rank (in :data:`WEIGHTS` order) << 40 | its entity << 16 |
#: its number among the entity's texts, so that ranking, counting and filtering by entity
#: read the full-text index alone, and the rowid order puts labels first.
FIELD_SHIFT, ENTITY_SHIFT, ENTITY_MASK = 40, 16, (1 << 24) - 1
ENTITY = f"((doc.rowid >> {ENTITY_SHIFT}) & {ENTITY_MASK})"
_TABLES = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE entity(id INTEGER PRIMARY KEY, iri TEXT, kind TEXT, label TEXT, paragraphs TEXT);
CREATE TABLE entity_threat(threat TEXT, entity INTEGER, PRIMARY KEY (threat, entity))
    WITHOUT ROWID;
CREATE TABLE threat_name(name TEXT, tier INTEGER, iri TEXT, spelling TEXT);
CREATE TABLE label_key(key TEXT, entity INTEGER);
CREATE VIRTUAL TABLE doc USING fts5(text, joined, paragraphs UNINDEXED,
    tokenize = 'porter unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE vocabulary USING fts5(word, tokenize = 'trigram');
"""


def fold(text: str) -> str:
    """``text`` case-folded and without accents, as the index compares words.

    >>> fold("Café ROCU")
    'cafe rocu'
    """
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[list[str]]:
    """The words of ``text`` (folded), each as its parts: ``CSE/A`` is ``['cse', 'a']``.

    >>> words("Child abuse (CSE/A)")
    [['child'], ['abuse'], ['cse', 'a']]
    """
    return [_PART.findall(run) for run in _WORD.findall(fold(text))]


def joined(text: str) -> str:
    """The words of ``text`` with punctuation inside them, joined up.

    >>> joined("Child abuse (CSE/A), counter-terrorism")
    'csea counterterrorism'
    """
    return " ".join("".join(_PART.findall(run)) for run in _PUNCTUATED.findall(fold(text)))


def exact(text: str) -> str:
    """The key under which a whole label equals a query: its words run together.

    >>> exact("CSE/A") == exact("csea") == exact("CSE A")
    True
    """
    return "".join("".join(parts) for parts in words(text))


def name_key(name: str) -> str:
    """How a threat's name is compared: folded, spacing collapsed.

    >>> name_key("  Serious and  ORGANISED crime ")
    'serious and organised crime'
    """
    return " ".join(fold(name).split())


def most_specific_kind(types: Iterable[str]) -> str:
    """The kind of the most specific of ``types`` among :data:`KINDS` ("" for none).

    >>> most_specific_kind([f"{PREFIXES['org']}Organization", f"{SPR}PoliceUnit"])
    'unit'
    """
    known = [cls for cls in types if cls in KIND_RANK]
    return KIND_OF[min(known, key=KIND_RANK.__getitem__)] if known else ""


def _values(iris: Iterable[str]) -> str:
    return " ".join(f"<{iri}>" for iri in iris)


def _kinds(select: Select) -> dict[str, str]:
    """Each searchable entity's kind (:func:`most_specific_kind` of its classes)."""
    types: dict[str, set[str]] = defaultdict(set)
    for row in select(f"SELECT DISTINCT ?s ?type WHERE {{ ?s a ?type VALUES ?type "
                      f"{{ {_values(KIND_OF)} }} }}"):
        types[row["s"] or ""].add(row["type"] or "")
    return {s: most_specific_kind(found) for s, found in types.items()}


class Corpus:
    """What the index holds, read from the graph before it is written (see the module
    doc): texts with their paragraphs, kinds, labels and threats."""

    def __init__(self, select: Select) -> None:
        self.kinds = _kinds(select)
        #: paragraph graph -> paragraph; paragraph -> key (its number with one paper:
        #: :mod:`~spr_graph.core.paragraph_keys`)
        self.graphs: dict[str, str] = {}
        self.numbers: dict[str, int] = {}
        rank = paper_ranks(select)
        for row in select("SELECT ?p ?n ?g ?doc WHERE { ?p spr:paragraphNumber ?n "
                          "OPTIONAL { ?g prov:wasDerivedFrom ?p } "
                          "OPTIONAL { ?p dcterms:isPartOf ?doc } }"):
            self.numbers[row["p"] or ""] = paragraph_key(rank.get(row["doc"] or ""),
                                                         row["n"])
            if row["g"]:
                self.graphs[row["g"]] = row["p"] or ""
        self.threats: dict[str, set[str]] = defaultdict(set)
        self.statements: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self._read_threats(select)
        #: (subject, field, text) -> paragraph numbers
        self.texts: dict[tuple[str, str, str], set[int]] = defaultdict(set)
        self.labels: dict[str, str] = {}
        self.short: dict[str, str] = {}
        for row in select(f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                          f"VALUES ?p {{ {_values(FIELDS)} }} }}"):
            self._add(row["s"] or "", FIELDS[row["p"] or ""], row["o"] or "", row["g"] or "")

    def _read_threats(self, select: Select) -> None:
        """The threats of each entity (see :mod:`spr_graph.graph.search`), and what each
        requirement statement is about, for its label."""
        for row in select("""SELECT ?st ?p ?o ?g WHERE {
                GRAPH ?g { ?st a spr:RequirementStatement ; ?p ?o }
                VALUES ?p { spr:threat spr:fiveC spr:actor spr:partner spr:about } }"""):
            statement = self.statements[row["st"] or ""]
            statement[(row["p"] or "").rsplit("#", 1)[-1]].add(row["o"] or "")
            statement["graph"].add(row["g"] or "")
        for row in select("""SELECT DISTINCT ?s ?t WHERE {
                { ?s spr:addressesThreat|spr:sectionThreat ?t }
                UNION { ?s spr:threat ?t MINUS { ?s a spr:RequirementStatement } }
                UNION { ?s skos:broader ?t . ?t a spr:Threat } }"""):
            self.threats[row["s"] or ""].add(row["t"] or "")
        for iri, statement in self.statements.items():
            threats = statement["threat"]
            for other in (iri, *statement["actor"], *statement["partner"], *statement["about"],
                          *(self.graphs.get(g, "") for g in statement["graph"])):
                self.threats[other] |= threats

    def _add(self, s: str, name: str, text: str, graph: str) -> None:
        if name == "label":
            self.labels[s] = min(text, self.labels.get(s, text))
        elif name == "alt-label" and is_abbreviation(text):
            name = "abbreviation"
            self.short[s] = min(text, self.short.get(s, text), key=lambda t: (len(t), t))
        numbers = self.texts[s, name, text]
        paragraph = self.graphs.get(graph)
        if paragraph is not None:
            numbers.add(self.numbers[paragraph])
            self.threats[s] |= self.threats.get(paragraph, set())
        if s in self.numbers:
            numbers.add(self.numbers[s])

    def name(self, iri: str) -> str:
        """A short name: the abbreviation, else the label."""
        return self.short.get(iri) or self.labels.get(iri) or shorten(iri)

    def label(self, iri: str) -> str:
        """Every entity's label: its own, or for a statement its C, threats, actors and
        what it is about (``Connectivity (Public order): WMP on ESMCP, Airwaves +2``)."""
        if iri in self.labels or iri not in self.statements:
            return self.labels.get(iri) or shorten(iri)
        st = self.statements[iri]
        c = ", ".join(sorted(self.labels.get(c, c.rsplit("/", 1)[-1]) for c in st["fiveC"]))
        threats = ", ".join(sorted(self.labels[t] if t in self.labels else shorten(t)
                                   for t in st["threat"]))
        about = sorted(self.name(a) for a in st["about"])
        more = f" +{len(about) - 3}" if len(about) > 3 else ""
        on = f" on {', '.join(about[:3])}{more}" if about else ""
        return f"{c} ({threats}): {', '.join(sorted(map(self.name, st['actor'])))}{on}"

    def rows(self) -> Iterator[tuple[str, str, str, tuple[int, ...]]]:
        """``(subject, field, text, paragraphs)`` of the indexed entities, in order."""
        for (s, name, text), numbers in sorted(self.texts.items()):
            if s in self.kinds:
                yield s, name, text, tuple(sorted(numbers))


def build(select: Select, conn: sqlite3.Connection, stamp: str = "",
          vocabulary: bool = True) -> None:
    """Write the index of the graph ``select`` reads into the empty database ``conn``;
    the vocabulary for typo corrections now, or on first use (:func:`fill_vocabulary`).

    >>> conn = sqlite3.connect(":memory:")
    >>> build(lambda query: [], conn)
    >>> conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    ('spr-graph-search/2',)
    """
    corpus = Corpus(select)
    conn.executescript(_TABLES)
    ids: dict[str, int] = {}
    paragraphs: dict[str, set[int]] = defaultdict(set)
    docs, keys, rank = [], [], {name: i for i, name in enumerate(WEIGHTS)}
    texts: dict[str, int] = defaultdict(int)
    for s, name, text, numbers in corpus.rows():
        entity = ids.setdefault(s, len(ids) + 1)
        texts[s] += 1
        if entity > ENTITY_MASK or texts[s] >> ENTITY_SHIFT:
            raise InputError("too many entities, or texts of one entity, to index",
                             hint=f"at most {ENTITY_MASK} and {(1 << ENTITY_SHIFT) - 1}")
        paragraphs[s].update(numbers)
        docs.append(((rank[name] << FIELD_SHIFT) | (entity << ENTITY_SHIFT) | texts[s],
                     text, joined(text), " ".join(map(str, numbers))))
        if name in _LABELS:
            keys.append((exact(text), entity))
    conn.executemany("INSERT INTO doc(rowid, text, joined, paragraphs) VALUES (?, ?, ?, ?)",
                     sorted(docs))
    conn.executemany("INSERT INTO label_key VALUES (?, ?)", keys)
    conn.execute("CREATE INDEX label_keys ON label_key(key)")
    conn.executemany("INSERT INTO entity VALUES (?, ?, ?, ?, ?)", (
        (i, s, corpus.kinds[s], corpus.label(s), " ".join(map(str, sorted(paragraphs[s]))))
        for s, i in ids.items()))
    conn.executemany("INSERT INTO entity_threat VALUES (?, ?)", sorted(
        {(t, i) for s, i in ids.items()
         for t in corpus.threats.get(s, set()) | ({s} if corpus.kinds[s] == "threat" else set())}))
    conn.executemany("INSERT INTO threat_name VALUES (?, ?, ?, ?)", (
        (name_key(name), tier, s, name) for s, name, tier in _threat_names(corpus, ids)))
    conn.executemany("INSERT INTO meta VALUES (?, ?)", [
        ("schema", SCHEMA), ("stamp", stamp), (PARAGRAPH_TEXTS, _paragraph_texts(select, corpus))])
    if vocabulary:
        fill_vocabulary(conn)
    conn.commit()


def _paragraph_texts(select: Select, corpus: Corpus) -> str:
    """``all`` when the text of every paragraph (a subject with a number and a text, in
    any graph) is indexed, so that :func:`paragraphs_naming` may answer; else ``some``."""
    indexed = {s for s, name, _text in corpus.texts if name == "text" and s in corpus.kinds}
    every = all((row["p"] or "") in indexed for row in select(
        "SELECT DISTINCT ?p WHERE { ?p spr:paragraphNumber ?n ; spr:text ?text }"))
    return "all" if every else "some"


def paragraphs_naming(conn: sqlite3.Connection, names: Iterable[str]) -> set[str] | None:
    """The paragraphs whose text may name one of ``names``: every one whose text holds
    a name's words in a row (as the tokenizer reads them: any case, accents and
    endings), so that a search of their texts for the names themselves, case aside,
    needs no other paragraph. None when the index cannot tell: it does not hold every
    paragraph's text (:func:`_paragraph_texts`), or a name has no word.

    >>> conn = sqlite3.connect(":memory:")
    >>> build(lambda query: [], conn)
    >>> paragraphs_naming(conn, ["ROCU", 'The "X" unit']), paragraphs_naming(conn, ["--"])
    (set(), None)
    """
    meta = conn.execute("SELECT value FROM meta WHERE key = ?", (PARAGRAPH_TEXTS,)).fetchone()
    wanted = list(names)
    if meta is None or meta[0] != "all" or not all(words(name) for name in wanted):
        return None
    if not wanted:
        return set()
    # each name a phrase, as written: the tokenizer reads it as it read the texts
    match = " OR ".join('text : "' + name.replace('"', '""') + '"' for name in wanted)
    try:
        return {iri for (iri,) in conn.execute(
            f"SELECT DISTINCT entity.iri FROM doc, entity WHERE doc MATCH ? AND entity.id = "
            f"{ENTITY} AND doc.rowid >> {FIELD_SHIFT} = ?", (match, list(WEIGHTS).index("text")))}
    except sqlite3.Error:
        return None  # a name the query language cannot take: read every text


def fill_vocabulary(conn: sqlite3.Connection) -> None:
    """Fill the index's vocabulary (every word of its texts, and each word with inner
    punctuation joined up) once; a no-op when it is filled."""
    if conn.execute("SELECT 1 FROM meta WHERE key = 'vocabulary'").fetchone():
        return
    found: set[str] = set()
    for text, joined_up in conn.execute("SELECT text, joined FROM doc"):
        found.update(_PART.findall(fold(text)))
        found.update(joined_up.split())
    conn.executemany("INSERT INTO vocabulary(word) VALUES (?)", ((w,) for w in sorted(found)))
    conn.execute("INSERT INTO meta VALUES ('vocabulary', 'filled')")


def _threat_names(corpus: Corpus, ids: dict[str, int]) -> Iterator[tuple[str, str, int]]:
    """``(threat, name, tier)``: IRI and prefixed name 0, label 1, other labels 2."""
    threats = {s for s in ids if corpus.kinds[s] == "threat"}
    for s in sorted(threats):
        yield s, s, 0
        yield s, shorten(s), 0
    for s, name, text in corpus.texts:
        if s in threats and name in _LABELS:
            yield s, text, 1 if name == "label" else 2
