// On a narrow screen the navigation folds behind a Menu button, so a page starts near the top of the screen.
// Without this script the navigation simply stays open.
(function () {
  var header = document.querySelector(".site-header");
  var button = document.getElementById("menu-button");
  if (!header || !button) return;
  header.classList.add("has-menu");
  button.addEventListener("click", function () {
    var open = header.classList.toggle("menu-open");
    button.setAttribute("aria-expanded", open ? "true" : "false");
  });
})();
