"""A synthetic national SPR graph, for scale tests and benchmarks.

:func:`synth_trig` writes one SPR paper per force, shaped like the real one: each force
has units (public protection, intelligence, CID, resilience, firearms, cyber), posts
(chief constable, an ACC who chairs boards) and boards; forces are grouped into regions,
each with a ROCU (a collaboration of its forces, with a disruptions team and a threat
assessment capability), a counter-terrorism unit hosted by the region's lead force and
shared by the others, a local resilience forum and a board of chief constables and PCCs;
national agencies (NCA with CEOP, Security Service, NCSC, NPCC, Home Office, the CT
policing network, NPoCC, Cabinet Office) sit above. Funding streams (Home Office
transformation money ending on various dates, regional replacements, force contributions)
pay for capabilities and units. Each paper states requirement statements for every
threat and C, some missing, with random evidence statuses, and CBRN quantities held vs
required. Every fact sits in the graph of a numbered paragraph whose text contains its
quote, with the provenance of :mod:`spr_graph.papers.provenance`, so the output passes
``spr-graph validate`` with the bundled ontology and shapes. The same ``forces``, ``seed``
give byte-identical output.

``density`` scales the facts of each paper: a paper of density N also describes N - 1
local policing areas of its force, each with its own units, a superintendent chairing
an area board, requirement statements for every threat and C with the area's units as
actors and the region's bodies as partners, and an area funding stream, so 43 forces x
5 years at density 50 is a national store of about 5M quads (a real paper states about
5,000 facts; density 1, the default, about 600 quads a paper, is the graph as it was).
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spr_graph.core.namespaces import BASE, TURTLE_PREFIXES, expand
from spr_graph.papers.provenance import provenance_trig
from spr_graph.papers.sourcetext import Paragraph, SourceDocument

FIRST = ("Ash", "Bram", "Cal", "Dun", "Elm", "Fen", "Glen", "Hart", "Ire", "Kes", "Lang",
         "Mar", "Nor", "Oak", "Pen", "Rad", "Sel", "Thorn", "Ux", "Wend")
SECOND = ("shire", "vale", "mouth", "ford", "wick", "ham", "land", "bury", "field", "moor",
          "dale", "by", "ton", "wold", "mere", "cliff", "port", "stead", "worth", "holm",
          "gate", "hurst")
SECTIONS = (("background", "Background"), ("terrorism", "Terrorism"),
            ("public-order", "Public Order"),
            ("serious-organised-crime", "Serious and Organised Crime"),
            ("national-cyber-security-incident", "National Cyber Security Incident"),
            ("civil-emergencies", "Civil Emergencies"),
            ("child-sexual-abuse", "Child Sexual Abuse"))
CS = ("capacity", "contribution", "capability", "consistency", "connectivity")
STATUSES = (("in-place", 8), ("in-progress", 2), ("planned", 2), ("piloted", 1),
            ("aspiration", 1), ("completed", 1))
ENDS = ("2020-03", "2021-03", "2021", "2022", "2020-09-30")
NATIONAL = {  # key: (class, label, threats it addresses)
    "nca": ("spr:PartnerAgency", "National Crime Agency", ("serious-organised-crime",)),
    "security-service": ("spr:PartnerAgency", "Security Service", ("terrorism",)),
    "ncsc": ("spr:PartnerAgency", "National Cyber Security Centre",
             ("national-cyber-security-incident",)),
    "npcc": ("spr:PartnerAgency", "National Police Chiefs' Council", ()),
    "home-office": ("spr:PartnerAgency", "Home Office", ()),
    "ctp-network": ("spr:Collaboration", "Counter-terrorism policing network", ("terrorism",)),
    "npocc": ("spr:PartnerAgency", "National Police Coordination Centre", ("public-order",)),
    "cabinet-office": ("spr:PartnerAgency", "Cabinet Office", ("civil-emergencies",)),
    "ceop": ("spr:PartnerAgency", "Child Exploitation and Online Protection Centre",
             ("child-sexual-abuse",)),
}
UNITS = (("ppu", "Public Protection Unit", "child-sexual-abuse"),
         ("intel", "Force Intelligence", "serious-organised-crime"),
         ("cid", "Criminal Investigation Department", "serious-organised-crime"),
         ("oru", "Operations Resilience Unit", "civil-emergencies"),
         ("firearms", "Firearms Unit", "public-order"),
         ("cyber", "Cyber Crime Unit", "national-cyber-security-incident"))


def _lit(text: str) -> str:
    return json.dumps(text)


def _date(instant: str) -> tuple[str, str]:
    kind = {4: ("inXSDgYear", "gYear"), 7: ("inXSDgYearMonth", "gYearMonth")}
    return kind.get(len(instant), ("inXSDDate", "date"))


@dataclass
class _Para:
    number: int
    section: tuple[str, str]
    sentences: list[str] = field(default_factory=list)
    triples: list[str] = field(default_factory=list)

    def say(self, sentence: str) -> str:
        """Add ``sentence`` to the text and return it as a quote literal."""
        self.sentences.append(sentence)
        return _lit(sentence)

    def add(self, *lines: str) -> None:
        self.triples.extend(lines)

    def instant(self, value: str) -> str:
        prop, datatype = _date(value)
        self.add(f"t:{value} a time:Instant ; time:{prop} \"{value}\"^^xsd:{datatype} .")
        return f"t:{value}"

    def entity(self, iri: str, cls: str, label: str, sentence: str, *extra: str,
               level: str | None = None) -> None:
        parts = [f"{iri} a {cls}", f"skos:prefLabel {_lit(label)}@en"]
        parts += [f"spr:level level:{level}"] if level else []
        parts += [*extra, f"spr:quote {self.say(sentence)}"]
        self.add(" ;\n        ".join(parts) + " .")


@dataclass
class _Paper:
    key: str
    force: str
    label: str
    paragraphs: list[_Para] = field(default_factory=list)
    date: str = "2020-01-21"
    #: qualifies what each year's paper states anew (quantities, funding): "" the first year
    suffix: str = ""

    def para(self, section: str) -> _Para:
        found = dict(SECTIONS)
        par = _Para(len(self.paragraphs) + 1, (section, found[section]))
        self.paragraphs.append(par)
        return par

    def statement(self, rng: random.Random, threat: str, c: str, actor: str, partners: list[str],
                  sentence: str) -> None:
        par = self.para(threat)
        status = rng.choices([s for s, _ in STATUSES], [w for _, w in STATUSES])[0]
        iri = f"<{BASE}id/statement/{self.key}/p{par.number:03d}-{c}>"
        lines = [f"{iri} a spr:RequirementStatement", f"spr:threat thr15:{threat}",
                 f"spr:fiveC c5:{c}", f"spr:actor {actor}", f"spr:evidenceStatus status:{status}"]
        lines += [f"spr:partner {', '.join(partners)}"] if partners else []
        par.add(" ;\n        ".join([*lines, f"spr:quote {par.say(sentence)}"]) + " .")

    def trig(self) -> str:
        source = SourceDocument(Path(f"{self.key}.txt"), {
            "id": self.key, "title": "Strategic Policing Requirement (synthetic)",
            "publisher": self.label, "date": self.date}, {
            p.number: Paragraph(p.number, p.section[0], p.section[1], None,
                                [" ".join(p.sentences)]) for p in self.paragraphs})
        out = [provenance_trig(source, expand(self.force) or self.force)
               .split(TURTLE_PREFIXES, 1)[1]]
        for p in self.paragraphs:
            body = "\n    ".join(p.triples)
            out.append(f"<{BASE}id/graph/{self.key}/p{p.number:03d}> {{\n    {body}\n}}\n")
        return "\n".join(out)


def _names(count: int, rng: random.Random) -> list[str]:
    names = [a + b for a in FIRST for b in SECOND]
    rng.shuffle(names)
    return [names[i % len(names)] + (f" {i // len(names) + 1}" if i >= len(names) else "")
            for i in range(count)]


def _national(paper: _Paper) -> None:
    par = paper.para("background")
    for key, (cls, label, threats) in NATIONAL.items():
        addresses = ", ".join(f"thr15:{t}" for t in threats)
        extra = [f"spr:addressesThreat {addresses}"] if threats else []
        if key == "ceop":
            extra.append("org:subOrganizationOf ag:synth-nca")
        par.entity(f"ag:synth-{key}", cls, label, f"The {label} works at national level.",
                   *extra, level="national")


def _region(paper: _Paper, r: int, forces: list[tuple[str, str]], rng: random.Random) -> None:
    """The regional bodies, declared in the lead force's paper."""
    lead, lead_label = forces[0]
    reg = f"ag:synth-r{r:02d}"
    par = paper.para("serious-organised-crime")
    members = ", ".join(f for f, _ in forces)
    par.entity(f"{reg}-rocu", "spr:Collaboration", f"Region {r} Regional Organised Crime Unit",
               f"The Region {r} Regional Organised Crime Unit serves {len(forces)} forces.",
               f"org:hasMember {members}", "spr:addressesThreat thr15:serious-organised-crime",
               level="regional")
    par.entity(f"{reg}-rdt", "spr:PoliceUnit", f"Region {r} Regional Disruptions Team",
               f"The Region {r} Regional Disruptions Team sits in the ROCU.",
               f"org:unitOf {reg}-rocu", level="regional")
    par.entity(f"cap:synth-r{r:02d}-rocta", "spr:Capability",
               f"Region {r} Regional Organised Crime Threat Assessment",
               f"The Region {r} ROCU produces a regional threat assessment.", level="regional")
    par.add(f"{reg}-rocu spr:hasCapability cap:synth-r{r:02d}-rocta .")
    par = paper.para("terrorism")
    par.entity(f"{reg}-ctu", "spr:PoliceUnit", f"Region {r} Counter Terrorism Unit",
               f"{lead_label} hosts the Region {r} Counter Terrorism Unit for the region.",
               f"org:unitOf {lead}", "org:memberOf ag:synth-ctp-network",
               "spr:addressesThreat thr15:terrorism", level="regional")
    par = paper.para("civil-emergencies")
    par.entity(f"{reg}-lrf", "spr:Collaboration", f"Region {r} Local Resilience Forum",
               f"The Region {r} Local Resilience Forum plans for emergencies.",
               f"org:hasMember {members}", "spr:addressesThreat thr15:civil-emergencies",
               level="regional")
    par = paper.para("serious-organised-crime")
    par.entity(f"{reg}-board", "spr:GovernanceBoard",
               f"Region {r} Chief Constables and PCCs",
               f"The Region {r} Chief Constables and PCCs board oversees the ROCU.",
               level="regional")
    par.add(f"post:{lead.split(':')[1]}-chief-constable spr:chairs {reg}-board .",
            f"{reg}-rocu spr:governedBy {reg}-board .")
    money = paper.para("serious-organised-crime")
    end, replacement = rng.choice(ENDS[:2]), rng.choice(ENDS[1:])
    money.entity(f"fund:synth-r{r:02d}{paper.suffix}-ptf", "spr:FundingStream",
                 f"Region {r} transformation funding for ROCTA and RDT",
                 f"Transformation funding for the Region {r} ROCTA and RDT ends in {end}.",
                 "spr:funder ag:synth-home-office", f"spr:recipient {reg}-rocu",
                 f"spr:pays cap:synth-r{r:02d}-rocta, {reg}-rdt",
                 f"spr:endDate {money.instant(end)}")
    if rng.random() < 0.7:
        money.entity(f"fund:synth-r{r:02d}{paper.suffix}-regional", "spr:FundingStream",
                     f"Region {r} chief constables' funding for ROCTA and RDT",
                     f"The Region {r} chief constables fund ROCTA and RDT to {replacement}.",
                     f"spr:funder {reg}-board", f"spr:recipient {reg}-rocu",
                     f"spr:pays cap:synth-r{r:02d}-rocta, {reg}-rdt",
                     f"spr:endDate {money.instant(replacement)}",
                     f"dcterms:replaces fund:synth-r{r:02d}{paper.suffix}-ptf")
    links = (("terrorism", f"{reg}-ctu", "ag:synth-security-service"),
             ("serious-organised-crime", f"{reg}-rocu", "ag:synth-nca"),
             ("national-cyber-security-incident", f"{reg}-rocu", "ag:synth-ncsc"),
             ("civil-emergencies", f"{reg}-lrf", "ag:synth-cabinet-office"))
    for threat, actor, partner in links:
        paper.statement(rng, threat, "connectivity", actor, [partner],
                        f"The regional body works with national partners on {threat}.")


