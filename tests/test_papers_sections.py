"""Headings to SPR threats (2015 and 2023 schemes, labels read from the ontology) and
headings into sections."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from papers_support import PAPERS, RAW, build_pdf

from spr_graph.core import resources
from spr_graph.core.namespaces import THR15, THR23
from spr_graph.papers import sections as sections_module
from spr_graph.papers.cleaning import clean_file
from spr_graph.papers.cleanpaper import CleanParagraph
from spr_graph.papers.provenance import THREAT_SECTIONS
from spr_graph.papers.sections import (
    VARIANTS,
    Item,
    ThreatMatch,
    build_sections,
    match_heading,
    variants_used,
)
from spr_graph.papers.sourcetext import read_source

# heading -> (2015 key, 2023 key, how, variant needed)
MATCHES: dict[str, tuple[str | None, str | None, str, bool]] = {
    "Terrorism": ("terrorism", "terrorism", "exact", False),
    "CT": ("terrorism", "terrorism", "exact", False),
    "Counter Terrorism": ("terrorism", "terrorism", "exact", True),
    "Serious and Organised Crime (SOC)": ("serious-organised-crime", "serious-organised-crime",
                                          "exact", False),
    "SOC": ("serious-organised-crime", "serious-organised-crime", "exact", False),
    "Serious Organised Crime": ("serious-organised-crime", "serious-organised-crime",
                                "exact", True),
    "3.2 Tackling Serious & Organised Crime": ("serious-organised-crime",
                                               "serious-organised-crime", "contains", False),
    "Public Order": ("public-order", "public-disorder", "exact", False),
    "PUBLIC DISORDER": ("public-order", "public-disorder", "exact", False),
    "Civil Emergencies": ("civil-emergencies", "civil-emergencies", "exact", False),
    "Threat 4: Civil Emergency": ("civil-emergencies", "civil-emergencies", "contains", False),
    "National Cyber Security Incident (NCSI)": ("national-cyber-security-incident",
                                                "national-cyber-event", "exact", False),
    "National Cyber Event": ("national-cyber-security-incident", "national-cyber-event",
                             "exact", False),
    "Child Sexual Abuse": ("child-sexual-abuse", "child-sexual-abuse", "exact", False),
    "Child Sexual Exploitation and Abuse (CSE/A)": ("child-sexual-abuse",
                                                    "child-sexual-abuse", "exact", False),
    "CSA": ("child-sexual-abuse", "child-sexual-abuse", "exact", True),
    "Violence Against Women and Girls": (None, "violence-against-women-and-girls", "exact",
                                         False),
    "VAWG": (None, "violence-against-women-and-girls", "exact", True),
}
NOT_THREATS = ["Terrorism Threat to the West Midlands", "Prevent terrorism by tackling its causes",
               "Counter Terrorism Specialist Firearms Officers", "Summary", "Governance",
               "Capacity, Contribution, Capability, Consistency & Connectivity",
               "Serious and Organised Crime Unit resourcing and training", "Conclusion", ""]


def _keys(match: ThreatMatch | None) -> tuple[str | None, str | None, str, bool] | None:
    if match is None:
        return None
    local = [None if iri is None else iri.rsplit("/", 1)[-1]
             for iri in (match.threat2015, match.threat2023)]
    return local[0], local[1], match.how, match.variant


@pytest.mark.parametrize("heading", sorted(MATCHES))
def test_headings_map_to_both_schemes(heading: str) -> None:
    assert _keys(match_heading(heading)) == MATCHES[heading]


@pytest.mark.parametrize("heading", NOT_THREATS)
def test_other_headings_name_no_threat(heading: str) -> None:
    assert match_heading(heading) is None


def test_iris_are_the_ontology_concepts() -> None:
    match = match_heading("Public Disorder")
    assert match is not None
    assert (match.threat2015, match.threat2023) == (THR15["public-order"],
                                                    THR23["public-disorder"])
    assert match.key == "public-order"
    vawg = match_heading("Violence against women and girls")
    assert vawg is not None and vawg.key == "violence-against-women-and-girls"


def test_labels_come_from_the_ontology(tmp_path: Path) -> None:
    """A label added to the ontology is matched with no change to the code."""
    ontology = tmp_path / "spr.ttl"
    text = resources.ontology_file().read_text(encoding="utf-8")
    ontology.write_text(text + '\nthr15:terrorism skos:altLabel "Anti-Terror Operations"@en .\n',
                        encoding="utf-8")
    assert match_heading("Anti-Terror Operations") is None
    found = match_heading("Anti-Terror Operations", ontology)
    assert found is not None and found.key == "terrorism" and not found.variant


def test_variants_are_only_names_the_ontology_lacks() -> None:
    for concept, names in VARIANTS.items():
        for name in names:
            found = match_heading(name)
            assert found is not None and found.variant, f"{name!r} is already in the ontology"
            assert concept in (found.threat2015, found.threat2023)


def test_variants_used_lists_what_to_add_to_the_ontology() -> None:
    matches = [match_heading(h) for h in ("CSA", "Terrorism", "Cyber Security", "Nothing")]
    assert variants_used(matches) == ["CSA", "Cyber Security"]


def _p(number: int) -> CleanParagraph:
    return CleanParagraph(number, f"Paragraph {number} says something.")


def test_sections_from_headings_without_levels() -> None:
    items: list[Item] = [_p(1), ("Purpose of the report", None), _p(2), ("Background", 0), _p(3),
             ("Summary", 0), _p(4), ("Terrorism", 0), ("Capacity", 0), _p(5),
             ("Summary", 0), _p(6), ("Public Order", 0), _p(7), ("Conclusions", 0), _p(8),
             ("Next steps", 0), ("Appendix A: glossary", 0), _p(9)]
    built = build_sections(items)
    assert [(s.key, [p.number for p in s.paragraphs]) for s in built] == [
        ("front", [1]), ("purpose-of-the-report", [2]), ("background", [3]), ("summary", [4]),
        ("terrorism", [5, 6]), ("public-order", [7]), ("conclusions", [8]),
        ("appendix-a-glossary", [9])]
    assert [p.heading for p in built[4].paragraphs] == ["Capacity", "Summary"]


def test_sections_follow_heading_levels_where_the_paper_gives_them() -> None:
    items: list[Item] = [("National threats", 1), ("Terrorism", 2), ("Capability", 3), _p(1),
             ("Regional working", 2), _p(2), ("Partnerships", 3), _p(3), ("Finance", 1), _p(4)]
    built = build_sections(items)
    assert [(s.key, s.title, [p.number for p in s.paragraphs]) for s in built] == [
        ("terrorism", "Terrorism", [1]), ("regional-working", "Regional working", [2, 3]),
        ("finance", "Finance", [4])]
    assert built[1].paragraphs[1].heading == "Partnerships"


def test_bundled_paper_sections_match_the_cleaned_text() -> None:
    paper = clean_file(RAW)
    expected = read_source(resources.source_text()).paragraphs
    titles = {n: p.section_title for n, p in expected.items()}
    got = {p.number: (s.threat.key if s.threat else None, s.title)
           for s in paper.sections for p in s.paragraphs}
    wanted = {n: (p.section_key if p.section_key in THREAT_SECTIONS else None, titles[n])
              for n, p in expected.items()}
    right = sum(got[n][0] == wanted[n][0] for n in wanted)
    assert right == len(wanted) == 135
    assert {got[n][1] for n in got} == set(titles.values())
    assert not any("VARIANTS" in note for note in paper.notes), "no variant was needed"


def test_2023_names_keep_both_schemes(tmp_path: Path) -> None:
    paper = clean_file(build_pdf(PAPERS / "northshire-spr-2024.pages.txt", tmp_path / "n.pdf"))
    by_title = {s.title: s.threat for s in paper.sections}
    public = by_title["Public Disorder"]
    assert public is not None and public.threat2023 == THR23["public-disorder"]
    assert public.threat2015 == THR15["public-order"]
    vawg = by_title["Violence Against Women and Girls"]
    assert vawg is not None and vawg.threat2015 is None
    assert by_title["1. Introduction"] is None


def _code_strings(path: Path) -> list[str]:
    """Identifiers and string constants of a module, docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
                  and node.body and isinstance(node.body[0], ast.Expr)}
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                id(node) not in docstrings:
            found.append(node.value)
        elif isinstance(node, ast.Name):
            found.append(node.id)
    return found


def test_the_rules_do_not_know_west_midlands() -> None:
    folder = Path(sections_module.__file__).parent
    for path in sorted(folder.glob("*.py")):
        text = " ".join(_code_strings(path)).lower()
        for word in ("west midlands", "wmp", "wmctu", "birmingham", "staffordshire",
                     "west mercia", "warwickshire", "135"):
            assert word not in text, f"{path.name} knows {word!r}"
