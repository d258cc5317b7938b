"""Funding cliffs: instants at three precisions, the timeline, cover and cliffs, the paper."""

from __future__ import annotations

from datetime import date

import jsonschema
import pytest
from analysis_support import AG, CAP, FUND, analysed

from spr_graph.analysis.funding import JSON_SCHEMA, ends_by, funding_report, payers
from spr_graph.core.errors import InputError
from spr_graph.graph.facts import FundingStream, Instant, parse_instant
from spr_graph.render.reports import csv_table


@pytest.mark.parametrize(("text", "first", "last"), [
    ("2020-03", date(2020, 3, 1), date(2020, 3, 31)),
    ("2020", date(2020, 1, 1), date(2020, 12, 31)),
    ("2020-02", date(2020, 2, 1), date(2020, 2, 29)),
    ("2020-03-15", date(2020, 3, 15), date(2020, 3, 15)),
])
def test_an_instant_covers_its_whole_period(text: str, first: date, last: date) -> None:
    instant = parse_instant(text)
    assert (instant.first_day(), instant.last_day()) == (first, last)


@pytest.mark.parametrize("text", ["2020-13", "March 2020", "2020-02-30", "20"])
def test_bad_dates_are_refused(text: str) -> None:
    with pytest.raises(InputError):
        parse_instant(text)


def test_a_year_only_end_counts_as_that_years_end() -> None:
    stream = FundingStream("s", "S", (), (), ("x",), end=Instant("2021", "year"))
    assert not ends_by(stream, parse_instant("2021-06"))
    assert ends_by(stream, parse_instant("2021-12"))
    assert ends_by(stream, parse_instant("2021"))
    assert ends_by(stream, None)
    assert not ends_by(FundingStream("u", "U", (), (), ("x",)), None)


def test_a_fund_paying_through_its_own_allocation_is_not_separate_cover() -> None:
    fund = FundingStream("fund", "Fund", (), (), ("x", "y"))
    allocation = FundingStream("alloc", "Alloc", ("fund",), (), ("x",), end=Instant("2020", "year"))
    paid = payers([fund, allocation])
    assert [s.iri for s in paid["x"]] == ["alloc"]
    assert [s.iri for s in paid["y"]] == ["fund"]


def test_streams_ending_by_march_2020() -> None:
    graph, facts = analysed("money.trig")
    report = funding_report(graph, facts.funding, parse_instant("2020-03"))
    assert [e.stream.iri for e in report.timeline] == [f"{FUND}mgrant", f"{FUND}mptf"]
    ptf = report.timeline[1]
    assert ptf.replaced_by == (f"{FUND}mregional",)
    rocta = next(d for d in ptf.dependents if d.node == f"{CAP}rocta")
    assert rocta.held_by == (f"{AG}mrocu",)
    assert [s.iri for s in rocta.covered_by] == [f"{FUND}mregional"]
    rdt = next(d for d in ptf.dependents if d.node == f"{AG}mrdt")
    assert rdt.held_by == (f"{AG}mrocu",)
    grant = report.timeline[0].dependents[0]
    assert [s.iri for s in grant.covered_by] == [f"{FUND}mcore"]  # no end date: still paying
    assert report.cliffs == []
    data = report.as_dict()
    jsonschema.validate(data, JSON_SCHEMA)
    assert data["timeline"][1]["end_precision"] == "year-month"
    assert data["timeline"][1]["end_last_day"] == "2020-03-31"


def test_the_year_only_stream_ends_at_the_end_of_the_year() -> None:
    graph, facts = analysed("money.trig")
    mid = funding_report(graph, facts.funding, parse_instant("2021-06"))
    assert f"{FUND}mregional" not in [e.stream.iri for e in mid.timeline]
    assert mid.cliffs == []
    end = funding_report(graph, facts.funding, parse_instant("2021-12"))
    assert [c.node for c in end.cliffs] == [f"{AG}mrdt", f"{CAP}rocta"]
    assert str(end.cliffs[0].funded_until) == "2021"
    assert [s.iri for s in end.undated] == [f"{FUND}mcore", f"{FUND}mshare"]


def test_without_a_date_every_dated_stream_is_listed() -> None:
    graph, facts = analysed("money.trig")
    report = funding_report(graph, facts.funding)
    assert len(report.timeline) == 3
    rows = csv_table(report).rows  # one row per stream and dependent, undated streams last
    assert len([r for r in rows if r[0]]) == 5
    assert [r[2] for r in rows if not r[0]] == [s.label for s in report.undated]


def test_bundled_rocu_capabilities_lose_ptf_in_march_2020() -> None:
    """Paragraph 67: PTF funding for ROCTA and the RDT ends in March 2020; the regional
    chief constables and PCCs fund them through 2020/21 (to March 2021)."""
    graph, facts = analysed()
    report = funding_report(graph, facts.funding, parse_instant("2020-03"))
    ending = {e.stream.iri: e for e in report.timeline}
    ptf = ending[f"{FUND}ptf-rocu-capabilities"]
    assert str(ptf.stream.end) == "2020-03"
    assert {d.node for d in ptf.dependents} == {f"{CAP}rocta", f"{AG}rdt"}
    assert 67 in ptf.stream.paragraphs
    for dependent in ptf.dependents:
        assert [s.iri for s in dependent.covered_by] == [
            f"{FUND}regional-rocu-capabilities-2020-21"]
    assert {c.node for c in report.cliffs} & {f"{CAP}rocta", f"{AG}rdt"} == set()
    later = funding_report(graph, facts.funding, parse_instant("2021-03"))
    assert {c.node for c in later.cliffs} >= {f"{CAP}rocta", f"{AG}rdt"}