def _force(paper: _Paper, r: int, rng: random.Random) -> None:
    f, label = paper.force, paper.label
    key = f.split(":")[1]
    reg = f"ag:synth-r{r:02d}"
    par = paper.para("background")
    par.entity(f, "spr:PoliceForce", label, f"{label} is a territorial police force.",
               level="local")
    for unit, name, threat in UNITS:
        par.entity(f"ag:{key}-{unit}", "spr:PoliceUnit", f"{label} {name}",
                   f"{label} has a {name}.", f"org:unitOf {f}",
                   f"spr:addressesThreat thr15:{threat}", level="local")
    par.entity(f"post:{key}-chief-constable", "org:Post", f"{label} Chief Constable",
               f"The Chief Constable leads {label}.", f"org:postIn {f}", level="local")
    par.entity(f"post:{key}-acc", "org:Post", f"{label} ACC Security",
               f"The ACC Security of {label} chairs its security boards.", f"org:postIn {f}",
               level="local")
    boards = (("contest-board", "CONTEST board", "acc"),
              ("socex-board", "SOCEX board", rng.choice(["acc", "chief-constable"])),
              ("resilience-board", "resilience board", "chief-constable"))
    for board, name, chair in boards:
        par.entity(f"ag:{key}-{board}", "spr:GovernanceBoard", f"{label} {name}",
                   f"{label} holds a {name}.", f"org:subOrganizationOf {f}", level="local")
        par.add(f"post:{key}-{chair} spr:chairs ag:{key}-{board} .")
    partners = {"terrorism": [f"{reg}-ctu"], "public-order": ["ag:synth-npocc"],
                "serious-organised-crime": [f"{reg}-rocu"],
                "national-cyber-security-incident": [f"{reg}-rocu"],
                "civil-emergencies": [f"{reg}-lrf"],
                "child-sexual-abuse": ["ag:synth-ceop"] if rng.random() < 0.5 else []}
    actors = {t: f"ag:{key}-{u}" for u, _, t in UNITS}
    for threat, _ in SECTIONS[1:]:
        for c in CS:
            if rng.random() < 0.12:
                continue
            named = partners[threat] if c == "connectivity" else []
            actor = actors.get(threat, f) if c == "connectivity" else f
            paper.statement(rng, threat, c, actor, named,
                            f"{label} evidences {c} on {threat} with its partners.")
    _money(paper, key, label, reg, r, rng)


