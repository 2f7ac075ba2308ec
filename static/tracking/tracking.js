// Symptom log forms (progressive enhancement): a double click or tap sends one request.
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-submit-once]");
    if (!form) { return; }
    if (form.dataset.submitted) {
      event.preventDefault();
      return;
    }
    form.dataset.submitted = "yes";
  });

  // Coming back through the history: allow submitting again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-submit-once]").forEach(function (form) {
      delete form.dataset.submitted;
    });
  });
})();
