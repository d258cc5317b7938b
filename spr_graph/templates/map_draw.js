/* Part 3: the organisation view's own drawing, with no vis-network: the layout is
   computed in Python (spr_graph.render.orgview), so the page draws it as inline SVG and
   binds its own small handlers (hover, click, drag to pan, wheel and keys to zoom).
   Every label and title reaches the SVG through textContent. The detailed view is drawn
   on a canvas by part 4, which shares this part's pan, zoom, tooltip and click handlers. */
var SVG_NS = "http://www.w3.org/2000/svg";
/* The items a view shows, by id (get, update, getIds, length). Their tooltips are made
   when asked for (a hover, or `get` from the page's handle), by `titled(id)`; the drawing
   reads the items as they are (`item`, `list`). */
function Store(titled) { this.items = new Map(); this.titled = titled; }
Store.prototype.add = function (list) { var items = this.items; list.forEach(function (item) { items.set(item.id, item); }); };
Store.prototype.update = function (list) {
  var items = this.items;
  list.forEach(function (item) { items.set(item.id, Object.assign({}, items.get(item.id), item)); });
};
Store.prototype.clear = function () { this.items.clear(); };
Store.prototype.item = function (id) { return this.items.get(id) || null; };
Store.prototype.list = function () { return Array.from(this.items.values()); };
Store.prototype.get = function (id) {
  var titled = this.titled;
  var add = function (item) { return item && Object.assign({ title: titled(item.id) }, item); };
  return id === undefined ? this.list().map(add) : add(this.item(id));
};
Store.prototype.getIds = function () { return Array.from(this.items.keys()); };
Object.defineProperty(Store.prototype, "length", { get: function () { return this.items.size; } });

function svgEl(tag, attrs, parent) {
  var node = document.createElementNS(SVG_NS, tag);
  Object.keys(attrs).forEach(function (key) { node.setAttribute(key, attrs[key]); });
  if (parent) { parent.appendChild(node); }
  return node;
}
/* A box's size on the canvas: the force's is wider, with larger type. */
function boxSize(item) { return item.id === data.org.force ? [190, 38] : [122, 36]; }
function lineDash(dashes) { return dashes ? (Array.isArray(dashes) ? dashes.join(" ") : "5 5") : null; }

