/* Part 7: the network, the views, the controls, the table twin and the page's handle. */
var container = document.getElementById("map");
var start = location.hash === "#detail" ? "detail" : (location.hash === "#matrix" ? "matrix" : "org");
var current = start === "detail" ? detail : org;
state.view = start;
var search = document.getElementById("search");
var threatSelect = document.getElementById("threat-filter");
var pillarSelect = document.getElementById("pillar-filter");
var fiveCSelect = document.getElementById("fivec-filter");
var postsBox = document.getElementById("posts");
var kindBoxes = document.querySelectorAll("#kind-filter input");
var levelBoxes = document.querySelectorAll("#level-filter input");
function readControls() {
  state.threat = threatSelect.value === "" ? null : Number(threatSelect.value);
  state.pillar = pillarSelect.value;
  state.fiveC = fiveCSelect.value;
  state.posts = postsBox.checked;
  state.kinds = new Set(Array.prototype.filter.call(kindBoxes, function (b) { return b.checked; }).map(function (b) { return b.value; }));
  state.levels = new Set(Array.prototype.filter.call(levelBoxes, function (b) { return b.checked; }).map(function (b) { return b.value; }));
  state.query = fold(search.value.trim());
}
readControls();
current.build();
var first = current.apply();
/* The options every view shares, with the view's own merged in (one level deep). */
function optionsFor(view) {
  var base = {
    autoResize: true, physics: false, layout: { improvedLayout: false },
    edges: { smooth: false, selectionWidth: 2, hoverWidth: 1, width: 1, color: { inherit: false, highlight: "#000000", hover: "#000000" } },
    interaction: { hover: true, tooltipDelay: 150, keyboard: { enabled: true, bindToWindow: false }, navigationButtons: false, multiselect: false }
  };
  Object.keys(view.options).forEach(function (key) {
    base[key] = typeof base[key] === "object" ? Object.assign({}, base[key], view.options[key]) : view.options[key];
  });
  return base;
}
var network = new vis.Network(container, current.data, optionsFor(current));
var builtAt = performance.now();
var canvas = container.querySelector("canvas");
if (canvas) { canvas.setAttribute("aria-hidden", "true"); }
network.on("beforeDrawing", function (ctx) { if (current === org) { org.draw(ctx); } });
/* Fit the view to the map area, and remember it: a view the user has not moved is fitted
   again when the panel opens or closes. */
var lastFit = null;
function fitView() {
  if (current === org) { org.fit(); } else { network.fit({ animation: false }); }
  lastFit = { scale: network.getScale(), at: network.getViewPosition() };
}
function atFit() {
  var at = network.getViewPosition();
  return lastFit !== null && Math.abs(network.getScale() - lastFit.scale) < 1e-9
    && Math.abs(at.x - lastFit.at.x) < 0.5 && Math.abs(at.y - lastFit.at.y) < 0.5;
}
fitView();

function applyFilters() {
  readControls();
  var result = current.apply();
  var matched = Array.from(result.hits);
  if (matched.length) {
    network.selectNodes(matched, false);
    network.fit({ nodes: matched, animation: false });
  } else {
    network.unselectAll();
  }
  var text = state.view === "matrix" ? "" : result.text;
  if (state.query) { text += " " + matched.length + (matched.length === 1 ? " name matches" : " names match") + " the search."; }
  if (state.view === "matrix") { renderMatrix(); text = document.getElementById("matrix-count").textContent + text; }
  setStatus(text.trim());
  if (tableView.open) { renderTables(); }
}
/* The buttons, areas and tables of a view. */
function viewChrome(name) {
  state.view = name;
  Array.prototype.forEach.call(document.querySelectorAll("#views button"), function (b) {
    b.setAttribute("aria-pressed", String(b.dataset.view === name));
  });
  document.getElementById("map-area").hidden = name === "matrix";
  document.getElementById("matrix-view").hidden = name !== "matrix";
  document.getElementById("tables-detail").hidden = name !== "detail";
  document.getElementById("tables-org").hidden = name === "detail";
}
function setView(name) {
  viewChrome(name);
  var view = name === "detail" ? detail : org;
  if (view !== current) {
    current.clear();
    network.unselectAll();
    current = view;
    view.build();
    network.setOptions(view.options);
    view.apply();
    network.setData(view.data);
  }
  applyFilters();
  if (name !== "matrix") { network.redraw(); fitView(); }
}
Array.prototype.forEach.call(document.querySelectorAll("#views button"), function (b) {
  b.addEventListener("click", function () { setView(b.dataset.view); });
});
var timer = null;
search.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(applyFilters, BIG ? 250 : 120); });
search.addEventListener("keydown", function (event) { if (event.key === "Enter") { clearTimeout(timer); applyFilters(); } });
[threatSelect, pillarSelect, fiveCSelect].forEach(function (s) { s.addEventListener("change", applyFilters); });
postsBox.addEventListener("change", function () { applyFilters(); fitView(); });
Array.prototype.forEach.call(kindBoxes, function (b) { b.addEventListener("change", applyFilters); });
Array.prototype.forEach.call(levelBoxes, function (b) { b.addEventListener("change", applyFilters); });
document.getElementById("reset").addEventListener("click", function () {
  search.value = ""; threatSelect.value = ""; pillarSelect.value = ""; fiveCSelect.value = ""; postsBox.checked = false;
  Array.prototype.forEach.call(kindBoxes, function (b) { b.checked = true; });
  Array.prototype.forEach.call(levelBoxes, function (b) { b.checked = true; });
  applyFilters();
  fitView();
});

