// Saves a long form's draft in the background a moment after each change, so a lost connection or an
// expired session loses nothing. Without JavaScript the form's "Save draft" button does the same.
//
// The form carries the version it started from; each save sends it and reads the next one back. A save the
// server refuses (someone else saved meanwhile, the session ended, the line dropped) keeps the text in this
// browser until it is saved, and the page says plainly what happened.
(function () {
  "use strict";
  // A page refused because someone else saved meanwhile says so at the top; a button that leads back to a row
  // would otherwise leave that message out of sight.
  // The browser goes to the address's #row once the page has loaded, so this waits for that and comes after it.
  var stale = document.querySelector("[data-stale]");
  if (stale && stale.scrollIntoView) {
    var show = function () {
      stale.setAttribute("tabindex", "-1");
      stale.focus();
      stale.scrollIntoView();
    };
    if (document.readyState === "complete") show();
    else window.addEventListener("load", function () { setTimeout(show, 0); });
  }
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) return;
  var status = document.getElementById("autosave-status");
  var kept = document.getElementById("autosave-kept");
  var key = "tandem-draft:" + (form.getAttribute("data-draft-key") || form.getAttribute("action"));
  var version = form.querySelector("input[name=version]");
  var timer = null;

  function say(name, suffix) {
    if (status) status.textContent = status.getAttribute(name) + (suffix ? " " + suffix : "");
  }

  function fields() {
    var list = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "_csrf" && name !== "action" && typeof value === "string") list.push([name, value]);
    });
    return list;
  }

  function keep() {
    try {
      localStorage.setItem(key, JSON.stringify({ at: new Date().toISOString(), fields: fields() }));
    } catch (e) { /* private browsing: the page's own text is all there is */ }
  }

  function forget() {
    try { localStorage.removeItem(key); } catch (e) { /* nothing kept */ }
  }

  function save() {
    var data = new FormData(form);
    data.set("action", "autosave");
    // form.action would be the buttons named "action"; the attribute is the address.
    fetch(form.getAttribute("action"), {
      method: "POST", body: new URLSearchParams(data), credentials: "same-origin", redirect: "manual",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (response.status === 204) {
        var next = response.headers.get("X-Version");
        if (version && next) version.value = next;
        forget();
        say("data-saved", new Date().toLocaleTimeString());
        return;
      }
      keep();
      // A redirect is the way to sign in: the session has ended.
      if (response.type === "opaqueredirect" || response.status === 401) say("data-signed-out");
      // Saved or moved on by someone else meanwhile (a report submitted by the partner is no longer editable here).
      else if (response.status === 409 || response.status === 412 || response.status === 403) say("data-conflict");
      // Something typed is longer than a form takes: saving with the button shows which field.
      else if (response.status === 422) say("data-invalid");
      else say("data-failed");
    }).catch(function () {
      keep();
      say("data-failed");
    });
  }

  // Text kept by an earlier page of this form (the session had ended, the line was down) is offered back.
  function offerKept() {
    var stored = null;
    try { stored = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { stored = null; }
    if (!stored || !stored.fields || !kept) return;
    var current = JSON.stringify(fields());
    if (JSON.stringify(stored.fields) === current) { forget(); return; }
    kept.hidden = false;
    document.getElementById("autosave-restore").addEventListener("click", function () {
      var seen = {};
      stored.fields.forEach(function (pair) {
        var inputs = form.querySelectorAll("[name='" + pair[0].replace(/'/g, "\\'") + "']");
        var index = seen[pair[0]] || 0;
        seen[pair[0]] = index + 1;
        var input = inputs.length === 1 ? inputs[0] : inputs[index];
        if (!input) return;
        if (input.type === "checkbox" || input.type === "radio") {
          inputs.forEach(function (each) { if (each.value === pair[1]) each.checked = true; });
        } else if (input.tagName === "SELECT" && input.multiple) {
          Array.prototype.forEach.call(input.options, function (option) { if (option.value === pair[1]) option.selected = true; });
        } else if (pair[0] !== "version") {
          input.value = pair[1];
        }
      });
      kept.hidden = true;
      save();
    });
    document.getElementById("autosave-discard").addEventListener("click", function () {
      forget();
      kept.hidden = true;
    });
  }

  form.addEventListener("change", function () {
    clearTimeout(timer);
    timer = setTimeout(save, 1000);
  });
  form.addEventListener("submit", forget);
  offerKept();
})();