var board = {
  frame: document.getElementById("org-map"), svg: null, layer: null, at: { x: 0, y: 0, scale: 1 },
  tip: document.getElementById("map-tip"), selected: new Set(), size: { w: 0, h: 0 }, lines: new Map(), hovered: null,
  setup: function () {
    this.svg = svgEl("svg", { width: "100%", height: "100%", "aria-hidden": "true", focusable: "false" }, this.frame);
    this.layer = svgEl("g", {}, this.svg);
    bindBoard(this);
  },
  /* What the pointer is on, as ["node", id] or ["link", key]; its tooltip; a click. A link
     is one <line> (no wider twin to catch the pointer): the pointer is on it within half
     its width and 3 px, and 5 px at least, in the map's units, as a wider line would be. */
  hitAt: function (event) {
    var hit = hitOf(event.target);
    if (hit) { return hit; }
    var area = this.frame.getBoundingClientRect();
    var p = this.toCanvas({ x: event.clientX - area.left, y: event.clientY - area.top });
    var best = null;
    var nearest = Infinity;
    org.edges.list().forEach(function (item) {
      var d = segmentDistance(p, org.nodes.item(item.from), org.nodes.item(item.to));
      if (d <= Math.max(5, item.width / 2 + 3) && d < nearest) { best = item.id; nearest = d; }
    });
    return best === null ? null : ["link", best];
  },
  titleOf: function (hit) {
    var item = (hit[0] === "node" ? org.nodes : org.edges).get(hit[1]);
    return item ? item.title : null;
  },
  /* The link under the pointer in black; the pointer a hand over a node or a link. */
  hover: function (hit) {
    var key = hit && hit[0] === "link" ? hit[1] : null;
    if (key === this.hovered) { return; }
    var was = this.lines.get(this.hovered);
    if (was) { was.classList.remove("hover"); }
    var now = this.lines.get(key);
    if (now) { now.classList.add("hover"); }
    this.hovered = key;
    this.frame.classList.toggle("pointing", key !== null);
  },
  onClick: function (params) { org.click(params); },
  /* The area's size, read only here: reading it after the SVG changed would make the
     browser lay the page out again before it paints. */
  measure: function () { this.size = { w: this.frame.clientWidth, h: this.frame.clientHeight }; },
  place: function () {
    if (!this.layer) { return; }
    var s = this.at.scale;
    this.layer.setAttribute("transform", "translate(" + (this.size.w / 2 - this.at.x * s) + " "
      + (this.size.h / 2 - this.at.y * s) + ") scale(" + s + ")");
  },
  moveTo: function (x, y, scale) { this.at = { x: x, y: y, scale: scale }; this.place(); },
  toCanvas: function (p) {
    return { x: this.at.x + (p.x - this.size.w / 2) / this.at.scale, y: this.at.y + (p.y - this.size.h / 2) / this.at.scale };
  },
  zoom: function (factor, around) {
    var scale = Math.max(0.05, Math.min(6, this.at.scale * factor));
    var point = around || { x: this.size.w / 2, y: this.size.h / 2 };
    var fixed = this.toCanvas(point);
    this.at.scale = scale;
    this.at.x = fixed.x - (point.x - this.size.w / 2) / scale;
    this.at.y = fixed.y - (point.y - this.size.h / 2) / scale;
    this.place();
  },
  /* Fit a box of canvas coordinates to the area, no larger than `most`. */
  fitBox: function (box, most) {
    var scale = Math.min(most, this.size.w / Math.max(1, box.right - box.left + 16),
                         this.size.h / Math.max(1, box.bottom - box.top + 16));
    this.moveTo((box.left + box.right) / 2, (box.top + box.bottom) / 2, scale);
  },
  fitNodes: function (ids) {
    var items = ids.map(function (id) { return org.nodes.item(id); }).filter(Boolean);
    if (!items.length) { return; }
    var xs = items.map(function (i) { return i.x; });
    var ys = items.map(function (i) { return i.y; });
    this.fitBox({ left: Math.min.apply(null, xs) - 100, right: Math.max.apply(null, xs) + 100,
                  top: Math.min.apply(null, ys) - 40, bottom: Math.max.apply(null, ys) + 40 }, 1.25);
  },
  draw: function () {
    if (!this.svg) { this.setup(); }
    var layer = this.layer;
    var selected = this.selected;
    layer.textContent = "";
    org.bands().forEach(function (band, i) {
      svgEl("rect", { x: band.left, y: band.top, width: band.right - band.left, height: band.bottom - band.top,
                      fill: i % 2 ? "#ffffff" : "#f2f5f9" }, layer);
      if (band.label) {
        svgEl("text", { x: band.left + 8, y: band.top + 20, "class": "band" }, layer).textContent = band.label + " (" + band.count + ")";
      }
    });
    var links = svgEl("g", {}, layer);
    var lines = this.lines = new Map();
    org.edges.list().forEach(function (item) {
      var a = org.nodes.item(item.from);
      var b = org.nodes.item(item.to);
      var line = svgEl("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y, stroke: item.color.color, "stroke-width": item.width,
                                 "class": "org-link", "data-link": item.id }, links);
      if (item.dashes) { line.setAttribute("stroke-dasharray", lineDash(item.dashes)); }
      lines.set(item.id, line);
    });
    if (lines.has(this.hovered)) { lines.get(this.hovered).classList.add("hover"); } else { this.hover(null); }
    var nodes = svgEl("g", {}, layer);
    org.nodes.list().forEach(function (item) { drawBox(item, nodes, selected.has(item.id)); });
    this.place();
  },
  select: function (ids) { this.selected = new Set(ids); this.draw(); }
};
function drawBox(item, parent, selected) {
  var size = boxSize(item);
  var g = svgEl("g", { "class": "org-node" + (selected ? " selected" : ""), "data-node": item.id,
                       transform: "translate(" + item.x + " " + item.y + ")" }, parent);
  var rect = svgEl("rect", { x: -size[0] / 2, y: -size[1] / 2, width: size[0], height: size[1], rx: 3,
                             fill: item.color.background, stroke: item.color.border, "stroke-width": item.borderWidth }, g);
  var dash = item.shapeProperties && item.shapeProperties.borderDashes;
  if (dash) { rect.setAttribute("stroke-dasharray", lineDash(dash)); }
  var font = item.font || {};
  var sizePx = font.size || 13;
  var lines = String(item.label).split("\n");
  var text = svgEl("text", { "font-size": sizePx, fill: font.color || "#1a1a1a", "text-anchor": "middle" }, g);
  lines.forEach(function (line, i) {
    svgEl("tspan", { x: 0, y: Math.round((i - (lines.length - 1) / 2) * sizePx * 1.2 + sizePx * 0.35) }, text).textContent = line;
  });
}
/* The node or link under an event, as ["node", id] or ["link", key]. */
function hitOf(target) {
  var g = target.closest ? target.closest("[data-node], [data-link]") : null;
  if (!g) { return null; }
  return g.hasAttribute("data-node") ? ["node", Number(g.getAttribute("data-node"))] : ["link", g.getAttribute("data-link")];
}
function showTip(self, hit, event) {
  var title = self.titleOf(hit);
  if (title === null) { return; }
  var area = self.frame.getBoundingClientRect();
  self.tip.textContent = title;
  self.tip.hidden = false;
  var left = Math.min(event.clientX - area.left + 12, area.width - self.tip.offsetWidth - 4);
  self.tip.style.left = Math.max(0, left) + "px";
  self.tip.style.top = (event.clientY - area.top + 14) + "px";
}
/* Touch: one finger pans (as a mouse drag does); two pinch, the view scaling with their
   spread about their centre and following the centre as it moves: the canvas point first
   under the centre stays under it. `touch.fingers`: the touch points down, by pointer id,
   in pixels of the area; the map areas' `touch-action: none` keeps the page from zooming. */