function selectNode(id, fromKeyboard) { current.select(id); showNode(id, fromKeyboard); }
function selectEdge(id, fromKeyboard) {
  current.selectEdge(id);
  if (current === detail && detail.shownEdges.has(id)) { network.selectEdges([id]); }
  showEdge(id, fromKeyboard);
}
function closePanel() {
  var was = panel.hidden;
  panel.hidden = true;
  if (!was) { resized(); }
  delete panel.dataset.whatif;
  current.clear();
  network.unselectAll();
  if (returnFocus && document.contains(returnFocus)) { returnFocus.focus(); }
  returnFocus = null;
}
document.getElementById("panel-close").addEventListener("click", closePanel);
document.addEventListener("keydown", function (event) { if (event.key === "Escape" && !panel.hidden) { closePanel(); } });
network.on("click", function (params) { current.click(params); });

/* ---- the table twin ---- */
var tableView = document.getElementById("table-view");
var sorts = { "nodes-table": { key: "label", dir: 1 }, "edges-table": { key: "from", dir: 1 },
              "orgs-table": { key: "label", dir: 1 }, "links-table": { key: "statements", dir: -1 } };
function nodeCells(n) {
  return { label: name(n), abbr: n.abbr || "", kind: label("kinds", n.kind), level: levelName(n),
           spof: n.spof ? "Yes" : "", threats: threatNames(n.threats).join("; "), paragraphs: n.paragraphs,
           statements: n.statements.length };
}
function edgeCells(e) {
  return { from: name(N[e.from]), relation: label("relations", e.relation), to: name(N[e.to]),
           threats: threatNames(e.threats).join("; "), paragraphs: e.paragraphs,
           pillars: e.pillars.map(function (p) { return label("pillars", p); }).join(", ") };
}
function linkCells(link) {
  var counts = threatCounts(link.statements);
  return { from: name(N[link.a]), to: name(N[link.b]), statements: link.statements.length,
           threats: counts.map(function (c, i) { return c ? data.threats[i].label + " " + c : ""; }).filter(Boolean).join("; "),
           relations: linkRelations(link).join(", "),
           paragraphs: union(link.statements.map(function (s) { return data.statements[s].paragraphs; })) };
}
function compare(key, dir) {
  return function (a, b) {
    var x = a.cells[key];
    var y = b.cells[key];
    var order;
    if (Array.isArray(x)) { order = (x.length ? x[0] : Infinity) - (y.length ? y[0] : Infinity); }
    else if (typeof x === "number") { order = x - y; }
    else { order = x.localeCompare(y, "en-GB", { sensitivity: "base" }); }
    return (order || (a.id < b.id ? -1 : (a.id > b.id ? 1 : 0))) * dir;
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
      var text = Array.isArray(value) ? cites(value) : String(value);  // paragraphs
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
  if (state.view === "detail") {
    renderTable("nodes-table", Array.from(detail.shownNodes).map(function (id) { return { id: id, cells: nodeCells(N[id]) }; }),
                ["label", "abbr", "kind", "level", "spof", "threats", "paragraphs"], function (id) { selectNode(id, true); });
    renderTable("edges-table", Array.from(detail.shownEdges).map(function (id) { return { id: id, cells: edgeCells(E[id]) }; }),
                ["from", "relation", "to", "threats", "pillars", "paragraphs"], function (id) { selectEdge(id, true); });
    return;
  }
  if (!org.built) { org.build(); org.apply(); }
  renderTable("orgs-table", Array.from(org.shownNodes).map(function (id) { return { id: id, cells: nodeCells(N[id]) }; }),
              ["label", "kind", "level", "statements", "spof", "threats"], function (id) { selectNode(id, true); });
  renderTable("links-table", org.shownLinks.map(function (link) { return { id: link.id, cells: linkCells(link) }; }),
              ["from", "to", "statements", "threats", "relations", "paragraphs"], function (id) { showLink(id, true); });
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

window.sprMap = { network: network, data: data, startedAt: startedAt, builtAt: builtAt, readyAt: null,
                  get nodes() { return current.nodes; }, get edges() { return current.edges; },
                  view: function () { return state.view; }, setView: setView, png: mapPng, svg: mapSvg,
                  links: function () { return org.shownLinks.map(function (l) { return { a: l.a, b: l.b, statements: l.statements }; }); },
                  whatif: function (ids) { return whatIf(ids).rows.map(function (r) { return r.slice(0, 4); }); },
                  shown: function () {
                    return current === detail ? { nodes: detail.shownNodes.size, edges: detail.shownEdges.size }
                                              : { nodes: org.shownNodes.size, edges: org.shownLinks.length };
                  } };
if (start === "matrix") { setView(start); } else { viewChrome(start); setStatus(first.text); }
network.once("afterDrawing", function () {
  window.sprMap.readyAt = performance.now();
  document.documentElement.setAttribute("data-ready", "true");
});
