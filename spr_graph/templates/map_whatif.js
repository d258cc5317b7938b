/* Part 6: what if we lose some organisations? The same answer as `spr-graph whatif
   --remove` (spr_graph.analysis.whatif), from the inputs the map carries
   (spr_graph.render.whatifdata): routes to national partners per threat, agents cut off
   from the force, boards without a chair, funding lost and left unfunded, and the gap
   matrix's cells and gaps. */
var W = data.whatif || null;
function rowName(id) { return W.names[id] ? W.names[id][0] : N[id].label; }
function detailName(id) { return W.names[id] ? W.names[id][1] : N[id].label; }
var whatifAdjacent = null;
function reachFrom(gone, counts) {
  if (!whatifAdjacent) {
    whatifAdjacent = new Map();
    W.edges.forEach(function (e, i) {
      [e[0], e[1]].forEach(function (end) { if (!whatifAdjacent.has(end)) { whatifAdjacent.set(end, []); } whatifAdjacent.get(end).push(i); });
    });
  }
  var seen = new Set([W.force]);
  var todo = [W.force];
  while (todo.length) {
    var node = todo.pop();
    (whatifAdjacent.get(node) || []).forEach(function (i) {
      var e = W.edges[i];
      var other = e[0] === node ? e[1] : e[0];
      if (!seen.has(other) && !gone.has(other) && counts(e)) { seen.add(other); todo.push(other); }
    });
  }
  return seen;
}
function routeRows(gone, rows) {
  var none = new Set();
  var changes = W.threats.map(function (t, i) {
    var counts = function (e) { return e[2] === 1 || e[3].indexOf(i) >= 0; };
    var before = reachFrom(none, counts);
    var after = reachFrom(gone, counts);
    var was = t.partners.filter(function (p) { return before.has(p); });
    var now = was.filter(function (p) { return after.has(p); });
    var stays = t.partners.filter(function (p) { return after.has(p); });
    var paras = [];
    if (stays.length !== was.length) {
      paras = union(W.edges.filter(function (e) { return counts(e) && (gone.has(e[0]) || gone.has(e[1])); }).map(function (e) { return e[4]; }));
    }
    return { threat: t, before: was, after: now, lost: was.length > 0 && now.length === 0, paragraphs: paras };
  });
  changes.sort(function (a, b) { return (a.lost ? 0 : 1) - (b.lost ? 0 : 1); });
  changes.forEach(function (c) {
    var dropped = c.before.filter(function (p) { return c.after.indexOf(p) < 0; });
    if (dropped.length) {
      rows.push([c.lost ? "threat-lost" : "partners-lost", c.threat.name, dropped.map(detailName).join("; "), c.paragraphs, dropped]);
    }
  });
  return changes;
}
function fundingRows(gone, rows) {
  var rank = new Map(W.rank.map(function (id, i) { return [id, i]; }));
  var reach = reachFrom(new Set(), function () { return true; });
  var still = reachFrom(gone, function () { return true; });
  Array.from(reach).filter(function (n) { return !still.has(n) && !gone.has(n); })
    .sort(function (a, b) { return rank.get(a) - rank.get(b); })
    .forEach(function (n) { rows.push(["cut-off", rowName(n), "", [], [n]]); });
  W.chairs.forEach(function (c) {
    if (!gone.has(c[0]) && c[1].length && c[1].every(function (x) { return gone.has(x); })) {
      rows.push(["board-without-chair", rowName(c[0]), c[1].map(detailName).join("; "), c[2], [c[0]]]);
    }
  });
  var lost = new Set(W.streams.filter(function (s) { return gone.has(s[0]); }).map(function (s) { return s[0]; }));
  var grew = true;
  while (grew) {
    grew = false;
    W.streams.forEach(function (s) {
      if (!lost.has(s[0]) && s[1].length && s[1].every(function (f) { return gone.has(f) || lost.has(f); })) { lost.add(s[0]); grew = true; }
    });
  }
  var paid = new Map(W.streams.map(function (s) { return [s[0], s]; }));
  W.streams.forEach(function (s) { if (lost.has(s[0])) { rows.push(["funding-lost", rowName(s[0]), "", s[3], [s[0]]]); } });
  var dependents = new Set();
  lost.forEach(function (s) { paid.get(s)[2].forEach(function (d) { dependents.add(d); }); });
  W.payers.forEach(function (p) {
    if (dependents.has(p[0]) && !gone.has(p[0]) && p[1].every(function (s) { return lost.has(s); })) {
      rows.push(["unfunded", rowName(p[0]), p[1].map(detailName).join("; "),
                 union(p[1].map(function (s) { return paid.get(s)[3]; })), [p[0]]]);
    }
  });
}
function gapRows(gone, rows) {
  var G = W.gaps;
  var inside = new Set(G.own);
  var connectivity = G.fiveCs.indexOf("connectivity");
  var after = G.rows.map(function (r) { return { counts: r.counts.slice(), named: false, paras: new Set() }; });
  G.statements.forEach(function (s) {
    var falls = (s[2].length && s[2].every(function (a) { return gone.has(a); })) || (s[3].length && s[3].every(function (p) { return gone.has(p); }));
    s[0].forEach(function (r) {
      if (falls) { if (s[1] >= 0) { after[r].counts[s[1]] -= 1; } return; }
      if (s[1] === connectivity && connectivity >= 0) {
        s[4].forEach(function (p) { after[r].paras.add(p); });
        if (s[3].some(function (p) { return !gone.has(p) && (p < 0 || !inside.has(p)); })) { after[r].named = true; }
      }
    });
  });
  G.rows.forEach(function (r, i) {
    G.fiveCs.forEach(function (c, j) {
      if (r.counts[j] !== after[i].counts[j]) { rows.push(["gap-change", r.name, c + ": " + r.counts[j] + " -> " + after[i].counts[j], [], []]); }
    });
  });
  G.rows.forEach(function (r, i) {
    if (!after[i].named && r.named) {
      rows.push(["new-gap", r.name, "no connectivity statement names a partner outside " + G.forceLabel, sortNumbers(Array.from(after[i].paras)), []]);
    }
    G.fiveCs.forEach(function (c, j) {
      if (!after[i].counts[j] && r.counts[j]) { rows.push(["new-gap", r.name, "no statement evidences " + c, [], []]); }
    });
  });
}
/* Every consequence as [kind, node, detail, paragraphs, nodes on the map], in the order
   `spr-graph whatif` lists them; and the nodes that lose their route. */
