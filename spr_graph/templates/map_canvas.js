/* Part 4: the detailed view's own drawing, with no vis-network: every node and relation
   on one <canvas>, at the positions computed in Python (spr_graph.render.layout). A
   frame is one pass over a draw list (the shown lines, grouped by look and stroked once
   per group; the shown nodes, filled once per colour; labels only once the zoom makes
   12 px type at least 5 px tall, and only for the nodes in view). Hit testing is
   geometry: the nearest node under the pointer, else a line within 4 px. Tooltips go
   through the shared tip's textContent; the SVG export is made from the same draw list. */
var LABEL_SCALE = 5 / 12;
var LINE_DASH = [5, 5];
/* The points of a node's shape round (x, y), radius r (vis-network's shapes); null: a circle. */
function shapePoints(shape, x, y, r) {
  var points = [];
  var i;
  if (shape === "square") { return [x - r, y - r, x + r, y - r, x + r, y + r, x - r, y + r]; }
  if (shape === "diamond") { return [x, y - r, x + r, y, x, y + r, x - r, y]; }
  if (shape === "triangleDown") {
    var ir = r / Math.sqrt(3);
    return [x, y + 2 * ir, x - r, y - ir, x + r, y - ir];
  }
  if (shape === "hexagon") {
    for (i = 0; i < 6; i++) { points.push(x + r * Math.cos(i * Math.PI / 3), y + r * Math.sin(i * Math.PI / 3)); }
    return points;
  }
  if (shape === "star") {
    for (i = 0; i < 10; i++) {
      var radius = i % 2 ? r * 0.45 : r * 1.1;
      points.push(x + radius * Math.sin(i * Math.PI / 5), y + 0.08 * r - radius * Math.cos(i * Math.PI / 5));
    }
    return points;
  }
  return null;
}
function tracePath(ctx, look, x, y, tiny) {
  if (tiny) { ctx.rect(x - look.size, y - look.size, 2 * look.size, 2 * look.size); return; }
  var points = shapePoints(look.shape, x, y, look.size);
  if (!points) { ctx.moveTo(x + look.size, y); ctx.arc(x, y, look.size, 0, 2 * Math.PI); return; }
  ctx.moveTo(points[0], points[1]);
  for (var i = 2; i < points.length; i += 2) { ctx.lineTo(points[i], points[i + 1]); }
  ctx.closePath();
}
/* A node's look in the detailed view now: shape, size, fill, border, label colour. */
function detailLook(n) {
  var dim = detail.close !== null && !detail.close.has(n.id);
  var look = { shape: n.kind === "threat" ? styles.levels.threat : (styles.levels[n.level || ""] || styles.levels[""]),
               size: n.spof || n.kind === "threat" ? 15 : 10, fill: styles.kinds[n.kind] || "#9e9e9e",
               border: ring(n) || "#333333", width: n.spof ? 5 : (isGap(n) ? 4 : 1), dash: isGap(n), text: "#1a1a1a" };
  if (dim) { look.fill = DIM_FILL; look.border = DIM_FILL; look.text = DIM_TEXT; }
  var change = dim ? null : sinceMark(n);
  if (change) { look.border = SINCE_LOOKS[change.change].colour; look.width = 4; look.dash = change.change !== "added"; }
  if (detail.chosen.has(n.id) || sheet.hovered === n.id) { look.border = "#000000"; look.width = Math.max(2, look.width); }
  return look;
}
function edgeLine(e) {
  var dim = detail.close !== null && e.from !== detail.focus && e.to !== detail.focus;
  var picked = detail.chosenEdge === e.id || sheet.hovered === "e" + e.id;
  var change = picked || dim ? null : sinceMark(e);
  if (change) { return { colour: SINCE_LOOKS[change.change].colour, width: 3, dash: change.change !== "added", arrow: !BIG }; }
  return { colour: picked ? "#000000" : (dim ? DIM_FILL : edgeColour(e)), width: (e.relation === "worksWith" ? 2 : 1) + (picked ? 1 : 0),
           dash: !BIG && (notInPlace(e) || e.relation === "addressesThreat"), arrow: !BIG };
}
var labelTexts = new Map();
function nodeLabel(n) {
  if (!labelTexts.has(n.id)) { labelTexts.set(n.id, wrap(shortName(n))); }
  return sinceLabel(labelTexts.get(n.id), n);
}
/* The arrow at a line's `to` end, its tip on the node's rim: three points. */
function arrowHead(a, b, gap, width) {
  var dx = b.x - a.x;
  var dy = b.y - a.y;
  var length = Math.hypot(dx, dy) || 1;
  var ux = dx / length;
  var uy = dy / length;
  var tip = { x: b.x - ux * gap, y: b.y - uy * gap };
  var long = 7 + 2 * width;
  var half = long * 0.45;
  return [tip.x, tip.y, tip.x - ux * long - uy * half, tip.y - uy * long + ux * half, tip.x - ux * long + uy * half, tip.y - uy * long - ux * half];
}
var sheet = {
  frame: document.getElementById("detail-map"), canvas: null, ctx: null, at: { x: 0, y: 0, scale: 1 },
  tip: document.getElementById("map-tip"), size: { w: 0, h: 0 }, hovered: null, painted: 0, labels: 0, pending: false, dirty: false,
  toCanvas: board.toCanvas, zoom: board.zoom, fitBox: board.fitBox, moveTo: board.moveTo,
  setup: function () {
    this.canvas = document.createElement("canvas");
    this.canvas.setAttribute("aria-hidden", "true");
    this.canvas.textContent = "The table view lists the same nodes and relations.";
    this.frame.appendChild(this.canvas);
    this.ctx = this.canvas.getContext("2d", { alpha: false });
    bindBoard(this);
  },
  /* The area's size; the canvas's pixels follow it (resizing a canvas clears it). */
  measure: function () {
    var ratio = window.devicePixelRatio || 1;
    this.size = { w: this.frame.clientWidth, h: this.frame.clientHeight };
    var w = Math.max(1, Math.round(this.size.w * ratio));
    var h = Math.max(1, Math.round(this.size.h * ratio));
    if (this.canvas.width !== w || this.canvas.height !== h) { this.canvas.width = w; this.canvas.height = h; }
    this.canvas.style.width = this.size.w + "px";
    this.canvas.style.height = this.size.h + "px";
  },
  /* Draw at the next frame (panning and zooming ask many times a frame), unless drawn by then. */
  place: function () {
    var self = this;
    this.dirty = true;
    if (this.pending) { return; }
    this.pending = true;
    requestAnimationFrame(function () { self.pending = false; if (self.dirty) { self.draw(); } });
  },
  fitNodes: function (ids) {
    if (!ids.length) { return; }
    var xs = ids.map(function (id) { return N[id].x; });
    var ys = ids.map(function (id) { return N[id].y; });
    this.fitBox({ left: Math.min.apply(null, xs) - 40, right: Math.max.apply(null, xs) + 40,
                  top: Math.min.apply(null, ys) - 40, bottom: Math.max.apply(null, ys) + 40 }, 1);
  },
  fit: function () { this.fitNodes(Array.from(detail.shownNodes)); },
  focus: function (id, scale) { this.moveTo(N[id].x, N[id].y, scale); this.draw(); },
  toScreen: function (id) {
    return { x: this.size.w / 2 + (N[id].x - this.at.x) * this.at.scale, y: this.size.h / 2 + (N[id].y - this.at.y) * this.at.scale };
  },
  /* The part of the canvas in view, in canvas coordinates, with a margin. */
  viewBox: function (margin) {
    var a = this.toCanvas({ x: 0, y: 0 });
    var b = this.toCanvas({ x: this.size.w, y: this.size.h });
    return { left: a.x - margin, top: a.y - margin, right: b.x + margin, bottom: b.y + margin };
  },
  draw: function () {
    this.dirty = false;
    var ratio = this.canvas.width / Math.max(1, this.size.w);
    this.ctx.setTransform(1, 0, 0, 1, 0, 0);
    this.ctx.fillStyle = "#ffffff";
    this.ctx.fillRect(0, 0, this.canvas.width, this.canvas.height);
    this.ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    var counts = paintSheet(this.ctx, this.size.w, this.size.h, this.at, this.viewBox(60 / this.at.scale));
    this.painted = counts[0];
    this.labels = counts[1];
  },
  /* The shown node under a point of the area, else the shown line within 4 px of it. */
  hitAt: function (event) {
    var area = this.frame.getBoundingClientRect();
    var p = this.toCanvas({ x: event.clientX - area.left, y: event.clientY - area.top });
    var slack = 3 / this.at.scale;
    var best = null;
    var bestDistance = Infinity;
    detail.shownNodes.forEach(function (id) {
      var n = N[id];
      var d = Math.hypot(n.x - p.x, n.y - p.y);
      var reach = (n.spof || n.kind === "threat" ? 15 : 10) + slack;
      if (d <= reach && d < bestDistance) { best = id; bestDistance = d; }
    });
    if (best !== null) { return ["node", best]; }
    var line = null;
    var lineDistance = 4 / this.at.scale;
    detail.shownEdges.forEach(function (id) {
      var d = segmentDistance(p, N[E[id].from], N[E[id].to]);
      if (d <= lineDistance) { line = id; lineDistance = d; }
    });
    return line === null ? null : ["link", line];
  },
  titleOf: function (hit) { return hit[0] === "node" ? nodeTitle(N[hit[1]]) : edgeTitle(E[hit[1]]); },
  hover: function (hit) {
    var key = hit === null ? null : (hit[0] === "node" ? hit[1] : "e" + hit[1]);
    if (key !== this.hovered) { this.hovered = key; this.place(); }
  },
  onClick: function (params) { detail.click(params); }
};
function segmentDistance(p, a, b) {
  var dx = b.x - a.x;
  var dy = b.y - a.y;
  var t = dx || dy ? Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy))) : 0;
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}
/* The detailed view's draw list: the shown lines by look, then the shown nodes by look,
   each with what it needs to be drawn (canvas and SVG alike). `box`: only what touches it. */
