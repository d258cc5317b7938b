"""`spr-graph validate`: the bundled data, syntax errors, SHACL and dataset checks."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from spr_graph.cli import main
from spr_graph.core import resources

DATA = Path(__file__).parent / "data"
SYNTAX = DATA / "syntax"
DATASET = DATA / "dataset"

# fixture -> (line, column, words the message must contain)
SYNTAX_ERRORS = {
    "unterminated-string.ttl": (2, 11, "end of file"),
    "missing-final-dot.ttl": (2, 15, "Unexpected end"),
    "undefined-prefix.ttl": (3, 1, "prefix xx: has not been declared"),
    "invalid-utf8.ttl": (2, 15, "Invalid UTF-8"),
    "bom.ttl": (1, 1, "byte-order mark"),
    "iri-with-space.ttl": (2, 11, "Invalid IRI code point"),
    "relative-iri.ttl": (1, 1, "absolute IRI"),
    "unclosed-graph.trig": (4, 1, "Unexpected end"),
    "triple-term.trig": (3, 37, "RDF 1.2 triple terms"),
}


def test_bundled_data_conforms(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate"])
    assert result.exit_code == 0, result.output
    assert "conforms (0 violation(s)" in result.output


def test_bundled_data_json_report(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["conforms"] is True
    assert report["counts"]["violation"] == 0
    assert report["quads"] > 5000
    assert {f["severity"] for f in report["findings"]} <= {"warning", "info"}
    for finding in report["findings"]:
        assert set(finding) >= {"severity", "check", "message", "focus", "label", "paragraphs"}


@pytest.mark.parametrize("name", sorted(SYNTAX_ERRORS))
def test_syntax_error_names_file_line_and_column(runner: CliRunner, name: str) -> None:
    line, column, words = SYNTAX_ERRORS[name]
    path = SYNTAX / name
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    message = result.output.strip()
    assert message.startswith(f"spr-graph: error: {path}:{line}:{column}: "), message
    assert words in message
    assert "Traceback" not in result.output
    assert len(message.splitlines()) == 1


@pytest.mark.parametrize("name", ["entity-bomb.rdf", "remote-context.jsonld"])
def test_dangerous_formats_are_refused_before_parsing(runner: CliRunner, name: str) -> None:
    result = runner.invoke(main, ["validate", str(SYNTAX / name)])
    assert result.exit_code == 2
    assert str(SYNTAX / name) in result.output
    assert "Traceback" not in result.output


def test_debug_shows_the_traceback(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--debug", "validate", str(SYNTAX / "bom.ttl")])
    assert result.exit_code != 0
    assert result.exception is not None


def test_missing_file_is_bad_input(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["validate", str(tmp_path / "nope.ttl")])
    assert result.exit_code == 2
    assert "nope.ttl" in result.output


def test_unknown_extension_is_bad_input(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "graph.txt"
    path.write_text("x", encoding="utf-8")
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    assert "unknown RDF file type" in result.output


def _base() -> list[str]:
    files = (resources.ontology_file(), resources.shapes_file(), DATASET / "base.trig")
    return [str(f) for f in files]


def test_dataset_base_fixture_conforms(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", *_base()])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("name", sorted(p.name for p in DATASET.iterdir() if p.name != "base.trig"))
def test_dataset_check_fixture_fails_with_expected_message(runner: CliRunner, name: str) -> None:
    path = DATASET / name
    expected = re.search(r"^# expect: (.+)$", path.read_text(encoding="utf-8"), re.M)
    assert expected
    result = runner.invoke(main, ["validate", *_base(), str(path)])
    assert result.exit_code == 1, result.output
    violations = [line for line in result.output.splitlines() if line.startswith("violation:")]
    assert any(expected.group(1) in line for line in violations), result.output


def test_warnings_fail_only_when_strict(runner: CliRunner) -> None:
    # the base fixture states connectivity for no threat: six reviewers' warnings
    loose = runner.invoke(main, ["validate", *_base()])
    strict = runner.invoke(main, ["validate", "--strict", *_base()])
    assert "this threat has no named connectivity" in loose.output
    assert loose.exit_code == 0
    assert strict.exit_code == 1


def test_findings_name_the_focus_by_label_and_paragraph(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", *_base(), str(DATASET / "quote-not-verbatim.trig")])
    assert "violation: Test Police (<https://example.org/force>) [paragraph 1]" in result.output


def test_the_bundled_shapes_pass_the_shapes_check_without_notes() -> None:
    """Every SPARQL text of the bundled shapes passes the user-query safety check, and
    their owl:imports (the spr ontology, loaded too) needs no note."""
    from spr_graph.store.load import load
    from spr_graph.validation.shapes_check import check_shapes

    loaded = load()
    assert loaded.shapes
    assert check_shapes(loaded.shapes, loaded.store) == []


def test_an_import_that_was_not_given_is_noted_with_its_line(runner: CliRunner,
                                                              tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix ex: <https://example.org/> .\n\n"
        "ex:shapes a owl:Ontology ;\n    owl:imports <https://example.org/elsewhere> .\n"
        "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:closed false .\n",
        encoding="utf-8")
    files = [*_base()[:2], str(shapes), str(DATASET / "base.trig")]
    result = runner.invoke(main, ["validate", *files])
    assert result.exit_code == 0, result.output
    assert (f"info: dataset: {shapes}:5: owl:imports <https://example.org/elsewhere> is not "
            "followed") in result.output
