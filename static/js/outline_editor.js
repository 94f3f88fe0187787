/* Outline editor: small enhancements over plain server-side forms (everything works without it).
   - the item named in the address (#item-12) is highlighted after a move;
   - on the import page, the arrows next to a row change its level and its indentation. */
(function () {
  "use strict";

  function highlight() {
    if (!location.hash || location.hash.indexOf("#item-") !== 0) return;
    var item = document.getElementById(location.hash.slice(1));
    if (!item) return;
    item.classList.add("bg-warning-subtle");
    setTimeout(function () { item.classList.remove("bg-warning-subtle"); }, 2000);
  }
  highlight();

  function setDepth(row, depth) {
    var select = row.querySelector(".js-row-depth");
    if (!select) return;
    var max = select.options.length - 1;
    depth = Math.max(0, Math.min(max, depth));
    select.value = String(depth);
    row.setAttribute("data-depth", depth);
    row.style.marginLeft = "calc(" + Math.min(depth, 4) + " * 0.9rem)";
  }

  var rows = document.getElementById("outline-rows");
  if (rows) {
    rows.addEventListener("click", function (event) {
      var button = event.target.closest(".js-row-indent, .js-row-outdent");
      if (!button) return;
      var row = button.closest(".outline-row");
      var depth = parseInt(row.querySelector(".js-row-depth").value, 10) || 0;
      setDepth(row, depth + (button.classList.contains("js-row-indent") ? 1 : -1));
    });
    rows.addEventListener("change", function (event) {
      if (event.target.classList.contains("js-row-depth")) {
        setDepth(event.target.closest(".outline-row"), parseInt(event.target.value, 10) || 0);
      }
    });
  }
})();
