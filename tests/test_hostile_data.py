"""Data that becomes file names or a layout, written to break them.

- Threat labels over 255 characters, labels that make the same file name, labels of
  path separators, dots, control characters and reserved device names: ``map --all`` and
  ``build`` write bounded, distinct, safe file names (:func:`spr_graph.core.fs.file_stem`).
- A node with 600 direct neighbours, in a process where SciPy cannot be imported:
  ``map``, ``map --all`` and ``build`` lay it out all the same (NetworkX's spring layout
  needs SciPy from 500 nodes).
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from pathlib import Path

import pytest
from files_support import PAPER
from hostile_support import assert_no_temp_files, invoke

from spr_graph.core.fs import STEM_LIMIT, file_stem, unique_name
from spr_graph.core.publish import SUMS

LONG = "Serious " + "and very organised " * 14 + "crime"
#: Threat labels: long, clashing once made file names, and hostile.
LABELS = [LONG, LONG + "!", "Cyber crime", "Cyber-crime", "CYBER CRIME", "../../etc/passwd",
          ".hidden", "con", "a/b\\c", "tab\there\nnewline\x1b[2J", "\u202eevil", "ŵŷ", ""]


def _threats_paper(tmp_path: Path) -> Path:
    """The small paper plus one statement per label in :data:`LABELS`, each about a
    threat of its own."""
    statements = []
    for i, label in enumerate(LABELS):
        text = label.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") \
            .replace("\t", "\\t").replace("\x1b", "\\u001b")
        statements.append(f"""
    ex:threat-{i} a spr:Threat ; skos:prefLabel "{text}"@en ; skos:inScheme scheme:spr-2015 .
    ex:st-{i} a spr:RequirementStatement ; spr:threat ex:threat-{i} ; spr:fiveC c5:connectivity ;
        spr:actor ex:unit ; spr:partner ex:agency ; spr:pillar pillar:pursue ;
        spr:evidenceStatus status:in-place ; spr:quote "everyone" .""")
    path = tmp_path / "threats.trig"
    path.write_text(PAPER.read_text(encoding="utf-8") + "ex:g1 {" + "".join(statements)
                    + "\n}\n", encoding="utf-8")
    return path


def _hub_paper(tmp_path: Path, leaves: int = 600) -> Path:
    """The small paper plus ``leaves`` units of its force: one node, 600+ neighbours."""
    units = "".join(f'    ex:hub-unit-{i:04d} a spr:PoliceUnit ; skos:prefLabel "Hub unit {i}"@en'
                    " ; org:unitOf ex:force .\n" for i in range(leaves))
    path = tmp_path / "hub.trig"
    path.write_text(PAPER.read_text(encoding="utf-8") + "ex:g1 {\n" + units + "}\n",
                    encoding="utf-8")
    return path


SAFE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@pytest.mark.parametrize("label", LABELS, ids=range(len(LABELS)))
def test_a_file_stem_is_safe_and_bounded(label: str) -> None:
    stem = file_stem(label)
    assert SAFE.match(stem) and len(stem) <= STEM_LIMIT, stem
    assert stem not in ("con", "nul", "aux", "prn")
    assert file_stem(label) == stem


def test_long_stems_keep_a_hash_and_clashes_get_one_whatever_came_before() -> None:
    assert file_stem(LONG) != file_stem(LONG + "!")  # cut at the same place, hashed apart
    assert file_stem("Terrorism") == "terrorism"  # short names are kept as they are
    taken: set[str] = set()
    first = unique_name("cyber-crime", "thr:a", taken, "threat-", ".html")
    second = unique_name("cyber-crime", "thr:b", taken, "threat-", ".html")
    again: set[str] = {"threat-cyber-crime.html"}
    unique_name("cyber-crime", "thr:c", again, "threat-", ".html")
    assert first == "threat-cyber-crime.html" != second
    assert unique_name("cyber-crime", "thr:b", again, "threat-", ".html") == second


@pytest.mark.parametrize("args", [["map", "--all"], ["build"]], ids=["map-all", "build"])
def test_hostile_threat_labels_give_bounded_distinct_file_names(tmp_path: Path,
                                                                 args: list[str]) -> None:
    folder = tmp_path / "out"
    os.chdir(tmp_path)
    result = invoke([*args, "--data", str(_threats_paper(tmp_path)), "-o", str(folder)])
    assert result.exit_code == 0, result.output
    maps = folder / "maps" if args[0] == "build" else folder
    names = sorted(p.name for p in maps.glob("threat-*.html"))
    assert len(names) == len(LABELS) + 6  # six SPR threats of the 2015 scheme
    for name in names:
        assert len(name.encode()) <= len("threat-.html") + STEM_LIMIT, name
        assert SAFE.match(name.removesuffix(".html")), name
    listed = (folder / SUMS).read_text(encoding="utf-8")
    assert all(name in listed for name in names)
    assert_no_temp_files(tmp_path)


@pytest.fixture
def without_scipy(monkeypatch: pytest.MonkeyPatch) -> None:
    """``import scipy`` fails in this process, as on a machine without it."""
    monkeypatch.setitem(sys.modules, "scipy", None)
    with pytest.raises(ImportError):
        importlib.import_module("scipy")


HUB_COMMANDS = [
    # (id, args, the whole-force map it writes)
    ("map", ["map", "-o", "hub.html"], "hub.html"),
    ("map-all", ["map", "--all", "-o", "maps"], "maps/map.html"),
    ("build", ["build", "-o", "pack"], "pack/maps/map.html"),
]


@pytest.mark.parametrize(("args", "page"), [pytest.param(*c[1:], id=c[0]) for c in HUB_COMMANDS])
@pytest.mark.usefixtures("without_scipy")
def test_a_600_neighbour_hub_is_laid_out_without_scipy(tmp_path: Path, args: list[str],
                                                       page: str) -> None:
    os.chdir(tmp_path)
    result = invoke([*args, "--data", str(_hub_paper(tmp_path))])
    assert result.exit_code == 0, result.output
    html = (tmp_path / page).read_text(encoding="utf-8")
    assert html.count("Hub unit ") >= 600
