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
(function () {
  "use strict";
  // Theme map: a dot's theme and statement in a box beside it at once on hover, and on a tap
  // (a touch screen shows no <title>); the <title> stays the dot's accessible name and is
  // lifted out while the box shows, so the browser's own tooltip does not repeat it.
  var svg = document.querySelector("svg.scatter");
  if (!svg) { return; }
  var tip = document.createElement("div");
  tip.className = "map-tip";
  tip.setAttribute("role", "tooltip");
  tip.hidden = true;
  document.body.appendChild(tip);
  var held = null;
  function hide() {
    if (held) { held.dot.appendChild(held.title); held = null; }
    tip.hidden = true;
  }
  function show(dot, x, y) {
    hide();
    var title = dot.querySelector("title");
    if (!title) { return; }
    tip.textContent = title.textContent;
    held = { dot: dot, title: title };
    dot.removeChild(title);
    tip.hidden = false;
    var room = document.documentElement.clientWidth + window.scrollX - tip.offsetWidth - 8;
    tip.style.left = Math.max(window.scrollX + 8, Math.min(x + 14, room)) + "px";
    tip.style.top = (y + 14) + "px";
  }
  Array.prototype.slice.call(svg.querySelectorAll("circle.dot")).forEach(function (dot) {
    dot.addEventListener("mouseenter", function (e) { show(dot, e.pageX, e.pageY); });
    dot.addEventListener("mouseleave", hide);
    dot.addEventListener("click", function (e) { show(dot, e.pageX, e.pageY); e.stopPropagation(); });
  });
  document.addEventListener("click", hide);
})();
