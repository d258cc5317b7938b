"""The HTML file itself: offline, safe, deterministic; and the `map` command."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from spr_graph.cli import main
from spr_graph.core import resources
from spr_graph.render.html_map import csp
from spr_graph.store.db import load_into_db
from spr_graph.store.load import Loaded
from spr_graph.store.select import store_select

HOSTILE = Path(__file__).parent / "data" / "map" / "hostile.trig"
HOSTILE_ARGS = ["--data", str(resources.ontology_file()), "--data", str(HOSTILE)]
HOSTILE_STRINGS = ["<img src=x onerror=alert(1)>", "</script><script>alert(2)</script>",
                   'href="javascript:alert(3)"', "<b onmouseover=alert(4)>everyone</b>",
                   "\u202eevil\u202c", "gwasanaeth \u0175 \u0177 \U0001f693"]


class Page(HTMLParser):
    """Every tag with its attributes, and the text of every script and style element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.styles: list[str] = []
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._open = tag
            if tag == "script":
                self.scripts.append((dict(attrs), ""))
            else:
                self.styles.append("")

    def handle_endtag(self, tag: str) -> None:
        self._open = None

    def handle_data(self, data: str) -> None:
        if self._open == "script":
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)
        elif self._open == "style":
            self.styles[-1] += data


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@pytest.fixture(scope="module")
def bundled_map(tmp_path_factory: pytest.TempPathFactory, bundled: Loaded) -> Path:
    from spr_graph.render.maps import write_map

    path = tmp_path_factory.mktemp("map") / "map.html"
    write_map(store_select(bundled.store), path)
    return path


@pytest.fixture(scope="module")
def hostile_map(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "hostile.html"
    result = CliRunner().invoke(main, ["map", *HOSTILE_ARGS, "-o", str(path)])
    assert result.exit_code == 0, result.output
    return path


def test_page_declares_utf8_and_a_csp_that_forbids_every_request(bundled_map: Path) -> None:
    html = bundled_map.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    page = parse(html)
    assert page.tags[2] == ("meta", {"charset": "utf-8"})
    policies = [a["content"] for t, a in page.tags
                if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert len(policies) == 1
    policy = policies[0] or ""
    for rule in ("default-src 'none'", "img-src 'none'", "connect-src 'none'",
                 "base-uri 'none'", "form-action 'none'"):
        assert rule in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "http" not in policy


def test_every_script_and_style_is_inline_and_allowed_by_hash(bundled_map: Path) -> None:
    page = parse(bundled_map.read_text(encoding="utf-8"))
    policy = next(a["content"] or "" for t, a in page.tags if a.get("http-equiv"))
    run = [text for attrs, text in page.scripts if attrs.get("type") != "application/json"]
    assert len(run) == 1  # the map's own script: it draws both views (no vis-network)
    assert run[0].startswith("(function () {")
    assert "vis.Network" not in bundled_map.read_text(encoding="utf-8")
    kinds = [(attrs.get("id"), attrs.get("type")) for attrs, _ in page.scripts]
    # the data, the script, then the evidence texts it parses when a panel needs them
    assert kinds == [("map-data", "application/json"), (None, None),
                     ("map-evidence", "application/json")]
    for text in run:
        assert _sha(text) in policy
    assert all(_sha(style) in policy for style in page.styles)
    for tag, attrs in page.tags:
        assert "src" not in attrs and "style" not in attrs, tag
        assert not any(name.startswith("on") for name in attrs), tag
        assert tag not in ("link", "iframe", "object", "embed", "img", "base", "form")
        assert not (attrs.get("href") or "#").startswith(("http", "//")), attrs


def test_no_address_of_another_host_is_loadable(bundled_map: Path) -> None:
    html = bundled_map.read_text(encoding="utf-8")
    assert "cdn" not in html.lower().replace("cdnjs", "")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "bootstrap" not in html.lower()


def test_same_input_gives_the_same_bytes_across_processes(tmp_path: Path) -> None:
    outputs = []
    for seed in ("1", "2"):
        path = tmp_path / f"map-{seed}.html"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "spr_graph", "map", "--threat", "Terrorism",
                        "-o", str(path)], check=True, env=env, capture_output=True, timeout=600)
        outputs.append(path.read_bytes())
    assert outputs[0] == outputs[1]
    assert b"\r" not in outputs[0]


def test_hostile_strings_stay_text_in_the_file(hostile_map: Path) -> None:
    html = hostile_map.read_text(encoding="utf-8")
    page = parse(html)
    for bad in ("<img src=x", "</script><script>", "<b onmouseover", "<h1>Heading"):
        assert bad not in html
    # the data, the page's script and the evidence texts
    assert [t for t, _ in page.tags].count("script") == 3
    data_blocks = [text for attrs, text in page.scripts if attrs.get("type") == "application/json"]
    shown = json.dumps([json.loads(block) for block in data_blocks], ensure_ascii=False)
    for text in HOSTILE_STRINGS:
        assert text.replace('"', '\\"') in shown, text
    title = re.search(r"<title>(.*)</title>", html)
    assert title and title.group(1).startswith("&lt;img src=x onerror=alert(1)&gt;")


def test_csp_lists_exactly_what_it_is_given() -> None:
    assert "script-src 'none'" in csp()
    assert csp(("a",)).count("sha256-") == 1


