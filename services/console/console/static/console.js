// The console's only script of its own (no inline scripts: the pages' CSP forbids them).
// Progressive: every page works without it.
document.addEventListener("DOMContentLoaded", function () {
  // "back" links go back in history when there is one
  document.querySelectorAll("[data-back]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (history.length > 1) { event.preventDefault(); history.back(); }
    });
  });
  // a refused form: move focus to the list of problems, so a screen reader reads it first
  var problems = document.getElementById("problems");
  if (problems) { problems.focus(); }
  // print buttons
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  // ask before an action that cannot be undone
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
});
