// On a narrow screen the navigation folds behind a Menu button, so a page starts near the top of the screen.
// Without this script the navigation simply stays open. Escape closes it and gives the focus back to the button.
(function () {
  var header = document.querySelector(".site-header");
  var button = document.getElementById("menu-button");
  if (!header || !button) return;
  header.classList.add("has-menu");
  function show(open) {
    header.classList.toggle("menu-open", open);
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }
  button.addEventListener("click", function () { show(!header.classList.contains("menu-open")); });
  header.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && header.classList.contains("menu-open")) {
      show(false);
      button.focus();
    }
  });
})();
