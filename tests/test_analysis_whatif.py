"""What-if: routes lost, cut-offs, chairs, funding and gaps; the sweep against one what-if
per node; the paper."""

from __future__ import annotations

import jsonschema
import pytest
from analysis_support import AG, CAP, FUND, POST, TERRORISM, analysed

from spr_graph.analysis.consequences import Consequences
from spr_graph.analysis.sweep import SWEEP_SCHEMA, sweep
from spr_graph.analysis.whatif import JSON_SCHEMA, what_if
from spr_graph.core.errors import InputError
from spr_graph.graph.facts import FundingStream, Instant, parse_instant


def test_losing_the_ct_unit_loses_terrorism_and_its_evidence() -> None:
    graph, facts = analysed("routes.trig")
    result = what_if(graph, facts, [f"{AG}tf-ctu"])
    lost = {t.threat for t in result.threats_lost}
    assert lost == {TERRORISM}
    terrorism = next(t for t in result.threats if t.threat == TERRORISM)
    assert terrorism.before == (f"{AG}ctp", f"{AG}mi5") and terrorism.after == ()
    assert terrorism.paragraphs == (1, 2)
    assert set(result.cut_off) == {f"{AG}ctp", f"{AG}mi5"}
    before = {r.threat: r for r in result.before.rows}[TERRORISM]
    after = {r.threat: r for r in result.after.rows}[TERRORISM]
    assert before.cells["connectivity"].count == 2 and after.cells["connectivity"].count == 0
    data = result.as_dict()
    jsonschema.validate(data, JSON_SCHEMA)
    assert {(g["kind"], g["five_c"]) for g in data["new_gaps"]} == {
        ("no-connectivity", "connectivity"), ("no-evidence", "connectivity")}
    assert result.has_findings


def test_losing_a_post_leaves_the_boards_it_alone_chaired() -> None:
    graph, facts = analysed("routes.trig")
    result = what_if(graph, facts, [f"{POST}tf-acc"])
    assert [b for b, _ in result.chairless] == [f"{AG}tf-security", f"{AG}tf-tasking"]
    assert result.as_dict()["boards_without_chair"][0]["paragraphs"] == [1]
    assert not result.threats_lost


@pytest.mark.parametrize(("removed", "message"), [
    ([f"{AG}tf"], "it is the force analysed"),
    (["https://w3id.org/spr-graph/id/threat/2015/terrorism"], "is a threat"),
    ([], "nothing to remove"),
])
def test_refused_removals(removed: list[str], message: str) -> None:
    graph, facts = analysed("routes.trig")
    with pytest.raises(InputError, match=message):
        what_if(graph, facts, removed)


def test_funding_survives_while_another_stream_pays() -> None:
    graph, facts = analysed("money.trig")
    home_office = what_if(graph, facts, [f"{AG}ho"])
    assert home_office.funding_lost == [f"{FUND}mgrant", f"{FUND}mptf"]
    assert home_office.unfunded == []
    both = what_if(graph, facts, [f"{AG}ho", f"{AG}mboard"])
    assert [d for d, _ in both.unfunded] == [f"{CAP}rocta", f"{AG}mrdt"]
    assert both.as_dict()["unfunded"][0]["paragraphs"] == [10]
    core = what_if(graph, facts, [f"{AG}ho", f"{FUND}mcore"])
    assert [d for d, _ in core.unfunded] == [f"{CAP}mcbrn"]


def test_as_of_counts_only_streams_still_running() -> None:
    graph, facts = analysed("money.trig")
    later = what_if(graph, facts, [f"{AG}ho"], as_of=parse_instant("2020-04"))
    assert later.funding_lost == []  # both Home Office streams had ended by April 2020
    assert what_if(graph, facts, [f"{AG}mboard"], as_of=parse_instant("2022")).funding_lost == []


