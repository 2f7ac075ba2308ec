// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Auto-submit filter forms (marked data-autosubmit) through htmx when a choice changes.
  document.addEventListener("change", function (event) {
    var form = event.target.closest("form[data-autosubmit]");
    if (form && window.htmx) {
      window.htmx.trigger(form, "submit");
    }
  });

  // Move focus to the first invalid field after a server-side validation error.
  function focusFirstError(root) {
    var summary = root.querySelector(".error-summary");
    if (summary) { summary.focus(); }
  }
  document.addEventListener("DOMContentLoaded", function () { focusFirstError(document); });
  document.addEventListener("htmx:afterSettle", function (event) { focusFirstError(event.target); });
})();
