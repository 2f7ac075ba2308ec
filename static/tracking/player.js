// Guided player: the coach (spoken, paced counting that moves on by itself), the manual
// timer and counter, beeps, and the screen wake lock. Everything here is an enhancement:
// without JavaScript every step is a plain form with Done, Skip, Back and Stop.
//
// htmx swaps the player in place from one stage to the next, so this file runs once per
// visit and `mount` runs for every swapped-in stage. The coach keeps going across
// swaps: a browser lets a page speak once the person has tapped on it, and a swap keeps
// the page.
(function () {
  "use strict";

  var GET_READY = 5;
  var REST_BETWEEN_HOLDS = 5;
  var SWITCH_SIDES = 5;
  var SWITCH_WAYS = 2;
  var REST_BETWEEN_SETS = 20;
  var REST_BETWEEN_STEPS = 10;

  // --- Settings kept in this browser ---
  function timeScale() {
    // Tests speed timers up by setting this in localStorage (0.02 = fifty times faster).
    var value = parseFloat(window.localStorage.getItem("neuroapp.timeScale") || "1");
    return value > 0 ? value : 1;
  }
  function pref(name, fallback) {
    var stored = window.localStorage.getItem("neuroapp." + name);
    return stored === null ? fallback : stored === "1";
  }
  function setPref(name, on) { window.localStorage.setItem("neuroapp." + name, on ? "1" : "0"); }

  function reducedMotion() {
    return window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  }

  function formatClock(seconds) {
    var s = Math.max(0, Math.ceil(seconds));
    var m = Math.floor(s / 60);
    var rest = s % 60;
    return m + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function spokenDuration(seconds) {
    if (seconds >= 60 && seconds % 60 === 0) {
      var minutes = seconds / 60;
      return minutes + (minutes === 1 ? " minute" : " minutes");
    }
    return seconds + " seconds";
  }

  // --- Sound: Web Audio beeps, no audio files ---
  var audioContext = null;
  function unlockAudio() {
    try {
      audioContext = audioContext || new (window.AudioContext || window.webkitAudioContext)();
      if (audioContext.state === "suspended") { audioContext.resume(); }
    } catch (error) { audioContext = null; }
  }
  function beep(times, pitch) {
    if (!pref("sound", true)) { return; }
    try {
      unlockAudio();
      if (!audioContext) { return; }
      for (var i = 0; i < (times || 1); i++) {
        var start = audioContext.currentTime + i * 0.3;
        var oscillator = audioContext.createOscillator();
        var gain = audioContext.createGain();
        oscillator.frequency.value = pitch || 880;
        gain.gain.setValueAtTime(0.0001, start);
        gain.gain.exponentialRampToValueAtTime(0.4, start + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.22);
        oscillator.connect(gain).connect(audioContext.destination);
        oscillator.start(start);
        oscillator.stop(start + 0.25);
      }
    } catch (error) { /* no audio available */ }
  }

  // --- One voice: speech when it works, else the screen reader's live region ---
  // A screen-reader user hears each announcement once: spoken by the coach, or read
  // from the live region, never both.
  var speechBroken = false;
  function canSpeak() {
    return !speechBroken && !!window.speechSynthesis && typeof window.speechSynthesis.speak === "function" &&
      typeof window.SpeechSynthesisUtterance === "function";
  }

  var announcer = null;
  function announce(text) {
    if (!announcer) { return; }
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = text; }, 30);
  }

  // say(text, {interrupt, onDone}): speaks (or announces) and calls onDone when it is over.
  function say(text, options) {
    options = options || {};
    var done = options.onDone || function () {};
    if (!text) { done(); return; }
    if (!canSpeak()) {
      announce(text);
      // Time to read it on screen.
      window.setTimeout(done, Math.min(6000, 600 + text.split(" ").length * 250) * timeScale());
      return;
    }
    var synth = window.speechSynthesis;
    if (options.interrupt && (synth.speaking || synth.pending)) { synth.cancel(); }
    var utterance = new window.SpeechSynthesisUtterance(text);
    utterance.rate = 0.95;
    utterance.lang = document.documentElement.lang || "en-GB";
    var finished = false;
    function finish() { if (!finished) { finished = true; done(); } }
    utterance.onend = finish;
    utterance.onerror = function (event) {
      if (event && (event.error === "not-allowed" || event.error === "synthesis-unavailable")) {
        speechBroken = true;
        noSpeechNotice();
        announce(text);
      }
      finish();
    };
    // Never wait for ever on a voice that does not report its end.
    window.setTimeout(finish, (2000 + text.split(" ").length * 700) * Math.max(timeScale(), 0.05));
    synth.speak(utterance);
  }

  function stopSpeaking() {
    if ("speechSynthesis" in window && window.speechSynthesis.cancel) { window.speechSynthesis.cancel(); }
  }

  // Said once per session: this browser cannot speak.
  function noSpeechNotice() {
    var root = document.querySelector("[data-player]");
    if (!root) { return; }
    var key = "neuroapp.noSpeechTold." + root.dataset.session;
    if (window.sessionStorage.getItem(key)) { return; }
    window.sessionStorage.setItem(key, "1");
    var panel = root.querySelector("[data-coach-panel]");
    var note = document.createElement("p");
    note.className = "notice coach-no-speech";
    note.textContent = "This browser cannot speak, so the coach will beep and show each count here instead.";
    if (panel) { panel.insertAdjacentElement("afterbegin", note); }
    announce(note.textContent);
  }

  // --- The phases of a step, from its dose ---
  function readDose(tools) {
    var d = tools.dataset;
    return {
      kind: d.kind,
      reps: parseInt(d.reps, 10) || 0,
      sets: parseInt(d.sets, 10) || 1,
      sides: parseInt(d.sides, 10) || 1,
      ways: parseInt(d.ways, 10) || 1,
      hold: parseInt(d.hold, 10) || 0,
      duration: parseInt(d.duration, 10) || 0,
      tempo: parseInt(d.tempo, 10) || 4,
      cueOut: d.cueOut || "and move",
      cueBack: d.cueBack || "and back",
      nextName: d.nextName || ""
    };
  }

  function where(dose, side, set) {
    var parts = [];
    if (dose.sides > 1) { parts.push(side === 1 ? "first side" : "other side"); }
    if (dose.sets > 1) { parts.push("set " + set + " of " + dose.sets); }
    return parts.join(", ");
  }

  // The coach's script: a list of phases, each shown, said and timed.
  //   label: big words on screen; say: spoken at its start; seconds: how long;
  //   count: the counter shown; countdown: speak 3, 2, 1 at the end.
  function coachScript(dose, introText) {
    var phases = [{ label: "Listen", say: introText, waitForVoice: true, seconds: 1 }];
    for (var set = 1; set <= dose.sets; set++) {
      for (var side = 1; side <= dose.sides; side++) {
        var place = where(dose, side, set);
        var first = set === 1 && side === 1;
        if (first) {
          phases.push({ label: "Get ready", say: "Get ready" + (place ? ", " + place : "") + ".", seconds: GET_READY, countdown: true, place: place });
        }
        if (dose.kind === "reps") {
          for (var way = 1; way <= dose.ways; way++) {
            var wayPlace = dose.ways > 1 ? (place ? place + ", " : "") + (way === 1 ? "one way" : "the other way") : place;
            if (way > 1) {
              phases.push({ label: "The other way", say: "Now the same the other way.", seconds: SWITCH_WAYS, place: wayPlace });
            }
            for (var rep = 1; rep <= dose.reps; rep++) {
              phases.push({ label: dose.cueOut, say: dose.cueOut, seconds: dose.tempo / 2, count: (rep - 1) + " of " + dose.reps, place: wayPlace, interrupt: true });
              phases.push({ label: dose.cueBack, say: dose.cueBack + ", " + rep + " of " + dose.reps, seconds: dose.tempo / 2, count: rep + " of " + dose.reps, place: wayPlace, interrupt: true });
            }
          }
        } else if (dose.kind === "hold") {
          var holds = Math.max(dose.reps, 1);
          for (var hold = 1; hold <= holds; hold++) {
            phases.push({ label: "Hold", say: "Hold" + (holds > 1 ? ", " + hold + " of " + holds : "") + ", for " + spokenDuration(dose.hold) + ".", seconds: dose.hold, count: "Hold " + hold + " of " + holds, place: place, clock: true, countdown: true });
            if (hold < holds) { phases.push({ label: "Relax", say: "And relax.", seconds: REST_BETWEEN_HOLDS, place: place, clock: true, countdown: true }); }
          }
        } else {
          phases.push({ label: "Keep going", say: "Go. " + spokenDuration(dose.duration) + ".", seconds: dose.duration, place: place, clock: true, countdown: true, milestones: true });
        }
        if (side < dose.sides) {
          phases.push({ label: "Switch sides", say: "Well done. Now the other side. Get ready.", seconds: SWITCH_SIDES, clock: true, countdown: true });
        }
      }
      if (set < dose.sets) {
        phases.push({ label: "Rest", say: "Rest. The next set starts in " + REST_BETWEEN_SETS + " seconds.", seconds: REST_BETWEEN_SETS, clock: true, countdown: true });
      }
    }
    var next = dose.nextName
      ? "Well done. Rest for " + REST_BETWEEN_STEPS + " seconds. Next: " + dose.nextName + "."
      : "Well done. That was the last exercise. Now a quick check-in.";
    phases.push({ label: dose.nextName ? "Rest. Next: " + dose.nextName : "All done: check-in next", say: next, seconds: REST_BETWEEN_STEPS, clock: true, countdown: true, advance: true });
    return phases;
  }

  // The manual timer's phases (coach off).
  function timerPhases(dose) {
    var phases = [];
    for (var set = 1; set <= dose.sets; set++) {
      for (var side = 1; side <= dose.sides; side++) {
        var place = where(dose, side, set);
        if (dose.kind === "hold") {
          var holds = Math.max(dose.reps, 1);
          for (var rep = 1; rep <= holds; rep++) {
            phases.push({ label: "Hold " + rep + " of " + holds + (place ? " · " + place : ""), seconds: dose.hold, work: true });
            if (rep < holds) { phases.push({ label: "Rest", seconds: REST_BETWEEN_HOLDS, work: false }); }
          }
        } else {
          phases.push({ label: place || "Keep going", seconds: dose.duration, work: true });
        }
        if (side < dose.sides) { phases.push({ label: "Switch to the other side", seconds: SWITCH_SIDES, work: false }); }
      }
      if (set < dose.sets) { phases.push({ label: "Rest before the next set", seconds: REST_BETWEEN_SETS, work: false }); }
    }
    return phases;
  }

  // --- A clock that can pause, shared by the coach and the manual timer ---
  function Clock(onTick, onEnd) {
    var remaining = 0, timer = null, last = 0;
    function tick() {
      var now = Date.now();
      remaining -= ((now - last) / 1000) / timeScale();
      last = now;
      if (remaining <= 0) { stop(); onEnd(); } else { onTick(remaining); }
    }
    function stop() { if (timer) { window.clearInterval(timer); timer = null; } }
    return {
      run: function (seconds) { stop(); remaining = seconds; last = Date.now(); onTick(remaining); timer = window.setInterval(tick, 50); },
      pause: function () { stop(); },
      resume: function () { if (!timer && remaining > 0) { last = Date.now(); timer = window.setInterval(tick, 50); } },
      running: function () { return timer !== null; },
      remaining: function () { return remaining; },
      stop: stop
    };
  }

  // --- The coach ---
  // Set once the person has started the coach in this page; later steps start by themselves.
  var coachStarted = false;

  function Coach(root, tools) {
    var dose = readDose(tools);
    var panel = root.querySelector("[data-coach-panel]");
    var cue = panel.querySelector("[data-coach-cue]");
    var countLine = panel.querySelector("[data-coach-count]");
    var intro = panel.querySelector("[data-coach-intro]");
    var primary = panel.querySelector("[data-coach-primary]");
    var nextNow = panel.querySelector("[data-coach-next]");
    var decline = panel.querySelector("[data-coach-decline]");
    var done = root.querySelector("[data-done]");
    var phases = coachScript(dose, introText(root));
    var index = -1;
    var paused = false;
    var waiting = false; // waiting for the voice to finish the phase's words
    var spokenAt = {};
    var disposed = false;

    var clock = Clock(function (remaining) {
      var phase = phases[index];
      if (phase.clock) { countLine.textContent = (phase.count ? phase.count + " · " : "") + formatClock(remaining); }
      var whole = Math.ceil(remaining);
      if (phase.countdown && whole <= 3 && whole >= 1 && !spokenAt[index + ":" + whole]) {
        spokenAt[index + ":" + whole] = true;
        if (phase.seconds > 3) { beep(1, 660); say(String(whole), { interrupt: true }); }
      }
      if (phase.milestones) {
        [60, 30, 10].forEach(function (mark) {
          // Within 3 s of the mark, once: a busy phone may skip the tick on the mark itself.
          var near = whole <= mark && whole > mark - 3;
          if (phase.seconds > mark * 1.5 && near && !spokenAt[index + ":m" + mark]) {
            spokenAt[index + ":m" + mark] = true;
            say(mark === 60 ? "One minute left." : mark + " seconds left.", { interrupt: true });
          }
        });
      }
    }, function () { nextPhase(); });

    function show(phase) {
      cue.textContent = phase.label;
      countLine.textContent = [phase.count, phase.place].filter(Boolean).join(" · ");
    }

    function nextPhase() {
      if (disposed) { return; }
      // The end of the last phase: on to the next step, as if Done were pressed.
      if (index === phases.length - 1) { advance(); return; }
      index += 1;
      if (index >= phases.length) { return; }
      var phase = phases[index];
      show(phase);
      if (phase.advance) { nextNow.hidden = false; nextNow.textContent = dose.nextName ? "Go to " + dose.nextName + " now" : "Go to the check-in now"; }
      if (index > 0 && !phase.interrupt) { beep(phase.label === "Get ready" ? 1 : 2); }
      if (phase.waitForVoice) {
        waiting = true;
        say(phase.say, { onDone: function () { waiting = false; if (!paused && !disposed) { clock.run(phase.seconds); } } });
      } else {
        say(phase.say, { interrupt: phase.interrupt });
        clock.run(phase.seconds);
      }
    }

    function advance() {
      if (disposed) { return; }
      clock.stop();
      disposed = true;
      if (done) { done.click(); }
    }

    function start() {
      coachStarted = true;
      if (root.dataset.coach === "unset") { root.dataset.coach = "on"; saveCoachMode(root, true); }
      if (decline) { decline.hidden = true; }
      unlockAudio();
      primary.textContent = "Pause";
      primary.setAttribute("aria-pressed", "false");
      intro.hidden = true;
      paused = false;
      nextPhase();
    }

    function pause() {
      paused = true;
      clock.pause();
      stopSpeaking();
      primary.textContent = "Resume";
      cue.textContent = "Paused";
      announce("Paused. Press Resume to carry on.");
    }

    function resume() {
      paused = false;
      primary.textContent = "Pause";
      show(phases[index]);
      if (waiting) { waiting = false; clock.run(phases[index].seconds); } else { clock.resume(); }
      if (!clock.running()) { clock.run(phases[index].seconds); }
    }

    primary.addEventListener("click", function () {
      if (index < 0) { start(); } else if (paused) { resume(); } else { pause(); }
    });
    nextNow.addEventListener("click", advance);
    if (decline) {
      decline.hidden = root.dataset.coach !== "unset" || coachStarted;
      decline.addEventListener("click", function () { setCoach(root, false); });
    }
    // "Painful" stops the coach: pain is a signal to stop, not to be counted through.
    root.querySelectorAll('input[name="feedback"]').forEach(function (radio) {
      radio.addEventListener("change", function () {
        if (radio.checked && radio.value === "painful" && index >= 0 && !paused) {
          pause();
          say("Stop if it hurts. Press Done to tell us, and we will help you stop safely.", { interrupt: true });
        }
      });
    });

    panel.hidden = false;
    if (coachStarted) { start(); } else { primary.textContent = "Start with the coach"; }

    return {
      dispose: function () { disposed = true; clock.stop(); },
      running: function () { return index >= 0 && !paused; }
    };
  }

  function introText(root) {
    var parts = [];
    root.querySelectorAll("[data-speak]").forEach(function (node) {
      var text = node.textContent.replace(/\s+/g, " ").trim();
      if (!text) { return; }
      if (node.dataset.speak === "safety-note" && root.querySelector('[data-speak="safety"]') &&
          root.querySelector('[data-speak="safety"]').textContent.indexOf(text) !== -1) { return; }
      parts.push(text.replace(/·.*$/, "").trim());
    });
    return parts.join(". ").replace(/\.\s*\./g, ".");
  }

  // --- Manual timer and counter (coach off) ---
  function Manual(root, tools) {
    var dose = readDose(tools);
    var panel = root.querySelector("[data-manual-panel]");
    var extras = root.querySelector("[data-manual-extras]");
    panel.hidden = false;
    if (extras) { extras.hidden = false; }
    var cleanups = [];
    var display = panel.querySelector("[data-timer-display]");
    if (display) { cleanups.push(manualTimer(root, panel, dose)); }
    if (panel.querySelector("[data-rep-count]")) { manualCounter(root, panel, dose); }
    var sound = root.querySelector("[data-sound-toggle]");
    if (sound) {
      sound.checked = pref("sound", true);
      sound.addEventListener("change", function () { setPref("sound", sound.checked); });
    }
    return { dispose: function () { cleanups.forEach(function (fn) { fn(); }); } };
  }

  function manualTimer(root, panel, dose) {
    var display = panel.querySelector("[data-timer-display]");
    var phaseLabel = panel.querySelector("[data-timer-phase]");
    var startButton = panel.querySelector("[data-timer-start]");
    var pauseButton = panel.querySelector("[data-timer-pause]");
    var resetButton = root.querySelector("[data-timer-reset]");
    var phases = timerPhases(dose);
    var index = 0;
    var clock = Clock(function (remaining) { display.textContent = formatClock(remaining); }, finishPhase);

    function render(remaining) {
      display.textContent = formatClock(remaining);
      phaseLabel.textContent = phases[index] ? phases[index].label : "Finished";
    }
    function finishPhase() {
      var phase = phases[index];
      index += 1;
      if (index >= phases.length) {
        startButton.disabled = false;
        pauseButton.disabled = true;
        render(0);
        phaseLabel.textContent = "Finished";
        beep(3);
        announce("Time is up. Well done. Press Done when you are ready.");
        startButton.textContent = "Start again";
        var done = root.querySelector("[data-done]");
        if (done) { done.focus(); }
        return;
      }
      beep(phase.work ? 2 : 1);
      announce(phases[index].label + ", " + phases[index].seconds + " seconds.");
      render(phases[index].seconds);
      clock.run(phases[index].seconds);
    }
    startButton.addEventListener("click", function () {
      if (index >= phases.length) { index = 0; }
      unlockAudio();
      if (clock.remaining() > 0 && !clock.running() && startButton.textContent === "Resume") { clock.resume(); } else { clock.run(phases[index].seconds); }
      phaseLabel.textContent = phases[index].label;
      startButton.disabled = true;
      pauseButton.disabled = false;
      announce(phases[index].label + ", " + Math.ceil(clock.remaining()) + " seconds. Timer started.");
    });
    pauseButton.addEventListener("click", function () {
      clock.pause();
      startButton.disabled = false;
      pauseButton.disabled = true;
      startButton.textContent = "Resume";
      announce("Paused.");
    });
    if (resetButton) {
      resetButton.addEventListener("click", function () {
        clock.stop();
        index = 0;
        startButton.disabled = false;
        pauseButton.disabled = true;
        startButton.textContent = "Start timer";
        render(phases.length ? phases[0].seconds : 0);
        announce("Timer restarted.");
      });
    }
    render(phases.length ? phases[0].seconds : 0);
    return function () { clock.stop(); };
  }

  function manualCounter(root, panel, dose) {
    var output = panel.querySelector("[data-rep-count]");
    var sideLabel = panel.querySelector("[data-side-label]");
    var wayLabel = panel.querySelector("[data-way-label]");
    var setLabel = panel.querySelector("[data-set-label]");
    var nextRound = panel.querySelector("[data-next-round]");
    var undo = root.querySelector("[data-rep-undo]");
    // A round is one way, on one side, in one set: ways inside sides inside sets.
    var count = 0, round = 0, rounds = dose.ways * dose.sides * dose.sets;

    function render() {
      var way = round % dose.ways, side = Math.floor(round / dose.ways) % dose.sides;
      output.textContent = String(count);
      if (wayLabel) { wayLabel.textContent = way === 0 ? "one way" : "the other way"; }
      if (sideLabel) { sideLabel.textContent = "(side " + (side + 1) + " of " + dose.sides + ")"; }
      if (setLabel) { setLabel.textContent = "set " + (Math.floor(round / (dose.ways * dose.sides)) + 1) + " of " + dose.sets; }
      if (nextRound) {
        var after = round + 1, afterSide = Math.floor(after / dose.ways) % dose.sides;
        nextRound.disabled = after >= rounds;
        nextRound.textContent = after % dose.ways === 1 ? "Next: the other way"
          : dose.sides > 1 && afterSide !== side ? "Next: other side" : "Next set";
      }
    }
    panel.querySelector("[data-rep-add]").addEventListener("click", function () {
      count += 1;
      render();
      if (count === dose.reps) {
        beep(2);
        if (round + 1 < rounds) {
          var nextWay = dose.ways > 1 && round % dose.ways === 0;
          announce(dose.reps + " done. " + (nextWay ? "Now the same the other way." : dose.sides > 1 && Math.floor(round / dose.ways) % dose.sides === 0 ? "Switch to the other side." : "Rest, then the next set."));
        } else {
          announce(dose.reps + " done. Well done. Press Done when you are ready.");
        }
      }
    });
    if (undo) { undo.addEventListener("click", function () { count = Math.max(0, count - 1); render(); announce("Count " + count + "."); }); }
    if (nextRound) {
      nextRound.addEventListener("click", function () {
        if (round + 1 < rounds) { round += 1; count = 0; render(); announce("Now " + (sideLabel ? sideLabel.textContent : "") + " " + (setLabel ? setLabel.textContent : "")); }
      });
    }
    render();
  }

  // --- The coach switch, saved in the profile ---
  function csrfToken(root) {
    var input = root.querySelector('input[name="csrfmiddlewaretoken"]');
    return input ? input.value : "";
  }

  function saveCoachMode(root, on) {
    var body = new URLSearchParams();
    body.set("coach", on ? "on" : "off");
    return window.fetch(root.dataset.coachUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(root), "HX-Request": "true", "Content-Type": "application/x-www-form-urlencoded" },
      body: body.toString()
    }).catch(function () { /* kept for this page only */ });
  }

  // --- Mounting a stage ---
  var current = null;
  var wakeLock = null;

  function keepAwake() {
    if (!("wakeLock" in navigator) || document.visibilityState !== "visible") { return; }
    navigator.wakeLock.request("screen").then(function (lock) { wakeLock = lock; }).catch(function () {});
  }

  function coachOn(root) { return root.dataset.coach !== "off"; }

  function mountTools(root) {
    var tools = root.querySelector("[data-tools]");
    if (current) { current.dispose(); current = null; }
    if (!tools) { return; }
    root.querySelector("[data-coach-panel]").hidden = true;
    root.querySelector("[data-manual-panel]").hidden = true;
    var extras = root.querySelector("[data-manual-extras]");
    if (extras) { extras.hidden = true; }
    current = coachOn(root) ? Coach(root, tools) : Manual(root, tools);
    if (coachOn(root) && !canSpeak()) { noSpeechNotice(); }
  }

  function setUpSwitch(root) {
    var button = root.querySelector("[data-coach-switch]");
    if (!button) { return; }
    function render() {
      var on = coachOn(root);
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.textContent = on ? "Coach: on" : "Coach: off";
    }
    button.hidden = false;
    button.addEventListener("click", function () { setCoach(root, !coachOn(root)); });
    button.renderCoach = render;
    render();
  }

  function setCoach(root, on) {
    root.dataset.coach = on ? "on" : "off";
    if (!on) { stopSpeaking(); coachStarted = false; }
    saveCoachMode(root, on);
    var button = root.querySelector("[data-coach-switch]");
    if (button && button.renderCoach) { button.renderCoach(); }
    mountTools(root);
    announce(on ? "Coach on. Press Start with the coach when you are ready." : "Coach off. Use the timer and counter yourself.");
  }

  function mount(root) {
    if (root.dataset.mounted) { return; }
    root.dataset.mounted = "yes";
    announcer = root.querySelector("[data-announcer]");
    root.querySelectorAll(".js-only").forEach(function (node) { node.hidden = false; });
    root.querySelectorAll(".js-fallback").forEach(function (node) { node.hidden = true; });
    var heading = root.querySelector("[data-autofocus]");
    if (heading) { heading.focus({ preventScroll: true }); }
    window.scrollTo({ top: 0, behavior: reducedMotion() ? "auto" : "smooth" });
    setUpSwitch(root);
    mountTools(root);
    // Starting the session is the tap that lets the coach speak on the first step.
    var save = root.querySelector("[data-check-in-save]");
    if (save && root.dataset.stage === "before" && coachOn(root)) {
      root.querySelectorAll("form").forEach(function (form) {
        form.addEventListener("submit", function () {
          unlockAudio();
          coachStarted = true;
          if (root.dataset.coach === "unset") { saveCoachMode(root, true); }
        });
      });
    }
    if (root.dataset.stage !== "steps") { coachStarted = coachStarted && root.dataset.stage === "before"; }
    keepAwake();
  }

  function mountAll(elt) {
    var root = elt && elt.matches && elt.matches("[data-player]") ? elt : (elt || document).querySelector("[data-player]");
    if (root) { mount(root); }
  }

  if (window.htmx) { window.htmx.onLoad(mountAll); } else { document.addEventListener("DOMContentLoaded", function () { mountAll(document); }); }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && (wakeLock === null || wakeLock.released)) { keepAwake(); }
  });
  // Before htmx swaps a stage out, stop its clocks and voice.
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.target && event.target.matches && event.target.matches("[data-player]") && current) {
      current.dispose();
      current = null;
    }
  });
})();
