/* Part 9: the views, the controls, the table twin and the page's handle. The organisation
   view is drawn by part 3 (SVG), the detailed view by part 4 (a canvas), when first asked for. */
var orgFrame = document.getElementById("org-map");
var detailFrame = document.getElementById("detail-map");
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
var sinceToggle = document.getElementById("since-toggle");
function readControls() {
  state.threat = threatSelect.value === "" ? null : Number(threatSelect.value);
  state.pillar = pillarSelect.value;
  state.fiveC = fiveCSelect.value;
  state.posts = postsBox.checked;
  state.since = sinceToggle !== null && sinceToggle.checked;
  state.kinds = new Set(Array.prototype.filter.call(kindBoxes, function (b) { return b.checked; }).map(function (b) { return b.value; }));
  state.levels = new Set(Array.prototype.filter.call(levelBoxes, function (b) { return b.checked; }).map(function (b) { return b.value; }));
  state.query = fold(search.value.trim());
}
readControls();
function showFrames() {
  orgFrame.hidden = current !== org;
  detailFrame.hidden = current !== detail;
}
var builtAt = null;
/* When the detailed view's stages began (ms from navigation): its data, its first
   drawing; the benchmark reports them. */
var marks = {};
/* The detailed view, built and drawn once its area is shown. */
function makeSheet() {
  marks.data = performance.now();
  detail.build();
  var result = detail.apply();
  sheet.measure();
  sheet.fit();
  marks.draw = performance.now();
  sheet.draw();
  builtAt = performance.now();
  return result;
}
showFrames();
var first;
if (current === detail) { first = makeSheet(); }
else { board.measure(); org.build(); first = org.apply(); builtAt = performance.now(); }
/* Fit the view to the map area, and remember it: a view the user has not moved is fitted
   again when the panel opens or closes. */
var lastFit = null;
function viewAt() {
  var view = current === org ? board : sheet;
  return { scale: view.at.scale, x: view.at.x, y: view.at.y };
}
function fitView() {
  if (current === org) { org.fit(); } else { sheet.fit(); }
  lastFit = viewAt();
}
function atFit() {
  var at = viewAt();
  return lastFit !== null && Math.abs(at.scale - lastFit.scale) < 1e-9
    && Math.abs(at.x - lastFit.x) < 0.5 && Math.abs(at.y - lastFit.y) < 0.5;
}
fitView();
function refit() {
  if (state.view === "matrix") { return; }
  var fitted = atFit();
  var view = current === org ? board : sheet;
  view.measure();
  if (fitted) { fitView(); } else { view.place(); }
  if (view === sheet) { sheet.draw(); }  /* now: a resized canvas is blank, and print does not wait */
}
window.addEventListener("resize", refit);
/* The printed page is another size: fit the view to it, and back after. */
window.matchMedia("print").addEventListener("change", refit);

function applyFilters() {
  readControls();
  var result = current.apply();
  var matched = Array.from(result.hits);
  if (matched.length) { current.selectHits(matched); } else { current.unselect(); }
  var text = (state.view === "matrix" ? "" : result.text) + sinceStatus();
  if (state.query) { text += " " + matched.length + (matched.length === 1 ? " name matches" : " names match") + " the search."; }
  if (state.view === "matrix") { renderMatrix(); text = document.getElementById("matrix-count").textContent + text; }
  setStatus(text.trim());
  if (tableView.open) { renderTables(); }
}
/* The map's accessible name: what the view draws, and the table view as its alternative. */
var mapBox = document.getElementById("map");
var orgMapName = mapBox.getAttribute("aria-label");
var detailMapName = "Network map of every node and relation: " + N.length + " nodes and " + E.length
  + " relations, drawn on a canvas. The table view below lists the same.";
