// The running total of a score grid: regular criteria and bonus rows add, deduction rows subtract.
// Numbers are read as Vietnamese write them ("8,5"); the server checks every value again on save.
(function () {
  "use strict";
  var form = document.getElementById("score-form");
  var out = document.getElementById("running-total");
  if (!form || !out) { return; }
  function read(text) {
    text = (text || "").replace(/\s/g, "");
    if (text.indexOf(",") >= 0) { text = text.replace(/\./g, "").replace(",", "."); }
    var value = Number(text);
    return text === "" || isNaN(value) ? 0 : value;
  }
  function show(value) {
    var rounded = Math.round(value * 100) / 100;
    var parts = rounded.toFixed(2).replace(/0+$/, "").replace(/\.$/, "").split(".");
    parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    return parts.join(",");
  }
  function update() {
    var total = 0;
    form.querySelectorAll("input.points").forEach(function (input) {
      var v = read(input.value);
      total += input.dataset.kind === "deduction" ? -v : v;
    });
    out.textContent = show(total);
  }
  form.addEventListener("input", update);
  update(); // what was typed before the script ran, or kept from a refused save
})();
