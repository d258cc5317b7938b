"""The review page of a paper folder: one offline HTML file for a curator.

Each paragraph's text with the words its drafted facts quote highlighted, and beside it
those facts: key, kind, rule and what each says (its triples, in prefixed names), with a
decision (accept, reject, or a correction as ``PROPERTY=VALUE``). The page writes the
decisions file as the curator goes (shown in a text box and offered as a download), in
the format ``spr-graph review DIR --apply FILE`` reads; decisions already in the
folder's ``review.tsv`` are shown ticked. Facts filter by kind, rule and threat.

Same rules as the maps: one file, no request to any host, a Content-Security-Policy that
allows only the page's own script and style by hash, every piece of data escaped, and
the same folder gives the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from spr_graph.core.namespaces import PREFIXES
from spr_graph.papers.decisions import Decision
from spr_graph.papers.drafted import Draft, DraftedFact
from spr_graph.papers.sourcetext import Paragraph
from spr_graph.render.html_map import csp, environment, inline_asset

__all__ = ["render_review", "marked", "short"]


def short(term: ox.NamedNode | ox.Literal | ox.BlankNode | ox.Triple) -> str:
    """A term as a curator reads and writes it: a prefixed name where a prefix fits, a
    literal's text in quotes.

    >>> short(ox.NamedNode("https://w3id.org/spr-graph/id/organisation/nca"))
    'ag:nca'
    >>> short(ox.Literal("307", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    '307'
    """
    if isinstance(term, ox.Literal):
        numeric = term.datatype.value.rsplit("#", 1)[-1] in ("integer", "decimal", "double")
        return term.value if numeric else f'"{term.value}"'
    if isinstance(term, ox.NamedNode):
        best = max(((p, ns) for p, ns in PREFIXES.items() if term.value.startswith(ns)
                    and re.fullmatch(r"[\w./-]+", term.value[len(ns):])),
                   key=lambda pair: (len(pair[1]), pair[0]), default=None)
        return f"{best[0]}:{term.value[len(best[1]):]}" if best else f"<{term.value}>"
    return str(term)


def marked(text: str, quotes: Iterable[str]) -> list[tuple[str, bool]]:
    """``text`` cut into runs, each marked when it is (part of) one of ``quotes``: the
    first occurrence of each quote, overlapping ones merged.

    >>> marked("The NCA and the ROCU.", ["NCA", "the ROCU"])
    [('The ', False), ('NCA', True), (' and ', False), ('the ROCU', True), ('.', False)]
    """
    spans = sorted((at, at + len(q)) for q in set(quotes) if q and (at := text.find(q)) >= 0)
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    runs, at = [], 0
    for start, end in merged:
        if start > at:
            runs.append((text[at:start], False))
        runs.append((text[start:end], True))
        at = end
    if at < len(text):
        runs.append((text[at:], False))
    return runs


@dataclass(frozen=True)
class _Threat:
    key: str
    title: str


def _fact(fact: DraftedFact, decision: Decision | None) -> dict[str, Any]:
    triples = sorted({(short(q.subject), short(q.predicate), short(q.object))
                      for q in fact.quads})
    correction = " ".join(f"{short(ox.NamedNode(p))}={v}" for p, v, _ in decision.changes
                          ) if decision else ""
    return {"key": fact.key, "kind": fact.kind, "rule": fact.rule, "quote": fact.quote,
            "triples": triples, "decision": decision.verb if decision else "",
            "correction": correction}


def _paragraphs(draft: Draft, paragraphs: dict[int, Paragraph],
                decisions: dict[str, Decision]) -> list[dict[str, Any]]:
    facts: dict[int, list[DraftedFact]] = {}
    for fact in draft.facts:
        facts.setdefault(fact.paragraph, []).append(fact)
    out = []
    for number in sorted(paragraphs):
        paragraph = paragraphs[number]
        mine = facts.get(number, [])
        out.append({"number": number, "section": paragraph.section_title,
                    "threat": paragraph.section_key,
                    "runs": marked(paragraph.text, (f.quote for f in mine)),
                    "facts": [_fact(f, decisions.get(f.key)) for f in mine]})
    return out


def render_review(draft: Draft, title: str, folder: str | Path,
                  paragraphs: dict[int, Paragraph], decisions: Sequence[Decision] = ()) -> str:
    """The review page of ``draft`` (the paper called ``title`` in ``folder``)."""
    from markupsafe import Markup

    by_key = {d.key: d for d in decisions}
    rows = _paragraphs(draft, paragraphs, by_key)
    threats = sorted({_Threat(p.section_key, p.section_title) for p in paragraphs.values()},
                     key=lambda t: (t.title, t.key))
    script, style = inline_asset("review.js"), inline_asset("review.css")
    return environment().get_template("review.html").render(
        title=title, folder=str(folder), doc_id=draft.doc_id, paragraphs=rows,
        kinds=sorted({f.kind for f in draft.facts}), rules=sorted({f.rule for f in draft.facts}),
        threats=threats, total=len(draft.facts), decided=sum(
            1 for f in draft.facts if f.key in by_key),
        csp=csp((script,), (style,)), css=Markup(style), js=Markup(script))
