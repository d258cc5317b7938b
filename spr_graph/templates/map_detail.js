/* Part 2: the detailed view's data (what passes the filters, what is faded or chosen;
   part 4 draws it) and the node and relation panels. */
function nodeTitle(n) {
  var lines = [name(n), label("kinds", n.kind) + (n.level ? ", " + levelName(n) : "")];
  if (n.spof) { lines.push("Single point of failure"); }
  if (isGap(n)) { lines.push("No named connectivity outside the force"); }
  if (n.threats.length) { lines.push("Threats: " + threatNames(n.threats).join("; ")); }
  if (n.paragraphs.length) { lines.push(cites(n.paragraphs)); }
  if (sinceMark(n)) { lines.push(sinceWords(sinceMark(n).change)); }
  return lines.join("\n");
}
function edgeTitle(e) {
  var lines = [shortName(N[e.from]) + " \u2014 " + label("relations", e.relation) + " \u2192 " + shortName(N[e.to])];
  if (e.threats.length) { lines.push("Threats: " + threatNames(e.threats).join("; ")); }
  if (e.pillars.length) { lines.push("Pillars: " + e.pillars.map(function (p) { return label("pillars", p); }).join(", ")); }
  if (e.status.length) { lines.push("Status: " + e.status.map(function (s) { return label("statuses", s); }).join(", ")); }
  if (e.paragraphs.length) { lines.push(cites(e.paragraphs)); }
  if (sinceMark(e)) { lines.push(sinceWords(sinceMark(e).change)); }
  return lines.join("\n");
}
function colours(fill, ring) {
  return { background: fill, border: ring, highlight: { background: fill, border: "#000000" },
           hover: { background: fill, border: "#000000" } };
}
function ring(n) { return n.spof ? SPOF_RING : (isGap(n) ? GAP_RING : null); }
function edgeColour(e) { return styles.relations[e.relation] || "#a0a0a0"; }
/* The shown nodes or lines as items (the looks drawn now), made when asked: for the tests
   and the page's handle, the same calls as the organisation view's Store. */
function Items(shown, item) { this.shown = shown; this.item = item; }
Items.prototype.get = function (id) {
  var self = this;
  if (id === undefined) { return Array.from(this.shown()).sort(function (a, b) { return a - b; }).map(function (i) { return self.item(i); }); }
  return this.shown().has(id) ? this.item(id) : null;
};
Items.prototype.getIds = function () { return Array.from(this.shown()).sort(function (a, b) { return a - b; }); };
Object.defineProperty(Items.prototype, "length", { get: function () { return this.shown().size; } });
function nodeItem(id) {
  var n = N[id];
  var look = detailLook(n);
  return { id: id, x: n.x, y: n.y, label: nodeLabel(n), title: nodeTitle(n), shape: look.shape, size: look.size,
           color: { background: look.fill, border: look.border }, borderWidth: look.width, dashed: look.dash, font: { color: look.text } };
}
function edgeItem(id) {
  var e = E[id];
  var line = edgeLine(e);
  return { id: id, from: e.from, to: e.to, title: edgeTitle(e), color: { color: line.colour }, width: line.width,
           dashes: line.dash, arrows: line.arrow ? "to" : "" };
}

