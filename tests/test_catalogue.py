"""The catalogue of named queries: well-formed, and each one gives the answer the source
paper (data/papers/wmp-spr-2020-01-21/paper.txt) gives. The paragraph that says so is cited beside
each expectation; the expectations were written from the text, not from the graph."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from spr_graph.core.namespaces import expand, shorten
from spr_graph.sparql.catalogue import load_catalogue
from spr_graph.sparql.engine import OxigraphRunner, execute
from spr_graph.sparql.params import bindings, convert
from spr_graph.sparql.safety import check
from spr_graph.store.load import Loaded

CATALOGUE = load_catalogue()
Rows = list[tuple[str, ...]]


def short(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return shorten(term.value)
    return str(term.value)


@pytest.fixture(scope="module")
def answer(bundled: Loaded):  # type: ignore[no-untyped-def]
    runner = OxigraphRunner(bundled.store)

    def run(name: str, *params: str) -> Rows:
        query = CATALOGUE[name]
        result = execute(runner, query.text, bindings(params, query.params), limit=None,
                         source=query.source)
        return [tuple(short(t) for t in row) for row in result.rows]

    run.labels = lambda iris: runner.labels(iris, 10)  # type: ignore[attr-defined]
    return run


def column(rows: Rows, index: int) -> list[str]:
    return [row[index] for row in rows]


# ---------------------------------------------------------------- the catalogue's shape

def test_the_catalogue_has_at_least_twenty_queries() -> None:
    assert len(CATALOGUE) >= 20


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_each_query_is_documented_valid_and_uses_its_parameters(name: str) -> None:
    query = CATALOGUE[name]
    assert query.summary and query.description and query.tags
    checked = check(query.text, lambda iri: True, query.source)
    assert checked.form == "SELECT" and checked.ordered, "catalogue answers have an order"
    for param in query.params:
        assert param.name in checked.variables, f"?{param.name} is declared but not used"
        assert param.description
        if param.default is not None:
            convert(param.default, param.type)
    assert re.search(r"^SELECT DISTINCT|COUNT\(DISTINCT", query.text, re.M), \
        "Oxigraph repeats a triple once per graph holding it: answers must be DISTINCT"


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_the_documented_examples_are_a_real_call(answer, name: str) -> None:  # type: ignore[no-untyped-def]
    # The examples in the parameter descriptions are what `queries show` offers and what
    # the benchmark runs as an analyst's call: each has the declared type, every required
    # parameter has one, and together they find something in the paper.
    query = CATALOGUE[name]
    for param in query.params:
        assert param.example or not param.required, f"required ?{param.name} has no e.g."
        if param.example:
            convert(param.example, param.type)
    found = answer(name, *CATALOGUE[name].example_call())
    if name == "single-route-to-partner":  # the NCSC is reached by more than one route
        assert found == []
    else:
        assert found, f"{name} {CATALOGUE[name].example_call()} finds nothing"


def test_every_query_has_an_expected_answer_test() -> None:
    tested = {name[len("test_"):].replace("_", "-") for name in globals()
              if name.startswith("test_") and name[len("test_"):].replace("_", "-") in CATALOGUE}
    assert tested == set(CATALOGUE)


# ---------------------------------------------------------------- governance

def test_who_chairs(answer) -> None:  # type: ignore[no-untyped-def]
    # 40: the CONTEST strategic governance board is "chaired by ACC Security";
    # 61: "a SOCEX Board (Chaired by ACC Security)". 130 says WMP chairs "4 of the 5
    # groups" without naming them, so no board follows from it.
    assert answer("who-chairs") == [("post:acc-security", "ag:wmp-contest-board", "40"),
                                    ("post:acc-security", "ag:socex-board", "61")]
    assert answer("who-chairs", "board=ag:socex-board") == [
        ("post:acc-security", "ag:socex-board", "61")]
    assert answer("who-chairs", "chair=ag:wmp") == []


def test_chairs_several_boards(answer) -> None:  # type: ignore[no-untyped-def]
    # ACC Security chairs more than one board: the CONTEST board (40) and SOCEX (61).
    assert answer("chairs-several-boards") == [
        ("post:acc-security", "2", "ag:socex-board", "61"),
        ("post:acc-security", "2", "ag:wmp-contest-board", "40")]
    assert answer("chairs-several-boards", "min=3") == []


def test_board_meetings(answer) -> None:  # type: ignore[no-untyped-def]
    # 39: WMCTU are represented at WMP's "daily management meeting, monthly tactical
    # delivery board and monthly strategic tasking & coordination group" and are subject
    # to "a quarterly performance review"; 40: the CONTEST strategic governance board,
    # "chaired by ACC Security, meets on a quarterly basis"; 64: "Monthly priority setting
    # meetings"; 65: LROs meet "on a 6 weekly basis". 64's other meetings "take place
    # regularly", which is no frequency, so they are not listed.
    assert answer("board-meetings") == [
        ("ag:wmctu-performance-review", "freq:quarterly", "", "39"),
        ("ag:wmp-daily-management-meeting", "freq:daily", "", "39"),
        ("ag:wmp-strategic-tasking-coordination-group", "freq:monthly", "", "39"),
        ("ag:wmp-tactical-delivery-board", "freq:monthly", "", "39"),
        ("ag:wmp-contest-board", "freq:quarterly", "post:acc-security", "40"),
        ("ag:monthly-priority-setting-meeting", "freq:monthly", "", "64"),
        ("ag:lro-six-weekly-meeting", "freq:six-weekly", "", "65")]
    assert [r[0] for r in answer("board-meetings", "frequency=freq:quarterly")] == [
        "ag:wmctu-performance-review", "ag:wmp-contest-board"]
    assert answer("board-meetings", "frequency=freq:annual") == []


def test_governance(answer) -> None:  # type: ignore[no-untyped-def]
    rows = answer("governance")
    assert ("ag:socex-board", "org:subOrganizationOf", "ag:wmp", "61") in rows
    assert ("ag:wmp-contest-board", "org:subOrganizationOf", "ag:wmp", "40") in rows
    # 104: "monitored by the Vulnerability Improvement Board through the Missing
    # Operations Group".
    assert ("ag:missing-operations-group", "org:reportsTo",
            "ag:vulnerability-improvement-board", "104") in rows


# ---------------------------------------------------------------- partners and connectivity

def test_threat_partners(answer) -> None:  # type: ignore[no-untyped-def]
    terrorism = {(r[1], r[3]) for r in answer("threat-partners", "threat=thr15:terrorism")}
    # 19: pursue interoperability with Force CID, the ROCU and the NCA; 38: an MoU
    # between BTP and WMP.
    assert {("ag:force-cid", "19"), ("ag:rocu", "19"), ("ag:nca", "19"),
            ("ag:btp", "38")} <= terrorism
    cyber = {(r[1], r[3]) for r in answer("threat-partners",
                                          "threat=thr15:national-cyber-security-incident")}
    assert {("ag:nca", "87"), ("ag:ncsc", "87")} <= cyber
    cse = {(r[1], r[3]) for r in answer("threat-partners", "threat=thr15:child-sexual-abuse")}
    assert {("ag:rocu", "115"), ("ag:nca", "115"), ("ag:ceop", "115")} <= cse
    soc = {(r[1], r[3]) for r in answer("threat-partners",
                                        "threat=thr15:serious-organised-crime")}
    assert {("ag:hmrc", "78"), ("ag:dwp", "78"), ("ag:trading-standards", "78")} <= soc
    # Paragraphs 48-58 name no organisation the force connects with on public order.
    assert answer("threat-partners", "threat=thr15:public-order",
                  "fiveC=c5:connectivity") == []


def test_partners_of(answer) -> None:  # type: ignore[no-untyped-def]
    rows = {(r[0], r[1], r[3]) for r in answer("partners-of", "actor=ag:wmctu")}
    assert {("ag:nca", "thr15:terrorism", "19"), ("ag:rocu", "thr15:terrorism", "19"),
            ("ag:force-cid", "thr15:terrorism", "19")} <= rows
    # 34: the project to deliver CT policing for Warwickshire, Staffordshire and West Mercia.
    assert {("ag:warwickshire-police", "thr15:terrorism", "34"),
            ("ag:staffordshire-police", "thr15:terrorism", "34"),
            ("ag:west-mercia-police", "thr15:terrorism", "34")} <= rows


def test_single_route_to_partner(answer) -> None:  # type: ignore[no-untyped-def]
    # Terrorism reaches the NCA only through WMCTU (19); cyber has both the regional
    # cybercrime unit and WMP (87), CSE/A the PPU's teams and digital forensics (115).
    assert answer("single-route-to-partner") == [("thr15:terrorism", "ag:wmctu", "19")]


def test_threats_without_connectivity(answer) -> None:  # type: ignore[no-untyped-def]
    # Public order (48-58) claims connectivity (other agencies docking at the Event
    # Control Suite, 57; ESMCP, 58) but names no partner; every other section does.
    rows = answer("threats-without-connectivity")
    assert column(rows, 0) == ["thr15:public-order"]
    assert int(rows[0][1]) >= 1


def test_collaboration_members(answer) -> None:  # type: ignore[no-untyped-def]
    # 7: WMCTU works "as part of the national counter-terrorism policing network".
    assert answer("collaboration-members", "collaboration=ag:ctp-network") == [
        ("ag:ctp-network", "ag:wmctu", "7")]


def test_force_units(answer) -> None:  # type: ignore[no-untyped-def]
    rows = {(r[0], r[2]) for r in answer("force-units")}
    assert {("ag:wmctu", "7"), ("ag:force-cid", "19"), ("ag:fou", "37"), ("ag:ppu", "64"),
            ("ag:force-intelligence", "64"), ("ag:npu", "65"), ("ag:ecu", "87"),
            ("ag:oru", "90")} <= rows


# ---------------------------------------------------------------- capability and the 5 Cs

def test_units_per_pillar(answer) -> None:  # type: ignore[no-untyped-def]
    rows = set(answer("units-per-pillar"))
    # WMCTU's Pursue (17), Prevent (20), Protect (24) and Prepare (28) capabilities.
    assert {("pillar:pursue", "ag:wmctu", "17"), ("pillar:prevent", "ag:wmctu", "20"),
            ("pillar:protect", "ag:wmctu", "24"), ("pillar:prepare", "ag:wmctu", "28")} <= rows
    prevent = answer("units-per-pillar", "pillar=pillar:prevent")
    assert set(column(prevent, 0)) == {"pillar:prevent"} and ("ag:wmctu" in column(prevent, 1))


def test_five_c_matrix(answer) -> None:  # type: ignore[no-untyped-def]
    rows = answer("five-c-matrix")
    threats = ["thr15:child-sexual-abuse", "thr15:civil-emergencies",
               "thr15:national-cyber-security-incident", "thr15:public-order",
               "thr15:serious-organised-crime", "thr15:terrorism"]
    cs = ["c5:capacity", "c5:contribution", "c5:capability", "c5:consistency", "c5:connectivity"]
    assert [(r[0], r[1]) for r in rows] == [(t, c) for t in threats for c in cs]
    cells = {(r[0], r[1]): int(r[2]) for r in rows}
    assert cells["thr15:terrorism", "c5:connectivity"] > 0              # 19
    assert cells["thr15:civil-emergencies", "c5:capacity"] > 0         # 93
    assert cells["thr15:public-order", "c5:capacity"] > 0              # 49
    assert cells["thr15:serious-organised-crime", "c5:contribution"] > 0  # 62


def test_evidence(answer) -> None:  # type: ignore[no-untyped-def]
    rows = answer("evidence", "threat=thr15:civil-emergencies", "fiveC=c5:capacity")
    assert any(r[2] == "93" and r[5].startswith("WMP maintain a Chemical, Biological, "
                                                "Radiological and Nuclear (CBRN) capacity")
               for r in rows)
    assert set(column(rows, 0)) == {"thr15:civil-emergencies"}
    # The row of the matrix: 49 (21 PSUs, 1,323 trained staff), 52 (more Silver Commanders
    # before the Commonwealth Games), 48-50 (capability).
    row = answer("evidence", "threat=thr15:public-order")
    assert set(column(row, 0)) == {"thr15:public-order"}
    assert {"c5:capacity", "c5:capability"} <= set(column(row, 1))
    assert {"49", "52"} <= set(column(row, 2))
    whole = answer("evidence", "threat=thr15:civil-emergencies")
    assert [r for r in whole if r[1] == "c5:capacity"] == rows


def test_inspection_findings(answer) -> None:  # type: ignore[no-untyped-def]
    rows = {(r[2], r[3], r[4]) for r in answer("inspection-findings")}
    # 72-74: SOC judged "good", carried over in 2018/19; 100: "carefully debriefs".
    assert {("good", "thr15:serious-organised-crime", "72"),
            ("good", "thr15:serious-organised-crime", "73"),
            ("good", "thr15:serious-organised-crime", "74")} <= rows
    assert any(j.startswith("carefully debriefs") and p == "100" for j, _, p in rows)
    assert ("adequate", "", "108") in rows


def test_threat_levels(answer) -> None:  # type: ignore[no-untyped-def]
    rows = answer("threat-levels")
    # 9: lowered to SUBSTANTIAL on 4 November 2019, so the level before (not named) held
    # until that day; 79: NCSC assesses NCSI "high and growing".
    assert [(r[0], r[2], r[4], r[5], r[6]) for r in rows if r[1] == "thr15:terrorism"] == [
        ("risk:uk-threat-level-2019-11-04", "tl:substantial", "2019-11-04", "", "9"),
        ("risk:uk-threat-level-before-2019-11-04", "", "", "2019-11-04", "9")]
    assert [(r[3], r[6]) for r in rows if r[1] == "thr15:national-cyber-security-incident"] == [
        ("high and growing", "79")]


def test_threat_level_changes(answer) -> None:  # type: ignore[no-untyped-def]
    # 9: "On 4 November 2019, the UK threat level from terrorism was lowered to
    # SUBSTANTIAL". The paragraph does not name the level it was lowered from.
    expected = [("thr15:terrorism", "risk:uk-threat-level-before-2019-11-04", "",
                 "risk:uk-threat-level-2019-11-04", "tl:substantial", "lowered", "2019-11-04",
                 "9")]
    assert answer("threat-level-changes") == expected
    assert answer("threat-level-changes", "threat=thr15:terrorism") == expected
    # 79: the NCSC's view of cyber is one assessment, not a change.
    assert answer("threat-level-changes",
                  "threat=thr15:national-cyber-security-incident") == []


def test_threat_categories(answer) -> None:  # type: ignore[no-untyped-def]
    soc = answer("threat-categories", "threat=thr15:serious-organised-crime")
    # 59: SOC "is defined as" six categories.
    assert {(r[1], r[2]) for r in soc} >= {
        ("cat:child-sexual-abuse-exploitation", "59"),
        ("cat:modern-slavery-human-trafficking", "59"), ("cat:organised-immigration-crime", "59"),
        ("cat:illegal-drugs-firearms", "59"),
        ("cat:fraud-money-laundering-bribery-corruption", "59"),
        ("cat:cyber-crime", "59")}
    terrorism = {(r[1], r[2]) for r in answer("threat-categories", "threat=thr15:terrorism")}
    assert {("cat:islamist-terrorism", "10"), ("cat:right-wing-terrorism", "11"),
            ("cat:lasit", "12"), ("cat:nirt", "13")} <= terrorism


def test_risks(answer) -> None:  # type: ignore[no-untyped-def]
    rows = [r for r in answer("risks") if r[3] == "90"]
    names = answer.labels([expand(r[0]) for r in rows])
    # 90: the community risk register's seven risks likely to need a civil emergency response.
    assert sorted(names.values()) == sorted([
        "Influenza type disease", "Flooding", "Severe Weather",
        "Environmental Pollution and Industrial Accidents", "Loss of Critical Infrastructure",
        "Fuel Shortages", "Transport Accidents"])
    assert {(r[1], r[2]) for r in rows} == {("thr15:civil-emergencies",
                                             "doc:wm-community-risk-register")}


# ---------------------------------------------------------------- capacity, money, status

def test_held_vs_required(answer) -> None:  # type: ignore[no-untyped-def]
    rows = answer("held-vs-required", "capability=cap:cbrn-responders")
    # 93: 224 responders held (as at 10 October), forecast 307 by December, against the
    # national requirement of 300; the 525 is the four forces' combined requirement.
    assert rows == [
        ("cap:cbrn-responders", "ag:wmp", "300", "224", "307", "76", "uom:officer", "93"),
        ("cap:cbrn-responders", "place:west-midlands-region", "525", "", "", "",
         "uom:officer", "93")]
    everything = answer("held-vs-required")
    # 49: WMP "is required nationally to be in a position to deploy 21 PSU's".
    assert ("cap:public-order", "ag:wmp", "21", "", "", "", "uom:psu", "49") in everything


def test_quantities(answer) -> None:  # type: ignore[no-untyped-def]
    rows = answer("quantities", "capability=cap:cbrn-responders")
    assert {(r[1], r[2], r[6], r[7]) for r in rows} == {
        ("role:held", "224", "2019-10-10", "93"), ("role:forecast", "307", "2019-12", "93"),
        ("role:required", "300", "", "93"), ("role:required", "525", "", "93")}


def test_funding_ending(answer) -> None:  # type: ignore[no-untyped-def]
    # 67: PTF for ROCTA and the RDT "will end in March 2020"; the regional chiefs and
    # PCCs fund them "through 20/21"; 37: "The Armed Uplift Programme Funding ends in
    # March 2021".
    rows = [(r[0], r[1], r[4]) for r in answer("funding-ending")]
    assert rows == [("fund:ptf-rocu-capabilities", "2020-03", "67"),
                    ("fund:armed-uplift-programme", "2021-03", "37"),
                    ("fund:regional-rocu-capabilities-2020-21", "2021-03", "67")]
    assert [(r[0], r[2]) for r in answer("funding-ending", "by=2020-03-31")] == [
        ("fund:ptf-rocu-capabilities", "ag:rocu")]
    assert answer("funding-ending", "by=2020-02-29") == []


def test_money(answer) -> None:  # type: ignore[no-untyped-def]
    # 84: £64,600 from the Police Transformation Fund and £24,740 for tools; 62: WMP
    # contributes 57% of the regional funding of the ROCU.
    assert {(r[3], r[4], r[5]) for r in answer("money")} == {
        ("64600", "uom:gbp", "84"), ("24740", "uom:gbp", "84"), ("57", "uom:percent", "62")}


def test_not_yet_in_place(answer) -> None:  # type: ignore[no-untyped-def]
    rows = set(answer("not-yet-in-place"))
    assert {("ag:socex-hub", "status:piloted", "61"),       # "being piloted"
            ("ag:socex-hub", "status:piloted", "76"),
            ("fac:new-ecs", "status:planned", "57"),         # "in the planning phase"
            ("ev:wmp-esmcp-connection", "status:planned", "58"),  # "in 2023/24"
            ("doc:rocu-analytical-capacity-proposal", "status:aspiration", "68"),
            ("ini:mac", "status:piloted", "23")} <= rows


def test_arrangements_by_status(answer) -> None:  # type: ignore[no-untyped-def]
    # 88: "WMP no longer fund a relationship with GetSafeOnline".
    assert answer("arrangements-by-status") == [("fund:wmp-gsol-funding", "88")]
    planned = column(answer("arrangements-by-status", "status=status:planned"), 0)
    assert "fac:new-ecs" in planned


def test_financial_years(answer) -> None:  # type: ignore[no-untyped-def]
    rows = answer("financial-years")
    # 4: "the policing inspection programme and framework 2019/20"; 23: MACs piloted "In
    # 2017/18" and the national operating model "rolled out during the course of 2020/21";
    # 35: "Designed for implementation in 2020/21, the project"; 58: "WMP will connect to
    # ... (ESMCP) in 2023/24"; 67: service levels "maintained through 20/21"; 74: "the
    # 2018/19 PEEL assessment", which 103 and 104 call "the 2018/9 inspection".
    assert {(r[0], r[3], r[4]) for r in rows} == {
        ("fy:2017-18", "ini:mac", "23"),
        ("fy:2018-19", "insp:peel-2018-19", "74"), ("fy:2018-19", "insp:peel-2018-19", "103"),
        ("fy:2018-19", "insp:peel-2018-19", "104"),
        ("fy:2019-20", "doc:hmicfrs-inspection-programme-2019-20", "4"),
        ("fy:2019-20", "insp:hmicfrs-spr-assessment-2019-20", "4"),
        ("fy:2020-21", "ini:ct-national-operating-model", "23"),
        ("fy:2020-21", "ini:regional-ct-sb-project", "35"),
        ("fy:2020-21", "fund:regional-rocu-capabilities-2020-21", "67"),
        ("fy:2023-24", "ev:wmp-esmcp-connection", "58")}
    # A financial year runs from April to the March of the next year, in date order.
    assert {(r[0], r[1], r[2]) for r in rows if r[0] == "fy:2023-24"} == {
        ("fy:2023-24", "2023-04", "2024-03")}
    assert column(rows, 1) == sorted(column(rows, 1))
    year = {(r[3], r[4]) for r in answer("financial-years", "year=fy:2020-21")}
    assert year == {(r[3], r[4]) for r in rows if r[0] == "fy:2020-21"}
    # 30 June 2020 and 31 March 2021 fall in 2020/21; 1 April 2021 in no year the paper names.
    assert {r[0] for r in answer("financial-years", "on=2020-06-30")} == {"fy:2020-21"}
    assert {r[0] for r in answer("financial-years", "on=2021-03-31")} == {"fy:2020-21"}
    assert answer("financial-years", "on=2021-04-01") == []


def test_timeline(answer) -> None:  # type: ignore[no-untyped-def]
    rows = {(r[0], r[1], r[3]) for r in answer("timeline")}
    assert {("2019-11-04", "risk:uk-threat-level-2019-11-04", "9"),
            ("2020-03", "fund:ptf-rocu-capabilities", "67"),
            ("2022", "ev:commonwealth-games-2022", "26"),
            ("2024-03", "ev:wmp-esmcp-connection", "58")} <= rows  # 2023/24 ends March 2024
    window = answer("timeline", "from=2021-01-01", "to=2021-12-31")
    assert window and all(r[0].startswith("2021") for r in window)


# ---------------------------------------------------------------- provenance

def test_paragraph_facts(answer) -> None:  # type: ignore[no-untyped-def]
    rows = set(answer("paragraph-facts", "paragraph=67"))
    assert {("fund:ptf-rocu-capabilities", "spr:endDate", "t:2020-03"),
            ("fund:ptf-rocu-capabilities", "spr:recipient", "ag:rocu"),
            ("fund:regional-rocu-capabilities-2020-21", "spr:funder",
             "ag:regional-ccs-pccs")} <= rows
    assert not any(r[0] == "ag:socex-board" for r in rows)


def test_where_mentioned(answer) -> None:  # type: ignore[no-untyped-def]
    # The West Midlands ROCU is named in these paragraphs (81 speaks of "the
    # corresponding ROCUs" of other forces, not of this one).
    assert [int(p) for p in column(answer("where-mentioned", "entity=ag:rocu"), 0)] == [
        19, 62, 63, 64, 66, 67, 68, 69, 75, 78, 87, 115, 130]


def test_quote_search(answer) -> None:  # type: ignore[no-untyped-def]
    # CBRN appears in paragraph 93 only.
    rows = answer("quote-search", "text=cbrn")
    assert rows and set(column(rows, 0)) == {"93"}
    assert all("cbrn" in r[2].lower() for r in rows)


def test_describe(answer) -> None:  # type: ignore[no-untyped-def]
    found = answer("describe", "entity=ag:rocu")
    # each row's paragraph is of the one bundled paper
    assert {r[7] for r in found if r[6]} == {"doc:wmp-spr-2020-01-21"}
    rows = {r[:7] for r in found}
    # 62: "the West Midlands Regional Organised Crime Unit (ROCU)", to which "WMP
    # contribute 57% of the regional funding contribution".
    assert ("about", "skos:altLabel", "ROCU", "", "", "", "62") in rows
    assert ("funding", "spr:recipient", "fund:wmp-rocu-contribution", "", "", "", "62") in rows
    # 87: "the Regional Organised Crime Unit (ROCU) hosts the regional cybercrime unit".
    assert ("out", "spr:hosts", "ag:rccu", "", "", "", "87") in rows
    # 63: "Tasking processes between WMP and ROCU are embedded"; 115: public protection
    # and digital forensics work "in partnership with the Regional Organised Crime Unit".
    assert ("statement", "spr:partner", "ag:wmp", "thr15:serious-organised-crime",
            "c5:connectivity", "stmt:p063-connectivity-rocu-tasking", "63") in rows
    assert ("statement", "spr:partner", "ag:ppu", "thr15:child-sexual-abuse",
            "c5:connectivity", "stmt:p115-connectivity-rocu-nca-ceop", "115") in rows
    assert {r[0] for r in rows} == {"about", "out", "in", "statement", "quantity", "funding"}