function whatIf(removed) {
  var gone = new Set(removed);
  var rows = [];
  var changes = routeRows(gone, rows);
  fundingRows(gone, rows);
  gapRows(gone, rows);
  var lost = new Set();
  rows.forEach(function (r) { if (r[0] === "cut-off") { r[4].forEach(function (n) { lost.add(n); }); } });
  changes.forEach(function (c) { c.before.forEach(function (p) { if (c.after.indexOf(p) < 0 && !gone.has(p)) { lost.add(p); } }); });
  return { rows: rows, lost: lost, changes: changes };
}

var whatifRemoved = [];
var WHATIF_HEADINGS = [["threat-lost", "Threats that lose every national partner"], ["partners-lost", "Threats that lose national partners"],
  ["cut-off", "Cut off from the force"], ["board-without-chair", "Boards left without a chair"], ["funding-lost", "Funding lost"],
  ["unfunded", "Left unfunded"], ["gap-change", "Evidence that falls (threat \u00d7 5C statements)"], ["new-gap", "New gaps"]];
function whatifItem(row) {
  var item = el("li");
  item.dataset.kind = row[0];
  item.dataset.paragraphs = row[3].join(" ");
  item.appendChild(el("strong", row[1], "wi-node"));
  if (row[2]) { item.appendChild(document.createTextNode(": ")); item.appendChild(el("span", row[2], "wi-detail")); }
  if (row[3].length) { item.appendChild(el("span", " (" + cites(row[3]) + ")", "wi-paras")); }
  return item;
}
function showWhatif(fromKeyboard) {
  if (!whatifRemoved.length) { return; }
  var answer = whatIf(whatifRemoved);
  panelBody.textContent = "";
  var names = whatifRemoved.map(function (id) { return N[id].label; });
  var lostThreats = answer.changes.filter(function (c) { return c.lost; }).length;
  var summary = answer.rows.length ? answer.lost.size + " organisations, posts or people lose their route to the force or to a national partner; "
    + lostThreats + (lostThreats === 1 ? " threat loses" : " threats lose") + " every national partner; "
    + answer.rows.length + " consequences in all." : "Nothing is lost: every route, chair, fund and statement holds.";
  panelBody.appendChild(el("p", summary, "wi-summary"));
  WHATIF_HEADINGS.forEach(function (pair) {
    section(pair[1], answer.rows.filter(function (r) { return r[0] === pair[0]; }).map(whatifItem));
  });
  paragraphs(union(answer.rows.map(function (r) { return r[3]; })));
  openPanel("What if we lose " + names.join(", ") + "?", fromKeyboard);
  panel.dataset.whatif = "true";
  return answer;
}
function markWhatif() {
  var answer = whatifRemoved.length ? whatIf(whatifRemoved) : { lost: new Set() };
  org.marks = { removed: new Set(whatifRemoved), lost: answer.lost };
  if (org.built) { org.restyle(); }
}
function renderRemoved() {
  var list = document.getElementById("whatif-removed");
  list.textContent = "";
  whatifRemoved.forEach(function (id) {
    var item = el("li", N[id].label + " ");
    var button = linkButton("Restore", function () { setRemoved(whatifRemoved.filter(function (x) { return x !== id; }), true); });
    button.setAttribute("aria-label", "Restore " + N[id].label);
    item.appendChild(button);
    list.appendChild(item);
  });
  document.getElementById("whatif-clear").disabled = !whatifRemoved.length;
}
function setRemoved(ids, fromKeyboard) {
  whatifRemoved = ids.filter(function (id, i) { return ids.indexOf(id) === i; });
  renderRemoved();
  markWhatif();
  if (whatifRemoved.length) { showWhatif(fromKeyboard); } else if (panel.dataset.whatif === "true") { closePanel(); }
}
if (W) {
  var pick = document.getElementById("whatif-pick");
  var removable = new Set(W.agents.filter(function (id) { return id !== W.force; }));
  W.rank.filter(function (id) { return removable.has(id); }).forEach(function (id) {
    var option = el("option", name(N[id]));
    option.value = String(id);
    pick.appendChild(option);
  });
  document.getElementById("whatif-add").addEventListener("click", function () {
    if (pick.value !== "") { setRemoved(whatifRemoved.concat([Number(pick.value)]), true); }
  });
  document.getElementById("whatif-clear").addEventListener("click", function () { setRemoved([], false); });
  nodeExtras.push(function (n) {
    if (!removable.has(n.id)) { return; }
    var gone = whatifRemoved.indexOf(n.id) >= 0;
    var button = el("button", gone ? "Restore it in the what-if" : "What if we lose it?", "whatif-button");
    button.type = "button";
    button.addEventListener("click", function () {
      setRemoved(gone ? whatifRemoved.filter(function (x) { return x !== n.id; }) : whatifRemoved.concat([n.id]), true);
    });
    panelBody.appendChild(button);
  });
}
