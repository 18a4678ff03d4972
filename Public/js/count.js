// Under each text box with a limit, how much of it is used ("1,204 of 20,000 characters"), so nobody learns of
// the limit only when a save is refused. The server checks the same limit on every save.
(function () {
  "use strict";
  var boxes = document.querySelectorAll("textarea[maxlength]");
  for (var i = 0; i < boxes.length; i++) (function (box) {
    var label = box.getAttribute("data-count-label");
    if (!label) return;
    var note = document.createElement("p");
    note.className = "hint count";
    note.id = box.id + "-count";
    var max = parseInt(box.getAttribute("maxlength"), 10);
    var format = window.Intl ? new Intl.NumberFormat(document.documentElement.lang || undefined) : null;
    function show() {
      var used = box.value.length;
      note.textContent = label.replace("{count}", format ? format.format(used) : used).replace("{max}", format ? format.format(max) : max);
      note.classList.toggle("count-near", used > max * 0.9);
    }
    box.parentNode.insertBefore(note, box.nextSibling);
    box.addEventListener("input", show);
    show();
  })(boxes[i]);
})();
