"""docs/cookbook.md cannot rot: every command it shows runs on the bundled data and prints
the lines of the excerpt shown under it."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from spr_graph.cli import main

COOKBOOK = Path(__file__).resolve().parents[1] / "docs" / "cookbook.md"
_RECIPE = re.compile(r"```sh\n(?P<command>[^\n]*)\n```\n+```text\n(?P<excerpt>.*?)```", re.S)


def recipes() -> list[tuple[str, list[str]]]:
    """Each ``sh`` block (one command) with the ``text`` block under it (the excerpt)."""
    found = []
    for match in _RECIPE.finditer(COOKBOOK.read_text(encoding="utf-8")):
        lines = [line.rstrip() for line in match["excerpt"].splitlines()]
        found.append((match["command"], [line for line in lines if line and line != "..."]))
    return found


def test_the_cookbook_answers_at_least_twenty_questions() -> None:
    text = COOKBOOK.read_text(encoding="utf-8")
    questions = re.findall(r"^## ", text, re.M)
    assert len(recipes()) >= 20 and len(questions) == len(recipes())
    assert text.count("```sh\n") == len(recipes())  # every command has its excerpt


@pytest.mark.parametrize(("command", "excerpt"), recipes(), ids=[c for c, _ in recipes()])
def test_each_recipe_runs_and_prints_its_excerpt(runner: CliRunner, command: str,
                                                 excerpt: list[str]) -> None:
    words = shlex.split(command)
    assert words[0] == "spr-graph" and excerpt
    result = runner.invoke(main, words[1:])
    assert result.exit_code == 0, result.output
    for line in excerpt:
        assert line in result.stdout, f"{command!r} no longer prints {line!r}"
