"""The curated graph against its source text: abbreviations, coverage, provenance."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from spr_graph.core import resources
from spr_graph.papers.provenance import provenance_trig
from spr_graph.papers.sourcetext import SourceDocument, read_source
from spr_graph.store.load import Loaded

ABBREVIATION = re.compile(r"\(([A-Z][A-Za-z/&]*[A-Z][A-Za-z/&]*)\)")
FORCE = "https://w3id.org/spr-graph/id/organisation/wmp"
#: The PDF extraction the cleaned text was made from (a copy of shared/sources/, so the
#: test runs on any clone).
RAW_SOURCE = Path(__file__).parent / "data" / "sources" / "wmp-spr-2020-01-21.raw.txt"


def _long_form(short: str, text: str) -> str | None:
    """Schwartz & Hearst (2003): the shortest span before '(' whose letters spell ``short``.

    The span stays inside its clause, and a long form whose first word is capitalised
    like the abbreviation ("Office of the ..." for OPCC) wins over a lower-case one.
    """
    words = re.split(r"[.;:()]", text)[-1].split()
    window = " ".join(words[-min(len(short) + 5, 2 * len(short)):])
    return _spell(short, window, strict=True) or _spell(short, window, strict=False)


def _spell(short: str, window: str, strict: bool) -> str | None:
    s, i = len(short) - 1, len(window) - 1
    while s >= 0:
        if not short[s].isalnum():
            s -= 1
            continue
        while i >= 0 and not _matches(window, i, short[s], first=s == 0, strict=strict):
            i -= 1
        if i < 0:
            return None
        i -= 1
        s -= 1
    return window[window.rfind(" ", 0, i + 1) + 1:]


def _matches(window: str, i: int, char: str, first: bool, strict: bool) -> bool:
    """Whether the short form's letter ``char`` can be spelt by ``window[i]``."""
    if window[i].lower() != char.lower():
        return False
    if not first:
        return True
    starts_word = i == 0 or not window[i - 1].isalnum()
    return starts_word and (window[i] == char or not strict)


def abbreviation_definitions(source: SourceDocument) -> dict[str, set[str]]:
    """Every "Long Form (ABBR)" in the paper's paragraphs, footnotes and section titles."""
    texts = [p.text for p in source.paragraphs.values()]
    texts += [note for p in source.paragraphs.values() for note in p.footnotes.values()]
    texts += sorted({p.section_title for p in source.paragraphs.values()})
    found: dict[str, set[str]] = defaultdict(set)
    for text in texts:
        for match in ABBREVIATION.finditer(text):
            short = match.group(1)
            letters = short[:-1] if short.endswith("s") and short[:-1].isupper() else short
            long = _long_form(letters, text[: match.start()].rstrip())
            if long:
                long = re.sub(r"^the\s+", "", long, flags=re.I)
                found[short].add(re.sub(r"['\u2019]s$", "", long))
    return found


def _norm(label: str) -> str:
    label = re.sub(r"^the\s+", "", label.lower().replace("\u2019", "'"))
    return re.sub(r"s\b", "", re.sub(r"[\s-]+", " ", label)).strip()


def _labels(loaded: Loaded) -> dict[str, set[str]]:
    labels: dict[str, set[str]] = defaultdict(set)
    for row in loaded.store.query(
        "SELECT ?s ?l WHERE { ?s <http://www.w3.org/2004/02/skos/core#prefLabel>"
        "|<http://www.w3.org/2004/02/skos/core#altLabel> ?l }",
        use_default_graph_as_union=True,
    ):
        labels[row["s"].value].add(row["l"].value)
    return labels


def test_the_algorithm_finds_the_classic_definitions() -> None:
    defs = abbreviation_definitions(read_source(resources.source_text()))
    assert "National Cyber Security Centre" in defs["NCSC"]
    assert "Regional Organised Crime Unit" in defs["ROCU"]
    hmicfrs = "Her Majesty's Inspectorate of Constabulary and Fire & Rescue Services"
    assert hmicfrs in defs["HMICFRS"]
    assert len(defs) >= 50


def test_every_abbreviation_is_an_entity_with_both_labels(bundled: Loaded) -> None:
    defs = abbreviation_definitions(read_source(resources.source_text()))
    labels = _labels(bundled)
    missing = []
    for short, longs in sorted(defs.items()):
        holders = [s for s, ls in labels.items() if short in ls]
        if not holders:
            missing.append(f"{short}: no entity has the label {short!r}")
            continue
        for long in sorted(longs):
            if not any(_norm(long) in {_norm(lab) for lab in labels[s]} for s in holders):
                missing.append(f"{short}: no entity labelled {short!r} is also labelled {long!r}")
    assert not missing, "\n".join(missing)


