/* Part 5: the organisation view. Organisations in tiers (national, regional, local, the
   force, inside it); one line per pair, aggregated from the requirement statements and
   the ORG relations that pass the filters: width = statements, colour = threats. */
var SEVERAL = "#4d4d4d";
var STRUCTURE_LINE = "#8a8a8a";
function tint(hex, share) {
  var rgb = [1, 3, 5].map(function (i) { return parseInt(hex.slice(i, i + 2), 16); });
  return "#" + rgb.map(function (c) { return Math.round(c + (255 - c) * share).toString(16).padStart(2, "0"); }).join("");
}
/* A box's label: the name in at most two lines that fit the box (measured in the box's
   font), else the abbreviation when there is one; the tooltip and the panel give the rest. */
var BOX_TEXT = 108;  /* the box (122, or 190 for the force) less its padding and border */
var FORCE_TEXT = 174;
var measure = document.createElement("canvas").getContext("2d");
var room = BOX_TEXT;
/* Widths measured, by font and text: a measurement costs (the lines a label was wrapped
   into are measured again to see whether to cut them). */
var widths = new Map();
function fits(text) {
  var key = measure.font + "|" + text;
  if (!widths.has(key)) { widths.set(key, measure.measureText(text).width); }
  return widths.get(key) <= room;
}
function cut(text, tail) {
  while (text.length > 1 && !fits(text + tail)) { text = text.slice(0, -1); }
  return text.trim() + tail;
}
function joinWord(line, word) { return line + (line && line.slice(-1) !== "-" ? " " : "") + word; }
function boxWrap(text) {
  var words = text.replace(/-/g, "- ").split(/\s+/).filter(Boolean);
  var lines = [""];
  words.forEach(function (word) {
    var last = lines.length - 1;
    var joined = joinWord(lines[last], word);
    if (lines[last] && !fits(joined)) { lines.push(word); } else { lines[last] = joined; }
  });
  /* Two lines at most: the second holds as much of the rest as fits, then an ellipsis
     ("National" / "counter-terrori…", not "counter- …"); the tooltip has it whole. */
  if (lines.length > 2) { lines = [lines[0], lines.slice(1).reduce(joinWord)]; }
  lines = lines.map(function (line) { return fits(line) ? line : cut(line, "\u2026"); });
  return lines.join("\n");
}
/* Next to the force, "West Midlands Police Tactical Board" reads "WMP Tactical Board", and
   "Brammoor Police Firearms Unit" (a force with no abbreviation) "Firearms Unit" inside it. */
var forceNode = data.org.force === null ? null : N[data.org.force];
function shorter(n) {
  if (!forceNode || n === forceNode || n.label.indexOf(forceNode.label + " ") !== 0) { return n.label; }
  var rest = n.label.slice(forceNode.label.length + 1);
  if (forceNode.abbr) { return forceNode.abbr + " " + rest; }
  return own.has(n.id) ? rest.charAt(0).toUpperCase() + rest.slice(1) : n.label;
}
var boxLabels = new Map();
function boxLabel(n) {
  if (boxLabels.has(n.id)) { return boxLabels.get(n.id); }
  var force = n === forceNode;
  var font = (force ? "15px " : "13px ") + FONT;
  if (measure.font !== font) { measure.font = font; }
  room = force ? FORCE_TEXT : BOX_TEXT;
  var text = boxWrap(force ? n.label : shorter(n));
  if (!force && text.slice(-1) === "\u2026" && n.abbr) { text = boxWrap(n.abbr); }
  boxLabels.set(n.id, text);
  return text;
}
function orgKey() { return state.posts ? "op" : "o"; }
/* The organisation a node counts for in this view: itself, a post's organisation, or none. */
function lift(id) {
  var n = N[id];
  if (n[orgKey()]) { return id; }
  if (!state.posts && n.home !== undefined && N[n.home].o) { return n.home; }
  return -1;
}
function relationAllowed(e) {
  return state.threat === null || !e.threats.length || e.threats.indexOf(state.threat) >= 0 || STRUCTURE[e.relation] === true;
}
/* The links that pass the filters, keyed "a-b" (a < b). */
function aggregate() {
  var links = new Map();
  E.forEach(function (e) {
    if (e.relation === "addressesThreat" || !sinceShown(e)) { return; }
    var a = lift(e.from);
    var b = lift(e.to);
    if (a < 0 || b < 0 || a === b || !nodeAllowed(N[a]) || !nodeAllowed(N[b])) { return; }
    var statements = e.statements.filter(function (s) { return statementAllowed(data.statements[s]); });
    var counted = e.relation === "worksWith" && e.statements.length;
    if (counted ? !statements.length : !relationAllowed(e)) { return; }
    var key = Math.min(a, b) + "-" + Math.max(a, b);
    var link = links.get(key);
    if (!link) { link = { id: key, a: Math.min(a, b), b: Math.max(a, b), statements: new Set(), edges: [] }; links.set(key, link); }
    statements.forEach(function (s) { link.statements.add(s); });
    link.edges.push(e.id);
  });
  links.forEach(function (link) { link.statements = sortNumbers(Array.from(link.statements)); });
  return links;
}
function threatCounts(statements) {
  var counts = data.threats.map(function () { return 0; });
  statements.forEach(function (s) { data.statements[s].threats.forEach(function (t) { counts[t] += 1; }); });
  return counts;
}
function linkColour(link) {
  if (!link.statements.length) { return STRUCTURE_LINE; }
  if (state.threat !== null) { return data.threats[state.threat].colour; }
  var counts = threatCounts(link.statements);
  var best = Math.max.apply(null, counts.concat([0]));
  var top = counts.map(function (c, i) { return c === best ? i : -1; }).filter(function (i) { return i >= 0; });
  return best > 0 && top.length === 1 ? data.threats[top[0]].colour : SEVERAL;
}
function linkRelations(link) {
  var names = new Set();
  link.edges.forEach(function (id) { if (E[id].relation !== "worksWith") { names.add(label("relations", E[id].relation)); } });
  return Array.from(names).sort();
}
function linkTitle(link) {
  var count = link.statements.length;
  var lines = [shortName(N[link.a]) + " \u2014 " + shortName(N[link.b]),
               count + (count === 1 ? " statement" : " statements")];
  var counts = threatCounts(link.statements);
  var named = counts.map(function (c, i) { return c ? data.threats[i].label + " " + c : ""; }).filter(Boolean);
  if (named.length) { lines.push(named.join("; ")); }
  var relations = linkRelations(link);
  if (relations.length) { lines.push("Also: " + relations.join(", ")); }
  var change = linkSince(link);
  if (change) { lines.push(SINCE_LOOKS[change].sign + " " + sinceWords(change)); }
  lines.push("Click for the statements and their paragraphs");
  return lines.join("\n");
}
function linkWidth(link) { return link.statements.length ? Math.min(10, 1.5 + 1.6 * Math.sqrt(link.statements.length)) : 1; }
function orgTitle(n) {
  var count = n.statements.length;
  var change = sinceMark(n);
  return nodeTitle(n) + "\n" + count + (count === 1 ? " statement" : " statements")
    + (change ? "\n" + SINCE_LOOKS[change.change].sign + " " + sinceWords(change.change) : "");
}

