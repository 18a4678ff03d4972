// Saves a long form's draft in the background a moment after each change, so a lost connection or an
// expired session loses nothing. Without JavaScript the form's "Save draft" button does the same.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) return;
  var status = document.getElementById("autosave-status");
  var timer = null;

  function save() {
    var data = new FormData(form);
    data.set("action", "autosave");
    // form.action would be the buttons named "action"; the attribute is the address.
    fetch(form.getAttribute("action"), { method: "POST", body: new URLSearchParams(data), credentials: "same-origin" })
      .then(function (response) {
        if (!status) return;
        status.textContent = response.ok ? status.getAttribute("data-saved") + " " + new Date().toLocaleTimeString()
                                         : status.getAttribute("data-failed");
      })
      .catch(function () { if (status) status.textContent = status.getAttribute("data-failed"); });
  }

  form.addEventListener("change", function () {
    clearTimeout(timer);
    timer = setTimeout(save, 1000);
  });
})();
