/* Behaviour every page shares. Pages carry no inline script or on...= handler: the
   Content-Security-Policy (mttq_portal.middleware.ContentSecurityPolicyMiddleware) forbids them.
   - A form, or the button that sends it, with data-confirm asks first ("Xóa ...?"); "no" keeps the page.
   - A form with data-once disables its buttons once sent, so a double tap sends one request (the
     server refuses a second one anyway).
   - A select with data-autosubmit sends its form when changed (without JavaScript, the form's button).
   Without JavaScript every form still posts. */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    var message = (button && button.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
      return;
    }
    if (form.hasAttribute("data-once")) {
      // after this turn: a button disabled now would drop its name=value from what is sent
      window.setTimeout(function () {
        form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
      }, 0);
    }
  });
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches && field.matches("select[data-autosubmit]") && field.form) {
      field.form.submit();
    }
  });
})();
