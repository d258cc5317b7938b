"""The house rules, checked: layers, pure analysis, small modules and functions, one
--format vocabulary. ``lint-imports`` (run by CI before the tests) enforces the layers
with every import counted; these tests check what it cannot, and run it too."""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import spr_graph
from spr_graph.cli import main

PACKAGE = Path(spr_graph.__file__).parent
ROOT = PACKAGE.parent
MODULES = sorted(PACKAGE.rglob("*.py"))
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def _loaded_after(statement: str) -> set[str]:
    """Top-level module names in ``sys.modules`` after running ``statement`` afresh."""
    code = f"{statement}\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=True, cwd=ROOT)
    return {name.split(".")[0] for name in json.loads(done.stdout)}


@pytest.mark.parametrize("package", ["spr_graph.analysis", "spr_graph.graph"])
def test_analysis_and_the_projection_load_no_rdf_library(package: str) -> None:
    """Every module of the package imported, functions' own imports included: analysis
    runs on NetworkX and plain data, whatever the source was."""
    names = sorted(p.stem for p in (PACKAGE / package.split(".")[1]).glob("*.py")
                   if p.stem != "__init__")
    loaded = _loaded_after("\n".join(f"import {package}.{n}" for n in names))
    assert "networkx" in loaded  # the check sees what the modules import
    assert not loaded & {"pyoxigraph", "rdflib", "pyshacl", "jinja2", "pyvis"}


def test_importing_the_library_is_cheap() -> None:
    """``import spr_graph`` gives the API without loading any engine or renderer."""
    loaded = _loaded_after("import spr_graph")
    assert not loaded & {"pyoxigraph", "rdflib", "networkx", "jinja2", "click"}


@pytest.mark.skipif(shutil.which("lint-imports") is None and not os.environ.get("CI"),
                    reason="import-linter is a development tool (CI installs it)")
def test_the_layer_contracts_hold() -> None:
    done = subprocess.run(["lint-imports", "--no-cache"], capture_output=True, text=True,
                          timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stdout[-3000:]
    assert "0 broken" in done.stdout


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_and_functions_stay_small(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{path.name}: {lines} lines"
    long = [(node.name, node.end_lineno - node.lineno + 1) for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and node.end_lineno is not None
            and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES]
    assert not long, f"{path.name}: functions over {MAX_FUNCTION_LINES} lines: {long}"


def test_the_public_api_is_documented_with_examples() -> None:
    """Everything in ``spr_graph.__all__`` has a docstring; functions and the graph's
    public methods carry a doctested example (pytest runs them: --doctest-modules)."""
    missing = []
    for name in spr_graph.__all__:
        obj = getattr(spr_graph, name)
        if name != "__version__" and not (obj.__doc__ or "").strip():
            missing.append(name)
    for name, member in vars(spr_graph.Graph).items():
        doc = getattr(member, "__doc__", None) or ""
        if not name.startswith("_") and not doc.strip():
            missing.append(f"Graph.{name}")
    assert not missing
    assert ">>>" in (spr_graph.open.__doc__ or "")
    assert ">>>" in (spr_graph.__doc__ or "")
    public = [spr_graph.open, spr_graph.build, *(
        member for name, member in [*vars(spr_graph.Graph).items(),
                                    *vars(spr_graph.Report).items()]
        if not name.startswith("_") and callable(getattr(member, "__get__", None)))]
    without = [getattr(f, "__name__", getattr(getattr(f, "func", None), "__name__", f))
               for f in public if ">>>" not in (getattr(f, "__doc__", None) or "")]
    assert not without, f"public API without a doctested example: {without}"


def _commands() -> list[tuple[str, click.Command]]:
    found = []
    for name in main.list_commands(click.Context(main)):
        command = main.get_command(click.Context(main), name)
        assert command is not None
        found.append((name, command))
    return found


def _format_option(command: click.Command) -> click.Option | None:
    return next((p for p in command.params
                 if isinstance(p, click.Option) and "--format" in p.opts), None)


@pytest.mark.parametrize(("name", "command"), _commands(), ids=lambda c: str(c))
def test_one_format_vocabulary(name: str, command: click.Command) -> None:
    """Every --format is -f/--format, its choices come from one vocabulary, and the
    default (where there is one) is ``table``."""
    option = _format_option(command)
    if option is None:
        return
    assert "-f" in option.opts, f"{name}: no -f"
    choices = set(getattr(option.type, "choices", ()))
    if name == "export":  # export's formats are file formats, not renderings
        return
    assert choices & {"table", "json"}, f"{name}: {sorted(choices)}"
    if name != "query":  # html: one offline page, where a command offers one (diff)
        assert choices <= {"table", "markdown", "csv", "json", "html"}, f"{name}: {sorted(choices)}"
    default = option.default if isinstance(option.default, str) else None
    assert default in (None, "table")


@pytest.mark.parametrize("args", [["stats"], ["validate"], ["queries"], ["capacity"]])
def test_text_is_still_read_as_table(args: list[str]) -> None:
    runner = CliRunner()
    old = runner.invoke(main, [*args, "--format", "text"])
    new = runner.invoke(main, [*args, "-f", "table"])
    assert old.exit_code == new.exit_code and old.exit_code in (0, 1), old.output
    assert old.output == new.output


def test_a_format_outside_the_vocabulary_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["stats", "-f", "yaml"])
    assert result.exit_code == 2 and "yaml" in result.output
