(function () {
  "use strict";
  var input = document.getElementById("note-filter");
  var table = document.getElementById("note-table");
  var status = document.getElementById("note-filter-count");
  if (!input || !table) { return; }
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var texts = rows.map(function (r) { return r.textContent.toLowerCase(); });
  input.hidden = false;
  input.addEventListener("input", function () {
    var q = input.value.trim().toLowerCase();
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var hit = !q || texts[i].indexOf(q) !== -1;
      rows[i].hidden = !hit;
      if (hit) { shown++; }
    }
    if (status) { status.textContent = q ? shown + " / " + rows.length : ""; }
  });
})();
(function () {
  "use strict";
  // Theme map: clicking (or Enter on) a legend entry highlights that theme's dots.
  var svg = document.querySelector("svg.scatter");
  var items = Array.prototype.slice.call(document.querySelectorAll(".legend li[data-t]"));
  if (!svg || !items.length) { return; }
  var marks = Array.prototype.slice.call(svg.querySelectorAll(".dot, .centre"));
  var current = null;
  function show(t) {
    current = (t === current) ? null : t;
    svg.classList.toggle("focus", current !== null);
    marks.forEach(function (m) { m.classList.toggle("on", m.getAttribute("data-t") === current); });
    items.forEach(function (li) { li.setAttribute("aria-pressed", String(li.getAttribute("data-t") === current)); });
  }
  items.forEach(function (li) {
    li.addEventListener("click", function () { show(li.getAttribute("data-t")); });
    li.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); show(li.getAttribute("data-t")); }
    });
  });
})();