var detail = {
  name: "detail", built: false, shownNodes: new Set(), shownEdges: new Set(),
  close: null, focus: null, chosen: new Set(), chosenEdge: null,
  build: function () {
    if (this.built) { return; }
    var self = this;
    this.nodes = new Items(function () { return self.shownNodes; }, nodeItem);
    this.edges = new Items(function () { return self.shownEdges; }, edgeItem);
    this.data = { nodes: this.nodes, edges: this.edges };
    sheet.setup();
    this.built = true;
  },
  apply: function () {
    this.close = null;
    var threat = state.threat;
    var edgeList = E.filter(function (e) {
      return (threat === null || e.threats.indexOf(threat) >= 0) && (!state.pillar || e.pillars.indexOf(state.pillar) >= 0)
        && (!state.fiveC || e.fiveC.indexOf(state.fiveC) >= 0) && nodeAllowed(N[e.from]) && nodeAllowed(N[e.to]) && sinceShown(e);
    });
    var keep = new Set();
    if (threat === null && !state.pillar && !state.fiveC) {
      N.forEach(function (n) { if (nodeAllowed(n)) { keep.add(n.id); } });
    } else {
      edgeList.forEach(function (e) { keep.add(e.from); keep.add(e.to); });
      if (threat !== null && threat in threatNode && nodeAllowed(N[threatNode[threat]])) { keep.add(threatNode[threat]); }
    }
    var hits = searchHits(keep);
    if (state.query) { keep = near(keep, hits, edgeList); }
    this.shownNodes = keep;
    this.shownEdges = new Set(edgeList.filter(function (e) {
      return keep.has(e.from) && keep.has(e.to) && (!state.query || hits.has(e.from) || hits.has(e.to));
    }).map(function (e) { return e.id; }));
    sheet.place();
    var text = "Showing " + this.shownNodes.size + " of " + N.length + " nodes and " + this.shownEdges.size + " of " + E.length + " relations.";
    return { hits: hits, text: text };
  },
  /* Fade all but the node and its neighbours (and the lines not its own). */
  highlight: function (id) {
    var self = this;
    var close = new Set([id]);
    incident[id].forEach(function (eid) { if (self.shownEdges.has(eid)) { close.add(E[eid].from); close.add(E[eid].to); } });
    this.close = close;
    this.focus = id;
    sheet.place();
  },
  clear: function () { if (this.close !== null) { this.close = null; this.focus = null; sheet.place(); } },
  click: function (params) {
    if (params.nodes.length) { this.chosen = new Set(params.nodes); this.chosenEdge = null; this.highlight(params.nodes[0]); showNode(params.nodes[0], false); }
    else if (params.edges.length) { this.clear(); this.chosen = new Set(); this.chosenEdge = params.edges[0]; showEdge(params.edges[0], false); }
    else { closePanel(); }
  },
  select: function (id) { if (this.shownNodes.has(id)) { this.chosen = new Set([id]); this.chosenEdge = null; this.highlight(id); } },
  selectEdge: function (id) {
    this.clear();
    this.chosen = new Set();
    this.chosenEdge = this.shownEdges.has(id) ? id : null;
    sheet.place();
  },
  selectHits: function (ids) { this.chosen = new Set(ids); this.chosenEdge = null; sheet.fitNodes(ids); sheet.place(); },
  unselect: function () {
    if (this.chosen.size || this.chosenEdge !== null) { this.chosen = new Set(); this.chosenEdge = null; sheet.place(); }
  },
  selected: function () { return Array.from(this.chosen); }
};
/* The nodes among `keep` whose name or abbreviation holds the search. */
function searchHits(keep) {
  var hits = new Set();
  if (state.query) { keep.forEach(function (id) { if (folded[id].indexOf(state.query) >= 0) { hits.add(id); } }); }
  return hits;
}
/* The search hits and the nodes one line away from one. */
function near(keep, hits, lines) {
  var found = new Set(hits);
  lines.forEach(function (e) {
    if (keep.has(e.from) && keep.has(e.to) && (hits.has(e.from) || hits.has(e.to))) { found.add(e.from); found.add(e.to); }
  });
  return found;
}

/* Panels of one node and one relation: the same in every view. */
var nodeExtras = [];
function showNode(id, fromKeyboard) {
  var n = N[id];
  panelBody.textContent = "";
  badges(n);
  nodeExtras.forEach(function (extra) { extra(n); });
  panelBody.appendChild(facts([
    ["Kind", label("kinds", n.kind)], ["Level", levelName(n)],
    ["Status", n.status ? label("statuses", n.status) : ""], ["Threats", threatNames(n.threats).join("; ")],
    ["Paragraphs", cites(n.paragraphs)], ["Identifier", n.iri]]));
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
    ["Paragraphs", cites(e.paragraphs)]]));
  sinceSection([e]);
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
