/* Part 2: the detailed view (every node and relation) and the node and relation panels. */
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
/* A big map's labels are given to vis-network only for the nodes in view once the view is
   close enough for them to be drawn (12 px type at least 5 px on the screen: vis-network's
   own threshold): building and measuring 5,000 labels that no zoom level shows at once
   was a third of the detailed view's start. */
var LABEL_SCALE = 5 / 12;
var labelled = new Set();
function visNode(n) {
  var item = { id: n.id, label: BIG ? undefined : wrap(shortName(n)), title: nodeTitle(n), x: n.x, y: n.y, group: n.kind,
               shape: n.kind === "threat" ? styles.levels.threat : (styles.levels[n.level || ""] || styles.levels[""]) };
  if (n.spof || n.kind === "threat") { item.size = 15; }
  if (ring(n)) { item.color = ownColour(n); item.borderWidth = n.spof ? 5 : 4; }
  if (isGap(n)) { item.shapeProperties = { borderDashes: [6, 4] }; }
  return item;
}
function labelInView() {
  if (!BIG || network.getScale() < LABEL_SCALE) { return; }
  var corner = network.DOMtoCanvas({ x: 0, y: 0 });
  var far = network.DOMtoCanvas({ x: detailFrame.clientWidth, y: detailFrame.clientHeight });
  var margin = 200;
  var items = [];
  N.forEach(function (n) {
    if (!labelled.has(n.id) && n.x > corner.x - margin && n.x < far.x + margin && n.y > corner.y - margin && n.y < far.y + margin) {
      labelled.add(n.id);
      items.push({ id: n.id, label: wrap(shortName(n)) });
    }
  });
  if (items.length) { detail.nodes.update(items); }
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

var detail = {
  name: "detail", built: false, shownNodes: new Set(), shownEdges: new Set(), dimmedNodes: [], dimmedEdges: [],
  options: { groups: groups,
             edges: { smooth: false, arrows: { to: { enabled: !BIG, scaleFactor: 0.45 } } },
             nodes: { shape: "dot", size: 10, borderWidth: 1, margin: 5, widthConstraint: false, heightConstraint: false,
                      font: { size: 12, face: FONT, color: "#1a1a1a" } },
             interaction: { hideEdgesOnDrag: BIG, hideEdgesOnZoom: BIG } },
  build: function () {
    if (this.built) { return; }
    var self = this;
    this.nodes = new vis.DataSet(N.map(visNode));
    this.edges = new vis.DataSet(E.map(visEdge));
    this.shownNodes = new Set(N.map(function (n) { return n.id; }));
    this.shownEdges = new Set(E.map(function (e) { return e.id; }));
    this.data = { nodes: new vis.DataView(this.nodes, { filter: function (item) { return self.shownNodes.has(item.id); } }),
                  edges: new vis.DataView(this.edges, { filter: function (item) { return self.shownEdges.has(item.id); } }) };
    this.built = true;
  },
  apply: function () {
    this.clear();
    var threat = state.threat;
    var edgeList = E.filter(function (e) {
      return (threat === null || e.threats.indexOf(threat) >= 0) && (!state.pillar || e.pillars.indexOf(state.pillar) >= 0)
        && (!state.fiveC || e.fiveC.indexOf(state.fiveC) >= 0) && nodeAllowed(N[e.from]) && nodeAllowed(N[e.to]);
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
    this.data.nodes.refresh();
    this.data.edges.refresh();
    var text = "Showing " + this.shownNodes.size + " of " + N.length + " nodes and " + this.shownEdges.size + " of " + E.length + " relations.";
    return { hits: hits, text: text };
  },
  highlight: function (id) {
    var self = this;
    this.clear();
    var close = new Set([id]);
    incident[id].forEach(function (eid) { if (self.shownEdges.has(eid)) { close.add(E[eid].from); close.add(E[eid].to); } });
    this.dimmedNodes = Array.from(this.shownNodes).filter(function (nid) { return !close.has(nid); });
    this.dimmedEdges = Array.from(this.shownEdges).filter(function (eid) { return E[eid].from !== id && E[eid].to !== id; });
    this.nodes.update(this.dimmedNodes.map(function (nid) { return nodeLook(N[nid], true); }));
    this.edges.update(this.dimmedEdges.map(function (eid) { return edgeLook(E[eid], true); }));
  },
  clear: function () {
    if (this.dimmedNodes.length) { this.nodes.update(this.dimmedNodes.map(function (nid) { return nodeLook(N[nid], false); })); }
    if (this.dimmedEdges.length) { this.edges.update(this.dimmedEdges.map(function (eid) { return edgeLook(E[eid], false); })); }
    this.dimmedNodes = [];
    this.dimmedEdges = [];
  },
  click: function (params) {
    if (params.nodes.length) { this.highlight(params.nodes[0]); showNode(params.nodes[0], false); }
    else if (params.edges.length) { this.clear(); showEdge(params.edges[0], false); }
    else { closePanel(); }
  },
  select: function (id) { if (this.shownNodes.has(id)) { network.selectNodes([id], true); this.highlight(id); } },
  selectEdge: function (id) { this.clear(); if (this.shownEdges.has(id)) { network.selectEdges([id]); } },
  selectHits: function (ids) { network.selectNodes(ids, false); network.fit({ nodes: ids, animation: false }); },
  unselect: function () { network.unselectAll(); },
  selected: function () { return network.getSelectedNodes(); }
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
