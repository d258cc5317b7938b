/* spr-graph partnership map, part 1 of 9: the data, names and the evidence panel.
   The parts are joined, in order, into one script (spr_graph.render.html_map). Every
   piece of data reaches the page through textContent (the SVG's and the tooltip's too) or
   is painted on a canvas: never as markup. */
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
restore(data.statements, ["paragraphs", "threats", "pillars", "actors", "partners"]);
var BIG = N.length > 1000;
var SPOF_RING = "#d50000";
var GAP_RING = "#111111";
var DIM_FILL = "#e6e6e6";
var DIM_TEXT = "#b0b0b0";
var FONT = "system-ui, Arial, sans-serif";
var STRUCTURE = { unitOf: true, subOrganizationOf: true, postIn: true, holds: true };
var threatNode = Object.create(null);
var incident = N.map(function () { return []; });
E.forEach(function (e) { incident[e.from].push(e.id); incident[e.to].push(e.id); });
var threatIndex = Object.create(null);
data.threats.forEach(function (t, i) { threatIndex[t.iri] = i; });
N.forEach(function (n) { if (n.kind === "threat" && n.iri in threatIndex) { threatNode[threatIndex[n.iri]] = n.id; } });
var own = new Set(data.org.own || []);

function label(group, key) { return legend[group][key] ? legend[group][key].label : key; }
function name(n) { return n.abbr && n.abbr !== n.label ? n.label + " (" + n.abbr + ")" : n.label; }
function shortName(n) { return n.abbr || n.label; }
/* A canvas label: at most two lines of about `width` characters (the tooltip and the
   panel give the rest). */
function wrap(text, width) {
  width = width || 24;
  var lines = [""];
  text.split(" ").forEach(function (word) {
    var last = lines.length - 1;
    if (lines[last] && lines[last].length + word.length >= width) { lines.push(word); }
    else { lines[last] = lines[last] ? lines[last] + " " + word : word; }
  });
  lines = lines.map(function (line) { return line.length > width + 2 ? line.slice(0, width) + "\u2026" : line; });
  return lines.length > 2 ? lines[0] + "\n" + lines[1] + " \u2026" : lines.join("\n");
}
function threatNames(list) { return list.map(function (i) { return data.threats[i].label; }); }
/* A citation names its paper, as every output does ("WMP 2020-01 \u00b657, 58"). A paragraph
   is a key (spr_graph.core.paragraph_keys): its paper's rank * 1000000 + its number. */
var STRIDE = 1000000;
function cites(list) {
  if (!list.length) { return ""; }
  var papers = data.papers || [];
  var byPaper = [];
  list.forEach(function (key) {
    var rank = Math.floor(key / STRIDE);
    (byPaper[rank] = byPaper[rank] || []).push(key % STRIDE);
  });
  return byPaper.map(function (numbers, rank) {
    return (rank < papers.length ? papers[rank] + " " : "") + "\u00b6" + numbers.join(", ");
  }).filter(Boolean).join("; ");
}
function isGap(n) { return n.kind === "threat" && n.iri in threatIndex && data.threats[threatIndex[n.iri]].gap; }
function levelName(n) { return n.level ? label("levels", n.level) : ""; }
function notInPlace(e) { return e.status.length > 0 && e.status.indexOf("in-place") < 0 && e.status.indexOf("completed") < 0; }
function fold(text) { return (text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
var folded = N.map(function (n) { return fold(n.label) + "\n" + fold(n.abbr); });
function sortNumbers(list) { return list.slice().sort(function (a, b) { return a - b; }); }
function union(lists) {
  var seen = new Set();
  lists.forEach(function (list) { list.forEach(function (x) { seen.add(x); }); });
  return sortNumbers(Array.from(seen));
}

/* ---- what the user chose: one state for every view ---- */
var state = { view: "org", threat: null, pillar: "", fiveC: "", kinds: new Set(), levels: new Set(),
              query: "", posts: false, since: false };
function nodeAllowed(n) {
  return state.kinds.has(n.kind) && (n.kind === "threat" || state.levels.has(n.level || "")) && sinceShown(n);
}
function statementAllowed(s) {
  return (state.threat === null || s.threats.indexOf(state.threat) >= 0)
    && (!state.pillar || s.pillars.indexOf(state.pillar) >= 0) && (!state.fiveC || s.fiveC === state.fiveC);
}
function setStatus(text) { document.getElementById("status").textContent = text; }

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
  if (s.drafted) { parts.push("machine-drafted, not yet reviewed"); }
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
    box.appendChild(el("summary", cites([number]) + (p.section ? " \u00b7 " + p.section : "") + (p.heading ? ": " + p.heading : "")));
    box.appendChild(el("p", p.text, "para"));
    p.footnotes.forEach(function (f) { box.appendChild(el("p", f, "para note")); });
    if (data.report && number < STRIDE) {
      var read = el("a", "Read " + cites([number]) + " in the report", "report-link");
      read.href = data.report + "#para-" + encodeURIComponent(number);
      box.appendChild(read);
    }
    panelBody.appendChild(box);
  });
}
var returnFocus = null;
/* The map area changes width when the panel opens or closes: fit the view to it again. */
function resized() {
  if (state.view === "matrix") { return; }
  var fitted = atFit();
  var view = current === org ? board : sheet;
  view.measure();
  if (!fitted) { view.place(); return; }
  fitView();
}
function openPanel(title, fromKeyboard) {
  panelTitle.textContent = title;
  var was = panel.hidden;
  panel.hidden = false;
  if (was) { resized(); }
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
