"use strict";
(function () {
  var facts = Array.prototype.slice.call(document.querySelectorAll("ol.facts > li"));
  var box = document.getElementById("decisions");
  var link = document.getElementById("download");
  var shown = document.getElementById("shown");
  var filters = ["kind", "rule", "threat"].map(function (name) {
    return [name, document.getElementById("filter-" + name)];
  });
  var undecided = document.getElementById("filter-undecided");

  function decision(li) {
    var checked = li.querySelector("input[type=radio]:checked");
    var verb = checked ? checked.value : "";
    var correction = li.querySelector("input.correction").value.trim();
    if (verb === "" && correction !== "") { verb = "correct"; }
    if (verb === "correct" && correction === "") { return ""; }
    if (verb === "") { return ""; }
    return verb + "\t" + li.dataset.key + (verb === "correct" ? "\t" + correction : "");
  }

  function write() {
    var lines = ["# spr-graph review decisions: accept KEY, reject KEY or correct KEY PROPERTY=VALUE"];
    facts.forEach(function (li) {
      var line = decision(li);
      if (line) { lines.push(line); }
    });
    box.value = lines.join("\n") + "\n";
    link.href = "data:text/tab-separated-values;charset=utf-8," + encodeURIComponent(box.value);
  }

  function filter() {
    var wanted = {};
    filters.forEach(function (pair) { wanted[pair[0]] = pair[1].value; });
    var count = 0;
    document.querySelectorAll("section.para").forEach(function (section) {
      var any = false;
      var threatOk = !wanted.threat || section.dataset.threat === wanted.threat;
      section.querySelectorAll("ol.facts > li").forEach(function (li) {
        var ok = threatOk && (!wanted.kind || li.dataset.kind === wanted.kind) &&
          (!wanted.rule || li.dataset.rule === wanted.rule) &&
          (!undecided.checked || decision(li) === "");
        li.hidden = !ok;
        if (ok) { any = true; count += 1; }
      });
      var filtering = wanted.kind || wanted.rule || undecided.checked;
      section.hidden = !(threatOk && (any || !filtering));
    });
    shown.textContent = count + " of " + facts.length + " facts shown";
  }

  document.getElementById("paragraphs").addEventListener("change", function () { write(); filter(); });
  document.getElementById("paragraphs").addEventListener("input", write);
  filters.forEach(function (pair) { pair[1].addEventListener("change", filter); });
  undecided.addEventListener("change", filter);
  write();
  filter();
}());
