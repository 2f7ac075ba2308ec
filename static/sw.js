// neuroapp's service worker, served at /sw.js so that its scope is the whole site.
//
// Caching: on install it keeps the app shell (styles, scripts, icons, the offline page)
// and the exercise pages, as listed by /offline/urls.json. Pages are fetched from the
// network first and kept as they arrive, so a page seen once (an open session in the
// player, the log form) still opens without a connection; with neither, the offline page.
// Static files are served from the cache first (their names change when they do).
// POSTs are never cached or replayed here: static/js/offline.js keeps entries made offline
// in IndexedDB and sends them, with their idempotency keys, when the connection returns.
// Push: a reminder is shown as a notification; a tap opens its page.
"use strict";

var VERSION = "neuroapp-v1";
var SHELL = VERSION + "-shell";
var PAGES = VERSION + "-pages";

self.addEventListener("install", function (event) {
  event.waitUntil(
    fetch("/offline/urls.json", { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (urls) {
        // Pages one after another: a new device should not ask a small server for 20 at once.
        return caches.open(SHELL).then(function (cache) {
          return cache.addAll(urls.assets);
        }).then(function () {
          return caches.open(PAGES);
        }).then(function (pages) {
          return urls.pages.reduce(function (chain, page) {
            return chain.then(function () { return pages.add(page); });
          }, Promise.resolve());
        });
      })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf(VERSION) !== 0;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function isPage(request) {
  return request.mode === "navigate" || (request.headers.get("Accept") || "").indexOf("text/html") !== -1;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) { return; }
  if (request.headers.get("HX-Request")) { return; }  // partials: never stand in for pages
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(caches.match(request).then(function (hit) {
      return hit || fetch(request).then(function (response) {
        if (response.ok) {
          var copy = response.clone();
          caches.open(SHELL).then(function (cache) { cache.put(request, copy); });
        }
        return response;
      });
    }));
    return;
  }
  if (!isPage(request) || url.pathname.indexOf("/admin/") === 0 || url.pathname.indexOf("/calendar/") === 0) { return; }
  event.respondWith(
    fetch(request).then(function (response) {
      if (response.ok && response.type === "basic" && !response.redirected) {
        var copy = response.clone();
        caches.open(PAGES).then(function (cache) { cache.put(url.pathname + url.search, copy); });
      }
      return response;
    }).catch(function () {
      return caches.match(url.pathname + url.search, { cacheName: PAGES }).then(function (hit) {
        return hit || caches.match("/offline/", { cacheName: PAGES });
      });
    })
  );
});

// Signing out clears what this device kept of the account's pages.
self.addEventListener("message", function (event) {
  if (event.data === "signed-out") { event.waitUntil(caches.delete(PAGES)); }
});

self.addEventListener("push", function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (error) { data = { body: event.data.text() }; }
  event.waitUntil(self.registration.showNotification(data.title || "neuroapp", {
    body: data.body || "",
    icon: "/static/icons/neuroapp-192.png",
    badge: "/static/icons/neuroapp-192.png",
    data: { url: data.url || "/" },
    tag: data.url || "neuroapp"
  }));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var target = new URL(event.notification.data.url || "/", self.location.origin).href;
  event.waitUntil(self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
    for (var i = 0; i < windows.length; i += 1) {
      if (windows[i].url === target && "focus" in windows[i]) { return windows[i].focus(); }
    }
    return self.clients.openWindow(target);
  }));
});