function drawList(box) {
  var inside = function (n) { return !box || (n.x >= box.left && n.x <= box.right && n.y >= box.top && n.y <= box.bottom); };
  var lines = new Map();
  detail.shownEdges.forEach(function (id) {
    var e = E[id];
    var a = N[e.from];
    var b = N[e.to];
    if (box && ((a.x < box.left && b.x < box.left) || (a.x > box.right && b.x > box.right)
                || (a.y < box.top && b.y < box.top) || (a.y > box.bottom && b.y > box.bottom))) { return; }
    var look = edgeLine(e);
    var key = look.colour + "|" + look.width + "|" + look.dash;
    if (!lines.has(key)) { lines.set(key, { look: look, edges: [] }); }
    lines.get(key).edges.push(e);
  });
  var nodes = [];
  detail.shownNodes.forEach(function (id) { if (inside(N[id])) { nodes.push(N[id]); } });
  nodes.sort(function (a, b) { return a.id - b.id; });
  return { lines: Array.from(lines.values()), nodes: nodes, looks: nodes.map(detailLook) };
}
/* Paint the detailed view: `at` the view's centre and scale; returns [nodes, labels] drawn. */
function paintSheet(ctx, width, height, at, box) {
  var s = at.scale;
  var list = drawList(box);
  ctx.save();
  ctx.translate(width / 2 - at.x * s, height / 2 - at.y * s);
  ctx.scale(s, s);
  ctx.lineCap = "butt";
  list.lines.forEach(function (group) {
    ctx.strokeStyle = group.look.colour;
    ctx.fillStyle = group.look.colour;
    ctx.lineWidth = Math.max(group.look.width, 0.5 / s);
    ctx.setLineDash(group.look.dash ? LINE_DASH : []);
    ctx.beginPath();
    group.edges.forEach(function (e) { ctx.moveTo(N[e.from].x, N[e.from].y); ctx.lineTo(N[e.to].x, N[e.to].y); });
    ctx.stroke();
    if (!group.look.arrow) { return; }
    ctx.beginPath();
    group.edges.forEach(function (e) {
      var target = N[e.to];
      var head = arrowHead(N[e.from], target, (target.spof || target.kind === "threat" ? 15 : 10) + 2, group.look.width);
      ctx.moveTo(head[0], head[1]); ctx.lineTo(head[2], head[3]); ctx.lineTo(head[4], head[5]); ctx.closePath();
    });
    ctx.fill();
  });
  paintNodes(ctx, list, s);
  var labels = 0;
  if (s >= LABEL_SCALE) {
    ctx.font = "12px " + FONT;
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    list.nodes.forEach(function (n, i) {
      var look = list.looks[i];
      ctx.fillStyle = look.text;
      nodeLabel(n).split("\n").forEach(function (line, k) { ctx.fillText(line, n.x, n.y + look.size + 4 + k * 14); });
      labels += 1;
    });
    ctx.textAlign = "start";
  }
  ctx.restore();
  return [list.nodes.length, labels];
}
/* Fills grouped by colour, borders by colour, width and dash: a few paths, not thousands.
   Level of detail: a node under 2 px across on the screen is a square dot (no shape can be
   told apart at that size), and a border under 0.3 px is left out (it would not show). */
