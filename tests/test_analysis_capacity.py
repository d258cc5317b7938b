"""Capacity: required vs held vs target vs forecast, and shortfalls, on a fixture and the paper."""

from __future__ import annotations

from decimal import Decimal

import jsonschema
from analysis_support import AG, CAP, QTY, analysed

from spr_graph.analysis.capacity import JSON_SCHEMA, capacity_report
from spr_graph.render.reports import csv_table


def test_the_latest_held_value_is_compared_with_the_requirement() -> None:
    graph, facts = analysed("money.trig")
    report = capacity_report(graph, facts.quantities, facts.vocabulary.labels)
    assert len(report.groups) == 2
    [(group, shortfall)] = report.shortfalls
    assert group.of == (f"{CAP}mcbrn",) and group.scope == f"{AG}mf"
    assert shortfall.held.iri == f"{QTY}held"  # 10 October 2019, not January 2019
    assert shortfall.short_by == Decimal(76)
    assert shortfall.forecast is not None and shortfall.forecast.value == 307
    assert shortfall.forecast_meets is True
    assert shortfall.paragraphs == [20]
    assert report.groups[0] is group  # shortfalls first
    psus = report.groups[1]
    assert [q.role for q in psus.quantities] == ["required", "held"]
    assert psus.shortfalls == []


def test_json_lists_every_quantity() -> None:
    graph, facts = analysed("money.trig")
    data = capacity_report(graph, facts.quantities, facts.vocabulary.labels).as_dict()
    jsonschema.validate(data, JSON_SCHEMA)
    assert data["summary"] == {"quantities": 6, "groups": 2, "shortfalls": 1}
    cbrn = data["groups"][0]
    assert cbrn["unit_label"] == "officers"
    assert cbrn["shortfalls"][0]["short_by"] == 76
    held = next(q for q in cbrn["quantities"] if q["iri"] == f"{QTY}held")
    assert held["as_at"] == "2019-10-10" and held["value"] == 224


def test_csv_has_one_row_per_quantity() -> None:
    graph, facts = analysed("money.trig")
    table = csv_table(capacity_report(graph, facts.quantities))
    assert len(table.rows) == 6
    column = {name: i for i, name in enumerate(table.columns)}
    short = [r for r in table.rows if r[-1]]
    assert [(r[column["quantity"]], r[-1]) for r in short] == [(f"{QTY}held", "76")]
    approximate = next(r for r in table.rows if r[column["quantity"]] == f"{QTY}psu-held")
    assert approximate[column["approximation"]] == "about"


def test_bundled_cbrn_responders_fall_short_of_the_requirement() -> None:
    """Paragraph 93: 224 responders as at 10 October against a national requirement of 300,
    forecast to be 307 by December."""
    graph, facts = analysed()
    report = capacity_report(graph, facts.quantities, facts.vocabulary.labels)
    cbrn = [s for g, s in report.shortfalls if s.required.value == 300]
    assert len(cbrn) == 1
    shortfall = cbrn[0]
    assert (shortfall.held.value, shortfall.short_by) == (224, 76)
    assert str(shortfall.held.as_at) == "2019-10-10"
    assert shortfall.forecast is not None and shortfall.forecast.value == 307
    assert shortfall.forecast_meets is True
    assert 93 in shortfall.paragraphs
