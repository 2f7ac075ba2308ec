// Entries made without a connection: kept on this device (IndexedDB), shown as "waiting to
// send", and sent when the connection returns. Each form marked data-offline-queue carries
// an idempotency key, so an entry sent twice (two tabs, a retry) is saved once.
// Also registers the service worker (static/sw.js, served at /sw.js).
(function () {
  "use strict";

  var DB_NAME = "neuroapp-offline";
  var STORE = "outbox";

  if ("serviceWorker" in navigator) {
    window.addEventListener("load", function () {
      if (document.documentElement.dataset.serviceWorker === "off") {
        navigator.serviceWorker.getRegistrations().then(function (all) {
          all.forEach(function (registration) { registration.unregister(); });
        });
        return;
      }
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
    });
  }

  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () { request.result.createObjectStore(STORE, { keyPath: "key" }); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function withStore(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result = work(tx.objectStore(STORE));
        tx.oncomplete = function () { db.close(); resolve(result && "result" in result ? result.result : result); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function allEntries() { return withStore("readonly", function (store) { return store.getAll(); }); }
  function putEntry(entry) { return withStore("readwrite", function (store) { store.put(entry); }); }
  function deleteEntry(key) { return withStore("readwrite", function (store) { store["delete"](key); }); }

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    var bytes = window.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function entryFrom(form, submitter) {
    var data = new FormData(form);
    if (submitter && submitter.name) { data.set(submitter.name, submitter.value); }
    var body = new URLSearchParams();
    data.forEach(function (value, name) { if (typeof value === "string") { body.append(name, value); } });
    // A fresh key: a page kept by the service worker may carry a key already used online.
    var key = newKey();
    if (body.has("idempotency_key")) { body.set("idempotency_key", key); }
    // When it was made: sent late, it is saved with this time, not the time it arrives.
    var madeAt = new Date().toISOString();
    body.set("made_at", madeAt);
    return {
      key: key,
      url: form.getAttribute("action") || window.location.pathname,
      body: body.toString(),
      label: form.dataset.offlineQueue || "An entry",
      savedAt: madeAt,
      state: "waiting"
    };
  }

  // --- The "waiting to send" notice, on every page ---
  function render() {
    var box = document.querySelector("[data-outbox]");
    if (!box || !window.indexedDB) { return Promise.resolve(); }
    return allEntries().then(function (entries) {
      box.hidden = entries.length === 0;
      if (!entries.length) { box.innerHTML = ""; return; }
      var list = document.createElement("ul");
      list.className = "plain-list";
      entries.forEach(function (entry) {
        var item = document.createElement("li");
        var when = new Date(entry.savedAt);
        var time = when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hour12: false });
        var text = entry.label + ", " + time + ": ";
        text += entry.state === "refused" ? "could not be saved (" + (entry.problem || "the server said no") + ")." : "waiting to send.";
        item.textContent = text;
        if (entry.state === "refused") {
          var discard = document.createElement("button");
          discard.type = "button";
          discard.className = "button-secondary";
          discard.textContent = "Remove it";
          discard.addEventListener("click", function () { deleteEntry(entry.key).then(render); });
          item.appendChild(document.createTextNode(" "));
          item.appendChild(discard);
        }
        list.appendChild(item);
      });
      var heading = document.createElement("p");
      var waiting = entries.filter(function (e) { return e.state !== "refused"; }).length;
      heading.innerHTML = "";
      heading.appendChild(document.createElement("strong")).textContent = waiting
        ? "Kept on this device: " + waiting + " waiting to send"
        : "Not sent";
      heading.appendChild(document.createTextNode(waiting ? ". They are sent by themselves when the connection returns." : ""));
      box.innerHTML = "";
      box.appendChild(heading);
      box.appendChild(list);
    }).catch(function () {});
  }

  // --- Sending ---
  function freshToken() {
    return window.fetch("/offline/", { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var input = new DOMParser().parseFromString(html, "text/html").querySelector('input[name="csrfmiddlewaretoken"]');
        return input ? input.value : "";
      });
  }

  function post(entry, body) {
    return window.fetch(entry.url, {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Offline-Replay": "1" },
      body: body
    });
  }

  function sendOne(entry) {
    return post(entry, entry.body).then(function (response) {
      if (response.status !== 403) { return response; }
      // The page was kept from before signing in again: send it with today's token.
      return freshToken().then(function (token) {
        var body = new URLSearchParams(entry.body);
        body.set("csrfmiddlewaretoken", token);
        return post(entry, body.toString());
      });
    }).then(function (response) {
      if (response.type === "opaqueredirect" || response.ok || response.status === 409) {
        return deleteEntry(entry.key);
      }
      if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
        entry.state = "refused";
        entry.problem = response.status === 403 ? "please sign in again, then reload" : "please enter it again";
        return putEntry(entry);
      }
      return null;  // the server is struggling: try again later
    });
  }

  var sending = false;
  function flush() {
    if (sending || !navigator.onLine || !window.indexedDB) { return Promise.resolve(); }
    sending = true;
    var run = function () {
      return allEntries().then(function (entries) {
        entries.sort(function (a, b) { return a.savedAt < b.savedAt ? -1 : a.savedAt > b.savedAt ? 1 : 0; });
        return entries.filter(function (e) { return e.state === "waiting"; }).reduce(function (chain, entry) {
          return chain.then(function () { return sendOne(entry); });
        }, Promise.resolve());
      });
    };
    var locked = navigator.locks ? navigator.locks.request("neuroapp-outbox", run) : run();
    return locked.catch(function () {}).then(function () { sending = false; return render(); });
  }

  // --- A "when" field shown long ago ---
  // A page opened from this device's copy (offline), or left open for hours, shows the
  // time it was loaded. An untouched "when" field (data-now-in: the site's time zone;
  // data-rendered-at: when the server wrote it) more than 15 minutes old is brought up to
  // now, on the site's clock. Fresher than that, it is left alone, so a device whose clock
  // is a little wrong never moves it.
  var STALE_MS = 15 * 60 * 1000;

  function siteNow(zone) {
    var parts = {};
    new Intl.DateTimeFormat("en-GB", {
      timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23"
    }).formatToParts(new Date()).forEach(function (part) { parts[part.type] = part.value; });
    return parts.year + "-" + parts.month + "-" + parts.day + "T" + parts.hour + ":" + parts.minute;
  }

  function refreshWhenFields() {
    document.querySelectorAll("input[data-now-in]").forEach(function (input) {
      if (input.dataset.touched) { return; }
      var shownAt = Date.parse(input.dataset.shownAt || input.dataset.renderedAt);
      if (!(Date.now() - shownAt > STALE_MS)) { return; }
      try { input.value = siteNow(input.dataset.nowIn); } catch (error) { return; }
      input.dataset.shownAt = new Date().toISOString();
    });
  }
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("input[data-now-in]")) { event.target.dataset.touched = "yes"; }
  });
  document.addEventListener("DOMContentLoaded", refreshWhenFields);
  window.addEventListener("pageshow", function (event) { if (event.persisted) { refreshWhenFields(); } });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") { refreshWhenFields(); }
  });

  // --- Keeping an entry made offline ---
  // navigator.onLine can say "online" with no way through, so a form first asks the server
  // (/healthz, a few bytes) and is kept on the device if it cannot be reached.
  function reachable() {
    if (!navigator.onLine) { return Promise.resolve(false); }
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? window.setTimeout(function () { controller.abort(); }, 6000) : null;
    return window.fetch("/healthz", { cache: "no-store", credentials: "same-origin", signal: controller ? controller.signal : undefined })
      .then(function (response) { return response.ok; }, function () { return false; })
      .then(function (ok) { if (timer) { window.clearTimeout(timer); } return ok; });
  }

  function keep(form, submitter) {
    var entry = entryFrom(form, submitter);
    return putEntry(entry).then(function () {
      var status = form.querySelector("[data-offline-status]") || document.createElement("p");
      status.setAttribute("data-offline-status", "");
      status.className = "notice offline-saved";
      status.setAttribute("role", "status");
      status.textContent = "No connection. This is kept on this device and will be sent when you are back online. ";
      if (!status.parentNode) { form.insertBefore(status, form.firstChild); }
      var buttons = form.querySelectorAll("button[type=submit]");
      buttons.forEach(function (b) { b.disabled = true; });
      var tools = form.querySelector("[data-tools]");
      if (tools) {
        status.textContent += tools.dataset.nextName
          ? "You can carry on with the next exercise, " + tools.dataset.nextName + ", from the exercise list; the player catches up when the connection returns."
          : "That was the last exercise: the player catches up when the connection returns.";
      }
      if (form.dataset.offlineAnother !== undefined) {
        var another = document.createElement("button");
        another.type = "button";
        another.className = "button-secondary";
        another.textContent = "Make another entry";
        another.addEventListener("click", function () {
          form.reset();
          form.querySelectorAll("input[data-now-in]").forEach(function (input) {
            delete input.dataset.touched;
            delete input.dataset.shownAt;
          });
          refreshWhenFields();
          delete form.dataset.submitted;
          buttons.forEach(function (b) { b.disabled = false; });
          status.remove();
          window.scrollTo(0, 0);
        });
        status.appendChild(another);
      }
      status.scrollIntoView({ block: "center" });
      return render();
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches('form[action="/accounts/logout/"]') && navigator.serviceWorker && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage("signed-out");
    }
    if (!form.matches("form[data-offline-queue]") || !window.indexedDB) { return; }
    if (form.dataset.offlineChecked === "yes") { delete form.dataset.offlineChecked; return; }
    event.preventDefault();
    event.stopImmediatePropagation();
    var submitter = event.submitter && event.submitter.form === form ? event.submitter : null;
    reachable().then(function (online) {
      if (online) {
        form.dataset.offlineChecked = "yes";
        if (submitter) { form.requestSubmit(submitter); } else { form.requestSubmit(); }
      } else {
        keep(form, submitter);
      }
    });
  }, true);

  var RETRY_MS = 20000;
  window.addEventListener("online", flush);
  window.setInterval(function () {
    if (document.visibilityState === "visible" && document.querySelector("[data-outbox]:not([hidden])")) { flush(); }
  }, RETRY_MS);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") { flush(); }
  });
  window.addEventListener("offline", render);
  document.addEventListener("DOMContentLoaded", function () { render().then(flush); });
})();