def test_at_least_90_percent_of_paragraphs_7_to_135_carry_a_fact(bundled: Loaded) -> None:
    rows = bundled.store.query("""
        SELECT DISTINCT ?n WHERE {
          ?g <http://www.w3.org/ns/prov#wasDerivedFrom> ?p .
          ?p <https://w3id.org/spr-graph/def/spr#paragraphNumber> ?n .
          GRAPH ?g { ?s ?pp ?o } }""", use_default_graph_as_union=True)
    covered = {int(row["n"].value) for row in rows}
    wanted = set(range(7, 136))
    uncovered = sorted(wanted - covered)
    assert len(wanted & covered) / len(wanted) >= 0.9, f"paragraphs with no fact: {uncovered}"


def _quoted(loaded: Loaded, link: str) -> list[str]:
    """Each ``subject link value`` of a paragraph graph whose value no quote of that graph
    names by any of its labels (prefLabel or altLabel, case aside)."""
    spr, skos = "https://w3id.org/spr-graph/def/spr#", "http://www.w3.org/2004/02/skos/core#"
    quotes: dict[str, list[str]] = defaultdict(list)
    for row in loaded.store.query(f"SELECT ?g ?q WHERE {{ GRAPH ?g {{ ?s <{spr}quote> ?q }} }}"):
        quotes[row["g"].value].append(row["q"].value.lower())
    labels = _labels(loaded)
    unquoted = []
    for row in loaded.store.query(f"""SELECT ?g ?s ?o WHERE {{ GRAPH ?g {{ ?s <{link}> ?o }} }}
                                      ORDER BY ?g ?s ?o"""):
        g, s, o = row["g"].value, row["s"].value, row["o"].value
        names = {label.lower() for label in labels[o]}
        assert names, f"{o} has no label ({skos}prefLabel)"
        if not any(name in quote for name in names for quote in quotes[g]):
            unquoted.append(f"{g.rsplit('/', 1)[-1]}: {s} {link} {o}: no quote names it")
    return unquoted


def test_every_meeting_frequency_and_financial_year_is_quoted(bundled: Loaded) -> None:
    """A board's frequency and a fact's financial year are the paper's words: some quote of
    the same paragraph graph says "monthly", "6 weekly", "2020/21" or "20/21"."""
    spr = "https://w3id.org/spr-graph/def/spr#"
    assert _quoted(bundled, f"{spr}meetingFrequency") == []
    assert _quoted(bundled, f"{spr}financialYear") == []


def test_committed_provenance_graph_is_generated_from_the_source_text() -> None:
    committed = (resources.paper_dir() / "provenance.trig").read_text(encoding="utf-8")
    assert committed == provenance_trig(read_source(resources.source_text()), FORCE)


def test_source_text_numbers_paragraphs_1_to_135_once_each() -> None:
    source = read_source(resources.source_text())
    assert sorted(source.paragraphs) == list(range(1, 136))
    assert {n for n, p in source.paragraphs.items() if p.recovered} == {49, 84, 86}


def test_cleaned_text_keeps_the_wording_of_the_original() -> None:
    """Every paragraph's words occur, in order, in the PDF extraction (no paraphrase)."""
    raw = re.sub(r"<sup>(st|nd|rd|th)</sup>", r"\1", RAW_SOURCE.read_text(encoding="utf-8"))
    raw = re.sub(r"<sup>[^<]*</sup>|[^A-Za-z0-9]+", " ", raw)
    raw_words = raw.split()
    position = {}
    for i, word in enumerate(raw_words):
        position.setdefault(word, []).append(i)
    for number, paragraph in read_source(resources.source_text()).paragraphs.items():
        words = re.sub(r"[^A-Za-z0-9]+", " ", paragraph.text).split()
        missing = [w for w in words if w not in position]
        assert not missing, f"paragraph {number}: words not in the original: {missing[:5]}"


def test_every_bundled_paper_folder_has_the_layout_ingest_writes() -> None:
    """Each folder under data/papers: its manifest names the folder's id, the date and
    paragraph count of its paper.txt, and the SHA-256 of the raw source it was cleaned from."""
    import hashlib
    import json

    folders = sorted(p for p in resources.papers_dir().iterdir() if p.is_dir())
    assert [p.name for p in folders][:1] == [resources.BUNDLED_PAPER]
    for folder in folders:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        source = read_source(folder / "paper.txt")
        assert manifest["schema"] == "spr-graph/paper/1"
        assert manifest["id"] == folder.name == source.meta["id"]
        assert manifest["date"] == source.meta["date"]
        assert manifest["paragraphs"] == len(source.paragraphs)
        assert (folder / "provenance.trig").is_file()
    bundled = json.loads((resources.paper_dir() / "manifest.json").read_text(encoding="utf-8"))
    assert bundled["source"]["sha256"] == hashlib.sha256(RAW_SOURCE.read_bytes()).hexdigest()
