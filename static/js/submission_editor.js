/* Report editor: one small rich-text box per outline section, with autosave.
 *
 * - Saves a few seconds after typing stops, and when leaving a box; shows "Đã lưu lúc 09:41"
 *   ("Đã lưu lúc 10/06/2022 23:59" when not today), or "Có lỗi, chưa lưu" when the server refused
 *   a value (the reason is shown next to the field).
 * - Each save sends the revision the page loaded; a 409 means someone else saved in between:
 *   both texts are shown and nothing is overwritten without the person choosing.
 * - A lost connection is said on the page; the text stays in the box and in localStorage until
 *   a save succeeds (retried every few seconds and when the browser is back online).
 * - Pasting from Word keeps paragraphs, bold, italic and lists; the server cleans again (nh3).
 * Every text shown comes from the page (translated on the server).
 */
(function () {
  "use strict";
  var configEl = document.getElementById("editor-config");
  if (!configEl) return;
  var config = JSON.parse(configEl.textContent);
  var T = config.text;
  var form = document.getElementById("report-form");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var statusEl = document.getElementById("save-status");
  var lengthEl = document.getElementById("length-status");
  var banner = document.getElementById("offline-banner");
  var badgeSlot = document.getElementById("status-badge");
  var SAVE_DELAY_MS = 2500;
  var RETRY_MS = 8000;
  var ALLOWED = { P: 1, BR: 1, STRONG: 1, B: 1, EM: 1, I: 1, U: 1, UL: 1, OL: 1, LI: 1 };
  var AS_PARAGRAPH = { DIV: 1, H1: 1, H2: 1, H3: 1, H4: 1, H5: 1, H6: 1, BLOCKQUOTE: 1, PRE: 1, TR: 1 };
  var DROP = { SCRIPT: 1, STYLE: 1, XML: 1, META: 1, LINK: 1, TITLE: 1, HEAD: 1, IFRAME: 1, OBJECT: 1, TEMPLATE: 1 };
  var sections = [];
  var retryTimer = null;

  function fmt(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_m, k) { return values[k]; });
  }
  function storageKey(item) { return "mttq-sub-" + config.submissionId + "-item-" + item; }
  function store(item, value) {
    try {
      if (value === null) localStorage.removeItem(storageKey(item));
      else localStorage.setItem(storageKey(item), JSON.stringify(value));
    } catch (e) { /* storage full or disabled: the page still keeps the text */ }
  }
  function stored(item) {
    try { return JSON.parse(localStorage.getItem(storageKey(item)) || "null"); } catch (e) { return null; }
  }
  function setStatus(text, cls) {
    statusEl.textContent = text;
    statusEl.className = cls || "";
  }
  // The server refused what was sent: field errors are shown next to their fields; a general
  // reason (e.g. the report was just submitted elsewhere) is added to the bar.
  function rejectedText(data) {
    return data && data.error ? T.rejected + ": " + data.error : T.rejected;
  }
  function showOffline(on) {
    banner.hidden = !on;
    if (on) banner.textContent = T.offline;
  }
  function scheduleRetry() {
    if (retryTimer) return;
    retryTimer = setTimeout(function () { retryTimer = null; flushAll(); }, RETRY_MS);
  }
  function updateLength(length) {
    if (!length || !lengthEl) return;
    var text = length.empty ? T.empty : fmt(T.pages, { p: length.pages_text });
    if (length.limit) text += " / " + fmt(T.limit, { n: length.limit });
    if (length.over) text += " – " + T.over;
    lengthEl.textContent = text;
    lengthEl.classList.toggle("text-danger", !!length.over);
    lengthEl.classList.toggle("fw-semibold", !!length.over);
  }

  // The state badge at the top: the server sends it (rendered) with every save, so that
  // "Chưa bắt đầu" becomes "Đang soạn" after the first save without a reload.
  function updateBadge(data) {
    if (!badgeSlot || !data || !data.badge || !data.status) return;
    var current = badgeSlot.querySelector("[data-status]");
    if (current && current.getAttribute("data-status") === data.status) return;
    badgeSlot.innerHTML = data.badge; // rendered by the server from a template
  }

  // How many saves are on their way: the bar's data-pending attribute says it, so that a test (or
  // an assistive tool) can tell "saved" from "the text shown is from an earlier save".
  var inflight = 0;
  function setPending(delta) {
    inflight += delta;
    statusEl.setAttribute("data-pending", String(inflight));
  }
  function post(payload) {
    setPending(1);
    return send(payload).then(
      function (r) { setPending(-1); return r; },
      function (e) { setPending(-1); throw e; }
    );
  }
  function send(payload) {
    return fetch(config.saveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, "X-Requested-With": "fetch" },
      body: JSON.stringify(payload),
    }).then(function (response) {
      return response.json().then(
        function (data) { return { status: response.status, data: data }; },
        function () { return { status: response.status, data: {} }; }
      );
    });
  }

  // --- paste: keep paragraphs and simple formatting only ---------------------------------
  function cleanNode(node, out) {
    node.childNodes.forEach(function (child) {
      if (child.nodeType === 3) {
        out.appendChild(document.createTextNode(child.textContent.replace(/\s+/g, " ")));
        return;
      }
      if (child.nodeType !== 1) return;
      var tag = child.tagName.toUpperCase();
      if (DROP[tag]) return;
      var target;
      if (ALLOWED[tag]) target = document.createElement(tag.toLowerCase());
      else if (AS_PARAGRAPH[tag]) target = document.createElement("p");
      if (target) {
        cleanNode(child, target);
        out.appendChild(target);
      } else {
        cleanNode(child, out);
      }
    });
    return out;
  }
  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }
  function onPaste(event) {
    var data = event.clipboardData;
    if (!data) return;
    var html = data.getData("text/html");
    var result;
    if (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      result = cleanNode(doc.body, document.createElement("div")).innerHTML;
    } else {
      var text = data.getData("text/plain");
      if (!text) return;
      result = text.split(/\r?\n/).filter(function (l) { return l.trim(); })
        .map(function (l) { return "<p>" + escapeHtml(l.trim()) + "</p>"; }).join("");
    }
    event.preventDefault();
    document.execCommand("insertHTML", false, result);
  }

  // --- one section ----------------------------------------------------------------------------
  function Section(root) {
    var self = this;
    this.root = root;
    this.item = root.getAttribute("data-item");
    this.revision = parseInt(root.getAttribute("data-revision"), 10) || 0;
    this.editor = root.querySelector(".rt-editor");
    this.source = root.querySelector(".rt-source");
    this.revisionInput = form.querySelector("input[name=revision-" + this.item + "]");
    this.conflictBox = root.querySelector(".rt-conflict");
    this.dirty = false;
    this.saving = false;
    this.again = false;
    this.timer = null;
    this.inConflict = false;
    root.querySelector(".rt-toolbar").hidden = false;
    this.editor.hidden = false;
    this.source.hidden = true;
    root.querySelectorAll("[data-cmd]").forEach(function (button) {
      button.addEventListener("mousedown", function (e) { e.preventDefault(); });
      button.addEventListener("click", function () {
        self.editor.focus();
        document.execCommand(button.getAttribute("data-cmd"), false, null);
        self.changed();
      });
    });
    this.editor.addEventListener("input", function () { self.changed(); });
    this.editor.addEventListener("paste", function (e) { onPaste(e); self.changed(); });
    this.editor.addEventListener("blur", function () { if (self.dirty) self.save(); });
    var kept = stored(this.item);
    if (kept && kept.html !== this.editor.innerHTML) {
      // Text typed here earlier that never reached the server: put it back and save it.
      this.editor.innerHTML = kept.html;
      this.revision = kept.revision;
      this.dirty = true;
      setStatus(T.restored, "text-warning");
      this.schedule();
    }
  }
  Section.prototype.changed = function () {
    this.dirty = true;
    store(this.item, { html: this.editor.innerHTML, revision: this.revision });
    setStatus(T.unsaved, "text-muted");
    this.schedule();
  };
  Section.prototype.schedule = function () {
    var self = this;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.save(); }, SAVE_DELAY_MS);
  };
  Section.prototype.save = function () {
    var self = this;
    clearTimeout(this.timer);
    if (this.inConflict) return Promise.resolve(false);
    if (this.saving) { this.again = true; return this.pending; }
    if (!this.dirty) return Promise.resolve(true);
    var sent = this.editor.innerHTML;
    this.saving = true;
    setStatus(T.saving, "text-muted");
    this.pending = post({ item: this.item, html: sent, revision: this.revision }).then(function (r) {
      self.saving = false;
      if (r.status === 200 && r.data.ok) {
        showOffline(false);
        self.setRevision(r.data.revision);
        if (self.editor.innerHTML === sent) {
          self.dirty = false;
          store(self.item, null);
        } else {
          store(self.item, { html: self.editor.innerHTML, revision: self.revision });
        }
        setStatus(fmt(T.savedAt, { t: r.data.saved_at }), "text-success");
        updateLength(r.data.length);
        updateBadge(r.data);
      } else if (r.status === 409 && r.data.conflict) {
        showOffline(false);
        self.showConflict(r.data);
        return false;
      } else if (r.status >= 500) {
        throw new Error("server " + r.status);
      } else {
        if (r.status === 409 && r.data.submitted) updateBadge(r.data);
        setStatus(T.rejected + ": " + (r.data.error || r.status), "text-danger");
        return false;
      }
      if (self.again) { self.again = false; return self.save(); }
      return true;
    }).catch(function () {
      self.saving = false;
      showOffline(true);
      setStatus(T.error, "text-danger");
      scheduleRetry();
      return false;
    });
    return this.pending;
  };
  Section.prototype.setRevision = function (revision) {
    this.revision = revision;
    this.root.setAttribute("data-revision", revision);
    if (this.revisionInput) this.revisionInput.value = revision;
  };
  Section.prototype.showConflict = function (data) {
    var self = this;
    this.inConflict = true;
    var box = this.conflictBox;
    box.innerHTML = "";
    box.hidden = false;
    box.className = "rt-conflict alert alert-warning small mt-2";
    var title = document.createElement("div");
    title.className = "fw-semibold";
    title.textContent = T.conflictTitle;
    var message = document.createElement("div");
    message.textContent = data.error;
    var theirsLabel = document.createElement("div");
    theirsLabel.className = "fw-semibold mt-2";
    theirsLabel.textContent = T.theirs + ":";
    var theirs = document.createElement("div");
    theirs.className = "theirs border rounded p-2";
    theirs.innerHTML = data.theirs_html; // cleaned by the server (nh3)
    var yoursLabel = document.createElement("div");
    yoursLabel.className = "fw-semibold mt-2";
    yoursLabel.textContent = T.yours;
    var buttons = document.createElement("div");
    buttons.className = "d-flex flex-wrap gap-2 mt-2";
    var keep = document.createElement("button");
    keep.type = "button";
    keep.className = "btn btn-sm btn-primary";
    keep.textContent = T.keepMine;
    var use = document.createElement("button");
    use.type = "button";
    use.className = "btn btn-sm btn-outline-secondary";
    use.textContent = T.useTheirs;
    buttons.append(keep, use);
    box.append(title, message, theirsLabel, theirs, yoursLabel, buttons);
    store(this.item, { html: this.editor.innerHTML, revision: this.revision });
    keep.addEventListener("click", function () {
      self.resolve(data.revision);
      self.dirty = true;
      self.save();
    });
    use.addEventListener("click", function () {
      self.resolve(data.revision);
      self.editor.innerHTML = data.theirs_html;
      self.dirty = false;
      store(self.item, null);
    });
  };
  Section.prototype.resolve = function (revision) {
    this.inConflict = false;
    this.conflictBox.hidden = true;
    this.conflictBox.innerHTML = "";
    this.setRevision(revision);
  };

  // --- indicators -----------------------------------------------------------------------------
  function IndicatorGroup(root) {
    var self = this;
    this.inputs = Array.prototype.slice.call(root.querySelectorAll(".indicator-input"));
    this.dirty = false;
    this.inputs.forEach(function (input) {
      input.addEventListener("input", function () { self.dirty = true; setStatus(T.unsaved, "text-muted"); });
      input.addEventListener("change", function () { self.save(); });
      input.addEventListener("blur", function () { if (self.dirty) self.save(); });
    });
  }
  IndicatorGroup.prototype.save = function () {
    var self = this;
    if (!this.dirty) return Promise.resolve(true);
    var values = {};
    this.inputs.forEach(function (input) { values[input.getAttribute("data-indicator")] = input.value; });
    this.dirty = false;
    setStatus(T.saving, "text-muted");
    return post({ indicators: values }).then(function (r) {
      if (r.status >= 500) throw new Error("server " + r.status);
      showOffline(false);
      var errors = r.data.errors || {};
      self.inputs.forEach(function (input) {
        var id = input.getAttribute("data-indicator");
        var feedback = input.parentNode.querySelector("[data-error-for='" + id + "']");
        input.classList.toggle("is-invalid", !!errors[id]);
        if (feedback) feedback.textContent = errors[id] || "";
        // Show a stored value as Vietnamese write it ("1450" -> "1.450"), unless it is being typed in
        // or changed since it was sent; a refused one stays as typed.
        var saved = r.data.saved || {};
        if (!errors[id] && id in saved && input !== document.activeElement && input.value === values[id]) {
          input.value = saved[id] === null ? "" : saved[id];
        }
      });
      // A refused value (e.g. a negative number) is not saved: say so, not "Đã lưu lúc …".
      if (r.status !== 200 || Object.keys(errors).length) setStatus(rejectedText(r.data), "text-danger");
      else if (r.data.saved_at) setStatus(fmt(T.savedAt, { t: r.data.saved_at }), "text-success");
      updateLength(r.data.length);
      updateBadge(r.data);
      return r.status === 200;
    }).catch(function () {
      self.dirty = true;
      showOffline(true);
      setStatus(T.error, "text-danger");
      scheduleRetry();
      return false;
    });
  };

  // --- the report's number and signer ---------------------------------------------------------
  function DocInfoGroup(root) {
    var self = this;
    this.inputs = Array.prototype.slice.call(root.querySelectorAll(".doc-input"));
    this.dirty = false;
    this.changed = {};  // only the fields typed in since the last save are sent
    this.inputs.forEach(function (input) {
      input.addEventListener("input", function () {
        self.dirty = true;
        self.changed[input.getAttribute("data-field")] = true;
        setStatus(T.unsaved, "text-muted");
      });
      input.addEventListener("change", function () { self.save(); });
    });
  }
  DocInfoGroup.prototype.save = function () {
    var self = this;
    if (!this.dirty) return Promise.resolve(true);
    var values = {};
    this.inputs.forEach(function (input) {
      var name = input.getAttribute("data-field");
      if (self.changed[name]) values[name] = input.value;
    });
    var sent = this.changed;
    this.changed = {};
    this.dirty = false;
    setStatus(T.saving, "text-muted");
    return post({ document: values }).then(function (r) {
      if (r.status >= 500) throw new Error("server " + r.status);
      showOffline(false);
      var errors = r.data.errors || {};
      self.inputs.forEach(function (input) {
        var name = input.getAttribute("data-field");
        if (!(name in sent)) return;  // this answer is about the fields it carried only
        var feedback = input.parentNode.querySelector("[data-doc-error-for='" + name + "']");
        input.classList.toggle("is-invalid", !!errors[name]);
        if (feedback) feedback.textContent = errors[name] || "";
        // Show the value as it was stored (spaces collapsed, "Số:" removed); a refused one stays as typed.
        if (r.status === 200 && r.data.saved && name in r.data.saved && input !== document.activeElement &&
            !self.changed[name]) {
          input.value = r.data.saved[name];
        }
      });
      if (r.status === 200) {
        setStatus(fmt(T.savedAt, { t: r.data.saved_at }), "text-success");
      } else {
        setStatus(rejectedText(r.data), "text-danger");
      }
      // A refused value is not "saved": leaving the page must not count on it.
      return r.status === 200;
    }).catch(function () {
      self.dirty = true;
      Object.keys(sent).forEach(function (name) { self.changed[name] = true; });
      showOffline(true);
      setStatus(T.error, "text-danger");
      scheduleRetry();
      return false;
    });
  };

  // --- the page -------------------------------------------------------------------------------
  var groups = [];
  document.querySelectorAll(".rt").forEach(function (root) { sections.push(new Section(root)); });
  document.querySelectorAll(".indicators").forEach(function (root) { groups.push(new IndicatorGroup(root)); });
  document.querySelectorAll(".doc-info").forEach(function (root) { groups.push(new DocInfoGroup(root)); });

  function flushAll() {
    var all = sections.map(function (s) { return s.save(); }).concat(groups.map(function (g) { return g.save(); }));
    return Promise.all(all).then(function (results) { return results.every(Boolean); });
  }
  function anyDirty() {
    return sections.some(function (s) { return s.dirty; }) || groups.some(function (g) { return g.dirty; });
  }

  window.addEventListener("online", function () { flushAll(); });
  window.addEventListener("beforeunload", function (e) {
    if (anyDirty()) { e.preventDefault(); e.returnValue = ""; }
  });
  form.addEventListener("submit", function () {
    sections.forEach(function (s) { s.source.value = s.editor.innerHTML; });
  });
  // Leaving the page through these: save first, so nothing typed is lost on the way.
  document.querySelectorAll("form.flush-first").forEach(function (f) {
    f.addEventListener("submit", function (e) {
      if (f.dataset.flushed || e.defaultPrevented) return;  // e.g. "Xóa …?" answered no
      e.preventDefault();
      flushAll().then(function (ok) {
        if (ok) { f.dataset.flushed = "1"; f.submit(); }
      });
    });
  });
  var goSubmit = document.getElementById("go-submit");
  if (goSubmit) {
    goSubmit.addEventListener("click", function (e) {
      e.preventDefault();
      flushAll().then(function (ok) { if (ok) window.location.href = goSubmit.href; });
    });
  }
  window.mttqEditor = { flushAll: flushAll, anyDirty: anyDirty };
})();
