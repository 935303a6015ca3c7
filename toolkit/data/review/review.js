(function () {
  "use strict";
  var rows = Array.prototype.slice.call(document.querySelectorAll(".row[data-segment]"));
  var notes = Array.prototype.slice.call(document.querySelectorAll("section.footnote"));
  var box = document.getElementById("issues-only");
  var shown = document.getElementById("shown");
  var current = null;

  function setCurrent(row, scroll) {
    if (!row) { return; }
    if (current) { current.classList.remove("current"); }
    current = row;
    row.classList.add("current");
    row.focus({ preventScroll: true });
    if (scroll !== false) { row.scrollIntoView({ block: "nearest" }); }
  }

  // the next row after (dir 1) or before (dir -1) the current one that is visible and passes `test`
  function step(dir, test, wrap) {
    var start = current ? rows.indexOf(current) : (dir > 0 ? -1 : rows.length);
    for (var k = 1; k <= rows.length; k++) {
      var i = start + dir * k;
      if (wrap) { i = (i + rows.length * 2) % rows.length; } else if (i < 0 || i >= rows.length) { return null; }
      if (!rows[i].hidden && (!test || test(rows[i]))) { return rows[i]; }
    }
    return null;
  }

  function hasIssues(row) { return row.getAttribute("data-issues") !== "0"; }

  function applyFilter(on) {
    box.checked = on;
    document.body.classList.toggle("filtered", on);
    var count = 0;
    rows.forEach(function (row) {
      row.hidden = on && !hasIssues(row);
      if (!row.hidden) { count++; }
    });
    // a footnote with nothing left to show would be an empty heading
    notes.forEach(function (note) {
      note.hidden = on && !note.querySelector(".row[data-segment]:not([hidden])");
    });
    shown.textContent = count + " of " + rows.length + " segments shown";
    if (current && current.hidden) {
      var next = step(1, null, false) || step(-1, null, false);
      if (next) { setCurrent(next); } else { current.classList.remove("current"); current = null; }
    }
  }

  box.addEventListener("change", function () { applyFilter(box.checked); });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var t = event.target;
    if (t && (t.isContentEditable || /^(TEXTAREA|SELECT)$/.test(t.tagName) ||
              (t.tagName === "INPUT" && t.type !== "checkbox"))) { return; }
    var target = null;
    switch (event.key) {
      case "j": case "ArrowDown": target = step(1, null, false); break;
      case "k": case "ArrowUp": target = step(-1, null, false); break;
      case "n": target = step(1, hasIssues, true); break;
      case "p": case "N": target = step(-1, hasIssues, true); break;
      case "i": applyFilter(!box.checked); event.preventDefault(); return;
      default: return;
    }
    event.preventDefault();
    if (target) { setCurrent(target); }
  });

  document.addEventListener("click", function (event) {
    var row = event.target.closest ? event.target.closest(".row[data-segment]") : null;
    if (row) { setCurrent(row, false); }
  });

  // following a link to a row (ID, footnote back-link) makes it the current row
  function fromHash() {
    var el = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    if (!el) { return; }
    var row = el.closest(".row[data-segment]") || (el.classList.contains("footnote") ? el.querySelector(".row[data-segment]") : null);
    if (row && !row.hidden) { setCurrent(row, false); }
  }
  window.addEventListener("hashchange", fromHash);

  // `page.html?filter=issues` or `page.html#issues` opens with the filter on
  var params = new URLSearchParams(location.search);
  applyFilter(params.get("filter") === "issues" || location.hash === "#issues");
  fromHash();
  document.documentElement.setAttribute("data-ready", "1");
}());
