"""Render a map as one self-contained, offline, safe HTML file, and the index of maps.

pyvis's own template loads Bootstrap and vis-network from CDNs and does not escape its
data (see ``RELIABILITY.md``), so the page is rendered here with our own Jinja2
environment, autoescape on, and:

- the map's own script (``map_*.js``, :data:`APP_PARTS`) joined into one function;
- no other script: the organisation view is drawn as inline SVG and the detailed view on
  a canvas by that script (no vis-network, no other file, font or image);
- the data in a ``<script type="application/json">`` block written by ``tojson``, which
  escapes ``<``, ``>``, ``&`` and ``'``, so no label can close the block;
- a Content-Security-Policy allowing nothing but the page's own scripts and style, by
  hash: no request to any host, no inline handler, no injected script runs;
- UTF-8 declared first; sorted JSON and no timestamps, so the same data gives the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spr_graph.core.errors import SprGraphError
from spr_graph.core.fs import os_error

if TYPE_CHECKING:
    import jinja2

#: The parts of the map's own script, joined in this order into one function.
APP_PARTS = ("map_core.js", "map_detail.js", "map_draw.js", "map_canvas.js", "map_org.js",
             "map_whatif.js", "map_since.js", "map_matrix.js", "map_export.js", "map_main.js")
_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def _read(path: Path) -> str:
    """A bundled asset's text; an error naming it (and what to do, by errno) if it cannot
    be read: the installation is broken."""
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise os_error(exc, path, "read a bundled asset") from exc


def _inlinable(name: str, text: str) -> str:
    """``text`` unchanged, if it can sit inside a ``<script>`` or ``<style>`` element."""
    if re.search(r"</(script|style)|<!--", text, re.IGNORECASE):
        raise SprGraphError(f"{name} contains '</script', '</style' or '<!--' "
                            "and cannot be inlined")
    return text


@cache
def assets() -> dict[str, str]:
    """The script and the stylesheet every map inlines, read once."""
    return {
        "app_js": _inlinable("the map's script", "\n".join(
            ["(function () {", '"use strict";',
             *(_read(_TEMPLATES / part).strip() for part in APP_PARTS), "}());"])),
        "css": _inlinable("map.css", _read(_TEMPLATES / "map.css").strip()),
    }


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def csp(scripts: tuple[str, ...] = (), styles: tuple[str, ...] = ()) -> str:
    """A policy that allows only these inline scripts and styles, and no request at all."""
    script_src = " ".join(_hash(s) for s in scripts) if scripts else "'none'"
    style_src = " ".join(_hash(s) for s in styles) if styles else "'none'"
    return (f"default-src 'none'; script-src {script_src}; style-src {style_src}; "
            "img-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'")


@cache
def environment() -> jinja2.Environment:
    """Our own Jinja2 environment: autoescape on, strict undefined, compact sorted JSON."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(_TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True,
                             lstrip_blocks=True, keep_trailing_newline=True)
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "separators": (",", ":"),
                                         "ensure_ascii": False}
    return env


def render_map(data: dict[str, Any]) -> str:
    """The HTML of one map of ``data`` (from :func:`spr_graph.render.mapdata.map_data`)."""
    from markupsafe import Markup

    parts = assets()
    policy = csp((parts["app_js"],), (parts["css"],))
    return environment().get_template("map.html").render(
        data=data, csp=policy, css=Markup(parts["css"]), app_js=Markup(parts["app_js"]))


def render_index(title: str, maps: list[dict[str, Any]]) -> str:
    """The HTML page linking a set of maps (no script at all)."""
    from markupsafe import Markup

    style = assets()["css"]
    return environment().get_template("map_index.html").render(
        title=title, maps=maps, css=Markup(style), csp=csp(styles=(style,)))


@cache
def inline_asset(name: str) -> str:
    """A script or stylesheet of ``spr_graph/templates`` that a page inlines, read once."""
    return _inlinable(name, _read(_TEMPLATES / name).strip())


def report_css() -> str:
    """The stylesheet the report and the pack's front page inline."""
    return environment().get_template("report.css").render().strip()