def test_map_command_writes_one_file(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "out" / "terrorism.html"
    result = runner.invoke(main, ["map", "--threat", "thr15:terrorism", "-o", str(path)])
    assert result.exit_code == 0, result.output
    assert "partnership map for Terrorism" in result.output
    assert path.read_text(encoding="utf-8").count("<html") == 1
    assert sorted(p.name for p in path.parent.iterdir()) == ["terrorism.html"]


def test_map_command_focus_and_depth(runner: CliRunner, tmp_path: Path) -> None:
    near = tmp_path / "near.html"
    far = tmp_path / "far.html"
    assert runner.invoke(main, ["map", "--focus", "WMCTU", "-o", str(near)]).exit_code == 0
    result = runner.invoke(main, ["map", "--focus", "WMCTU", "--depth", "2", "-o", str(far)])
    assert result.exit_code == 0, result.output
    assert "within 2 steps of West Midlands Counter-Terrorism Unit" in result.output
    assert far.stat().st_size > near.stat().st_size


def test_map_all_writes_every_threat_and_an_index(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    result = runner.invoke(main, ["map", "--all", "-o", str(folder)])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in folder.iterdir() if p.name != "SHA256SUMS")
    assert names == ["index.html", "map.html", "threat-2015-child-sexual-abuse.html",
                     "threat-2015-civil-emergencies.html",
                     "threat-2015-national-cyber-security-incident.html",
                     "threat-2015-public-order.html", "threat-2015-serious-organised-crime.html",
                     "threat-2015-terrorism.html"]
    index = parse((folder / "index.html").read_text(encoding="utf-8"))
    links = [a["href"] for t, a in index.tags if t == "a"]
    assert links == [n for n in names if n != "index.html"]
    assert not [t for t, _ in index.tags if t == "script"]
    listed = (folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert sorted(line.split("  ", 1)[1] for line in listed) == names


@pytest.mark.parametrize("args, message", [
    (["--threat", "nonsense"], "no SPR threat is called 'nonsense'"),
    (["--focus", "no such unit"], "no node is called 'no such unit'"),
    (["--focus", "ROCU", "--threat", "Public order"], "is not on the map of Public order"),
    (["--depth", "2"], "--depth needs --focus"),
    (["--all", "--threat", "Terrorism"], "--all writes every threat's map"),
    (["--depth", "-1", "--focus", "WMP"], "-1 is not in the range x>=0"),
])
def test_map_command_refuses_bad_input(runner: CliRunner, tmp_path: Path, args: list[str],
                                       message: str) -> None:
    result = runner.invoke(main, ["map", *args, "-o", str(tmp_path / "m.html")])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "m.html").exists()


def test_map_all_into_a_file_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.write_text("keep me", encoding="utf-8")
    result = runner.invoke(main, ["map", "--all", "-o", str(target)])
    assert result.exit_code == 2
    assert "is a file, not a folder" in result.output
    assert target.read_text(encoding="utf-8") == "keep me"


def test_a_failed_write_leaves_the_old_map(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "map.html"
    path.write_text("old map", encoding="utf-8")
    result = runner.invoke(main, ["map", "--threat", "nonsense", "-o", str(path)])
    assert result.exit_code == 2
    assert path.read_text(encoding="utf-8") == "old map"
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_map_of_data_without_a_paper_or_relations(runner: CliRunner, tmp_path: Path) -> None:
    ontology_only = ["--data", str(resources.ontology_file())]
    result = runner.invoke(main, ["map", *ontology_only, "--all", "-o", str(tmp_path / "none")])
    assert result.exit_code == 0, result.output
    assert "<title>Partnership map</title>" in (tmp_path / "none" / "map.html").read_text(
        encoding="utf-8")
    lonely = tmp_path / "lonely.html"
    result = runner.invoke(main, ["map", *HOSTILE_ARGS, "--threat", "Public order",
                                  "-o", str(lonely)])
    assert result.exit_code == 0, result.output
    assert "1 node, 0 relations, 0 single points of failure" in result.output


def test_map_from_a_persistent_store_matches_the_map_from_files(
        runner: CliRunner, tmp_path: Path) -> None:
    load_into_db(tmp_path / "db")
    from_files = tmp_path / "files.html"
    from_db = tmp_path / "db.html"
    result = runner.invoke(main, ["map", "--threat", "Terrorism", "-o", str(from_files)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["map", "--db", str(tmp_path / "db"), "--threat", "Terrorism",
                                  "-o", str(from_db)])
    assert result.exit_code == 0, result.output
    assert from_db.read_bytes() == from_files.read_bytes()


def test_the_evidence_texts_travel_apart_and_lose_nothing(bundled_map: Path) -> None:
    """The paragraphs and quotes are in a block after the script (parsed when a panel first
    shows evidence); put back together, the two blocks are the map's data."""
    page = parse(bundled_map.read_text(encoding="utf-8"))
    blocks = {attrs.get("id"): json.loads(text) for attrs, text in page.scripts
              if attrs.get("type") == "application/json"}
    data, evidence = blocks["map-data"], blocks["map-evidence"]
    assert "paragraphs" not in data and evidence["paragraphs"]
    assert not any("quotes" in n for n in data["nodes"])
    assert not any("quote" in s for s in data["statements"])
    assert len(evidence["statements"]) == len(data["statements"])
    assert all(evidence["statements"])  # every statement of the bundled paper is quoted
    quoted = {int(i) for i in evidence["quotes"]}
    assert quoted and quoted <= {n["id"] for n in data["nodes"]}
    cited = {p for n in data["nodes"] for p in n.get("paragraphs", [])}
    assert {str(p) for p in cited} <= set(evidence["paragraphs"])
