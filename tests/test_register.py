"""The national register: its curation (counts, shapes, names) and its loader's rules."""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from spr_graph.core import resources
from spr_graph.core.errors import InputError, ParseError
from spr_graph.core.namespaces import LEVEL, SKOS, SPR
from spr_graph.papers.register import REGISTER_FILE, Register, label_key, load_register
from spr_graph.store.load import load, parse_file
from spr_graph.validation.validate import validate

AG = "https://w3id.org/spr-graph/id/organisation/"
PLACE = "https://w3id.org/spr-graph/id/place/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
CLASSES = {SPR.PoliceForce, SPR.PoliceUnit, SPR.Collaboration, SPR.PartnerAgency,
           SPR.GovernanceBoard}
PREFIXES = """@prefix spr: <https://w3id.org/spr-graph/def/spr#> .
@prefix reg: <https://w3id.org/spr-graph/def/register#> .
@prefix ag: <https://w3id.org/spr-graph/id/organisation/> .
@prefix place: <https://w3id.org/spr-graph/id/place/> .
@prefix level: <https://w3id.org/spr-graph/id/level/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
"""


@pytest.fixture(scope="module")
def register() -> Register:
    return load_register()


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_register_is_inside_the_package_and_parses_in_both_stores() -> None:
    from rdflib import Graph

    assert REGISTER_FILE.parent.name == "papers" and REGISTER_FILE.parent.parent.name == "spr_graph"
    quads = parse_file(REGISTER_FILE)
    assert len(Graph().parse(REGISTER_FILE, format="turtle")) == len(quads)


def test_the_register_conforms_to_the_shapes_with_the_ontology() -> None:
    """Every check passes but provenance: the register is reference data, curated from no
    paragraph, so its triples sit outside any paragraph graph by design."""
    report = validate(load([REGISTER_FILE]))
    findings = [f for f in report.findings if f.severity != "info"]
    assert [(f.check, f.message.split(" ", 1)[1]) for f in findings] == [
        ("provenance", "triple(s) sit outside any paragraph graph; put every fact in the "
                       "graph of the paragraph it comes from")]


REGION_FORCES = {"north-east-region": 3, "north-west-region": 5,
                 "yorkshire-and-the-humber-region": 4, "east-midlands-region": 5,
                 "west-midlands-region": 4, "eastern-region": 6, "london-region": 2,
                 "south-east-region": 5, "south-west-region": 5, "wales": 4}


def test_43_territorial_forces_each_in_one_of_10_regions(register: Register) -> None:
    forces = register.of_kind("territorial-force")
    assert len(forces) == 43
    assert all(f.rdf_type == SPR.PoliceForce and f.level == "local" for f in forces)
    assert all(len(f.regions) == 1 for f in forces)
    assert {r.iri for r in register.regions} == {PLACE + key for key in REGION_FORCES}
    assert Counter(f.regions[0].removeprefix(PLACE) for f in forces) == REGION_FORCES


@pytest.mark.parametrize(("kind", "count"), [
    ("special-police-force", 3), ("other-uk-police-force", 2),
    ("regional-organised-crime-unit", 9), ("ambulance-service", 11),
])
def test_every_body_of_a_complete_kind_is_listed(register: Register, kind: str,
                                                 count: int) -> None:
    assert len(register.of_kind(kind)) == count


def test_every_body_has_a_class_name_level_and_kind(register: Register) -> None:
    kinds = {k.key for k in register.kinds}
    regions = {r.iri for r in register.regions}
    for entry in register.entries:
        assert entry.rdf_type in CLASSES, entry.iri
        assert entry.name and entry.labels[0] == entry.name, entry.iri
        assert entry.level in ("local", "regional", "national", "international"), entry.iri
        assert entry.kind in kinds, entry.iri
        assert set(entry.regions) <= regions, entry.iri
        assert all(register.get(parent) for parent in entry.parents), entry.iri
        assert entry.regions or entry.level not in ("local", "regional"), entry.iri


def test_no_label_names_two_bodies_unless_it_is_generic(register: Register) -> None:
    assert register.collisions() == {}
    assert set(register.ambiguous_labels()) == {
        "ROCU", "regional organised crime unit", "CTU", "counter terrorism unit",
        "ambulance service", "fire and rescue service", "fire service"}


