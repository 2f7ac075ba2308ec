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

  // A form marked data-submit-once is sent once: a second tap while the page is on its way
  // (shaky hands) does nothing. Coming back to the page through the history allows it
  // again. static/js/offline.js clears the mark when an entry kept offline is done.
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-submit-once]");
    if (!form || event.defaultPrevented) { return; }
    if (form.dataset.submitted) {
      event.preventDefault();
      return;
    }
    form.dataset.submitted = "yes";
  });
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-submit-once][data-submitted]").forEach(function (form) {
      delete form.dataset.submitted;
    });
  });

  // Move focus to the first invalid field after a server-side validation error.
  function focusFirstError(root) {
    var summary = root.querySelector(".error-summary");
    if (summary) { summary.focus(); }
  }
  // A "Show password" switch after every password box, for shaky hands and poor eyesight.
  function addShowPassword(root) {
    root.querySelectorAll('input[type="password"]:not([data-show-added])').forEach(function (input) {
      input.dataset.showAdded = "yes";
      var label = document.createElement("label");
      label.className = "checkbox-label show-password";
      var box = document.createElement("input");
      box.type = "checkbox";
      box.setAttribute("aria-controls", input.id);
      box.addEventListener("change", function () { input.type = box.checked ? "text" : "password"; });
      label.appendChild(box);
      label.appendChild(document.createTextNode(" Show password"));
      input.insertAdjacentElement("afterend", label);
    });
  }

  // Buttons marked data-print print the page (the report, recovery codes); they are
  // hidden (or hidden by CSS) until this script runs.
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) { window.print(); }
  });
  function showPrintButtons() {
    document.querySelectorAll("button[data-print][hidden]").forEach(function (button) {
      button.hidden = false;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.documentElement.classList.add("js");
    focusFirstError(document);
    addShowPassword(document);
    showPrintButtons();
  });
  document.addEventListener("htmx:afterSettle", function (event) { focusFirstError(event.target); });
})();
