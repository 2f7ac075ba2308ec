// The week plan page: copy the calendar address, and turn notifications on or off for
// this device (Push API, with the server's VAPID public key).
(function () {
  "use strict";

  function csrfToken() {
    var input = document.querySelector('input[name="csrfmiddlewaretoken"]');
    return input ? input.value : "";
  }

  function keyBytes(base64url) {
    var padded = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = window.atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i += 1) { bytes[i] = raw.charCodeAt(i); }
    return bytes;
  }

  function send(url, fields) {
    var body = new URLSearchParams(fields);
    return window.fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "Content-Type": "application/x-www-form-urlencoded" },
      body: body.toString()
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) { throw new Error(data.error || "The server could not save this."); }
        return data;
      });
    });
  }

  function deviceName() {
    var agent = navigator.userAgent;
    var browser = /Edg\//.test(agent) ? "Edge" : /Firefox\//.test(agent) ? "Firefox" : /Chrome\//.test(agent) ? "Chrome" : /Safari\//.test(agent) ? "Safari" : "A browser";
    var system = /Android/.test(agent) ? "Android" : /iPhone|iPad/.test(agent) ? "iPhone or iPad" : /Windows/.test(agent) ? "Windows" : /Mac OS/.test(agent) ? "Mac" : /Linux/.test(agent) ? "Linux" : "";
    return system ? browser + " on " + system : browser;
  }

  function setUpPush(panel) {
    var status = panel.querySelector("[data-push-status]");
    var on = panel.querySelector("[data-push-on]");
    var off = panel.querySelector("[data-push-off]");
    if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
      status.textContent = "This browser cannot show notifications from a website. The calendar or email reminders work instead.";
      return;
    }
    function show(subscribed) {
      on.hidden = subscribed;
      off.hidden = !subscribed;
      status.textContent = subscribed ? "Notifications are on for this device." : (Notification.permission === "denied"
        ? "Notifications are blocked for this site in the browser's settings."
        : "Notifications are off for this device.");
    }
    navigator.serviceWorker.ready.then(function (registration) {
      return registration.pushManager.getSubscription();
    }).then(function (subscription) { show(Boolean(subscription)); });

    on.addEventListener("click", function () {
      status.textContent = "Asking the browser…";
      Notification.requestPermission().then(function (permission) {
        if (permission !== "granted") { throw new Error("Notifications were not allowed. You can allow them in the browser's settings."); }
        return navigator.serviceWorker.ready;
      }).then(function (registration) {
        return registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(panel.dataset.pushKey) });
      }).then(function (subscription) {
        var json = subscription.toJSON();
        return send(panel.dataset.subscribeUrl, { endpoint: json.endpoint, p256dh: json.keys.p256dh, auth: json.keys.auth, device: deviceName() });
      }).then(function () { show(true); }).catch(function (error) {
        status.textContent = error.message || "Notifications could not be turned on.";
      });
    });
    off.addEventListener("click", function () {
      navigator.serviceWorker.ready.then(function (registration) {
        return registration.pushManager.getSubscription();
      }).then(function (subscription) {
        if (!subscription) { return null; }
        var endpoint = subscription.endpoint;
        return subscription.unsubscribe().then(function () { return send(panel.dataset.unsubscribeUrl, { endpoint: endpoint }); });
      }).then(function () { show(false); }).catch(function () {
        status.textContent = "Notifications could not be turned off here; use Stop beside the device below.";
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-copy-button]").forEach(function (button) {
      var field = document.getElementById(button.dataset.copyButton);
      var status = button.parentNode.querySelector("[data-copy-status]");
      if (!navigator.clipboard || !field) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(field.value).then(function () {
          status.textContent = "Copied. Paste it into your calendar's \"subscribe\" box.";
        }, function () { field.select(); status.textContent = "Select the address and copy it."; });
      });
    });
    var panel = document.querySelector("[data-push-panel]");
    if (panel) { setUpPush(panel); }
  });
})();
