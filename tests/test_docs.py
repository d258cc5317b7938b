"""The documentation: the command reference matches the live ``--help``, the README stays
short and organised by reader, every relative link resolves, and the README's Python
example runs."""

from __future__ import annotations

import contextlib
import difflib
import doctest
import io
import re
import unicodedata
from pathlib import Path

from cogapp import Cog

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
CLI_MD = DOCS / "cli.md"
PAGES = [README, *sorted(DOCS.glob("*.md"))]
REGENERATE = "run: cog -r docs/cli.md"

_FENCE = re.compile(r"^(```|~~~)")
_LINK = re.compile(r"(?<!!)\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def run_cog(*args: str) -> tuple[int, str]:
    """Run cog in this process; its exit status and everything it printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        status = Cog().main(["cog", *args])  # Cog reads sys.stdout when it is made
    return status, out.getvalue()


def what_changed(path: Path, tmp_path: Path) -> str:
    """The first lines of the diff between ``path`` and what cog would make of it."""
    fresh = tmp_path / "fresh.md"
    status, printed = run_cog("-o", str(fresh), str(path))
    if status != 0:
        return printed
    diff = difflib.unified_diff(path.read_text(encoding="utf-8").splitlines(),
                                fresh.read_text(encoding="utf-8").splitlines(),
                                "committed", "generated", lineterm="", n=1)
    return "\n".join(list(diff)[:40])


# (a) The command reference ---------------------------------------------------------


def test_the_command_reference_matches_the_live_help(tmp_path: Path) -> None:
    status, printed = run_cog("--check", str(CLI_MD))
    assert status == 0, (f"docs/cli.md is out of date with --help; {REGENERATE}\n"
                         f"{printed}\n{what_changed(CLI_MD, tmp_path)}")


def test_the_check_fails_on_a_stale_reference(tmp_path: Path) -> None:
    """The check above cannot pass silently: a copy passes, a stale copy fails."""
    copy = tmp_path / "cli.md"
    text = CLI_MD.read_text(encoding="utf-8")
    copy.write_text(text, encoding="utf-8")
    assert run_cog("--check", str(copy))[0] == 0
    generated = text[text.index("]]] -->"):]
    assert "Show this message and exit." in generated, "the reference holds no --help"
    stale = text.replace("Show this message and exit.", "Show this message.", 1)
    copy.write_text(stale, encoding="utf-8")
    status, printed = run_cog("--check", str(copy))
    assert status != 0, printed
    copy.write_text(text.replace("### spr-graph query\n", "", 1), encoding="utf-8")
    assert run_cog("--check", str(copy))[0] != 0


def test_the_reference_covers_every_command() -> None:
    from spr_graph.cli import COMMANDS

    headings = set(re.findall(r"^### (spr-graph.*)$", CLI_MD.read_text(encoding="utf-8"),
                              re.MULTILINE))
    missing = {f"spr-graph {name}" for name in COMMANDS} - headings
    assert "spr-graph" in headings and not missing, f"{sorted(missing)}; {REGENERATE}"


# (b) The README --------------------------------------------------------------------


def test_the_readme_is_short() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) < 200, f"README.md has {len(lines)} lines; move detail into docs/"


def test_the_readme_has_a_quick_start_for_each_reader() -> None:
    sections = re.split(r"^## ", README.read_text(encoding="utf-8"), flags=re.MULTILINE)
    for reader in ("strategist", "analyst", "reviewer"):
        found = [s for s in sections
                 if re.match(rf"quick-start\b.*\b{reader}", s.lower())]
        assert len(found) == 1, f"README.md needs one '## Quick-start for {reader}s' section"
        assert "```sh" in found[0], f"the {reader}s' quick-start shows no command"
        assert "```text" in found[0], f"the {reader}s' quick-start shows no real output"


def test_the_readme_points_contributors_to_the_guide() -> None:
    text = README.read_text(encoding="utf-8")
    assert re.search(r"^## For contributors$", text, re.MULTILINE)
    assert "(docs/contributing.md)" in text


# (c) Links -------------------------------------------------------------------------


def outside_code(text: str) -> list[tuple[int, str]]:
    """``(line number, line)`` of a Markdown page, fenced code blocks left out."""
    lines, fenced = [], False
    for number, line in enumerate(text.splitlines(), 1):
        if _FENCE.match(line.lstrip()):
            fenced = not fenced
        elif not fenced:
            lines.append((number, line))
    return lines


def anchors(page: Path) -> set[str]:
    """The anchors GitHub makes of a page's headings (``## Exit codes`` -> ``exit-codes``)."""
    found: set[str] = set()
    for _, line in outside_code(page.read_text(encoding="utf-8")):
        if match := _HEADING.match(line):
            title = unicodedata.normalize("NFC", match.group(2).lower())
            slug = "".join(c for c in title if c.isalnum() or c in "-_ ").replace(" ", "-")
            candidate, n = slug, 0
            while candidate in found:
                n += 1
                candidate = f"{slug}-{n}"
            found.add(candidate)
    return found


def test_every_relative_link_points_to_an_existing_file() -> None:
    broken = []
    for page in PAGES:
        for number, line in outside_code(page.read_text(encoding="utf-8")):
            for target in _LINK.findall(re.sub(r"`[^`]*`", "``", line)):
                if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE):
                    continue  # http:, https:, mailto:
                path_part, _, anchor = target.partition("#")
                dest = (page.parent / path_part).resolve() if path_part else page
                where = f"{page.relative_to(ROOT)}:{number}: {target}"
                if not dest.exists():
                    broken.append(f"{where}: no such file")
                elif anchor and dest.suffix == ".md" and anchor not in anchors(dest):
                    broken.append(f"{where}: no heading makes #{anchor}")
    assert not broken, "\n".join(broken)


# (d) The README's Python example -----------------------------------------------------


def test_the_readmes_python_example_runs() -> None:
    """Every ``>>>`` line of the README runs under doctest (the API on the bundled data)."""
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    failed, attempted = doctest.testfile(str(README), module_relative=False,
                                         optionflags=flags, encoding="utf-8")
    assert attempted >= 3, "README.md lost its Python example"
    assert failed == 0, "README.md's Python example fails (the report is printed above)"


def test_doctest_sees_only_the_python_example() -> None:
    """``>>>`` appears only in the README's ```pycon block, so doctest runs nothing by
    accident; the pages in docs/ have none (nothing runs them)."""
    fenced, stray = "", []
    for page in PAGES:
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            if _FENCE.match(line.lstrip()):
                fenced = "" if fenced else (line.strip().strip("`~") or "?")
            elif ">>>" in line and (page != README or fenced != "pycon"):
                stray.append(f"{page.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not stray, "\n".join(stray)
    assert ">>>" in README.read_text(encoding="utf-8")