def _money(paper: _Paper, key: str, label: str, reg: str, r: int, rng: random.Random) -> None:
    par = paper.para("serious-organised-crime")
    key_ = f"{key}{paper.suffix}"
    par.entity(f"fund:{key_}-rocu", "spr:FundingStream", f"{label} contribution to the ROCU",
               f"{label} contributes to the Region {r} ROCU.", f"spr:funder ag:{key}",
               f"spr:recipient {reg}-rocu", f"spr:pays {reg}-rocu")
    end = rng.choice(ENDS)
    par.entity(f"fund:{key_}-armed-uplift", "spr:FundingStream", f"{label} armed uplift funding",
               f"Armed uplift funding for {label} runs to {end}.",
               "spr:funder ag:synth-home-office", f"spr:recipient ag:{key}",
               f"spr:pays ag:{key}-firearms", f"spr:endDate {par.instant(end)}")
    cbrn = paper.para("civil-emergencies")
    cbrn.entity(f"cap:{key}-cbrn", "spr:Capability", f"{label} CBRN responders",
                f"{label} keeps CBRN responders.", level="local")
    cbrn.add(f"ag:{key} spr:hasCapability cap:{key}-cbrn .")
    required = rng.randrange(100, 400, 10)
    when = f"2019-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
    for role, value, at in (("required", required, None),
                            ("held", int(required * rng.uniform(0.6, 1.2)), when),
                            ("forecast", int(required * rng.uniform(0.8, 1.3)), "2020-03")):
        extra = [f"spr:asAt {cbrn.instant(at)}"] if at else []
        cbrn.entity(f"qty:{key_}-cbrn-{role}", "spr:CapabilityQuantity",
                    f"{label} CBRN responders {role}",
                    f"{label} CBRN responders {role}: {value}.", f"spr:quantityOf cap:{key}-cbrn",
                    f"spr:value {value}", "spr:unitOfMeasure uom:officer",
                    f"spr:quantityRole role:{role}", f"spr:scope ag:{key}", *extra)


