/* Part 8: the current view for a briefing: PNG painted on a canvas, SVG built from the
   positions and looks of the nodes and lines drawn; both made here, offline. */
function fileName(extension) { return "map-" + state.view + "." + extension; }
function download(href, file) {
  var link = document.createElement("a");
  link.href = href;
  link.download = file;
  link.click();
}
/* What the view shows now on a canvas: the detailed view's own, drawn afresh, or the
   organisation view painted from its items (an SVG cannot be drawn on a canvas under this
   CSP, which forbids loading any image, even the page's own). */
function viewCanvas() {
  if (current === detail) { sheet.draw(); return sheet.canvas; }
  var ratio = window.devicePixelRatio || 1;
  var out = document.createElement("canvas");
  out.width = Math.round(orgFrame.clientWidth * ratio);
  out.height = Math.round(orgFrame.clientHeight * ratio);
  var ctx = out.getContext("2d");
  ctx.scale(ratio, ratio);
  paintBoard(ctx, orgFrame.clientWidth, orgFrame.clientHeight);
  return out;
}
function mapPng() {
  var source = viewCanvas();
  var ratio = source.width / Math.max(1, (current === org ? orgFrame : source).clientWidth);
  var head = Math.round(44 * ratio);
  var out = document.createElement("canvas");
  out.width = source.width;
  out.height = source.height + head;
  var ctx = out.getContext("2d");
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.fillStyle = "#1a1a1a";
  ctx.font = "600 " + Math.round(17 * ratio) + "px " + FONT;
  ctx.textBaseline = "middle";
  ctx.fillText(data.title + (state.threat === null ? "" : " \u00b7 " + data.threats[state.threat].label), 12 * ratio, head / 2);
  ctx.drawImage(source, 0, head);
  return out.toDataURL("image/png");
}
/* Text for XML: markup characters escaped, characters XML forbids replaced. */
function xml(text) {
  return String(text).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "\ufffd")
    .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}
