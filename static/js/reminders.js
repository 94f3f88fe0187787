// "Remind now": ask first (the form's data-confirm), then disable the button so a double tap
// sends one request. Without JavaScript the plain POST still works; the server sends once per
// click token and refuses a second "remind now" of the same plan within 60 minutes.
document.querySelectorAll("form.remind-now-form").forEach(function (form) {
  form.addEventListener("submit", function (event) {
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      return;
    }
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; }
  });
});