/* The buttons, areas and tables of a view. */
function viewChrome(name) {
  state.view = name;
  mapBox.setAttribute("aria-label", name === "detail" ? detailMapName : orgMapName);
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
  var view = name === "detail" ? detail : (name === "org" ? org : current);
  if (view !== current) {
    current.clear();
    current.unselect();
    current = view;
    showFrames();
    if (view === detail) { if (detail.built) { sheet.measure(); } else { makeSheet(); } } else { board.measure(); org.build(); }
  }
  applyFilters();
  if (name !== "matrix") { fitView(); }
}
Array.prototype.forEach.call(document.querySelectorAll("#views button"), function (b) {
  b.addEventListener("click", function () { setView(b.dataset.view); });
});
var timer = null;
search.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(applyFilters, BIG ? 250 : 120); });
search.addEventListener("keydown", function (event) { if (event.key === "Enter") { clearTimeout(timer); applyFilters(); } });
[threatSelect, pillarSelect, fiveCSelect].forEach(function (s) { s.addEventListener("change", applyFilters); });
postsBox.addEventListener("change", function () { applyFilters(); fitView(); });
if (sinceToggle !== null) { sinceToggle.addEventListener("change", applyFilters); }
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
  showEdge(id, fromKeyboard);
}
function closePanel() {
  var was = panel.hidden;
  panel.hidden = true;
  if (!was) { resized(); }
  delete panel.dataset.whatif;
  current.clear();
  current.unselect();
  if (returnFocus && document.contains(returnFocus)) { returnFocus.focus(); }
  returnFocus = null;
}
document.getElementById("panel-close").addEventListener("click", closePanel);
document.addEventListener("keydown", function (event) { if (event.key === "Escape" && !panel.hidden) { closePanel(); } });

/* ---- the table twin ---- */
var tableView = document.getElementById("table-view");
var sorts = { "nodes-table": { key: "label", dir: 1 }, "edges-table": { key: "from", dir: 1 },
              "orgs-table": { key: "label", dir: 1 }, "links-table": { key: "statements", dir: -1 } };
function nodeCells(n) {
  return { label: sinceLabel(name(n), n), abbr: n.abbr || "", kind: label("kinds", n.kind), level: levelName(n),
           spof: n.spof ? "Yes" : "", threats: threatNames(n.threats).join("; "), paragraphs: n.paragraphs,
           statements: n.statements.length };
}
function edgeCells(e) {
  return { from: sinceLabel(name(N[e.from]), e), relation: label("relations", e.relation), to: name(N[e.to]),
           threats: threatNames(e.threats).join("; "), paragraphs: e.paragraphs,
           pillars: e.pillars.map(function (p) { return label("pillars", p); }).join(", ") };
}
function linkCells(link) {
  var counts = threatCounts(link.statements);
  var change = linkSince(link);
  return { from: (change ? SINCE_LOOKS[change].sign + " " : "") + name(N[link.a]), to: name(N[link.b]), statements: link.statements.length,
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

/* The organisation view's boxes as drawn, in pixels of the map area: for the tests. */
function drawnBoxes() {
  var area = orgFrame.getBoundingClientRect();
  return Array.prototype.map.call(orgFrame.querySelectorAll("[data-node]"), function (g) {
    var box = g.querySelector("rect").getBoundingClientRect();
    var half = Number(g.querySelector("rect").getAttribute("stroke-width")) * board.at.scale / 2;
    return { id: Number(g.getAttribute("data-node")), lines: g.querySelectorAll("tspan").length,
             left: box.left - area.left - half, top: box.top - area.top - half,
             right: box.right - area.left + half, bottom: box.bottom - area.top + half };
  });
}
window.sprMap = { data: data, startedAt: startedAt, builtAt: builtAt, readyAt: null, marks: marks,
                  canvas: sheet,
                  get nodes() { return current.nodes; }, get edges() { return current.edges; },
                  view: function () { return state.view; }, setView: setView, png: mapPng, svg: mapSvg,
                  scale: function () { return viewAt().scale; }, boxes: drawnBoxes,
                  selected: function () { return current.selected(); },
                  /* How many nodes the view has drawn: the SVG's boxes, or the canvas's last frame's. */
                  drawn: function () { return current === org ? orgFrame.querySelectorAll("[data-node]").length : sheet.painted; },
                  links: function () { return org.shownLinks.map(function (l) { return { a: l.a, b: l.b, statements: l.statements }; }); },
                  whatif: function (ids) { return whatIf(ids).rows.map(function (r) { return r.slice(0, 4); }); },
                  shown: function () {
                    return current === detail ? { nodes: detail.shownNodes.size, edges: detail.shownEdges.size }
                                              : { nodes: org.shownNodes.size, edges: org.shownLinks.length };
                  } };
if (start === "matrix") { setView(start); } else { viewChrome(start); setStatus(first.text); }
/* Interactive: every handler bound and the view's first drawing on the screen (the first
   frame painted after the SVG was built, or after the canvas was first drawn). */
function ready() {
  window.sprMap.builtAt = builtAt;
  window.sprMap.readyAt = performance.now();
  document.documentElement.setAttribute("data-ready", "true");
}
requestAnimationFrame(function () { setTimeout(ready, 0); });
