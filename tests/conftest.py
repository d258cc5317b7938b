"""Shared fixtures: the bundled data loaded once, a CLI runner, three synthetic forces
and headless Chromium."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from browser_support import CHROMIUM_ARGS, Visit, chromium_path
from click.testing import CliRunner

from spr_graph.store.load import Loaded, load

TESTS = Path(__file__).resolve().parent
DATA = TESTS / "data"
ARTIFACTS = TESTS / "artifacts"
@pytest.fixture(scope="session")
def bundled() -> Loaded:
    """The bundled ontology, shapes and data, loaded once (treat as read-only)."""
    return load()


@pytest.fixture(scope="session")
def bundled_quads(bundled: Loaded) -> list[ox.Quad]:
    """Every bundled quad as a list.

    A pyoxigraph ``QuadIter`` may only be dropped on the thread that made it; one left in a
    test's frame can be collected later on a server thread, which pyo3 reports as an
    unraisable error. Tests therefore share this materialised list instead.
    """
    return list(bundled.store.quads_for_pattern(None, None, None))


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def three_forces(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three synthetic forces' papers in one TriG file (treat as read-only): a command
    that analyses one force says which."""
    from spr_graph.papers.synth import synth_trig

    trig = tmp_path_factory.mktemp("three-forces") / "synth.trig"
    trig.write_text(synth_trig(3, seed=11), encoding="utf-8")
    return trig


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """One build of the bundled data through the command line: (the pack, what it
    printed). Shared by the build and browser tests; treat the folder as read-only."""
    from spr_graph.cli import main

    folder = tmp_path_factory.mktemp("pack") / "exports"
    result = CliRunner().invoke(main, ["build", "-o", str(folder)])
    assert result.exit_code == 0, result.output
    return folder, result.output


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Debian Chromium under Playwright; skips off CI when it is missing."""
    executable = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - depends on the machine
        executable = None
    if executable is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but Chromium or Playwright is missing: "
                        "run scripts/install-test-deps.sh")
        pytest.skip("needs Debian's chromium and playwright (scripts/install-test-deps.sh)")
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=executable, headless=True,
                                      args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def visit(browser: Any) -> Iterator[Any]:
    """Opens pages offline in fresh browser contexts (:class:`Visit`), closed afterwards."""
    opened: list[Visit] = []

    def open_page(path: Path) -> Visit:
        opened.append(Visit(browser, path))
        return opened[-1]

    yield open_page
    for v in opened:
        v.context.close()