def test_a_stream_funded_by_a_lost_stream_is_lost_too() -> None:
    parent = FundingStream(f"{FUND}p", "P", ("ag:ho",), (), ("cap:a",))
    child = FundingStream(f"{FUND}c", "C", (f"{FUND}p",), (), ("cap:b",),
                          end=Instant("2030", "year"))
    cons = Consequences(analysed("money.trig")[0], [parent, child])
    assert cons.funding_lost({"ag:ho"}) == [f"{FUND}c", f"{FUND}p"]
    assert [d for d, _ in cons.unfunded({"ag:ho"})] == ["cap:a", "cap:b"]
    assert cons.sole_providers() >= {"ag:ho", f"{FUND}p", f"{FUND}c"}


@pytest.mark.parametrize("name", ["routes.trig", "money.trig", None])
def test_the_sweep_agrees_with_one_what_if_per_node(name: str | None) -> None:
    """The one-pass sweep must give what removing each node and recomputing gives."""
    graph, facts = analysed(name)
    swept = sweep(graph, facts)
    assert swept.rows
    jsonschema.validate(swept.as_dict(), SWEEP_SCHEMA)
    for row in swept.rows:
        single = what_if(graph, facts, [row.node])
        assert row.cut_off == len(single.cut_off), row.node
        assert set(row.threats_lost) == {t.threat for t in single.threats_lost}, row.node
        assert list(row.chairless) == [b for b, _ in single.chairless], row.node
        assert list(row.unfunded) == [d for d, _ in single.unfunded], row.node
        changes = single.as_dict()["gap_changes"]
        assert len(row.gap_changes) == len(changes), row.node
        assert {(t, before, lost) for t, before, lost in row.partners_lost} == {
            (c.threat, len(c.before), tuple(sorted(set(c.before) - set(c.after))))
            for c in single.threats if set(c.before) - set(c.after)}, row.node


def test_the_sweep_counts_the_national_partners_each_loss_costs() -> None:
    """WMCTU is not the only route to terrorism's partners (British Transport Police is
    another), but five of the six are reachable only through it (paragraphs 16-19, 29):
    the sweep ranks it first. The new field is optional in the schema, so a document
    written before it still validates as spr-graph/whatif-sweep/1."""
    graph, facts = analysed()
    data = sweep(graph, facts).as_dict()
    first = data["removals"][0]
    assert first["iri"] == f"{AG}wmctu"
    assert [(t["threat"]["label"], t["before"], t["after"], len(t["lost"]))
            for t in first["national_partners_lost"]] == [("Terrorism", 6, 1, 5)]
    for removal in data["removals"]:
        del removal["national_partners_lost"]
    jsonschema.validate(data, SWEEP_SCHEMA)


def test_bundled_losing_acc_security_leaves_two_boards_without_a_chair() -> None:
    """Paragraphs 40 and 61: ACC Security chairs the CONTEST board and the SOCEX Board."""
    graph, facts = analysed()
    result = what_if(graph, facts, [f"{POST}acc-security"])
    boards = result.as_dict()["boards_without_chair"]
    assert {b["board"]["label"] for b in boards} >= {"SOCEX Board"}
    assert {p for b in boards for p in b["paragraphs"]} >= {40, 61}


def test_bundled_losing_the_regional_funders_leaves_rocta_and_rdt_unfunded() -> None:
    """Paragraph 67: PTF pays for ROCTA and the RDT until March 2020; the regional chief
    constables and PCCs then fund them through 2020/21."""
    graph, facts = analysed()
    after_ptf = what_if(graph, facts, [f"{AG}regional-ccs-pccs"], as_of=parse_instant("2020-04"))
    assert {d for d, _ in after_ptf.unfunded} >= {f"{CAP}rocta", f"{AG}rdt"}
    before_end = what_if(graph, facts, [f"{AG}regional-ccs-pccs"], as_of=parse_instant("2020-01"))
    assert not {d for d, _ in before_end.unfunded} & {f"{CAP}rocta", f"{AG}rdt"}
