"""The installed package works from any directory with its bundled ontology and data.

These run the real console script in a subprocess from an empty directory, so they check
the wheel (non-editable install), not the source checkout. Off CI they skip when the
package is not installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _installed_location(cwd: Path) -> Path | None:
    probe = subprocess.run([sys.executable, "-c", "import spr_graph; print(spr_graph.__file__)"],
                           cwd=cwd, capture_output=True, timeout=600, text=True, env=_env())
    return Path(probe.stdout.strip()).resolve() if probe.returncode == 0 else None


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    return env


@pytest.fixture
def script(tmp_path: Path) -> str:
    location = _installed_location(tmp_path)
    exe = shutil.which("spr-graph")
    if location is None or exe is None or REPO in location.parents:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but spr-graph is not installed as a package")
        pytest.skip("spr-graph is not installed non-editably (pip install .)")
    return exe


def test_installed_package_carries_ontology_and_data(tmp_path: Path, script: str) -> None:
    location = _installed_location(tmp_path)
    assert location is not None
    bundled = location.parent / "_bundled"
    assert (bundled / "ontology" / "spr.ttl").is_file()
    assert (bundled / "ontology" / "shapes.ttl").is_file()
    paper = bundled / "data" / "papers" / "wmp-spr-2020-01-21"
    assert (paper / "paper.txt").is_file() and (paper / "manifest.json").is_file()
    assert len(list(paper.glob("*.trig"))) >= 5


def test_validate_and_stats_run_from_another_directory(tmp_path: Path, script: str) -> None:
    validate = subprocess.run([script, "validate"], cwd=tmp_path, capture_output=True, timeout=600,
                              text=True, env=_env())
    assert validate.returncode == 0, validate.stdout + validate.stderr
    assert "conforms" in validate.stdout
    stats = subprocess.run([script, "stats"], cwd=tmp_path, capture_output=True, timeout=600,
                           text=True, env=_env())
    assert stats.returncode == 0, stats.stderr
    assert "135 numbered paragraphs" in stats.stdout
    assert list(tmp_path.iterdir()) == [], "commands must not litter the working directory"


def test_readme_main_job_builds_the_pack_from_another_directory(tmp_path: Path,
                                                                script: str) -> None:
    build = subprocess.run([script, "build"], cwd=tmp_path, capture_output=True, timeout=600,
                           text=True, env=_env())
    assert build.returncode == 0, build.stdout + build.stderr
    pack = tmp_path / "exports"
    for name in ("index.html", "report.html", "report.md", "graph.graphml", "dataset.trig"):
        assert (pack / name).is_file(), name
    assert "index.html" in build.stdout


def test_installed_package_carries_the_query_catalogue(tmp_path: Path, script: str) -> None:
    listed = subprocess.run([script, "queries", "--format", "json"], cwd=tmp_path,
                            capture_output=True, timeout=600, text=True, env=_env())
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.count('"name"') >= 20


def test_installed_package_searches_with_its_prebuilt_index(tmp_path: Path, script: str) -> None:
    probe = subprocess.run([sys.executable, "-c", "from spr_graph.graph.search_bundled import "
                            "bundled_index; print(bundled_index().path)"], cwd=tmp_path,
                           capture_output=True, timeout=600, text=True, env=_env())
    assert probe.returncode == 0, probe.stderr
    assert Path(probe.stdout.strip()).parts[-3:] == ("_bundled", "data", "search-index.sqlite")
    found = subprocess.run([script, "search", "airwave", "-f", "json"], cwd=tmp_path,
                           capture_output=True, timeout=600, text=True, env=_env())
    assert found.returncode == 0, found.stderr
    assert '"label": "Airwaves"' in found.stdout
    assert list(tmp_path.iterdir()) == [], "commands must not litter the working directory"
