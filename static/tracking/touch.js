// The touch test, one touch at a time (progressive enhancement). Without JS every touch
// is on the page at once; with it, the helper sees only the current touch, and marking
// the spot the person named moves on to the next, so one free hand is enough. The radio
// buttons stay what the form sends.
(function () {
  "use strict";

  function start(form) {
    var feet = form.querySelector('select[name="feet"]');
    var all = Array.prototype.slice.call(form.querySelectorAll("fieldset.foot-map"));
    var sections = form.querySelectorAll(".touch-foot");
    var submit = form.querySelector('button[type="submit"]');
    var status = document.createElement("p");
    status.className = "touch-status";
    status.setAttribute("aria-live", "polite");
    var back = document.createElement("button");
    back.type = "button";
    back.className = "button-secondary";
    back.textContent = "Back to the last touch";
    var controls = document.createElement("div");
    controls.className = "button-row";
    controls.appendChild(back);
    form.insertBefore(status, sections[0]);
    form.insertBefore(controls, submit.parentNode);
    var current = 0;

    function tested() {
      var choice = feet ? feet.value : "both";
      return all.filter(function (fieldset) {
        var foot = fieldset.querySelector("input").name.split("_")[0];
        return choice === "both" || choice === foot;
      });
    }

    function answered(fieldset) {
      return !!fieldset.querySelector("input:checked");
    }

    var moved = false;

    function show() {
      var list = tested();
      if (current > list.length) { current = list.length; }
      all.forEach(function (fieldset) { fieldset.hidden = true; });
      if (current < list.length) {
        list[current].hidden = false;
        Array.prototype.forEach.call(sections, function (section) {
          section.hidden = section !== list[current].closest(".touch-foot");
        });
        status.textContent = "Touch " + (current + 1) + " of " + list.length + ".";
        submit.hidden = true;
        if (moved) { status.scrollIntoView({ block: "start" }); }
      } else {
        Array.prototype.forEach.call(sections, function (section) { section.hidden = true; });
        var missing = list.filter(function (f) { return !answered(f); }).length;
        status.textContent = missing
          ? missing + " touch" + (missing === 1 ? " has" : "es have") + " no answer yet: go back to mark them."
          : "All " + list.length + " touches marked. Save the score to see it.";
        submit.hidden = false;
      }
      back.hidden = current === 0;
    }

    all.forEach(function (fieldset) {
      fieldset.addEventListener("change", function () {
        var list = tested();
        var index = list.indexOf(fieldset);
        if (index === current) {
          window.setTimeout(function () { current = index + 1; moved = true; show(); }, 350);
        }
      });
    });
    back.addEventListener("click", function () { current = Math.max(0, current - 1); show(); });
    if (feet) { feet.addEventListener("change", function () { current = 0; show(); }); }
    // A refused form comes back with the first touch that has no answer.
    var list = tested();
    var firstMissing = list.findIndex(function (f) { return !answered(f); });
    current = firstMissing === -1 ? list.length : firstMissing;
    show();
  }

  document.querySelectorAll("form.touch-form").forEach(start);
})();
