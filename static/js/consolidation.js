// Consolidated report page: follow a running build by polling its status JSON; when it ends,
// reload the page to show the download link (or the reason it failed). Leaving and coming back
// works: the page renders the current state and starts polling again.
(function () {
  "use strict";
  var box = document.querySelector("[data-consolidation-status]");
  if (!box) { return; }
  var url = box.getAttribute("data-consolidation-status");
  var bar = box.querySelector(".progress-bar");
  var wrapper = box.querySelector(".progress");
  var label = box.querySelector("[data-progress-label]");
  var delay = 1500;

  function show(data) {
    var percent = Math.max(0, Math.min(100, data.percent || 0));
    bar.style.width = percent + "%";
    bar.textContent = percent + "%";
    wrapper.setAttribute("aria-valuenow", String(percent));
    label.textContent = data.message || "";
  }

  function tick() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (data) {
        show(data);
        if (data.state === "done" || data.state === "failed") {
          window.location.reload();
          return;
        }
        window.setTimeout(tick, delay);
      })
      .catch(function () { window.setTimeout(tick, delay * 2); });
  }

  window.setTimeout(tick, 1000);
})();
