"""Dates, quantities, money and funding drafted from a paragraph's text
(spr_graph.papers.draft.dates, .numbers, .funding), measured against the curated graph
of the bundled paper, and tried on sentences and papers in other forces' styles."""

from __future__ import annotations

from decimal import Decimal

import pytest
from papers_support import RAW, make_papers

from spr_graph.papers.cleaning import clean_file
from spr_graph.papers.cleanpaper import CleanPaper, CleanParagraph
from spr_graph.papers.draft.dates import dated, instants
from spr_graph.papers.draft.funding import funding, funding_parties
from spr_graph.papers.draft.model import Mention, Quote
from spr_graph.papers.draft.numbers import quantities
from spr_graph.papers.draft.numbers_score import measure
from spr_graph.store.load import Loaded

ID = "https://w3id.org/spr-graph/id/organisation/"


@pytest.fixture(scope="module")
def bundled_paper() -> CleanPaper:
    return clean_file(RAW)


@pytest.fixture(scope="module")
def papers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, CleanPaper]:
    built = make_papers(tmp_path_factory.mktemp("papers"))
    return {name: clean_file(path) for name, path in built.items()}


def _p(text: str, number: int = 1) -> CleanParagraph:
    return CleanParagraph(number, text)


@pytest.mark.parametrize(("text", "keys"), [
    ("On 10 October 2019 the unit opened.", ["2019-10-10"]),
    ("as at the 16th December 2019", ["2019-12-16"]),
    ("Published October 10, 2019.", ["2019-10-10"]),
    ("Dated 21/01/2020.", ["2020-01-21"]),
    ("In October 2019 and Oct. 2020 and Sept 2021", ["2019-10", "2020-10", "2021-09"]),
    ("in 2020/21", ["2021-03"]), ("in 2020-21", ["2021-03"]), ("through 20/21", ["2021-03"]),
    ("the 2018/9 inspection", ["2019-03"]), ("FY 2020/21", ["2021-03"]),
    ("financial year 2023/24", ["2024-03"]), ("until March 2021", ["2021-03"]),
    ("by the end of 2020", ["2020"]), ("by the end of March 2022", ["2022-03"]),
    ("in 2019, 2000 officers and over 2000 staff", ["2019"]),
    ("the 2022 Commonwealth Games", ["2022"]),
    ("the 2023-2026 plan", ["2023"]),  # a span of years is no financial year
    ("24/7 cover, a 3:1 ratio, 1323 constables", []),
    ("in September and as at 10th October", []),  # no year and no reference: left out
])
def test_dates_as_precise_as_the_text(text: str, keys: list[str]) -> None:
    assert [i.key for _, _, i in instants(text)] == keys


def test_a_day_or_month_without_a_year_takes_the_papers_year_only_when_given() -> None:
    text = "As at 10th October, forecast to be 307 by December, and again in February."
    found = dated(text, reference="2020-01-21")
    assert [(d.instant.key, d.rule, d.cue) for d in found] == [
        ("2019-10-10", "date.day-month.paper-year", "as at"),
        ("2019-12", "date.month.paper-year", "by"),
        ("2019-02", "date.month.paper-year", "in")]
    assert all(text[d.start:d.end] in ("10th October", "December", "February") for d in found)


@pytest.mark.parametrize(("text", "expected"), [
    ("Kellby Police must provide 9 police support units (PSUs) for national mobilisation.",
     [("9", "psu", "required", None)]),
    ("The force currently holds just under 800 trained staff.",
     [("800", "officer", "held", "just under")]),
    ("We aim to have around 40 detectives and at least 12 PSUs by 2025.",
     [("40", "officer", "target", "about"), ("12", "psu", "target", "at least")]),
    ("Demand is expected to rise by 15% next year.", [("15", "percent", "forecast", None)]),
    ("The unit was allocated 25 officers.", [("25", "officer", "allocated", None)]),
    ("There were 1,204 incidents recorded, more than 300 of them online.",
     [("1204", "count", "recorded", None), ("300", "count", "recorded", "more than")]),
    ("It has a dozen advisers and two hundred volunteers.",
     [("12", "officer", "held", None), ("2", "count", "held", None)]),
    ("Three workshops were held; 40+ carriers were delivered.",
     [("3", "count", "recorded", None), ("40", "count", "recorded", "at least")]),
    ("Officers must respond within 24 hours.", [("24", "hour", "required", None)]),
    ("Half of all referrals, a quarter of arrests and nearly two thirds of cases.",
     [("50", "percent", None, None), ("25", "percent", None, None),
      ("67", "percent", None, "just under")]),
    ("Forces recommend training at a 3:1 ratio, almost double the rate.",
     [("3", "ratio", "recommended", None), ("2", "ratio", "recommended", "just under")]),
])
def test_quantities_in_other_forces_words(text: str, expected: list[tuple[str, ...]]) -> None:
    found = [(str(q.value), q.unit, q.role, q.approximation) for q in quantities(_p(text))]
    assert found == [(Decimal(v).__str__(), *rest) for v, *rest in expected]