AREA_UNITS = (("neighbourhood", "Neighbourhood Policing Team", "public-order"),
              ("safeguarding", "Safeguarding Hub", "child-sexual-abuse"),
              ("investigations", "Investigations Team", "serious-organised-crime"),
              ("prevent", "Prevent Team", "terrorism"),
              ("digital", "Digital Investigation Team", "national-cyber-security-incident"),
              ("emergency", "Emergency Planning Team", "civil-emergencies"))


def _area(paper: _Paper, r: int, area: int, rng: random.Random) -> None:
    """Local policing area ``area`` of the paper's force (papers of ``density`` > 1)."""
    f, label = paper.force, paper.label
    key, reg = f"{f.split(':')[1]}-lpa{area:02d}", f"ag:synth-r{r:02d}"
    name = f"{label} Area {area}"
    par = paper.para("background")
    for unit, unit_name, threat in AREA_UNITS:
        par.entity(f"ag:{key}-{unit}", "spr:PoliceUnit", f"{name} {unit_name}",
                   f"{name} has a {unit_name}.", f"org:unitOf {f}",
                   f"spr:addressesThreat thr15:{threat}", level="local")
    par.entity(f"post:{key}-superintendent", "org:Post", f"{name} Superintendent",
               f"The Superintendent of {name} chairs its area board.", f"org:postIn {f}",
               level="local")
    par.entity(f"ag:{key}-board", "spr:GovernanceBoard", f"{name} board",
               f"{name} holds an area board.", f"org:subOrganizationOf {f}", level="local")
    par.add(f"post:{key}-superintendent spr:chairs ag:{key}-board .")
    partners = {"terrorism": f"{reg}-ctu", "public-order": "ag:synth-npocc",
                "serious-organised-crime": f"{reg}-rocu", "civil-emergencies": f"{reg}-lrf",
                "national-cyber-security-incident": f"{reg}-rocu",
                "child-sexual-abuse": "ag:synth-ceop"}
    actors = {t: f"ag:{key}-{u}" for u, _, t in AREA_UNITS}
    for threat, _ in SECTIONS[1:]:
        for c in CS:
            if rng.random() < 0.12:
                continue
            named = [partners[threat]] if c == "connectivity" else []
            paper.statement(rng, threat, c, actors[threat], named,
                            f"{name} evidences {c} on {threat} with its partners.")
    money = paper.para("serious-organised-crime")
    end = rng.choice(ENDS)
    money.entity(f"fund:{key}{paper.suffix}-area", "spr:FundingStream",
                 f"{name} investigations funding",
                 f"Funding for the {name} Investigations Team runs to {end}.",
                 f"spr:funder {f}", f"spr:recipient ag:{key}-investigations",
                 f"spr:pays ag:{key}-investigations", f"spr:endDate {money.instant(end)}")