var TINY = 1;
var THIN = 0.3;
function paintNodes(ctx, list, scale) {
  var tiny = 10 * scale < TINY;
  var groups = new Map();
  list.nodes.forEach(function (n, i) {
    var look = list.looks[i];
    var fillKey = "f" + look.fill;
    var borderKey = "b" + look.border + "|" + look.width + "|" + look.dash;
    [fillKey, borderKey].forEach(function (key) {
      if (!groups.has(key)) { groups.set(key, { look: look, fill: key === fillKey, nodes: [] }); }
      groups.get(key).nodes.push([n, look]);
    });
  });
  var keys = Array.from(groups.keys()).sort(function (a, b) { return a.charAt(0) === b.charAt(0) ? 0 : (a.charAt(0) === "f" ? -1 : 1); });
  keys.forEach(function (key) {
    var group = groups.get(key);
    if (!group.fill && group.look.width * scale < THIN) { return; }
    ctx.beginPath();
    group.nodes.forEach(function (pair) { tracePath(ctx, pair[1], pair[0].x, pair[0].y, tiny); });
    if (group.fill) { ctx.fillStyle = group.look.fill; ctx.fill(); return; }
    ctx.strokeStyle = group.look.border;
    ctx.lineWidth = group.look.width;
    ctx.setLineDash(group.look.dash ? [6, 4] : []);
    ctx.stroke();
  });
  ctx.setLineDash([]);
}