var org = {
  name: "org", built: false, links: new Map(), shownNodes: new Set(), dimmed: false,
  marks: { removed: new Set(), lost: new Set() },
  build: function () {
    if (this.built) { return; }
    var self = this;
    this.nodes = new Store(function (id) { return orgTitle(N[id]); });
    this.edges = new Store(function (key) { return linkTitle(self.links.get(key)); });
    this.data = { nodes: this.nodes, edges: this.edges };
    this.built = true;
  },
  look: function (n, dim) {
    var fill = styles.kinds[n.kind] || "#9e9e9e";
    var item = { id: n.id, color: { background: tint(fill, 0.82), border: n.spof ? SPOF_RING : fill,
                                    highlight: { background: tint(fill, 0.6), border: "#000000" },
                                    hover: { background: tint(fill, 0.7), border: "#000000" } },
                 borderWidth: n.spof ? 4 : 2, font: { color: "#1a1a1a" }, shapeProperties: { borderDashes: false },
                 label: boxLabel(n) };
    if (n.id === data.org.force) {
      item.color.background = fill;
      item.color.highlight.background = fill;
      item.color.hover.background = fill;
      item.font = { color: "#ffffff", size: 15 };
    }
    if (this.marks.removed.has(n.id)) {
      item.color = colours("#ffffff", SPOF_RING);
      item.shapeProperties = { borderDashes: [5, 4] };
      item.font = Object.assign({}, item.font, { color: "#8a0000" });
      item.label = "\u2715 " + item.label;
    } else if (dim || this.marks.lost.has(n.id)) {
      item.color = colours(DIM_FILL, dim ? DIM_FILL : "#9e9e9e");
      item.font = Object.assign({}, item.font, { color: dim ? DIM_TEXT : "#6b6b6b" });
    } else {
      sinceBox(item, n);
    }
    return item;
  },
  node: function (n) {
    var at = n[orgKey()];
    var item = this.look(n, false);
    item.x = at[0];
    item.y = at[1];
    return item;
  },
  edge: function (link, dim) {
    var cut = this.marks.removed.has(link.a) || this.marks.removed.has(link.b) || this.marks.lost.has(link.a) || this.marks.lost.has(link.b);
    var change = dim || cut ? null : linkSince(link);
    if (change) {
      return { id: link.id, from: link.a, to: link.b, width: Math.max(3, linkWidth(link)),
               color: { color: SINCE_LOOKS[change].colour, highlight: "#000000", hover: "#000000" },
               dashes: SINCE_LOOKS[change].dash };
    }
    return { id: link.id, from: link.a, to: link.b, width: linkWidth(link),
             color: { color: dim || cut ? DIM_FILL : linkColour(link), highlight: "#000000", hover: "#000000" },
             dashes: link.statements.length ? false : [4, 4] };
  },
  apply: function () {
    var self = this;
    this.dimmed = false;
    this.links = aggregate();
    var keep = new Set();
    this.links.forEach(function (link) { keep.add(link.a); keep.add(link.b); });
    if (data.org.force !== null && N[data.org.force][orgKey()] && nodeAllowed(N[data.org.force])) { keep.add(data.org.force); }
    var hits = searchHits(keep);
    var lines = Array.from(this.links.values()).map(function (l) { return { from: l.a, to: l.b, link: l }; });
    if (state.query) { keep = near(keep, hits, lines); }
    var shownLinks = lines.filter(function (l) { return keep.has(l.from) && keep.has(l.to) && (!state.query || hits.has(l.from) || hits.has(l.to)); });
    this.shownNodes = keep;
    this.shownLinks = shownLinks.map(function (l) { return l.link; });
    this.nodes.clear();
    this.edges.clear();
    this.nodes.add(Array.from(keep).sort(function (a, b) { return a - b; }).map(function (id) { return self.node(N[id]); }));
    this.edges.add(this.shownLinks.map(function (link) { return self.edge(link, false); }));
    board.selected = new Set();
    board.draw();
    var counted = this.shownLinks.reduce(function (sum, l) { return sum + l.statements.length; }, 0);
    var text = "Showing " + keep.size + " organisations and " + this.shownLinks.length + " links (" + counted
      + " statement links). The detailed view has " + N.length + " nodes and " + E.length + " relations.";
    return { hits: hits, text: text };
  },
  restyle: function () {
    var self = this;
    this.nodes.update(Array.from(this.shownNodes).map(function (id) { return self.look(N[id], false); }));
    this.edges.update(this.shownLinks.map(function (link) { return self.edge(link, false); }));
    board.draw();
  },
  highlight: function (id) {
    var self = this;
    var close = new Set([id]);
    this.shownLinks.forEach(function (l) { if (l.a === id || l.b === id) { close.add(l.a); close.add(l.b); } });
    this.nodes.update(Array.from(this.shownNodes).map(function (nid) { return self.look(N[nid], !close.has(nid)); }));
    this.edges.update(this.shownLinks.map(function (l) { return self.edge(l, l.a !== id && l.b !== id); }));
    this.dimmed = true;
    board.draw();
  },
  clear: function () { if (this.dimmed) { this.restyle(); this.dimmed = false; } },
  click: function (params) {
    if (params.nodes.length) { this.highlight(params.nodes[0]); showNode(params.nodes[0], false); }
    else if (params.edges.length) { this.clear(); showLink(params.edges[0], false); }
    else { closePanel(); }
  },
  select: function (id) { if (this.shownNodes.has(id)) { board.selected = new Set([id]); this.highlight(id); } },
  selectEdge: function () { this.clear(); },
  selectHits: function (ids) { board.select(ids); board.fitNodes(ids); },
  unselect: function () { if (board.selected.size) { board.select([]); } },
  selected: function () { return Array.from(board.selected); },
  bands: function () { return state.posts ? data.org.bandsPosts : data.org.bands; },
  fit: function () {
    var bands = this.bands();
    if (!bands.length) { board.fitNodes(this.nodes.getIds()); return; }
    board.fitBox({ left: bands[0].left, right: bands[0].right, top: bands[0].top, bottom: bands[bands.length - 1].bottom }, 1.25);
  }
};

