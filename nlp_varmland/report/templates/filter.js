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
