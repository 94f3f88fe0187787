// "Remind now": disable the button after the first click so a double tap sends one request.
// (The server also ignores a second request with the same token.)
document.querySelectorAll("form.remind-now-form").forEach(function (form) {
  form.addEventListener("submit", function () {
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; }
  });
});
