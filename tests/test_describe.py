"""``spr-graph describe``: everything about one entity, grouped, each row citing its
paragraphs; the same rows as the catalogue query ``describe``; names through the one
name resolver. Expectations come from the paper, paragraph cited."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import spr_graph
from spr_graph.cli import main
from spr_graph.core.namespaces import SPR, expand
from spr_graph.graph.describe import Description
from spr_graph.store.db import load_into_db

ROCU = expand("ag:rocu")
SOC, NCSI, CSA = (expand(f"thr15:{t}") for t in ("serious-organised-crime",
                                                  "national-cyber-security-incident",
                                                  "child-sexual-abuse"))


def run(runner: CliRunner, *args: str, code: int = 0) -> str:
    result = runner.invoke(main, list(args))
    assert result.exit_code == code, result.output
    return result.stdout if code == 0 else result.output


def described(runner: CliRunner, *args: str) -> dict[str, object]:
    data: dict[str, object] = json.loads(run(runner, "describe", *args, "-f", "json"))
    return data


def roles(data: dict[str, object]) -> set[tuple[str, str, tuple[str, ...], tuple[int, ...]]]:
    return {(r["threat"], r["role"], tuple(w["iri"] for w in r["with"]), tuple(r["paragraphs"]))
            for r in data["statements"]}  # type: ignore[attr-defined]


def test_rocu_lists_its_partners_for_soc_ncsi_and_cse_a(runner: CliRunner) -> None:
    data = described(runner, "ROCU")
    assert data["iri"] == ROCU and data["kind"] == "collaboration"
    found = roles(data)
    # 63: "Tasking processes between WMP and ROCU are embedded".
    assert (SOC, "partner", (expand("ag:wmp"),), (63,)) in found
    # 87: "WMP can continue to access NCA and ROCU resources ... via Mission Support".
    assert (NCSI, "partner", (expand("ag:wmp"),), (87,)) in found
    # 115: public protection and digital forensics "working in partnership with the
    # Regional Organised Crime Unit".
    assert (CSA, "partner", (expand("ag:digital-forensics"), expand("ag:ppu")), (115,)) in found
    assert {threat for threat, *_ in found} >= {SOC, NCSI, CSA}
    table = run(runner, "describe", "ROCU", "--wide")
    block = table[table.index("Requirement statements it is actor or partner of"):]
    for line in ("Serious and organised crime       Connectivity  partner  West Midlands Police",
                 "National cyber security incident  Connectivity  partner  West Midlands Police",
                 "Child sexual abuse                Connectivity  partner  Digital Forensics"):
        assert line in block
    assert "WMP 2020-01 ¶87\n" in block and "WMP 2020-01 ¶115\n" in block
    assert "WMP 2020-01 ¶63\n" in block


def test_rocu_grouped_with_paragraphs(runner: CliRunner) -> None:
    data = described(runner, "ROCU")
    about = {(f["name"], f["label"], tuple(f["paragraphs"])) for f in data["about"]}
    # 62: "the West Midlands Regional Organised Crime Unit (ROCU)".
    assert ("alternative label", "ROCU", (62,)) in about
    assert ("level", "Regional", (62,)) in about
    # 87: "the Regional Organised Crime Unit (ROCU) hosts the regional cybercrime unit".
    assert ("hosts", expand("ag:rccu"), [87]) in [(f["name"], f["value"], f["paragraphs"])
                                                 for f in data["out"]]
    # 63: "within the ROCU (including the Serious Organised Crime Unit)".
    assert ("unit of", expand("ag:rocu-socu"), [63]) in [(f["name"], f["value"], f["paragraphs"])
                                                        for f in data["in"]]
    # 64: ROCU takes part in the monthly priority setting meeting (a board).
    assert expand("ag:monthly-priority-setting-meeting") in [
        f["value"] for f in data["boards_and_posts"]]
    # 62: "WMP contribute 57% of the regional funding contribution".
    funding = {f["value"]: f for f in data["funding"]}
    share = funding[expand("fund:wmp-rocu-contribution")]
    assert share["details"]["value"] == "57" and share["paragraphs"] == [62]
    # The ROCU is named in these paragraphs; 81 speaks of "the corresponding ROCUs" of
    # other forces, not of this one.
    mentions = {m["paragraph"]: m for m in data["paragraphs"]}
    assert sorted(mentions) == [19, 62, 63, 64, 66, 67, 68, 69, 75, 78, 87, 115, 130]
    assert all(m["in_text"] and m["facts"] for m in mentions.values())
    assert mentions[87]["section"] == "National Cyber Security Incident (NCSI)"


@pytest.mark.parametrize("name", ["ROCU", "rocu", "ag:rocu", ROCU, f"<{ROCU}>",
                                  "West Midlands Regional Organised Crime Unit"])
def test_names_resolve_through_the_name_resolver(runner: CliRunner, name: str) -> None:
    assert described(runner, name)["iri"] == ROCU


def test_a_name_of_several_words_needs_no_quotes(runner: CliRunner) -> None:
    assert described(runner, "ACC", "Security")["iri"] == expand("post:acc-security")


@pytest.mark.parametrize(("name", "says"), [
    ("RCOU", "no node is called 'RCOU' (did you mean ROCU"),
    ("ag:nothing-here", "no node is called 'ag:nothing-here'"),
])
def test_an_unknown_name_is_one_line_and_exit_2(runner: CliRunner, name: str, says: str) -> None:
    output = run(runner, "describe", name, code=2)
    assert says in output and len(output.strip().splitlines()) == 1


def test_every_format(runner: CliRunner, tmp_path: Path) -> None:
    table = run(runner, "describe", "ESMCP")
    assert table.startswith("Emergency Services Mobile Communications Programme (programme, "
                            "ini:esmcp)")
    for title in ("Relations out", "Relations in", "Boards and posts", "Quantities",
                  "Funding", "Paragraphs that name it"):
        assert f"\n{title}\n" in table
    markdown = run(runner, "describe", "ESMCP", "-f", "markdown")
    assert markdown.startswith("## Emergency Services") and "## Relations out" in markdown
    rows = list(csv.DictReader(io.StringIO(run(runner, "describe", "ESMCP", "-f", "csv"))))
    # 58: ESMCP is "replacing the existing Airwaves system".
    assert {"section": "out", "relation": "replaces", "value": expand("sys:airwaves"),
            "paragraphs": "58"}.items() <= next(r for r in rows
                                                if r["relation"] == "replaces").items()
    assert described(runner, "ESMCP")["schema"] == "spr-graph/describe/1"
    out = tmp_path / "esmcp.md"
    assert run(runner, "describe", "ESMCP", "-f", "markdown", "-o", str(out)) == ""
    assert out.read_text(encoding="utf-8") == markdown


def _rows(d: Description) -> set[tuple[str, ...]]:
    """The description flattened back into the catalogue query's rows."""
    found = set()
    for section, f in d.facts():
        raw = f.direction if section == "boards and posts" else section
        for n in f.paragraphs or [None]:
            found.add((raw, f.relation, f.value, "", "", "", str(n or "")))
    for r in d.statements:
        for other in [iri for iri, _ in r.others] or [""]:
            for n in r.paragraphs:
                found.add(("statement", f"{SPR}{r.role}", other, r.threat,
                           expand(f"c5:{r.five_c.lower()}") or "", r.statement, str(n)))
    return found


@pytest.mark.parametrize("name", ["ag:rocu", "ini:esmcp", "post:acc-security", "ag:wmp"])
def test_the_same_rows_as_the_catalogue_query(runner: CliRunner, name: str) -> None:
    rows = csv.reader(io.StringIO(run(runner, "query", "describe", "-p", f"entity={name}",
                                      "-f", "csv", "--limit", "0")))
    kept = [i for i, column in enumerate(next(rows))  # the paper: the bundled one
            if not column.endswith("_label") and column != "paper"]
    found = {tuple(row[i] for i in kept) for row in rows}
    assert found == _rows(spr_graph.open().describe(name).data)


def test_a_persistent_store_gives_the_same(runner: CliRunner, tmp_path: Path) -> None:
    load_into_db(tmp_path / "db")
    assert described(runner, "ROCU", "--db", str(tmp_path / "db")) == described(runner, "ROCU")