@pytest.mark.parametrize(("text", "key"), [
    ("National Crime Agency", "nca"), ("NCA", "nca"), ("the NCA's", "nca"),
    ("national crime agency", "nca"), ("CEOP", "ceop"), ("HMICFRS", "hmicfrs"),
    ("HMIC", "hmicfrs"), ("Her Majesty's Inspectorate of Constabulary and Fire and Rescue "
                          "Services", "hmicfrs"),
    ("Border Force", "border-force"), ("West Midlands Police", "wmp"), ("WMP", "wmp"),
    ("British Transport Police", "btp"), ("BTP", "btp"), ("the Met", "metropolitan-police-service"),
    ("Devon & Cornwall Police", "devon-and-cornwall-police"),
    ("Dyfed Powys Police", "dyfed-powys-police"), ("Heddlu Gogledd Cymru", "north-wales-police"),
    ("Hampshire Constabulary", "hampshire-and-isle-of-wight-constabulary"),
    ("TITAN", "titan"), ("EMSOU", "emsou"), ("WECTU", "wectu"), ("CTP North West", "nwctu"),
    ("West Midlands Counter-Terrorism Unit", "wmctu"), ("NPoCC", "npocc"),
    ("National Police Chiefs Council", "npcc"), ("Action Fraud", "action-fraud"),
    ("NFIB", "nfib"), ("HM Revenue & Customs", "hmrc"), ("the Crown Prosecution Service's", "cps"),
    ("HMPPS", "hmpps"), ("MI5", "security-service"), ("Staffordshire", "staffordshire-police"),
    ("West Midlands Conurbation LRF", "lrf"), ("IPCC", "iopc"),
])
def test_known_names_resolve_to_one_body(register: Register, text: str, key: str) -> None:
    assert [e.key for e in register.lookup(text)] == [key]


@pytest.mark.parametrize("text", ["nca", "Nca", "cps", "btp", "wmp", "staffordshire", "met",
                                  "titan", "National Crime", ""])
def test_abbreviations_and_one_word_names_match_only_in_their_case(register: Register,
                                                                   text: str) -> None:
    assert register.lookup(text) == []


@pytest.mark.parametrize(("text", "key"), [
    ("CPS", "CPS"), ("ROCUs", "ROCU"), ("LAs", "LA"), ("Wales", "Wales"),
    ("Police and Crime Commissioners'", "police and crime commissioner"),
    ("Police & Crime Commissioner\u2019s", "police and crime commissioner"),
    ("The Local Authorities", "local authority"), ("H.M. Treasury", "h m treasury"),
])
def test_label_keys(text: str, key: str) -> None:
    assert label_key(text) == key


@pytest.mark.parametrize(("text", "region", "keys"), [
    ("ROCU", "place:west-midlands-region", ["rocu"]),
    ("the ROCU", "place:wales", ["tarian"]),
    ("ROCU", "place:london-region", []),
    ("CTU", "place:west-midlands-region", ["wmctu"]),
    ("CTU", "place:yorkshire-and-the-humber-region", ["nectu"]),
    ("Local Resilience Forum", "place:west-midlands-region", ["lrf"]),
    ("Local Resilience Forum", "place:south-east-region", []),
    ("the Fire Service", "place:london-region", ["london-fire-brigade"]),
    ("Ambulance Service", "place:south-east-region", ["scas", "secamb"]),
    ("WMP", "place:south-east-region", ["wmp"]),
])
def test_generic_labels_name_the_bodies_of_a_region(register: Register, text: str,
                                                    region: str, keys: list[str]) -> None:
    assert [e.key for e in register.lookup(text, region=region)] == keys


def _bundled_organisations() -> dict[str, dict[str, set[str]]]:
    """Each organisation of the bundled paper: its classes, levels and labels."""
    found: dict[str, dict[str, set[str]]] = {}
    props = {RDF_TYPE: "types", SPR.level: "levels", SKOS.prefLabel: "labels",
             SKOS.altLabel: "labels"}
    for path in resources.data_files():
        for q in parse_file(path):
            subject, value = q.subject, q.object
            if (isinstance(subject, ox.NamedNode) and subject.value.startswith(AG)
                    and q.predicate.value in props and not isinstance(value, ox.Triple)):
                entry = found.setdefault(subject.value, {"types": set(), "levels": set(),
                                                         "labels": set()})
                entry[props[q.predicate.value]].add(value.value)
    return found


def test_the_bundled_papers_national_bodies_share_the_registers_iris(register: Register) -> None:
    shared = resources.paper_dir() / "00-shared.trig"
    national = {q.subject.value for q in parse_file(shared)
                if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(AG)
                and q.predicate.value == SPR.level and q.object == ox.NamedNode(LEVEL.national)}
    assert len(national) >= 10
    assert sorted(iri for iri in national if register.get(iri) is None) == []


