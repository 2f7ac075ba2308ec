// 0-10 symptom scales (progressive enhancement). On a wide screen the scale is a line of
// eleven buttons; on a phone there is no room for eleven 48 px buttons, so each scale
// gets a slider with large steps and words at both ends. The radio buttons stay the
// source of truth (they are what the form sends); the slider only sets them.
(function () {
  "use strict";

  function checkedRadio(radios) {
    for (var i = 0; i < radios.length; i++) { if (radios[i].checked) { return radios[i]; } }
    return null;
  }

  function enhance(fieldset) {
    if (fieldset.dataset.sliderReady) { return; }
    fieldset.dataset.sliderReady = "yes";
    var radios = fieldset.querySelectorAll('input[type="radio"]');
    if (!radios.length) { return; }
    var none = radios[0];
    var legend = fieldset.querySelector("legend");
    var ends = fieldset.querySelectorAll(".rating-ends span");

    var wrap = document.createElement("div");
    wrap.className = "rating-slider";
    var shown = document.createElement("p");
    shown.className = "rating-slider-value";
    shown.setAttribute("aria-hidden", "true");
    var range = document.createElement("input");
    range.type = "range";
    range.min = "0";
    range.max = "10";
    range.step = "1";
    range.className = "rating-range";
    if (legend && legend.id) { range.setAttribute("aria-labelledby", legend.id); }
    var help = fieldset.querySelector(".field-help");
    if (help && help.id) { range.setAttribute("aria-describedby", help.id); }
    var ticks = document.createElement("div");
    ticks.className = "rating-ticks";
    ticks.setAttribute("aria-hidden", "true");
    for (var n = 0; n <= 10; n++) {
      var tick = document.createElement("span");
      tick.textContent = String(n);
      ticks.appendChild(tick);
    }
    var clear = document.createElement("button");
    clear.type = "button";
    clear.className = "button-secondary rating-clear";
    clear.textContent = "Not rated";
    wrap.appendChild(shown);
    wrap.appendChild(range);
    wrap.appendChild(ticks);
    var endRow = document.createElement("div");
    endRow.className = "rating-slider-ends";
    endRow.setAttribute("aria-hidden", "true");
    ends.forEach(function (end) { var copy = document.createElement("span"); copy.textContent = end.textContent; endRow.appendChild(copy); });
    wrap.appendChild(endRow);
    wrap.appendChild(clear);
    fieldset.querySelector("[data-rating-scale]").insertAdjacentElement("afterend", wrap);

    function render() {
      var current = checkedRadio(radios);
      var rated = current && current.value !== "";
      wrap.classList.toggle("is-unrated", !rated);
      if (rated) {
        range.value = current.value;
        range.setAttribute("aria-valuetext", current.value + " out of 10");
        shown.textContent = current.value;
      } else {
        range.value = "0";
        range.setAttribute("aria-valuetext", "Not rated");
        shown.textContent = "Not rated: tap the line";
      }
      clear.disabled = !rated;
    }

    function choose(value) {
      var radio = fieldset.querySelector('input[type="radio"][value="' + value + '"]');
      if (radio) {
        radio.checked = true;
        radio.dispatchEvent(new Event("change", { bubbles: true }));
      }
      render();
    }

    range.addEventListener("input", function () { choose(range.value); });
    // A tap on the value the slider already shows changes nothing, so "input" does not
    // fire; the click still means "this one".
    range.addEventListener("click", function () { choose(range.value); });
    clear.addEventListener("click", function () { none.checked = true; render(); range.focus(); });
    radios.forEach(function (radio) { radio.addEventListener("change", render); });
    render();
  }

  function enhanceAll(root) {
    (root || document).querySelectorAll("fieldset[data-rating]").forEach(enhance);
  }

  if (window.htmx) {
    window.htmx.onLoad(enhanceAll);
  } else {
    document.addEventListener("DOMContentLoaded", function () { enhanceAll(document); });
  }
})();
