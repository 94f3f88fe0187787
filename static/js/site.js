/* Behaviour every page shares. Pages carry no inline script or on...= handler: the
   Content-Security-Policy (mttq_portal.middleware.ContentSecurityPolicyMiddleware) forbids them.
   - A form, or the button that sends it, with data-confirm asks first ("Xóa ...?"); "no" keeps the page.
   - A form with data-once disables its buttons once sent, so a double tap sends one request (the
     server refuses a second one anyway).
   - A select with data-autosubmit sends its form when changed (without JavaScript, the form's button).
   - A file chosen larger than the portal takes (body data-max-upload-mb) is refused at once, before
     the phone spends minutes sending it; the server refuses it anyway.
   - A form with data-typical-passage (the review page: mark a passage as typical) is shown, and
     filled with the text selected inside its section's .report-text; without JavaScript the
     reviewer marks whole sections with the form next to it.
   - A button with data-drop-unplaced (Word import) sets every piece still "unplaced" of its form to
     "drop" and says so (its data-done text); without JavaScript it sends the form, which drops them.
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
  }, true);  // capture: asked before a page's own handlers (e.g. the editor saving before it leaves)
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-drop-unplaced]");
    if (!button || !button.form) return;
    event.preventDefault();
    button.form.querySelectorAll("select[name^='target-']").forEach(function (select) {
      if (select.value !== "unplaced") return;
      select.value = "drop";
      var card = select.closest(".piece");
      if (card) {
        card.classList.remove("border-warning", "piece-unplaced");
        card.querySelectorAll(".unplaced-badge").forEach(function (badge) { badge.remove(); });
      }
    });
    var note = document.createElement("span");
    note.className = "small";
    note.setAttribute("role", "status");
    note.textContent = button.getAttribute("data-done") || "";
    button.replaceWith(note);
  });
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches && field.matches("input[type=file]")) {
      var maxMb = parseFloat(document.body.getAttribute("data-max-upload-mb") || "0");
      var tooLarge = maxMb > 0 && Array.prototype.some.call(field.files || [], function (f) {
        return f.size > maxMb * 1024 * 1024;
      });
      var note = field.parentNode.querySelector(".js-too-large");
      if (!note) {
        note = document.createElement("div");
        note.className = "invalid-feedback d-block js-too-large";
        note.setAttribute("role", "alert");
        field.insertAdjacentElement("afterend", note);
      }
      note.textContent = tooLarge ? document.body.getAttribute("data-upload-too-large") : "";
      field.classList.toggle("is-invalid", tooLarge);
      if (tooLarge) field.value = "";
      return;
    }
    if (field.matches && field.matches("select[data-autosubmit]") && field.form) {
      field.form.submit();
    }
  });

  // Typical passages: the last selection made inside a section stays in its form, so that tapping
  // the button on a phone (which clears the selection) still sends it.
  var passageForms = document.querySelectorAll("form[data-typical-passage]");
  if (passageForms.length) {
    passageForms.forEach(function (form) {
      form.hidden = false;
      var preview = form.querySelector("[data-typical-preview]");
      if (preview) preview.setAttribute("data-hint", preview.textContent);
    });
    var setPassage = function (form, text) {
      form.querySelector("input[name=text]").value = text;
      form.querySelector("button[type=submit]").disabled = !text;
      var preview = form.querySelector("[data-typical-preview]");
      if (preview) {
        preview.textContent = text ? "“" + (text.length > 120 ? text.slice(0, 117) + "…" : text) + "”" : preview.getAttribute("data-hint");
      }
    };
    document.addEventListener("selectionchange", function () {
      var selection = window.getSelection();
      if (!selection || selection.isCollapsed || !selection.rangeCount) return;
      var range = selection.getRangeAt(0);
      passageForms.forEach(function (form) {
        var section = form.closest("section");
        var source = section && section.querySelector(".report-text");
        var text = "";
        // A triple-click selects a paragraph up to the start of what follows it, outside the
        // section's text: a selection that starts inside is cut at the end of the text.
        if (source && source.contains(range.startContainer)) {
          var clipped = range.cloneRange();
          if (!source.contains(range.endContainer)) clipped.setEnd(source, source.childNodes.length);
          text = clipped.toString().replace(/\s+/g, " ").trim();
        }
        setPassage(form, text);
      });
    });
  }
})();