@pytest.mark.parametrize("text", [
    "5. The force is committed to the SPR.",  # a paragraph number
    "Operation 12 and Category 1 incidents follow the 4 P Plans.",  # names, references
    "The team1 works 24/7 to the 10th review, at per 100 OCGs.",  # footnote, ordinal
    "In 2019 the unit received £250,000 and 57% of the regional funding.",  # date, money
    "Over the past twelve months and the next three years, every 12 months.",  # windows
    "A 2 year assessment for a 12 month period, meeting on a 6 weekly basis.",
    "One of the forces met at one time.",  # a bare 'one'
])
def test_what_is_not_a_quantity(text: str) -> None:
    assert quantities(_p(text)) == []


def test_the_words_counted_and_their_unit() -> None:
    p = _p("It holds 1 strategic, 5 tactical and 5 operational commanders and currently "
           "chairs 4 of the 5 groups. The force holds 42 firearms officers against a "
           "requirement of 48.")
    assert [(str(q.value), q.of, q.unit, q.role) for q in quantities(p)] == [
        ("1", "strategic commanders", "officer", "held"),
        ("5", "tactical commanders", "officer", "held"),
        ("5", "operational commanders", "officer", "held"),
        ("4", "groups", "count", "held"), ("5", "groups", "count", "held"),
        ("42", "firearms officers", "officer", "held"),
        ("48", "firearms officers", "officer", "required")]


def test_as_at_is_the_nearest_date_that_is_no_baseline() -> None:
    p = _p("2019 saw a 30.6% increase compared to 2018. By March 2021, 366 officers will "
           "have been allocated. Since 2017, 24 attacks were stopped.")
    assert [(str(q.value), q.as_at) for q in quantities(p)] == [
        ("30.6", "2019"), ("366", "2021-03"), ("24", None)]


def test_a_quantity_stated_twice_in_a_paragraph_is_kept_once() -> None:
    p = _p("WMP must deploy 21 PSU's. WMP can meet its commitment of 21 PSUs.")
    assert [q.value for q in quantities(p)] == [Decimal(21)]


@pytest.mark.parametrize(("text", "expected"), [
    ("The hub was allocated £1.2m by the Home Office.",
     ("funding.amount", Decimal("1200000.0"), "gbp", None)),
    ("A grant of 1.5 million pounds pays for the dark web team until March 2021.",
     ("funding.amount", Decimal("1500000.0"), "gbp", "2021-03")),
    ("The force pays 22 per cent of the running costs of the regional unit.",
     ("funding.share", Decimal("22"), "percent", None)),
    ("The Serious Violence Fund ends in 2020/21.", ("funding.ends", None, None, "2021-03")),
    ("Home Office funding for the team will end in March 2020.",
     ("funding.ends", None, None, "2020-03")),
    ("The PCC has agreed to fund the post until the end of 2022.",
     ("funding.until", None, None, "2022")),
    ("The Northshire Violence Reduction Grant (NVRG) supports outreach.",
     ("funding.named", None, None, None)),
])
def test_money_and_funding_in_other_forces_words(
        text: str, expected: tuple[str, Decimal | None, str | None, str | None]) -> None:
    facts = funding(_p(text))
    assert [(f.rule, f.value, f.unit, f.end) for f in facts] == [expected]
    assert all(f.quote.text == text[f.quote.start:f.quote.end] for f in facts)


def test_no_funding_without_money_a_named_stream_or_parties() -> None:
    for text in ("There remain funding and resource issues.",
                 "An initial allocation of 366 officers by March 2021.",
                 "The uplift in firearms officers continues."):
        assert funding(_p(text)) == []


def test_funders_recipients_and_pays_as_phrases_and_as_linked_iris() -> None:
    text = ("Eastmoor Police was allocated £64,600 from the Police Transformation Fund to "
            "support a cyber-dependent investigation team.")
    fact, parties = funding_parties(_p(text, 84))[0]
    assert parties.funders == ("Police Transformation Fund",)
    assert parties.recipients == ("Eastmoor Police",)
    assert parties.pays == ("cyber-dependent investigation team",)
    assert (fact.funders, fact.recipients, fact.pays) == ((), (), ())  # nothing linked

    def mention(words: str, iri: str) -> Mention:
        start = text.index(words)
        return Mention(Quote(84, start, start + len(words), words), "mention", iri, words)

    linked = [mention("Eastmoor Police", f"{ID}eastmoor"),
              mention("Police Transformation Fund", "https://x/fund/ptf"),
              mention("cyber-dependent investigation team", f"{ID}cyber-team"),
              Mention(Quote(9, 0, 8, "Eastmoor"), "mention", f"{ID}elsewhere", "E")]
    fact = funding(_p(text, 84), linked)[0]
    assert fact.funders == ("https://x/fund/ptf",)
    assert fact.recipients == (f"{ID}eastmoor",)
    assert fact.pays == (f"{ID}cyber-team",)


