// Guided player: timers, counters, sound and speech cues, screen wake lock.
// Everything here is an enhancement; the page works with plain forms without it.
(function () {
  "use strict";

  var REST_BETWEEN_HOLDS = 5;
  var SWITCH_SIDES = 5;
  var REST_BETWEEN_SETS = 20;

  function timeScale() {
    // Tests speed timers up by setting this in localStorage.
    var value = parseFloat(window.localStorage.getItem("neuroapp.timeScale") || "1");
    return value > 0 ? value : 1;
  }

  function pref(name, fallback) {
    var stored = window.localStorage.getItem("neuroapp." + name);
    return stored === null ? fallback : stored === "1";
  }

  function setPref(name, on) {
    window.localStorage.setItem("neuroapp." + name, on ? "1" : "0");
  }

  function formatClock(seconds) {
    var s = Math.max(0, Math.ceil(seconds));
    var m = Math.floor(s / 60);
    var rest = s % 60;
    return m + ":" + (rest < 10 ? "0" : "") + rest;
  }

  // --- Sound and speech ---
  var audioContext = null;
  function beep(times) {
    if (!pref("sound", true)) { return; }
    try {
      audioContext = audioContext || new (window.AudioContext || window.webkitAudioContext)();
      for (var i = 0; i < (times || 1); i++) {
        var start = audioContext.currentTime + i * 0.35;
        var oscillator = audioContext.createOscillator();
        var gain = audioContext.createGain();
        oscillator.frequency.value = 880;
        gain.gain.setValueAtTime(0.0001, start);
        gain.gain.exponentialRampToValueAtTime(0.4, start + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.25);
        oscillator.connect(gain).connect(audioContext.destination);
        oscillator.start(start);
        oscillator.stop(start + 0.3);
      }
    } catch (error) { /* no audio available */ }
  }

  function speak(text) {
    if (!pref("speech", false) || !("speechSynthesis" in window)) { return; }
    var utterance = new SpeechSynthesisUtterance(text);
    utterance.rate = 0.9;
    window.speechSynthesis.speak(utterance);
  }

  var announcer = null;
  function announce(text) {
    if (announcer) {
      announcer.textContent = "";
      window.setTimeout(function () { announcer.textContent = text; }, 50);
    }
  }

  // --- Timer phases from the dose ---
  function buildPhases(tools) {
    var kind = tools.dataset.kind;
    var reps = parseInt(tools.dataset.reps, 10) || 1;
    var sets = parseInt(tools.dataset.sets, 10) || 1;
    var sides = parseInt(tools.dataset.sides, 10) || 1;
    var hold = parseInt(tools.dataset.hold, 10) || 0;
    var duration = parseInt(tools.dataset.duration, 10) || 0;
    var phases = [];
    for (var set = 1; set <= sets; set++) {
      for (var side = 1; side <= sides; side++) {
        var where = (sides > 1 ? "Side " + side + " of " + sides : "") +
          (sets > 1 ? (sides > 1 ? ", " : "") + "set " + set + " of " + sets : "");
        if (kind === "hold") {
          for (var rep = 1; rep <= reps; rep++) {
            phases.push({ label: "Hold " + rep + " of " + reps + (where ? " · " + where : ""), seconds: hold, work: true });
            if (rep < reps) { phases.push({ label: "Rest", seconds: REST_BETWEEN_HOLDS, work: false }); }
          }
        } else {
          phases.push({ label: where || "Keep going", seconds: duration, work: true });
        }
        if (side < sides) { phases.push({ label: "Switch to the other side", seconds: SWITCH_SIDES, work: false }); }
      }
      if (set < sets) { phases.push({ label: "Rest before the next set", seconds: REST_BETWEEN_SETS, work: false }); }
    }
    return phases;
  }

  function setUpTimer(tools) {
    var display = tools.querySelector("[data-timer-display]");
    var phaseLabel = tools.querySelector("[data-timer-phase]");
    var startButton = tools.querySelector("[data-timer-start]");
    var pauseButton = tools.querySelector("[data-timer-pause]");
    var resetButton = tools.querySelector("[data-timer-reset]");
    if (!display) { return; }
    var phases = buildPhases(tools);
    var index = 0;
    var remaining = phases.length ? phases[0].seconds : 0;
    var ticking = null;
    var lastTick = 0;

    function render() {
      var phase = phases[index];
      display.textContent = formatClock(remaining);
      phaseLabel.textContent = phase ? phase.label : "Finished";
    }

    function finishPhase() {
      var phase = phases[index];
      index += 1;
      if (index >= phases.length) {
        stop();
        remaining = 0;
        render();
        phaseLabel.textContent = "Finished";
        beep(3);
        announce("Time is up. Well done. Press Done when you are ready.");
        speak("Time is up. Well done.");
        startButton.textContent = "Start again";
        var done = document.querySelector("[data-done]");
        if (done) { done.focus(); }
        return;
      }
      remaining = phases[index].seconds;
      beep(phase.work ? 2 : 1);
      announce(phases[index].label + ", " + phases[index].seconds + " seconds.");
      speak(phases[index].label);
      render();
    }

    function tick() {
      var now = Date.now();
      remaining -= ((now - lastTick) / 1000) / timeScale();
      lastTick = now;
      if (remaining <= 0) { finishPhase(); } else { render(); }
    }

    function start() {
      if (index >= phases.length) { reset(); }
      lastTick = Date.now();
      ticking = window.setInterval(tick, 100);
      startButton.disabled = true;
      pauseButton.disabled = false;
      announce(phases[index].label + ", " + Math.ceil(remaining) + " seconds. Timer started.");
      speak(phases[index].label);
    }

    function stop() {
      if (ticking) { window.clearInterval(ticking); ticking = null; }
      startButton.disabled = false;
      pauseButton.disabled = true;
    }

    function reset() {
      stop();
      index = 0;
      remaining = phases.length ? phases[0].seconds : 0;
      startButton.textContent = "Start timer";
      render();
    }

    startButton.addEventListener("click", start);
    pauseButton.addEventListener("click", function () {
      stop();
      startButton.textContent = "Resume";
      announce("Paused.");
    });
    resetButton.addEventListener("click", function () { reset(); announce("Timer reset."); });
    render();
  }

  function setUpCounter(tools) {
    var output = tools.querySelector("[data-rep-count]");
    if (!output) { return; }
    var target = parseInt(tools.dataset.reps, 10) || 0;
    var sides = parseInt(tools.dataset.sides, 10) || 1;
    var sets = parseInt(tools.dataset.sets, 10) || 1;
    var sideLabel = tools.querySelector("[data-side-label]");
    var setLabel = tools.querySelector("[data-set-label]");
    var nextRound = tools.querySelector("[data-next-round]");
    var count = 0;
    var round = 0; // counts sides within sets
    var rounds = sides * sets;

    function render() {
      output.textContent = String(count);
      if (sideLabel) { sideLabel.textContent = "(side " + ((round % sides) + 1) + " of " + sides + ")"; }
      if (setLabel) { setLabel.textContent = "set " + (Math.floor(round / sides) + 1) + " of " + sets; }
      if (nextRound) { nextRound.disabled = round + 1 >= rounds; }
    }

    tools.querySelector("[data-rep-add]").addEventListener("click", function () {
      count += 1;
      render();
      if (count === target) {
        beep(2);
        if (round + 1 < rounds) {
          announce(target + " done. " + (sides > 1 ? "Switch to the other side." : "Rest, then the next set."));
          speak(sides > 1 ? "Switch sides" : "Next set");
        } else {
          announce(target + " done. Well done. Press Done when you are ready.");
          speak("Well done");
        }
      }
    });
    tools.querySelector("[data-rep-undo]").addEventListener("click", function () {
      count = Math.max(0, count - 1);
      render();
    });
    if (nextRound) {
      nextRound.addEventListener("click", function () {
        if (round + 1 < rounds) { round += 1; count = 0; render(); announce("Now " + (sideLabel ? sideLabel.textContent : "") + " " + (setLabel ? setLabel.textContent : "")); }
      });
    }
    render();
  }

  function setUpOptions(root) {
    var sound = root.querySelector("[data-sound-toggle]");
    var speech = root.querySelector("[data-speech-toggle]");
    if (sound) {
      sound.checked = pref("sound", true);
      sound.addEventListener("change", function () { setPref("sound", sound.checked); });
    }
    if (speech) {
      if (!("speechSynthesis" in window)) { speech.closest("label").hidden = true; }
      speech.checked = pref("speech", false);
      speech.addEventListener("change", function () {
        setPref("speech", speech.checked);
        if (speech.checked) { speakInstructions(root); } else if (window.speechSynthesis) { window.speechSynthesis.cancel(); }
      });
    }
  }

  function speakInstructions(root) {
    var parts = [];
    ["[data-speak-title]", "[data-speak-dose]"].forEach(function (selector) {
      var node = root.querySelector(selector);
      if (node) { parts.push(node.textContent.trim()); }
    });
    root.querySelectorAll("[data-speak-steps] li").forEach(function (li) { parts.push(li.textContent.trim()); });
    if (parts.length) { speak(parts.join(". ")); }
  }

  // --- Screen wake lock, so the phone does not sleep mid-exercise ---
  var wakeLock = null;
  function keepAwake() {
    if (!("wakeLock" in navigator) || document.visibilityState !== "visible") { return; }
    navigator.wakeLock.request("screen").then(function (lock) { wakeLock = lock; }).catch(function () {});
  }

  document.addEventListener("DOMContentLoaded", function () {
    var root = document.querySelector("[data-player]");
    if (!root) { return; }
    announcer = root.querySelector("[data-announcer]");
    root.querySelectorAll(".js-only").forEach(function (node) { node.hidden = false; });
    root.querySelectorAll(".js-fallback").forEach(function (node) { node.hidden = true; });
    var heading = root.querySelector("[data-autofocus]");
    if (heading) { heading.focus(); }
    var tools = root.querySelector("[data-tools]");
    if (tools) {
      setUpTimer(tools);
      setUpCounter(tools);
      setUpOptions(root);
      if (pref("speech", false)) { speakInstructions(root); }
    }
    keepAwake();
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible" && (wakeLock === null || wakeLock.released)) { keepAwake(); }
    });
  });
})();
