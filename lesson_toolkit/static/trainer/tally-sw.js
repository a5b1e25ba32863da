/* The tally page's service worker (served at /trainer/community/tally-sw.js, scope
   /trainer/community/tally): it keeps the tally page, its style and its script, so that a team
   member can open the page again with no signal and type what they did. Nothing else of the
   workspace is kept, and the copy is deleted when the person logs out (the login page deletes
   it) or when the workspace sends them to log in.

   - The page: from the network when it answers within a few seconds, kept; otherwise the copy.
   - Its style and script: from the network, else the copy.
   - The entries themselves never pass here: tally.js keeps them in the phone's storage and
     posts them to tally.json (POST is never answered from a copy). */
"use strict";

var CACHE = "tally-v1";
var PAGE = new URL("tally", self.registration.scope).pathname;  // /trainer/community/tally
var SLOW_NETWORK_MS = 5000;

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

function keepPage(response) {
  if (response.redirected || response.type === "opaqueredirect") {
    caches.delete(CACHE);  // the session is over: keep nothing
  } else if (response.ok) {
    var copy = response.clone();
    caches.open(CACHE).then(function (cache) { return cache.put(PAGE, copy); });
  }
  return response;
}

function keptCopy(key) {
  return caches.open(CACHE).then(function (cache) { return cache.match(key); });
}

function pageFromNetworkOrCopy(request) {
  var network = fetch(request).then(keepPage);
  var slow = new Promise(function (resolve) {
    setTimeout(function () { keptCopy(PAGE).then(function (copy) { if (copy) resolve(copy); }); }, SLOW_NETWORK_MS);
  });
  var answer = Promise.race([network, slow]);
  return answer.catch(function () {
    return keptCopy(PAGE).then(function (copy) { return copy || Response.error(); });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request, url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname === PAGE) {
    event.respondWith(pageFromNetworkOrCopy(request));
  } else if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(fetch(request).catch(function () {
      return keptCopy(request).then(function (copy) { return copy || Response.error(); });
    }));
  }
});

// tally.js asks, once the worker is ready: {keep: [the page's address, its style, its script]}
self.addEventListener("message", function (event) {
  var urls = (event.data && event.data.keep) || [], port = event.ports[0];
  var kept = caches.open(CACHE).then(function (cache) {
    return Promise.all(urls.map(function (address) {
      var url = new URL(address, self.location.href);
      if (url.origin !== self.location.origin) return null;
      return fetch(url.href, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok || response.redirected) throw new Error("not kept: " + url.pathname);
        return cache.put(url.pathname === PAGE ? PAGE : url.href, response);
      });
    }));
  });
  event.waitUntil(kept.then(function () { if (port) port.postMessage("kept"); },
                            function () { if (port) port.postMessage("failed"); }));
});