def test_a_share_names_who_pays_whom_for_what() -> None:
    text = ("Southdale Police contribute 57% of the regional funding contribution to the "
            "South Coast ROCU in order to deliver the core SOC capabilities.")
    fact, parties = funding_parties(_p(text))[0]
    assert (fact.value, fact.unit, fact.label) == (
        Decimal(57), "percent", "57% of the regional funding contribution")
    assert parties == type(parties)(("Southdale Police",), ("South Coast ROCU",),
                                    ("core SOC capabilities",))


def test_every_quote_is_verbatim_on_every_paper(bundled_paper: CleanPaper,
                                                papers: dict[str, CleanPaper]) -> None:
    for paper in (bundled_paper, *papers.values()):
        for p in paper.paragraphs:
            for fact in [*quantities(p, "2020-01-21"), *funding(p)]:
                assert fact.quote.text == p.text[fact.quote.start:fact.quote.end]
                assert fact.quote.paragraph == p.number and fact.quote.text


def test_the_fictional_papers(papers: dict[str, CleanPaper]) -> None:
    def found(name: str, number: int) -> list[tuple[str, str, str | None]]:
        p = next(p for p in papers[name].paragraphs if p.number == number)
        return [(str(q.value), q.unit, q.role) for q in quantities(p)]

    assert found("northshire", 5) == [("42", "officer", "held"), ("48", "officer", "required")]
    assert found("northshire", 9) == [("9", "psu", "required"), ("11", "count", "held")]
    assert found("eastmoor", 6) == [("8", "psu", "held"), ("7", "psu", "required")]
    assert found("southdale", 9) == [("6", "psu", "required"), ("7", "psu", "held")]
    assert found("southdale", 11) == [("24", "hour", None)]
    ends = {(name, p.number, f.end) for name, paper in papers.items()
            for p in paper.paragraphs for f in funding(p) if f.end}
    assert ends == {("northshire", 8, "2025-03"), ("eastmoor", 9, "2022-03")}
    shares = [(f.value, f.unit) for p in papers["southdale"].paragraphs for f in funding(p)]
    assert shares == [(Decimal(22), "percent")]


def test_measured_against_the_curated_graph(bundled_paper: CleanPaper,
                                            bundled: Loaded) -> None:
    """Recall and precision per kind on the bundled paper: the figures reached."""
    scores = measure(bundled_paper, bundled.store)
    figures = {k: (s.found, s.drafted, s.curated) for k, s in scores.items()}
    assert figures == {"quantity": (42, 44, 42), "money": (3, 3, 3),
                       "funding-end": (3, 3, 3), "chair": (2, 2, 2)}
    assert scores["quantity"].recall == 1.0 and scores["quantity"].precision > 0.95
    assert scores["quantity"].wrong == ((8, Decimal(4)), (38, Decimal(2)))  # uncurated counts
    assert all(s.recall >= 0.8 for s in scores.values())
    assert scores["chair"].recall == scores["chair"].precision == 1.0



def test_keys_are_unique_on_every_paper(bundled_paper: CleanPaper,
                                        papers: dict[str, CleanPaper]) -> None:
    """The writer names each fact by its key: two facts of a paragraph never share one."""
    for paper in (bundled_paper, *papers.values()):
        keys = [f.key for p in paper.paragraphs for f in [*quantities(p), *funding(p)]]
        assert len(keys) == len(set(keys))


def test_long_and_odd_paragraphs() -> None:
    """A long one-sentence paragraph, digits everywhere, empty text: all drafted quickly."""
    long = CleanParagraph(1, " ".join(["ALPHA Beta Gamma 12 34, 56"] * 1500))
    assert len(quantities(long)) == 3 and funding(long) == []
    repeated = CleanParagraph(2, "The unit holds 12 officers funded by the Home Office "
                                 "until March 2021. " * 200)
    assert len(quantities(repeated)) == 1 and len(funding(repeated)) == 200
    for text in ("", "   ", "(" * 500 + ")" * 500, "." * 500, "£", "%"):
        assert quantities(_p(text)) == [] and funding(_p(text)) == []
