/* Part 7: what changed since an earlier paper of the force (spr_graph.render.since): the
   organisations and links `spr-graph diff` lists, marked while the "Since <paper>" toggle
   is on, never by colour alone: added (green, "+"), removed (red, dashed, "\u2212", drawn
   from the earlier paper) and changed (amber, dotted, "\u00b1"). What was removed is
   hidden while the toggle is off. The panel lists each change with its paragraphs, each
   cited in its own paper. */
var SINCE = data.since || null;
var SINCE_LOOKS = {
  added: { colour: "#1b7f3b", sign: "+", dash: false, words: "Added" },
  removed: { colour: "#b00020", sign: "\u2212", dash: [6, 4], words: "Removed" },
  changed: { colour: "#8a5a00", sign: "\u00b1", dash: [2, 3], words: "Changed" }
};
function sinceChange(item) { return SINCE && item.since !== undefined ? SINCE.changes[item.since] : null; }
/* The change marked on a node or relation: only while the toggle is on. */
function sinceMark(item) { return state.since ? sinceChange(item) : null; }
function sinceGhost(item) { var c = sinceChange(item); return c !== null && c.change === "removed"; }
function sinceShown(item) { return state.since || !sinceGhost(item); }
function sinceLabel(text, item) { var c = sinceMark(item); return c ? SINCE_LOOKS[c.change].sign + " " + text : text; }
function sinceWords(change) { return SINCE_LOOKS[change].words + " since " + SINCE.paper; }
/* A line of the organisation view stands for its relations: removed when all were,
   added when all are new, else changed when one of them is. */
function linkSince(link) {
  if (!SINCE || !state.since) { return null; }
  var kinds = link.edges.map(function (id) { var c = sinceChange(E[id]); return c ? c.change : ""; });
  if (kinds.every(function (k) { return k === "removed"; })) { return "removed"; }
  if (kinds.every(function (k) { return k === "added"; })) { return "added"; }
  return kinds.some(Boolean) ? "changed" : null;
}
/* The organisation view's box of a marked node. */
function sinceBox(item, n) {
  var c = sinceMark(n);
  if (!c) { return item; }
  var look = SINCE_LOOKS[c.change];
  item.color = colours(c.change === "removed" ? "#ffffff" : item.color.background, look.colour);
  item.borderWidth = 4;
  item.shapeProperties = { borderDashes: look.dash };
  item.label = look.sign + " " + item.label;
  return item;
}
function sinceText(c) {
  var text = SINCE_LOOKS[c.change].sign + " " + sinceWords(c.change) + ": " + c.what;
  if (c.before || c.after) { text += " (" + (c.before || "none") + " \u2192 " + (c.after || "none") + ")"; }
  var cited = [cites(c.old), cites(c.new)].filter(Boolean).join("; ");
  return cited ? text + " \u2014 " + cited : text;
}
/* The panel's list of the changes of some nodes and relations. */
function sinceSection(items) {
  if (!SINCE || !state.since) { return; }
  var seen = new Set();
  var changes = [];
  items.forEach(function (item) {
    var c = sinceChange(item);
    if (c && !seen.has(item.since)) { seen.add(item.since); changes.push(c); }
  });
  section("Since " + SINCE.paper, changes.map(function (c) { return el("li", sinceText(c), "since-" + c.change); }));
}
function sinceStatus() {
  if (!SINCE || !state.since) { return ""; }
  var counts = { added: 0, removed: 0, changed: 0 };
  SINCE.changes.forEach(function (c) { counts[c.change] += 1; });
  return " Since " + SINCE.paper + ": " + counts.added + " added (+), " + counts.removed + " removed (\u2212), "
    + counts.changed + " changed (\u00b1).";
}
if (SINCE) {
  nodeExtras.push(function (n) { sinceSection([n].concat(incident[n.id].map(function (id) { return E[id]; }))); });
}
