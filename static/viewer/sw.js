/* The service worker (served at /sw.js, scope /). The server puts CONFIG and VERSION above:
   the registered languages, each language's offline page and the versioned assets.

   - Pages (an index or a lesson): from the network, kept in the "pages" cache; when the
     network fails or is slower than a few seconds and the page is kept, the kept copy.
     A page never kept: the offline page in the page's language.
   - Pictures and assets: their URLs carry a content hash, so a kept copy is always right. */
"use strict";

var PAGES = "pages-v1", PICTURES = "pictures-v1", SAVED = "saved-v1", SHELL = "shell-" + VERSION;
var SLOW_NETWORK_MS = 4000;
// a page: /vi/ or /vi/lessons/x on the live site; /vi/index.html or /vi/lessons/x.html in the static pack
var PAGE = /^\/([a-z]{2,3}(?:_[A-Z]{2})?)\/(?:index\.html|lessons\/[a-z0-9-]+(?:\.html)?)?$/;

self.addEventListener("install", function (event) {
  var urls = Object.keys(CONFIG.offline).map(function (code) { return CONFIG.offline[code]; });
  event.waitUntil(caches.open(SHELL).then(function (cache) {
    return cache.addAll(urls.concat(CONFIG.assets));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("shell-") === 0 && name !== SHELL;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function kept(request) {
  return caches.match(request, { cacheName: SAVED }).then(function (found) {
    return found || caches.match(request, { cacheName: PAGES });
  });
}

function offlinePage(path) {
  var match = /^\/([a-z]{2,3}(?:_[A-Z]{2})?)\//.exec(path);
  var code = match && CONFIG.offline[match[1]] ? match[1] : CONFIG["default"];
  return caches.match(CONFIG.offline[code], { cacheName: SHELL });
}

function page(request, path) {
  var network = fetch(request).then(function (response) {
    if (response.ok && PAGE.test(path)) {
      var copy = response.clone();
      caches.open(PAGES).then(function (cache) { return cache.put(path, copy); });
    }
    return response;
  });
  return kept(path).then(function (copy) {
    if (!copy) {
      return network.catch(function () { return offlinePage(path); });
    }
    var slow = new Promise(function (resolve) { setTimeout(function () { resolve(copy); }, SLOW_NETWORK_MS); });
    return Promise.race([network.catch(function () { return copy; }), slow]);
  });
}

function cacheFirst(request, name) {
  return caches.match(request).then(function (found) {
    return found || fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(name).then(function (cache) { return cache.put(request, copy); });
      }
      return response;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(page(request, url.pathname));
  } else if (url.pathname.indexOf("/pictures/") === 0) {
    event.respondWith(cacheFirst(request, PICTURES));
  } else if (url.pathname.indexOf("/assets/") === 0) {
    event.respondWith(cacheFirst(request, SHELL));
  }
});
