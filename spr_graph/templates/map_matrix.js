/* Part 7: the matrix view: organisations x threats. Each cell counts the requirement
   statements naming the organisation (as actor or partner; a hidden post counts for its
   organisation) and the threat, under the C and pillar filters; a diamond marks a named
   connectivity partner (outside the force, on a connectivity statement). */
var matrixSort = { key: "total", dir: -1 };
function matrixRows() {
  var rows = new Map();
  data.statements.forEach(function (s, index) {
    if (!statementAllowed(s)) { return; }
    var actors = new Set(s.actors.map(lift));
    var partners = new Set(s.partners.map(lift));
    new Set(Array.from(actors).concat(Array.from(partners))).forEach(function (id) {
      if (id < 0 || !nodeAllowed(N[id]) || (state.query && folded(id).indexOf(state.query) < 0)) { return; }
      var row = rows.get(id);
      if (!row) { row = { id: id, counts: data.threats.map(function () { return []; }), named: new Set(), all: new Set() }; rows.set(id, row); }
      row.all.add(index);
      s.threats.forEach(function (t) {
        row.counts[t].push(index);
        if (s.fiveC === "connectivity" && partners.has(id) && !own.has(id)) { row.named.add(t); }
      });
    });
  });
  return Array.from(rows.values());
}
function matrixValue(row, key) {
  if (key === "name") { return N[row.id].label; }
  if (key === "kind") { return label("kinds", N[row.id].kind); }
  if (key === "level") { return levelName(N[row.id]); }
  if (key === "total") { return row.all.size; }
  return row.counts[Number(key)].length;
}
function showCell(row, threat, fromKeyboard) {
  panelBody.textContent = "";
  var list = row.counts[threat];
  if (row.named.has(threat)) { panelBody.appendChild(el("p", "Named connectivity partner on " + data.threats[threat].label, "badge")); }
  section("Statements (" + list.length + ")", list.map(statementItem));
  paragraphs(union(list.map(function (s) { return data.statements[s].paragraphs; })));
  openPanel(N[row.id].label + " on " + data.threats[threat].label, fromKeyboard);
}
function matrixHeader() {
  var tr = document.querySelector("#matrix-table thead tr");
  if (tr.childNodes.length) { return; }
  var columns = [["name", "Organisation"], ["kind", "Kind"], ["level", "Level"], ["total", "All threats"]].concat(
    data.threats.map(function (t, i) { return [String(i), t.label + (t.gap ? " (no named connectivity)" : "")]; }));
  columns.forEach(function (column) {
    var th = el("th");
    th.scope = "col";
    var button = el("button", column[1]);
    button.type = "button";
    button.dataset.key = column[0];
    button.addEventListener("click", function () {
      matrixSort.dir = matrixSort.key === column[0] ? -matrixSort.dir : (["name", "kind", "level"].indexOf(column[0]) >= 0 ? 1 : -1);
      matrixSort.key = column[0];
      renderMatrix();
    });
    th.appendChild(button);
    tr.appendChild(th);
  });
}
function renderMatrix() {
  matrixHeader();
  var rows = matrixRows();
  var key = matrixSort.key;
  var top = Math.max.apply(null, [1].concat(rows.map(function (r) { return Math.max.apply(null, r.counts.map(function (c) { return c.length; })); })));
  rows.sort(function (a, b) {
    var x = matrixValue(a, key);
    var y = matrixValue(b, key);
    var order = typeof x === "number" ? x - y : x.localeCompare(y, "en-GB", { sensitivity: "base" });
    return (order || N[a.id].label.localeCompare(N[b.id].label, "en-GB") || a.id - b.id) * (order ? matrixSort.dir : 1);
  });
  Array.prototype.forEach.call(document.querySelectorAll("#matrix-table th"), function (th) {
    var button = th.querySelector("button");
    if (button.dataset.key === key) { th.setAttribute("aria-sort", matrixSort.dir > 0 ? "ascending" : "descending"); }
    else { th.removeAttribute("aria-sort"); }
  });
  var body = document.createDocumentFragment();
  rows.forEach(function (row) {
    var tr = el("tr");
    var head = el("th");
    head.scope = "row";
    head.appendChild(linkButton(name(N[row.id]), function () { selectNode(row.id, true); }));
    tr.appendChild(head);
    tr.appendChild(el("td", label("kinds", N[row.id].kind)));
    tr.appendChild(el("td", levelName(N[row.id])));
    tr.appendChild(el("td", String(row.all.size), "count"));
    row.counts.forEach(function (list, t) {
      var count = list.length;
      var cell = el("td", null, "count heat-" + (count ? Math.min(4, 1 + Math.floor(3 * count / top)) : 0));
      if (count) {
        var button = linkButton(String(count) + (row.named.has(t) ? " \u25c6" : ""), function () { showCell(row, t, true); });
        button.setAttribute("aria-label", count + (count === 1 ? " statement" : " statements") + (row.named.has(t) ? ", named connectivity partner" : "")
                            + ": " + N[row.id].label + " on " + data.threats[t].label);
        cell.appendChild(button);
      } else {
        cell.appendChild(el("span", "0", "zero"));
      }
      tr.appendChild(cell);
    });
    body.appendChild(tr);
  });
  var tbody = document.querySelector("#matrix-table tbody");
  tbody.textContent = "";
  tbody.appendChild(body);
  document.getElementById("matrix-count").textContent = rows.length + " organisations with statements.";
}
