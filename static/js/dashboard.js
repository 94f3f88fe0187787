/* Dashboard charts (Chart.js, served by the portal). The numbers are also in tables on the page. */
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  if (!source || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  var numberFormat = new Intl.NumberFormat("vi-VN");

  var statusCanvas = document.getElementById("status-chart");
  if (statusCanvas) {
    new Chart(statusCanvas, {
      type: "bar",
      data: {
        labels: data.statuses.labels,
        datasets: [{ data: data.statuses.values, backgroundColor: data.statuses.colours }]
      },
      options: {
        indexAxis: "y",
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } } }
      }
    });
  }

  var indicatorCanvas = document.getElementById("indicator-chart");
  var select = document.getElementById("indicator-select");
  if (indicatorCanvas && data.indicators.length) {
    var chart = new Chart(indicatorCanvas, {
      type: "bar",
      data: { labels: [], datasets: [{ label: "", data: [], backgroundColor: "#0b4f9c" }] },
      options: {
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: function (ctx) { return numberFormat.format(ctx.parsed.y); } } }
        },
        scales: { y: { beginAtZero: true } }
      }
    });
    var show = function (index) {
      var item = data.indicators[index];
      chart.data.labels = item.labels;
      chart.data.datasets[0].data = item.values;
      chart.data.datasets[0].label = item.name;
      chart.update();
    };
    show(0);
    if (select) select.addEventListener("change", function () { show(parseInt(select.value, 10)); });
  }
})();