def synth_papers(forces: int, seed: int = 0, regions: int | None = None, years: int = 1,
                 density: int = 1) -> Iterator[str]:
    """The text of :func:`synth_trig`, a paper at a time (to write a big one)."""
    if forces < 1:
        raise ValueError("forces must be at least 1")
    if density < 1:
        raise ValueError("density must be at least 1")
    rng = random.Random(seed)
    regions = max(1, min(forces, regions or round(forces / 4.3)))
    names = _names(forces, rng)
    keys = [f"synth-{i + 1:03d}" for i in range(forces)]
    by_region: dict[int, list[tuple[str, str]]] = {r: [] for r in range(1, regions + 1)}
    for i, key in enumerate(keys):
        by_region[i % regions + 1].append((f"ag:{key}", f"{names[i]} Police"))
    dense = f", density {density}" if density > 1 else ""
    yield (f"# Synthetic SPR graph: {forces} forces in {regions} regions, seed {seed}{dense}.\n"
           "# Generated by `spr-graph synth`; not real data.\n")
    yield TURTLE_PREFIXES
    for year in range(years):
        for i, key in enumerate(keys):
            region = i % regions + 1
            suffix = f"-{2020 + year}" if year else ""
            paper = _Paper(f"{key}-spr{suffix}", f"ag:{key}", f"{names[i]} Police",
                           date=f"{2020 + year}-01-21", suffix=suffix)
            if i == 0:
                _national(paper)
            if by_region[region][0][0] == paper.force:
                _region(paper, region, by_region[region], rng)
            _force(paper, region, rng)
            for area in range(1, density):
                _area(paper, region, area, rng)
            yield paper.trig()


def synth_trig(forces: int, seed: int = 0, regions: int | None = None, years: int = 1,
               density: int = 1) -> str:
    """A synthetic national graph of ``forces`` forces as TriG text (see the module doc),
    with ``years`` papers a force: one a year from January 2020, each stating its own
    (random) facts; the first year's paper ids are the same whatever ``years``;
    ``density`` N: N times the facts in each paper."""
    return "\n".join(synth_papers(forces, seed, regions, years, density))
