/* The service worker (served at /sw.js, scope /). The server puts CONFIG and VERSION above:
   the registered languages, each language's offline page and the versioned assets.

   - Pages (an index or a lesson): from the network, kept in the "pages" cache; when the
     network fails or is slower than a few seconds and the page is kept, the kept copy.
     A page never kept: the offline page in the page's language.
   - Pictures and assets: their URLs carry a content hash, so a kept copy is always right.
   - Recordings (/audio/…, content-hashed too): kept only by "Save for offline", as whole files;
     a media element asks for ranges, which are answered from the kept file with 206 (iOS
     Safari plays nothing without), else from the network as they are. */
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

// "bytes=a-b", "bytes=a-" or "bytes=-n" of a file of `size` bytes: [start, end] inclusive, or null
function byteRange(header, size) {
  var match = /^bytes=(\d*)-(\d*)$/.exec(header || "");
  if (!match || (match[1] === "" && match[2] === "")) return null;
  var start, end;
  if (match[1] === "") {
    start = Math.max(0, size - +match[2]);
    end = size - 1;
  } else {
    start = +match[1];
    end = match[2] === "" ? size - 1 : Math.min(+match[2], size - 1);
  }
  return start <= end && start < size ? [start, end] : null;
}

function audio(request) {
  return caches.match(request.url, { ignoreVary: true }).then(function (found) {
    if (!found) return fetch(request);
    var header = request.headers.get("range");
    if (!header) return found;
    return found.blob().then(function (blob) {
      var range = byteRange(header, blob.size);
      if (!range) {
        return new Response(null, { status: 416, headers: { "Content-Range": "bytes */" + blob.size } });
      }
      return new Response(blob.slice(range[0], range[1] + 1), {
        status: 206,
        headers: {
          "Content-Type": found.headers.get("Content-Type") || blob.type,
          "Content-Range": "bytes " + range[0] + "-" + range[1] + "/" + blob.size,
          "Content-Length": String(range[1] - range[0] + 1),
          "Accept-Ranges": "bytes"
        }
      });
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
  } else if (url.pathname.indexOf("/audio/") === 0) {
    event.respondWith(audio(request));
  } else if (url.pathname.indexOf("/assets/") === 0) {
    event.respondWith(cacheFirst(request, SHELL));
  }
});
