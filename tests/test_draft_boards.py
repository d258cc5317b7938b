"""Chairs and meeting frequencies of boards (spr_graph.papers.draft.boards): sentences in
other forces' styles, the fictional papers, the bundled paper (with and without the
linker's mentions) and the quotes the orchestrator mints IRIs from."""

from __future__ import annotations

import pytest
from papers_support import RAW, make_papers

from spr_graph.papers.cleaning import clean_file
from spr_graph.papers.cleanpaper import CleanPaper, CleanParagraph
from spr_graph.papers.draft.boards import (
    chairs,
    chairs_labelled,
    frequencies,
    frequencies_labelled,
)
from spr_graph.papers.draft.model import Mention, Quote
from spr_graph.papers.draft.numbers_score import measure
from spr_graph.store.load import Loaded

ID = "https://w3id.org/spr-graph/id/"


@pytest.fixture(scope="module")
def papers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, CleanPaper]:
    built = make_papers(tmp_path_factory.mktemp("papers"))
    return {name: clean_file(path) for name, path in built.items()} | {"wmp": clean_file(RAW)}


@pytest.mark.parametrize(("text", "expected"), [
    ("The Kellby CONTEST Board, chaired by the Deputy Chief Constable, meets monthly.",
     ("chair.chaired-by", "Deputy Chief Constable", "Kellby CONTEST Board")),
    ("The force set up a Serious Violence Board (Chaired by ACC Crime) last year.",
     ("chair.chaired-by", "ACC Crime", "Serious Violence Board")),
    ("The Fells Local Resilience Forum (LRF) is chaired by the Chief Constable.",
     ("chair.chaired-by", "Chief Constable", "Fells Local Resilience Forum (LRF)")),
    ("The Assistant Chief Constable chairs the Organised Crime Tasking Group.",
     ("chair.chairs", "Assistant Chief Constable", "Organised Crime Tasking Group")),
    ("Superintendent Jones is the chair of the Prevent Silver Group.",
     ("chair.chair-of", "Superintendent Jones", "Prevent Silver Group")),
    ("The PCC, chair of the Strategic Policing Board, signed the plan.",
     ("chair.chair-of", "PCC", "Strategic Policing Board")),
])
def test_chairs_in_other_forces_words(text: str, expected: tuple[str, str, str]) -> None:
    found = chairs_labelled(CleanParagraph(3, text))
    assert [(c.rule, chair, board) for c, chair, board in found] == [expected]
    fact = found[0][0]
    assert (fact.chair, fact.board) == ("", "")  # nothing linked: the orchestrator mints
    assert fact.quote.text == text[fact.quote.start:fact.quote.end]
    assert expected[1] in fact.quote.text and expected[2] in fact.quote.text


@pytest.mark.parametrize("text", [
    "WMP attend all groups and currently chair 4 of the 5 groups.",
    "The vice chair of the Board is the Deputy PCC.",
    "The chair of the meeting thanked the members.",
])
def test_what_is_no_chair(text: str) -> None:
    assert chairs(CleanParagraph(1, text)) == []


@pytest.mark.parametrize(("text", "every", "board"), [
    ("The Board meets monthly.", "month", "Board"),
    ("The Southdale Gold Group meets every two months.", "2 months", "Southdale Gold Group"),
    ("The working group meets every 6 weeks to review risks.", "6 weeks", "working group"),
    ("The panel meets on a quarterly basis.", "quarter", "panel"),
    ("The partnership board meets twice a year.", "6 months", "partnership board"),
    ("The committee meets four times a year.", "quarter", "committee"),
    ("The group meets fortnightly.", "2 weeks", "group"),
    ("Officers attend a quarterly performance review.", "quarter", "performance review"),
    ("There is a 6-weekly tasking meeting.", "6 weeks", "tasking meeting"),
])
def test_frequencies_in_other_forces_words(text: str, every: str, board: str) -> None:
    found = frequencies_labelled(CleanParagraph(2, text))
    assert [(f.every, label) for f, label in found] == [(every, board)]
    assert found[0][0].quote.text == text[found[0][0].quote.start:found[0][0].quote.end]


@pytest.mark.parametrize("text", [
    "The force conducts an assessment every 12 months.",  # no board meets
    "An annual counter-terrorism report is provided.",  # a report, not a meeting
    "Officers manage OCGs, meeting on a 6 weekly basis with colleagues.",  # no board
])
def test_what_is_no_meeting_frequency(text: str) -> None:
    assert frequencies(CleanParagraph(1, text)) == []