function svgText(x, y, text, size, colour, weight) {
  var lines = String(text || "").split("\n");
  var first = y - (lines.length - 1) * size * 0.6;
  return "<text x=\"" + x + "\" text-anchor=\"middle\" font-family=\"Arial, sans-serif\" font-size=\"" + size + "\" fill=\"" + xml(colour)
    + "\"" + (weight ? " font-weight=\"bold\"" : "") + ">" + lines.map(function (line, i) {
      return "<tspan x=\"" + x + "\" y=\"" + Math.round(first + i * size * 1.2 + size * 0.35) + "\">" + xml(line) + "</tspan>";
    }).join("") + "</text>";
}
function svgNode(item, at) {
  var colour = item.color || {};
  var fill = colour.background || (styles.kinds[N[item.id].kind] || "#9e9e9e");
  var border = colour.border || "#333333";
  var font = item.font || {};
  if (current === org) {
    var box = boxSize(item);
    return "<rect x=\"" + (at.x - box[0] / 2) + "\" y=\"" + (at.y - box[1] / 2) + "\" width=\"" + box[0] + "\" height=\"" + box[1] + "\" rx=\"3\" fill=\"" + xml(fill) + "\" stroke=\"" + xml(border)
      + "\" stroke-width=\"" + (item.borderWidth || 2) + "\"/>" + svgText(at.x, at.y, item.label, font.size || 13, font.color || "#1a1a1a");
  }
  var size = item.size || 10;
  var points = shapePoints(item.shape, at.x, at.y, size);
  var paint = " fill=\"" + xml(fill) + "\" stroke=\"" + xml(border) + "\" stroke-width=\"" + (item.borderWidth || 1) + "\""
    + (item.dashed ? " stroke-dasharray=\"6 4\"" : "") + "/>";
  var shape = points ? "<polygon points=\"" + points.map(function (v) { return Math.round(v * 100) / 100; }).join(" ") + "\"" + paint
                     : "<circle cx=\"" + at.x + "\" cy=\"" + at.y + "\" r=\"" + size + "\"" + paint;
  return shape + svgText(at.x, at.y + size + 14, item.label, 12, (font && font.color) || "#1a1a1a");
}
function mapSvg() {
  var ids = current.data.nodes.getIds();
  var at = {};
  current.data.nodes.get().forEach(function (item) { at[item.id] = { x: item.x, y: item.y }; });
  var xs = [];
  var ys = [];
  ids.forEach(function (id) { xs.push(at[id].x); ys.push(at[id].y); });
  var bands = current === org ? org.bands() : [];
  bands.forEach(function (b) { xs.push(b.left, b.right); ys.push(b.top, b.bottom); });
  if (!xs.length) { xs.push(0); ys.push(0); }
  var left = Math.min.apply(null, xs) - 80;
  var top = Math.min.apply(null, ys) - 70;
  var width = Math.max.apply(null, xs) + 80 - left;
  var height = Math.max.apply(null, ys) + 50 - top;
  var parts = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"" + [left, top, width, height].map(Math.round).join(" ")
    + "\" width=\"" + Math.round(width) + "\" height=\"" + Math.round(height) + "\">", "<title>" + xml(data.title) + "</title>",
    "<rect x=\"" + left + "\" y=\"" + top + "\" width=\"" + width + "\" height=\"" + height + "\" fill=\"#ffffff\"/>",
    "<text x=\"" + (left + 12) + "\" y=\"" + (top + 28) + "\" font-family=\"Arial, sans-serif\" font-size=\"20\" font-weight=\"bold\" fill=\"#1a1a1a\">" + xml(data.title) + "</text>"];
  bands.forEach(function (b, i) {
    parts.push("<rect x=\"" + b.left + "\" y=\"" + b.top + "\" width=\"" + (b.right - b.left) + "\" height=\"" + (b.bottom - b.top) + "\" fill=\"" + (i % 2 ? "#ffffff" : "#f2f5f9") + "\"/>");
    if (!b.label) { return; }
    parts.push("<text x=\"" + (b.left + 8) + "\" y=\"" + (b.top + 20) + "\" font-family=\"Arial, sans-serif\" font-size=\"14\" font-weight=\"bold\" fill=\"#3d3d3d\">" + xml(b.label + " (" + b.count + ")") + "</text>");
  });
  current.data.edges.get().forEach(function (edge) {
    var a = at[edge.from];
    var b = at[edge.to];
    if (!a || !b) { return; }
    var colour = (edge.color && edge.color.color) || styles.relations[(E[edge.id] || {}).relation] || "#a0a0a0";
    parts.push("<line x1=\"" + a.x + "\" y1=\"" + a.y + "\" x2=\"" + b.x + "\" y2=\"" + b.y + "\" stroke=\"" + xml(colour) + "\" stroke-width=\""
      + (edge.width || 1) + "\"" + (edge.dashes ? " stroke-dasharray=\"4 4\"" : "") + "/>");
    if (edge.arrows === "to") {
      var head = arrowHead(a, b, (N[edge.to].spof || N[edge.to].kind === "threat" ? 15 : 10) + 2, edge.width || 1);
      parts.push("<polygon points=\"" + head.map(function (v) { return Math.round(v * 100) / 100; }).join(" ") + "\" fill=\"" + xml(colour) + "\"/>");
    }
  });
  current.data.nodes.get().forEach(function (item) { parts.push(svgNode(item, at[item.id])); });
  parts.push("</svg>\n");
  return parts.join("\n");
}
document.getElementById("export-png").addEventListener("click", function () { download(mapPng(), fileName("png")); });
document.getElementById("export-svg").addEventListener("click", function () {
  download("data:image/svg+xml;charset=utf-8," + encodeURIComponent(mapSvg()), fileName("svg"));
});
document.getElementById("print").addEventListener("click", function () { window.print(); });
