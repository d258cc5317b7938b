"""Benchmark: load time and catalogue query times, embedded Oxigraph vs plain rdflib.

Run on demand (never in the test suite)::

    python3 benchmarks/bench_sparql.py              # bundled, ~100k and ~1M triples
    python3 benchmarks/bench_sparql.py --sizes 100000 --repeat 3

Datasets: the bundled paper, and synthetic graphs of about 100k and 1M triples shaped
like the national picture: many forces' papers over several years, one named graph per
paragraph, each holding requirement statements (threat, C, actor, partners, status,
quote), units, posts, boards and who chairs them, quantities held and required, funding
streams with end dates, risks and threat categories, in spr-graph's vocabulary, so that
every catalogue query finds answers. Both engines load the same N-Quads file and run
every catalogue query through the path ``spr-graph query`` takes (checks, parameters,
worker process, time limit). Figures are medians; compare ratios measured in one run.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from spr_graph import resources  # noqa: E402
from spr_graph.errors import QueryTimeout  # noqa: E402
from spr_graph.load import load  # noqa: E402
from spr_graph.namespaces import PREFIXES  # noqa: E402
from spr_graph.rdflib_bridge import dataset  # noqa: E402
from spr_graph.sparql.catalogue import load_catalogue  # noqa: E402
from spr_graph.sparql.engine import OxigraphRunner, RdflibRunner, Runner, execute  # noqa: E402
from spr_graph.sparql.params import bindings  # noqa: E402

REQUIRED = {"paragraph-facts": ("paragraph=67",), "where-mentioned": ("entity=ag:rocu",),
            "quote-search": ("text=CBRN",)}
THREATS = ["terrorism", "serious-organised-crime", "public-order", "civil-emergencies",
           "national-cyber-security-incident", "child-sexual-abuse"]
CS = ["capacity", "contribution", "capability", "consistency", "connectivity"]
STATUSES = ["in-place"] * 6 + ["in-progress", "planned", "piloted", "aspiration", "ended"]
PILLARS = ["pursue", "prevent", "protect", "prepare"]
NATIONAL = ["nca", "ncsc", "hmrc", "dwp", "cps", "npcc", "college-of-policing", "hmicfrs",
            "security-service", "home-office", "btp", "nhs"]
BASE_GRAPH = PREFIXES["g"].rsplit("/", 2)[0] + "/"
BASE_PARA = PREFIXES["para"].rsplit("/", 2)[0] + "/"
WORDS = ("capacity capability partners regional national tasking intelligence training "
         "response funding board unit threat resilience exercise CBRN officers").split()


def _iri(prefix: str, local: str) -> str:
    return f"<{PREFIXES[prefix]}{local}>"


def _lit(value: str, datatype: str | None = None, lang: str | None = None) -> str:
    text = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if lang:
        return f"{text}@{lang}"
    return f"{text}^^<{PREFIXES['xsd']}{datatype}>" if datatype else text


def synthetic(triples: int, seed: int = 7) -> Iterator[str]:
    """N-Quads lines of about ``triples`` quads: one paper per force and year."""
    rnd = random.Random(seed)
    a, label, quote = _iri("rdf", "type"), _iri("skos", "prefLabel"), _iri("spr", "quote")
    made = 0
    paper = 0
    while made < triples:
        force, year = paper % 43, 2015 + paper // 43
        key = f"f{force:02d}-{year}"
        doc, prov = _iri("doc", f"spr-{key}"), f"<{PREFIXES['g']}provenance-{key}>"
        force_iri = _iri("ag", f"force-{force:02d}")
        units = [_iri("ag", f"force-{force:02d}-unit-{k}") for k in range(12)]
        posts = [_iri("post", f"force-{force:02d}-post-{k}") for k in range(6)]
        boards = [_iri("ag", f"force-{force:02d}-board-{k}") for k in range(8)]
        region = _iri("ag", f"rocu-{force % 10}")
        lines = [f"{doc} {a} {_iri('spr', 'SourceDocument')} {prov} .",
                 f"{doc} {_iri('spr', 'edition')} {_iri('scheme', 'spr-2015')} {prov} .",
                 f"{doc} {_iri('spr', 'force')} {force_iri} {prov} ."]
        for number in range(1, 136):
            graph = f"<{BASE_GRAPH}{key}/p{number:03d}>"
            para = f"<{BASE_PARA}{key}/p{number:03d}>"
            threat = _iri("thr15", rnd.choice(THREATS))
            lines += [f"{graph} {_iri('prov', 'wasDerivedFrom')} {para} {prov} .",
                      f"{para} {_iri('spr', 'paragraphNumber')} {_lit(str(number), 'integer')} {prov} .",
                      f"{para} {_iri('spr', 'section')} {_lit('Section ' + str(number // 12))} {prov} ."]
            if number <= 12:
                unit = units[number - 1]
                lines += [f"{unit} {a} {_iri('spr', 'PoliceUnit')} {graph} .",
                          f"{unit} {label} {_lit(f'Unit {number} of force {force}', lang='en')} {graph} .",
                          f"{unit} {_iri('org', 'unitOf')} {force_iri} {graph} .",
                          f"{unit} {_iri('spr', 'level')} {_iri('level', 'local')} {graph} ."]
            if 12 < number <= 20:
                board, post = boards[number - 13], posts[(number - 13) % 6]
                lines += [f"{board} {a} {_iri('spr', 'GovernanceBoard')} {graph} .",
                          f"{board} {label} {_lit(f'Board {number} of force {force}', lang='en')} {graph} .",
                          f"{board} {_iri('org', 'subOrganizationOf')} {force_iri} {graph} .",
                          f"{post} {_iri('spr', 'chairs')} {board} {graph} ."]
            for s in range(rnd.randint(1, 3)):
                st = _iri("stmt", f"{key}-p{number:03d}-{s}")
                lines += [f"{st} {a} {_iri('spr', 'RequirementStatement')} {graph} .",
                          f"{st} {_iri('spr', 'threat')} {threat} {graph} .",
                          f"{st} {_iri('spr', 'fiveC')} {_iri('c5', rnd.choice(CS))} {graph} .",
                          f"{st} {_iri('spr', 'actor')} {rnd.choice(units + [force_iri])} {graph} .",
                          f"{st} {_iri('spr', 'evidenceStatus')} {_iri('status', rnd.choice(STATUSES))} {graph} .",
                          f"{st} {quote} {_lit(' '.join(rnd.choices(WORDS, k=9)))} {graph} ."]
                for partner in rnd.sample(NATIONAL, rnd.randint(0, 2)) + [None] * rnd.randint(0, 1):
                    target = region if partner is None else _iri("ag", partner)
                    lines.append(f"{st} {_iri('spr', 'partner')} {target} {graph} .")
                if rnd.random() < 0.2:
                    lines.append(f"{st} {_iri('spr', 'pillar')} {_iri('pillar', rnd.choice(PILLARS))} {graph} .")
            if number % 9 == 0:
                cap = _iri("cap", f"capability-{number % 27}")
                month = _iri("t", f"{year}-{1 + number % 12:02d}")
                for role, value in (("required", 300), ("held", rnd.randint(150, 320))):
                    qty = _iri("qty", f"{key}-p{number:03d}-{role}")
                    lines += [f"{qty} {a} {_iri('spr', 'CapabilityQuantity')} {graph} .",
                              f"{qty} {_iri('spr', 'quantityOf')} {cap} {graph} .",
                              f"{qty} {_iri('spr', 'quantityRole')} {_iri('role', role)} {graph} .",
                              f"{qty} {_iri('spr', 'value')} {_lit(str(value), 'integer')} {graph} .",
                              f"{qty} {_iri('spr', 'unitOfMeasure')} {_iri('uom', 'officer')} {graph} .",
                              f"{qty} {_iri('spr', 'scope')} {force_iri} {graph} .",
                              f"{qty} {_iri('spr', 'asAt')} {month} {graph} ."]
                lines.append(f"{month} {_iri('time', 'inXSDgYearMonth')} "
                             f"{_lit(f'{year}-{1 + number % 12:02d}', 'gYearMonth')} {graph} .")
            if number % 15 == 0:
                fund = _iri("fund", f"{key}-p{number:03d}")
                end = _iri("t", f"{year + 1}-03")
                lines += [f"{fund} {a} {_iri('spr', 'FundingStream')} {graph} .",
                          f"{fund} {_iri('spr', 'funder')} {_iri('ag', 'home-office')} {graph} .",
                          f"{fund} {_iri('spr', 'recipient')} {rnd.choice(units)} {graph} .",
                          f"{fund} {_iri('spr', 'value')} {_lit(str(rnd.randint(10, 900) * 1000), 'integer')} {graph} .",
                          f"{fund} {_iri('spr', 'unitOfMeasure')} {_iri('uom', 'gbp')} {graph} .",
                          f"{fund} {_iri('spr', 'endDate')} {end} {graph} .",
                          f"{fund} {_iri('spr', 'evidenceStatus')} {_iri('status', rnd.choice(STATUSES))} {graph} .",
                          f"{end} {_iri('time', 'inXSDgYearMonth')} {_lit(f'{year + 1}-03', 'gYearMonth')} {graph} ."]
            if number % 11 == 0:
                risk = _iri("risk", f"{key}-p{number:03d}")
                lines += [f"{risk} {a} {_iri('spr', 'Risk')} {graph} .",
                          f"{risk} {_iri('spr', 'threat')} {threat} {graph} .",
                          f"{risk} {quote} {_lit(' '.join(rnd.choices(WORDS, k=6)))} {graph} ."]
        made += len(lines)
        paper += 1
        yield from lines


def timed(func: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = func()
    return time.perf_counter() - started, value


def bench_queries(runner: Runner, repeat: int, timeout: float) -> dict[str, float]:
    """Median seconds per catalogue query (inf when it hits the time limit)."""
    medians: dict[str, float] = {}
    for name, query in load_catalogue().items():
        values = bindings(REQUIRED.get(name, ()), query.params)
        times: list[float] = []
        for _ in range(repeat):
            try:
                seconds, _ = timed(lambda: execute(runner, query.text, values, limit=None,
                                                   timeout=timeout, source=name))
            except QueryTimeout:
                seconds = float("inf")
            times.append(seconds)
            if seconds == float("inf"):
                break
        medians[name] = statistics.median(times)
    return medians


def fmt(seconds: float) -> str:
    return "timeout" if seconds == float("inf") else f"{seconds:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=5, help="runs per query (Oxigraph)")
    parser.add_argument("--rdflib-repeat", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()
    summary: list[tuple[str, ...]] = []
    details: dict[str, dict[str, dict[str, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        bundled = resources.default_files()
        sets: list[tuple[str, list[Path]]] = [("bundled", bundled)]
        for size in args.sizes:
            path = Path(tmp) / f"synthetic-{size}.nq"
            path.write_text("\n".join(synthetic(size)) + "\n", encoding="utf-8")
            sets.append((f"synthetic {size // 1000}k + bundled", [*bundled, path]))
        for name, files in sets:
            gc.collect()
            load_s, loaded = timed(lambda: load(files))
            quads = len(loaded.store)
            raw_s, raw = timed(lambda: _bulk_load(files[-1]))
            ox_times = bench_queries(OxigraphRunner(loaded.store), args.repeat, args.timeout)
            rd_load_s, ds = timed(lambda: _rdflib_load(files))
            rd_times = bench_queries(RdflibRunner(ds), args.rdflib_repeat, args.timeout)
            details[name] = {"oxigraph": ox_times, "rdflib": rd_times}
            for engine, seconds, times in (("oxigraph", load_s, ox_times),
                                           ("rdflib", rd_load_s, rd_times)):
                finite = [t for t in times.values() if t != float("inf")]
                summary.append((name, f"{quads:,}", engine, f"{seconds:.2f}",
                                f"{quads / seconds:,.0f}",
                                fmt(statistics.median(times.values())),
                                fmt(max(times.values())), f"{sum(finite):.2f}"))
            if raw:
                summary.append((name, f"{raw:,} (.nq)", "Store.bulk_load", f"{raw_s:.2f}",
                                f"{raw / raw_s:,.0f}", "", "", ""))
            del loaded, ds
    _print(("dataset", "quads", "engine", "load s", "quads/s", "median query s",
            "slowest query s", "all queries s"), summary)
    for name, engines in details.items():
        print(f"\nPer query on {name}: median seconds, Oxigraph vs rdflib")
        rows = [(q, fmt(engines["oxigraph"][q]), fmt(engines["rdflib"][q]),
                 f"{engines['rdflib'][q] / engines['oxigraph'][q]:.0f}x")
                for q in engines["oxigraph"]]
        _print(("query", "oxigraph", "rdflib", "speed-up"), rows)


def _bulk_load(path: Path) -> int:
    """Oxigraph's own fastest path, for comparison with the tool's validating loader."""
    if path.suffix != ".nq":
        return 0
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    return len(store)


def _rdflib_load(files: list[Path]) -> Any:
    """rdflib's own parser for the synthetic N-Quads; the bundled files as the tool reads
    them (their TriG is parsed by pyoxigraph, for exact errors, then copied)."""
    synthetic_files = [f for f in files if f.suffix == ".nq"]
    ds = dataset(load([f for f in files if f.suffix != ".nq"]).store.quads_for_pattern(
        None, None, None))
    for path in synthetic_files:
        ds.parse(str(path), format="nquads")
    return ds


def _print(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


if __name__ == "__main__":
    main()