def test_mentions_give_iris_by_the_head_word_only() -> None:
    text = "A West Midlands Police CONTEST board, chaired by ACC Security, meets quarterly."

    def mention(words: str, iri: str) -> Mention:
        start = text.index(words)
        return Mention(Quote(40, start, start + len(words), words), "mention", iri, words)

    force = mention("West Midlands Police", f"{ID}organisation/wmp")
    post = mention("ACC Security", f"{ID}post/acc-security")
    board = mention("CONTEST board", f"{ID}organisation/contest-board")
    p = CleanParagraph(40, text)
    assert [(c.chair, c.board) for c in chairs(p, [force, post])] == [
        (f"{ID}post/acc-security", "")]  # the force only qualifies the board
    assert [(c.chair, c.board) for c in chairs(p, [force, post, board])] == [
        (f"{ID}post/acc-security", f"{ID}organisation/contest-board")]
    assert [(f.board, f.every) for f in frequencies(p, [board])] == [
        (f"{ID}organisation/contest-board", "quarter")]


def test_the_papers(papers: dict[str, CleanPaper]) -> None:
    found = {(name, p.number, chair, board) for name, paper in papers.items()
             for p in paper.paragraphs for _, chair, board in chairs_labelled(p)}
    assert found == {
        ("wmp", 40, "ACC Security", "West Midlands Police CONTEST strategic governance board"),
        ("wmp", 61, "ACC Security", "SOCEX Board"),
        ("northshire", 6, "Assistant Chief Constable (Operations)", "Fells Armed Policing Board"),
        ("northshire", 12, "Deputy Chief Constable",
         "Violence Against Women and Girls delivery group"),
        ("northshire", 13, "force", "tactical coordinating group"),
        ("eastmoor", 4, "Eastmoor Deputy Chief Constable", "Lowlands CONTEST Board"),
        ("southdale", 4, "Assistant Chief Constable", "Southdale CONTEST Board"),
        ("southdale", 12, "Chief Constable", "Southdale Local Resilience Forum (LRF)"),
    }
    meets = {(name, p.number, f.every, board) for name, paper in papers.items()
             for p in paper.paragraphs for f, board in frequencies_labelled(p)}
    assert meets == {
        ("wmp", 39, "day", "management meeting"), ("wmp", 39, "month", "tactical delivery board"),
        ("wmp", 39, "month", "strategic tasking & coordination group"),
        ("wmp", 39, "quarter", "performance review"),
        ("wmp", 40, "quarter", "West Midlands Police CONTEST strategic governance board"),
        ("wmp", 64, "month", "priority setting meetings"),
        ("wmp", 123, "month", "performance reviews"),
        ("northshire", 6, "quarter", "Fells Armed Policing Board"),
        ("eastmoor", 4, "quarter", "Lowlands CONTEST Board"),
        ("southdale", 4, "2 months", "Southdale CONTEST Board"),
        ("southdale", 12, "quarter", "Southdale Local Resilience Forum (LRF)"),
    }


def test_every_curated_chair_on_the_bundled_paper(papers: dict[str, CleanPaper],
                                                  bundled: Loaded) -> None:
    """Matched by label against the curated graph (no linker's mentions): all of them."""
    score = measure(papers["wmp"], bundled.store)["chair"]
    assert (score.found, score.drafted, score.curated) == (2, 2, 2)


def test_with_the_linkers_mentions(papers: dict[str, CleanPaper], bundled: Loaded) -> None:
    """With the linker's mentions (where its module is present) the chairs still match:
    a linked curated IRI is taken as it is, the paper's own entities by their label."""
    names = pytest.importorskip("spr_graph.papers.draft.names")
    from spr_graph.papers.register import load_register

    register, paper = load_register(), papers["wmp"]
    force = f"{ID}organisation/wmp"
    own = names.own_entities(paper, [a for p in paper.paragraphs for a in names.abbreviations(p)],
                             register, force)
    entry = register.get(force)
    region = entry.regions[0] if entry is not None and len(entry.regions) == 1 else None
    found = names.mentions(paper, register, own, region)
    scores = measure(paper, bundled.store, found)
    assert (scores["chair"].found, scores["chair"].drafted) == (2, 2)
    assert scores["money"].recall == scores["funding-end"].recall == 1.0
