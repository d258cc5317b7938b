/* spr-graph partnership map: draws the data block with vis-network, filters, searches,
   highlights neighbourhoods and shows the evidence of a node or relation. Every piece of
   data reaches the page through textContent or a plain-string vis-network title: never
   as markup. */
(function () {
  "use strict";
  var startedAt = performance.now();
  var data = JSON.parse(document.getElementById("map-data").textContent);
  var legend = data.legend;
  var styles = legend.styles;
  var N = data.nodes;
  var E = data.edges;
  /* The data leaves out empty lists, nulls and false values: put them back. */
  function restore(items, lists) {
    items.forEach(function (item) { lists.forEach(function (key) { if (!item[key]) { item[key] = []; } }); });
  }
  restore(N, ["paragraphs", "threats", "quotes", "statements"]);
  restore(E, ["paragraphs", "threats", "pillars", "fiveC", "status", "statements"]);
  restore(data.statements, ["paragraphs", "threats", "pillars"]);
  var BIG = N.length > 1000;
  var SPOF_RING = "#d50000";
  var GAP_RING = "#111111";
  var DIM_FILL = "#e6e6e6";
  var DIM_TEXT = "#b0b0b0";
  var threatNode = Object.create(null);
  var incident = N.map(function () { return []; });
  E.forEach(function (e) { incident[e.from].push(e.id); incident[e.to].push(e.id); });
  var threatIndex = Object.create(null);
  data.threats.forEach(function (t, i) { threatIndex[t.iri] = i; });
  N.forEach(function (n) { if (n.kind === "threat" && n.iri in threatIndex) { threatNode[threatIndex[n.iri]] = n.id; } });

  function label(group, key) { return legend[group][key] ? legend[group][key].label : key; }
  function name(n) { return n.abbr && n.abbr !== n.label ? n.label + " (" + n.abbr + ")" : n.label; }
  function shortName(n) { return n.abbr || n.label; }
  /* A canvas label: at most two short lines (the tooltip and the panel give the rest). */
  function wrap(text) {
    var lines = [""];
    text.split(" ").forEach(function (word) {
      var last = lines.length - 1;
      if (lines[last] && lines[last].length + word.length >= 24) { lines.push(word); }
      else { lines[last] = lines[last] ? lines[last] + " " + word : word; }
    });
    return lines.length > 2 ? lines[0] + "\n" + lines[1] + " \u2026" : lines.join("\n");
  }
  function threatNames(list) { return list.map(function (i) { return data.threats[i].label; }); }
  function cites(list) { return list.length ? "\u00b6 " + list.join(", ") : ""; }
  function isGap(n) { return n.kind === "threat" && n.iri in threatIndex && data.threats[threatIndex[n.iri]].gap; }
  function levelName(n) { return n.level ? label("levels", n.level) : ""; }
  function notInPlace(e) { return e.status.length > 0 && e.status.indexOf("in-place") < 0 && e.status.indexOf("completed") < 0; }

  function nodeTitle(n) {
    var lines = [name(n), label("kinds", n.kind) + (n.level ? ", " + levelName(n) : "")];
    if (n.spof) { lines.push("Single point of failure"); }
    if (isGap(n)) { lines.push("No named connectivity outside the force"); }
    if (n.threats.length) { lines.push("Threats: " + threatNames(n.threats).join("; ")); }
    if (n.paragraphs.length) { lines.push(cites(n.paragraphs)); }
    return lines.join("\n");
  }
  function edgeTitle(e) {
    var lines = [shortName(N[e.from]) + " \u2014 " + label("relations", e.relation) + " \u2192 " + shortName(N[e.to])];
    if (e.threats.length) { lines.push("Threats: " + threatNames(e.threats).join("; ")); }
    if (e.pillars.length) { lines.push("Pillars: " + e.pillars.map(function (p) { return label("pillars", p); }).join(", ")); }
    if (e.status.length) { lines.push("Status: " + e.status.map(function (s) { return label("statuses", s); }).join(", ")); }
    if (e.paragraphs.length) { lines.push(cites(e.paragraphs)); }
    return lines.join("\n");
  }
  /* Shared looks live in the global options and in one group per kind, so each node and
     edge carries only what is its own: vis-network parses far less for big maps. */
  function colours(fill, ring) {
    return { background: fill, border: ring, highlight: { background: fill, border: "#000000" },
             hover: { background: fill, border: "#000000" } };
  }
  var groups = {};
  Object.keys(styles.kinds).forEach(function (kind) { groups[kind] = { color: colours(styles.kinds[kind], "#333333") }; });
  function ring(n) { return n.spof ? SPOF_RING : (isGap(n) ? GAP_RING : null); }
  function ownColour(n) { return ring(n) ? colours(styles.kinds[n.kind] || "#9e9e9e", ring(n)) : null; }
  function visNode(n) {
    var item = { id: n.id, label: wrap(shortName(n)), title: nodeTitle(n), x: n.x, y: n.y, group: n.kind,
                 shape: n.kind === "threat" ? styles.levels.threat : (styles.levels[n.level || ""] || styles.levels[""]) };
    if (n.spof || n.kind === "threat") { item.size = 15; }
    if (ring(n)) { item.color = ownColour(n); item.borderWidth = n.spof ? 5 : 4; }
    if (isGap(n)) { item.shapeProperties = { borderDashes: [6, 4] }; }
    return item;
  }
  function nodeLook(n, dim) {
    return { id: n.id, color: dim ? colours(DIM_FILL, DIM_FILL) : ownColour(n), font: dim ? { color: DIM_TEXT } : null };
  }
  function edgeColour(e) { return styles.relations[e.relation] || "#a0a0a0"; }
  function visEdge(e) {
    var item = { id: e.id, from: e.from, to: e.to, title: edgeTitle(e), color: { color: edgeColour(e) } };
    if (e.relation === "worksWith") { item.width = 2; }
    if (!BIG && (notInPlace(e) || e.relation === "addressesThreat")) { item.dashes = true; }
    return item;
  }
  function edgeLook(e, dim) { return { id: e.id, color: { color: dim ? DIM_FILL : edgeColour(e) } }; }

  var nodes = new vis.DataSet(N.map(visNode));
  var edges = new vis.DataSet(E.map(visEdge));
  var shownNodes = new Set(N.map(function (n) { return n.id; }));
  var shownEdges = new Set(E.map(function (e) { return e.id; }));
  var nodeView = new vis.DataView(nodes, { filter: function (item) { return shownNodes.has(item.id); } });
  var edgeView = new vis.DataView(edges, { filter: function (item) { return shownEdges.has(item.id); } });
  var container = document.getElementById("map");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, {
    autoResize: true,
    physics: false,
    layout: { improvedLayout: false },
    groups: groups,
    edges: { smooth: false, selectionWidth: 2, hoverWidth: 1, width: 1,
             color: { inherit: false, highlight: "#000000", hover: "#000000" },
             arrows: { to: { enabled: !BIG, scaleFactor: 0.45 } } },
    nodes: { size: 10, borderWidth: 1, font: { size: 12, face: "system-ui, Arial, sans-serif", color: "#1a1a1a" } },
    interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: BIG, hideEdgesOnZoom: BIG,
                   keyboard: { enabled: true, bindToWindow: false }, navigationButtons: false,
                   multiselect: false }
  });
  var builtAt = performance.now();
  var canvas = container.querySelector("canvas");
  if (canvas) { canvas.setAttribute("aria-hidden", "true"); }

  /* ---- filters and search ---- */
  var state = { threat: "", pillar: "", kinds: new Set(), levels: new Set(), query: "" };
  var search = document.getElementById("search");
  var threatSelect = document.getElementById("threat-filter");
  var pillarSelect = document.getElementById("pillar-filter");
  var kindBoxes = document.querySelectorAll("#kind-filter input");
  var levelBoxes = document.querySelectorAll("#level-filter input");
  function fold(text) { return (text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  var folded = N.map(function (n) { return fold(n.label) + "\n" + fold(n.abbr); });

  function readControls() {
    state.threat = threatSelect.value;
    state.pillar = pillarSelect.value;
    state.kinds = new Set(Array.prototype.filter.call(kindBoxes, function (b) { return b.checked; }).map(function (b) { return b.value; }));
    state.levels = new Set(Array.prototype.filter.call(levelBoxes, function (b) { return b.checked; }).map(function (b) { return b.value; }));
    state.query = fold(search.value.trim());
  }
  function nodeAllowed(n) {
    return state.kinds.has(n.kind) && (n.kind === "threat" || state.levels.has(n.level || ""));
  }
  function applyFilters() {
    readControls();
    clearHighlight();
    var threat = state.threat === "" ? null : Number(state.threat);
    var edgeList = E.filter(function (e) {
      return (threat === null || e.threats.indexOf(threat) >= 0) && (!state.pillar || e.pillars.indexOf(state.pillar) >= 0)
        && nodeAllowed(N[e.from]) && nodeAllowed(N[e.to]);
    });
    var keep = new Set();
    if (threat === null && !state.pillar) {
      N.forEach(function (n) { if (nodeAllowed(n)) { keep.add(n.id); } });
    } else {
      edgeList.forEach(function (e) { keep.add(e.from); keep.add(e.to); });
      if (threat !== null && threat in threatNode && nodeAllowed(N[threatNode[threat]])) { keep.add(threatNode[threat]); }
    }
    var hits = new Set();
    if (state.query) {
      keep.forEach(function (id) { if (folded[id].indexOf(state.query) >= 0) { hits.add(id); } });
      var near = new Set(hits);
      edgeList.forEach(function (e) {
        if (keep.has(e.from) && keep.has(e.to) && (hits.has(e.from) || hits.has(e.to))) { near.add(e.from); near.add(e.to); }
      });
      keep = near;
    }
    shownNodes = keep;
    shownEdges = new Set(edgeList.filter(function (e) {
      return keep.has(e.from) && keep.has(e.to) && (!state.query || hits.has(e.from) || hits.has(e.to));
    }).map(function (e) { return e.id; }));
    nodeView.refresh();
    edgeView.refresh();
    var matched = Array.from(hits);
    if (matched.length) {
      network.selectNodes(matched, false);
      network.fit({ nodes: matched, animation: false });
    } else {
      network.unselectAll();
    }
    announce(matched.length);
    if (tableView.open) { renderTables(); }
  }
  function announce(matches) {
    var text = "Showing " + shownNodes.size + " of " + N.length + " nodes and " + shownEdges.size + " of " + E.length + " relations.";
    if (state.query) { text += " " + matches + (matches === 1 ? " name matches" : " names match") + " the search."; }
    document.getElementById("status").textContent = text;
  }
  var timer = null;
  search.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(applyFilters, BIG ? 250 : 120); });
  search.addEventListener("keydown", function (event) { if (event.key === "Enter") { clearTimeout(timer); applyFilters(); } });
  [threatSelect, pillarSelect].forEach(function (s) { s.addEventListener("change", applyFilters); });
  Array.prototype.forEach.call(kindBoxes, function (b) { b.addEventListener("change", applyFilters); });
  Array.prototype.forEach.call(levelBoxes, function (b) { b.addEventListener("change", applyFilters); });
  document.getElementById("reset").addEventListener("click", function () {
    search.value = ""; threatSelect.value = ""; pillarSelect.value = "";
    Array.prototype.forEach.call(kindBoxes, function (b) { b.checked = true; });
    Array.prototype.forEach.call(levelBoxes, function (b) { b.checked = true; });
    applyFilters();
    network.fit({ animation: false });
  });

  /* ---- neighbourhood highlight ---- */
  var dimmedNodes = [];
  var dimmedEdges = [];
  function highlight(id) {
    clearHighlight();
    var near = new Set([id]);
    incident[id].forEach(function (eid) { if (shownEdges.has(eid)) { near.add(E[eid].from); near.add(E[eid].to); } });
    dimmedNodes = Array.from(shownNodes).filter(function (nid) { return !near.has(nid); });
    dimmedEdges = Array.from(shownEdges).filter(function (eid) { return E[eid].from !== id && E[eid].to !== id; });
    nodes.update(dimmedNodes.map(function (nid) { return nodeLook(N[nid], true); }));
    edges.update(dimmedEdges.map(function (eid) { return edgeLook(E[eid], true); }));
  }
  function clearHighlight() {
    if (dimmedNodes.length) { nodes.update(dimmedNodes.map(function (nid) { return nodeLook(N[nid], false); })); }
    if (dimmedEdges.length) { edges.update(dimmedEdges.map(function (eid) { return edgeLook(E[eid], false); })); }
    dimmedNodes = [];
    dimmedEdges = [];
  }

  /* ---- the evidence panel ---- */
  var panel = document.getElementById("panel");
  var panelTitle = document.getElementById("panel-title");
  var panelBody = document.getElementById("panel-body");
  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = text; }
    if (className) { node.className = className; }
    return node;
  }
  function linkButton(text, action) {
    var button = el("button", text, "link");
    button.type = "button";
    button.addEventListener("click", action);
    return button;
  }
  function facts(pairs) {
    var list = el("dl");
    pairs.forEach(function (pair) {
      if (pair[1] === "" || pair[1] === null || pair[1] === undefined) { return; }
      list.appendChild(el("dt", pair[0]));
      var dd = el("dd");
      if (pair[1] instanceof Node) { dd.appendChild(pair[1]); } else { dd.textContent = pair[1]; }
      list.appendChild(dd);
    });
    return list;
  }
  function quoteItem(heading, quote) {
    var item = el("li");
    item.appendChild(el("strong", heading));
    if (quote) { item.appendChild(el("blockquote", quote)); }
    return item;
  }
  function statementItem(index) {
    var s = data.statements[index];
    var parts = [cites(s.paragraphs)];
    if (s.fiveC) { parts.push(label("fiveCs", s.fiveC)); }
    if (s.status) { parts.push(label("statuses", s.status)); }
    if (s.threats.length) { parts.push(threatNames(s.threats).join("; ")); }
    if (s.pillars.length) { parts.push(s.pillars.map(function (p) { return label("pillars", p); }).join(", ")); }
    return quoteItem(parts.join(" \u00b7 "), s.quote);
  }
  function section(title, items) {
    if (!items.length) { return; }
    panelBody.appendChild(el("h3", title));
    var list = el("ul");
    items.forEach(function (item) { list.appendChild(item); });
    panelBody.appendChild(list);
  }
  function paragraphs(numbers) {
    var shown = numbers.filter(function (p) { return String(p) in data.paragraphs; });
    if (!shown.length) { return; }
    panelBody.appendChild(el("h3", "Paragraphs"));
    shown.forEach(function (number, i) {
      var p = data.paragraphs[String(number)];
      var box = el("details");
      if (i === 0) { box.open = true; }
      box.appendChild(el("summary", "\u00b6 " + number + (p.section ? " \u00b7 " + p.section : "") + (p.heading ? ": " + p.heading : "")));
      box.appendChild(el("p", p.text, "para"));
      p.footnotes.forEach(function (f) { box.appendChild(el("p", f, "para note")); });
      if (data.report) {
        var read = el("a", "Read \u00b6 " + number + " in the report", "report-link");
        read.href = data.report + "#para-" + encodeURIComponent(number);
        box.appendChild(read);
      }
      panelBody.appendChild(box);
    });
  }
  var returnFocus = null;
  function openPanel(title, fromKeyboard) {
    panelTitle.textContent = title;
    panel.hidden = false;
    if (fromKeyboard) {
      if (!panel.contains(document.activeElement)) { returnFocus = document.activeElement; }
      panel.focus();
    }
  }
  function badges(n) {
    var box = el("p");
    if (n.spof) { box.appendChild(el("span", "Single point of failure", "badge")); }
    if (isGap(n)) { box.appendChild(el("span", "No named connectivity outside the force", "badge")); }
    if (box.childNodes.length) { panelBody.appendChild(box); }
  }
  function showNode(id, fromKeyboard) {
    var n = N[id];
    panelBody.textContent = "";
    badges(n);
    panelBody.appendChild(facts([
      ["Kind", label("kinds", n.kind)], ["Level", levelName(n)],
      ["Status", n.status ? label("statuses", n.status) : ""], ["Threats", threatNames(n.threats).join("; ")],
      ["Paragraphs", n.paragraphs.join(", ")], ["Identifier", n.iri]]));
    var evidence = n.quotes.map(function (q) { return quoteItem(cites([q[0]]), q[1]); });
    section("Evidence", evidence.concat(n.statements.map(statementItem)));
    section("Relations (" + incident[id].length + ")", incident[id].map(function (eid) {
      var e = E[eid];
      var outgoing = e.from === id;
      var text = (outgoing ? label("relations", e.relation) + " \u2192 " + shortName(N[e.to])
                           : shortName(N[e.from]) + " \u2192 " + label("relations", e.relation))
                 + (e.paragraphs.length ? " (" + cites(e.paragraphs) + ")" : "");
      var item = el("li");
      item.appendChild(linkButton(text, function () { selectEdge(eid, true); }));
      return item;
    }));
    paragraphs(n.paragraphs);
    openPanel(name(n), fromKeyboard);
  }
  function showEdge(id, fromKeyboard) {
    var e = E[id];
    panelBody.textContent = "";
    panelBody.appendChild(facts([
      ["Relation", label("relations", e.relation)],
      ["From", linkButton(name(N[e.from]), function () { selectNode(e.from, true); })],
      ["To", linkButton(name(N[e.to]), function () { selectNode(e.to, true); })],
      ["Threats", threatNames(e.threats).join("; ")],
      ["Pillars", e.pillars.map(function (p) { return label("pillars", p); }).join(", ")],
      ["5 Cs", e.fiveC.map(function (c) { return label("fiveCs", c); }).join(", ")],
      ["Status", e.status.map(function (s) { return label("statuses", s); }).join(", ")],
      ["Paragraphs", e.paragraphs.join(", ")]]));
    var items = e.statements.map(statementItem);
    if (!items.length) {
      [e.from, e.to].forEach(function (nid) {
        N[nid].quotes.forEach(function (q) {
          if (e.paragraphs.indexOf(q[0]) >= 0) { items.push(quoteItem(cites([q[0]]) + " \u00b7 " + shortName(N[nid]), q[1])); }
        });
      });
    }
    section("Evidence", items);
    paragraphs(e.paragraphs);
    openPanel(shortName(N[e.from]) + " " + label("relations", e.relation) + " " + shortName(N[e.to]), fromKeyboard);
  }
  function selectNode(id, fromKeyboard) {
    if (shownNodes.has(id)) { network.selectNodes([id], true); highlight(id); }
    showNode(id, fromKeyboard);
  }
  function selectEdge(id, fromKeyboard) {
    clearHighlight();
    if (shownEdges.has(id)) { network.selectEdges([id]); }
    showEdge(id, fromKeyboard);
  }
  function closePanel() {
    panel.hidden = true;
    clearHighlight();
    network.unselectAll();
    if (returnFocus && document.contains(returnFocus)) { returnFocus.focus(); }
    returnFocus = null;
  }
  document.getElementById("panel-close").addEventListener("click", closePanel);
  document.addEventListener("keydown", function (event) { if (event.key === "Escape" && !panel.hidden) { closePanel(); } });
  network.on("click", function (params) {
    if (params.nodes.length) { highlight(params.nodes[0]); showNode(params.nodes[0], false); }
    else if (params.edges.length) { clearHighlight(); showEdge(params.edges[0], false); }
    else { closePanel(); }
  });

  /* ---- the table twin ---- */
  var tableView = document.getElementById("table-view");
  var sorts = { "nodes-table": { key: "label", dir: 1 }, "edges-table": { key: "from", dir: 1 } };
  function nodeCells(n) {
    return { label: name(n), abbr: n.abbr || "", kind: label("kinds", n.kind), level: levelName(n),
             spof: n.spof ? "Yes" : "", threats: threatNames(n.threats).join("; "), paragraphs: n.paragraphs };
  }
  function edgeCells(e) {
    return { from: name(N[e.from]), relation: label("relations", e.relation), to: name(N[e.to]),
             threats: threatNames(e.threats).join("; "), paragraphs: e.paragraphs,
             pillars: e.pillars.map(function (p) { return label("pillars", p); }).join(", ") };
  }
  function compare(key, dir) {
    return function (a, b) {
      var x = a.cells[key];
      var y = b.cells[key];
      var order;
      if (Array.isArray(x)) { order = (x.length ? x[0] : Infinity) - (y.length ? y[0] : Infinity); }
      else { order = x.localeCompare(y, "en-GB", { sensitivity: "base" }); }
      return (order || a.id - b.id) * dir;
    };
  }
  function renderTable(id, rows, columns, action) {
    var sort = sorts[id];
    rows.sort(compare(sort.key, sort.dir));
    var body = document.createDocumentFragment();
    rows.forEach(function (row) {
      var tr = el("tr");
      columns.forEach(function (key, i) {
        var value = row.cells[key];
        var text = Array.isArray(value) ? value.join(", ") : value;
        var cell = el(i === 0 ? "th" : "td");
        if (i === 0) {
          cell.scope = "row";
          cell.appendChild(linkButton(text, function () { action(row.id); }));
        } else {
          cell.textContent = text;
        }
        tr.appendChild(cell);
      });
      body.appendChild(tr);
    });
    var tbody = document.querySelector("#" + id + " tbody");
    tbody.textContent = "";
    tbody.appendChild(body);
  }
  function renderTables() {
    renderTable("nodes-table", Array.from(shownNodes).map(function (id) { return { id: id, cells: nodeCells(N[id]) }; }),
                ["label", "abbr", "kind", "level", "spof", "threats", "paragraphs"],
                function (id) { selectNode(id, true); });
    renderTable("edges-table", Array.from(shownEdges).map(function (id) { return { id: id, cells: edgeCells(E[id]) }; }),
                ["from", "relation", "to", "threats", "pillars", "paragraphs"],
                function (id) { selectEdge(id, true); });
  }
  Array.prototype.forEach.call(document.querySelectorAll("#table-view th button"), function (button) {
    button.addEventListener("click", function () {
      var table = button.closest("table");
      var sort = sorts[table.id];
      sort.dir = sort.key === button.dataset.key ? -sort.dir : 1;
      sort.key = button.dataset.key;
      Array.prototype.forEach.call(table.querySelectorAll("th"), function (th) { th.removeAttribute("aria-sort"); });
      button.parentNode.setAttribute("aria-sort", sort.dir > 0 ? "ascending" : "descending");
      renderTables();
    });
  });
  tableView.addEventListener("toggle", function () { if (tableView.open) { renderTables(); } });
  document.querySelector(".skip").addEventListener("click", function () {
    tableView.open = true;
    tableView.querySelector("summary").focus();
  });

  window.sprMap = { network: network, nodes: nodes, edges: edges, data: data, startedAt: startedAt,
                    builtAt: builtAt, readyAt: null,
                    shown: function () { return { nodes: shownNodes.size, edges: shownEdges.size }; } };
  network.once("afterDrawing", function () {
    window.sprMap.readyAt = performance.now();
    document.documentElement.setAttribute("data-ready", "true");
  });
}());