function pinchAt(fingers) {
  var points = Array.from(fingers.values());
  return { centre: { x: (points[0].x + points[1].x) / 2, y: (points[0].y + points[1].y) / 2 },
           spread: Math.max(1, Math.hypot(points[0].x - points[1].x, points[0].y - points[1].y)) };
}
function bindTouch(self, touch) {
  function areaPoint(event) {
    var area = self.frame.getBoundingClientRect();
    return { x: event.clientX - area.left, y: event.clientY - area.top };
  }
  self.frame.addEventListener("pointerdown", function (event) {
    if (event.pointerType !== "touch") { return; }
    touch.fingers.set(event.pointerId, areaPoint(event));
    if (touch.fingers.size !== 2) { return; }
    self.tip.hidden = true;
    touch.pinch = pinchAt(touch.fingers);
    touch.pinch.scale = self.at.scale;
    touch.pinch.anchor = self.toCanvas(touch.pinch.centre);
    touch.drag().moved = true;  /* no click at the end of a pinch */
  });
  self.frame.addEventListener("pointermove", function (event) {
    if (!touch.fingers.has(event.pointerId)) { return; }
    touch.fingers.set(event.pointerId, areaPoint(event));
    if (!touch.pinch || touch.fingers.size < 2) { return; }
    var pinch = touch.pinch;
    var now = pinchAt(touch.fingers);
    var scale = Math.max(0.05, Math.min(6, pinch.scale * now.spread / pinch.spread));
    self.moveTo(pinch.anchor.x - (now.centre.x - self.size.w / 2) / scale,
                pinch.anchor.y - (now.centre.y - self.size.h / 2) / scale, scale);
  });
  function lift(event) {
    if (!touch.fingers.delete(event.pointerId) || touch.fingers.size >= 2) { return; }
    var left = touch.pinch ? Array.from(touch.fingers.values())[0] : null;
    touch.pinch = null;
    if (!left) { return; }
    /* The finger still down pans on from where it is, without a jump. */
    var area = self.frame.getBoundingClientRect();
    touch.restart({ x: left.x + area.left, y: left.y + area.top, at: Object.assign({}, self.at), moved: true });
  }
  self.frame.addEventListener("pointerup", lift);
  self.frame.addEventListener("pointercancel", lift);
}
function bindBoard(self) {
  var drag = null;
  var tipTimer = null;
  var touch = { fingers: new Map(), pinch: null, drag: function () { return drag; },
                restart: function (again) { drag = again; } };
  self.frame.addEventListener("pointerdown", function (event) {
    drag = { x: event.clientX, y: event.clientY, at: Object.assign({}, self.at), moved: false };
  });
  bindTouch(self, touch);
  self.frame.addEventListener("pointermove", function (event) {
    if (touch.pinch) { clearTimeout(tipTimer); return; }
    if (drag && event.buttons) {
      var dx = event.clientX - drag.x;
      var dy = event.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 4) { drag.moved = true; }
      if (drag.moved) { self.moveTo(drag.at.x - dx / self.at.scale, drag.at.y - dy / self.at.scale, self.at.scale); }
      return;
    }
    clearTimeout(tipTimer);
    var hit = self.hitAt(event);
    self.hover(hit);
    if (!hit) { self.tip.hidden = true; return; }
    tipTimer = setTimeout(function () { showTip(self, hit, event); }, 150);
  });
  /* A finger lifted also leaves: the drag of a finger still down goes on. */
  self.frame.addEventListener("pointerleave", function (event) {
    clearTimeout(tipTimer);
    self.tip.hidden = true;
    self.hover(null);
    if (event.pointerType !== "touch") { drag = null; }
  });
  self.frame.addEventListener("click", function (event) {
    var moved = drag && drag.moved;
    drag = null;
    if (moved) { return; }
    self.tip.hidden = true;
    var hit = self.hitAt(event);
    self.onClick({ nodes: hit && hit[0] === "node" ? [hit[1]] : [], edges: hit && hit[0] === "link" ? [hit[1]] : [] });
  });
  self.frame.addEventListener("wheel", function (event) {
    event.preventDefault();
    var area = self.frame.getBoundingClientRect();
    self.zoom(Math.exp(-event.deltaY * 0.0015), { x: event.clientX - area.left, y: event.clientY - area.top });
  }, { passive: false });
  self.frame.addEventListener("keydown", function (event) {
    var step = 60 / self.at.scale;
    var moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    if (moves[event.key]) { self.moveTo(self.at.x + moves[event.key][0], self.at.y + moves[event.key][1], self.at.scale); }
    else if (event.key === "+" || event.key === "=") { self.zoom(1.2); }
    else if (event.key === "-") { self.zoom(1 / 1.2); }
    else if (event.key === "0") { fitView(); }
    else { return; }
    event.preventDefault();
  });
}
/* The organisation view as the user sees it, painted on a canvas (the PNG export). */
function paintBoard(ctx, width, height) {
  board.measure();
  var s = board.at.scale;
  ctx.save();
  ctx.translate(width / 2 - board.at.x * s, height / 2 - board.at.y * s);
  ctx.scale(s, s);
  org.bands().forEach(function (band, i) {
    ctx.fillStyle = i % 2 ? "#ffffff" : "#f2f5f9";
    ctx.fillRect(band.left, band.top, band.right - band.left, band.bottom - band.top);
    ctx.fillStyle = "#3d3d3d";
    ctx.font = "600 14px " + FONT;
    ctx.textBaseline = "alphabetic";
    if (band.label) { ctx.fillText(band.label + " (" + band.count + ")", band.left + 8, band.top + 20); }
  });
  org.edges.list().forEach(function (item) {
    var a = org.nodes.item(item.from);
    var b = org.nodes.item(item.to);
    ctx.strokeStyle = item.color.color;
    ctx.lineWidth = item.width;
    ctx.setLineDash(item.dashes ? (Array.isArray(item.dashes) ? item.dashes : [5, 5]) : []);
    ctx.beginPath(); ctx.moveTo(a.x, a.y); ctx.lineTo(b.x, b.y); ctx.stroke();
  });
  org.nodes.list().forEach(function (item) { paintBox(ctx, item); });
  ctx.restore();
}
function paintBox(ctx, item) {
  var size = boxSize(item);
  var dash = item.shapeProperties && item.shapeProperties.borderDashes;
  ctx.setLineDash(dash || []);
  ctx.fillStyle = item.color.background;
  ctx.strokeStyle = board.selected.has(item.id) ? "#000000" : item.color.border;
  ctx.lineWidth = item.borderWidth;
  ctx.fillRect(item.x - size[0] / 2, item.y - size[1] / 2, size[0], size[1]);
  ctx.strokeRect(item.x - size[0] / 2, item.y - size[1] / 2, size[0], size[1]);
  var font = item.font || {};
  var px = font.size || 13;
  var lines = String(item.label).split("\n");
  ctx.fillStyle = font.color || "#1a1a1a";
  ctx.font = px + "px " + FONT;
  ctx.textAlign = "center";
  lines.forEach(function (line, i) { ctx.fillText(line, item.x, item.y + Math.round((i - (lines.length - 1) / 2) * px * 1.2 + px * 0.35)); });
  ctx.textAlign = "start";
}