def test_the_bundled_paper_agrees_with_the_register_on_shared_bodies(register: Register) -> None:
    """Same class and level (so the two validate together), and every name the paper gives
    a shared body finds that body in the register (a generic one within its region)."""
    shared = 0
    for iri, facts in sorted(_bundled_organisations().items()):
        entry = register.get(iri)
        if entry is None:
            continue
        shared += 1
        assert facts["types"] == {entry.rdf_type}, iri
        assert facts["levels"] == {LEVEL[entry.level or ""]}, iri
        region = entry.regions[0] if entry.regions else None
        for label in sorted(facts["labels"]):
            assert entry in register.lookup(label, region=region), (iri, label)
    assert shared >= 25


def test_the_force_units_of_the_bundled_paper_stay_in_the_paper(register: Register) -> None:
    assert register.get("ag:ppu") is None and register.get("ag:force-cid") is None


@pytest.mark.parametrize(("text", "where"), [
    ("ag:x a spr:PartnerAgency ;\n  skos:prefLabel \"X\"@en\nag:y a spr:PartnerAgency .\n", 9),
    ("ag:x a spr:PartnerAgency ;\n  skos:prefLabel \"X\"@en ;\n  spr:level level:local ,, .\n", 9),
    ("ag:x a spr:PartnerAgency ;\n  skos:prefLabel \"unterminated@en .\n", 8),
])
def test_a_malformed_register_file_names_file_line_and_column(tmp_path: Path, text: str,
                                                              where: int) -> None:
    path = write(tmp_path, "mine.ttl", PREFIXES + text)
    with pytest.raises(ParseError) as caught:
        load_register([path])
    assert isinstance(caught.value, InputError)
    location = caught.value.location
    assert location is not None and location.path == str(path)
    assert location.line == where and location.column is not None
    assert str(caught.value).startswith(f"{path}:{where}:{location.column}: ")


@pytest.mark.parametrize(("text", "message"), [
    ('ag:x a spr:PartnerAgency ; skos:altLabel "X"@en .', "has no English official name"),
    ('ag:x a spr:PartnerAgency ; skos:prefLabel "X"@en, "Y"@en .',
     "has 2 English official names"),
    ('ag:nca skos:prefLabel "The Agency"@en .', "has 2 English official names"),
    ('ag:nca a spr:PoliceForce .', "has 2 spr classes"),
    ('ag:x a spr:PartnerAgency ; skos:prefLabel "X"@en ; spr:level level:galactic .',
     "level:galactic, which is not a level"),
    ('ag:x skos:prefLabel "X"@en .', "has a name but no class"),
])
def test_a_register_file_with_an_unusable_body_is_refused(tmp_path: Path, text: str,
                                                          message: str) -> None:
    path = write(tmp_path, "mine.ttl", PREFIXES + text + "\n")
    with pytest.raises(InputError, match=message) as caught:
        load_register([path])
    assert caught.value.location is not None and caught.value.location.path == str(path)


def test_a_register_file_adds_bodies_and_names(tmp_path: Path, register: Register) -> None:
    path = write(tmp_path, "mine.trig", PREFIXES + """<urn:g> {
        ag:kent-resilience-forum a spr:Collaboration ;
            skos:prefLabel "Kent Resilience Forum"@en ; reg:genericLabel "LRF"@en ;
            spr:level level:local ; reg:policeRegion place:south-east-region .
        ag:nca skos:altLabel "the Agency"@en .
    }""")
    extended = load_register([path])
    assert [e.key for e in extended.lookup("LRF", region="place:south-east-region")] == [
        "kent-resilience-forum"]
    assert [e.key for e in extended.lookup("Agency")] == ["nca"]
    assert extended.files == (str(REGISTER_FILE), str(path))
    assert register.lookup("Agency") == [] and load_register() is register
    assert load_register([path]) == extended


def test_the_register_is_immutable(register: Register) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        register.entries[0].name = "renamed"  # type: ignore[misc]
    with pytest.raises(TypeError):
        register._index["NCA"] = ()  # type: ignore[index]


def test_kinds_class_bodies_the_register_does_not_list(register: Register) -> None:
    assert [k.key for k in register.kinds_for("Kent Resilience Forum")] == [
        "local-resilience-forum"]
    assert [k.key for k in register.kinds_for("Birmingham City Council")] == ["local-authority"]
    assert register.kinds_for("National Police Chiefs' Council") == []
    fire = next(k for k in register.kinds if k.key == "fire-and-rescue-service")
    assert (fire.rdf_type, fire.level) == (SPR.PartnerAgency, "local")