function showLink(key, fromKeyboard) {
  var link = org.links.get(key);
  if (!link) { return; }
  panelBody.textContent = "";
  var counts = threatCounts(link.statements);
  panelBody.appendChild(facts([
    ["Between", linkButton(name(N[link.a]), function () { selectNode(link.a, true); })],
    ["And", linkButton(name(N[link.b]), function () { selectNode(link.b, true); })],
    ["Statements", String(link.statements.length)],
    ["Threats", counts.map(function (c, i) { return c ? data.threats[i].label + " (" + c + ")" : ""; }).filter(Boolean).join("; ")],
    ["Relations", linkRelations(link).join(", ")]]));
  sinceSection(link.edges.map(function (id) { return E[id]; }));
  section("Statements (" + link.statements.length + ")", link.statements.map(statementItem));
  section("Relations", link.edges.filter(function (id) { return E[id].relation !== "worksWith"; }).map(function (id) {
    var e = E[id];
    var item = el("li");
    item.appendChild(linkButton(shortName(N[e.from]) + " " + label("relations", e.relation) + " " + shortName(N[e.to])
                                + (e.paragraphs.length ? " (" + cites(e.paragraphs) + ")" : ""), function () { selectEdge(id, true); }));
    return item;
  }));
  paragraphs(union(link.statements.map(function (s) { return data.statements[s].paragraphs; })
    .concat(link.edges.map(function (id) { return E[id].paragraphs; }))));
  openPanel(shortName(N[link.a]) + " and " + shortName(N[link.b]), fromKeyboard);
}
