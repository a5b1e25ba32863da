/* Enhancements only: every page reads without this file.
   Offline saving (service worker + Cache API), "I did this" per step (localStorage, no account),
   one play/pause button per recorded message,
   progress and "saved" marks on the index, and shortcuts for the language and text-size links. */
(function () {
  "use strict";
  var doc = document, root = doc.documentElement;
  var PAGES = "pages-v1", PICTURES = "pictures-v1", SAVED = "saved-v1";
  var YEAR = 365 * 24 * 3600;

  function all(selector, from) { return Array.prototype.slice.call((from || doc).querySelectorAll(selector)); }
  function setCookie(name, value) { doc.cookie = name + "=" + value + "; max-age=" + YEAR + "; path=/; samesite=lax"; }
  function readDone(slug) {
    try { return JSON.parse(localStorage.getItem("done:" + slug)) || []; } catch (e) { return []; }
  }
  function progressText(template, done, total) {
    return template.replace("{done}", done).replace("{total}", total);
  }
  function showProgress(el, template, slug, total) {
    var done = readDone(slug).filter(function (n) { return n <= total; }).length;
    el.textContent = progressText(template, done, total);
    el.hidden = !done;
  }

  // Text size: same cookie as the server-side link, without a round trip; and in localStorage,
  // because the static pack opened from file:// has no cookies.
  function storedLarge() { try { return localStorage.getItem("text") === "large"; } catch (e) { return false; } }
  root.classList.toggle("large", /(?:^|; )text=large(?:;|$)/.test(doc.cookie) || storedLarge());
  all(".textsize a").forEach(function (link) {
    var label = function (large) { link.textContent = link.getAttribute(large ? "data-normal" : "data-large"); };
    label(root.classList.contains("large"));
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var large = !root.classList.contains("large");
      root.classList.toggle("large", large);
      if (large) setCookie("text", "large"); else doc.cookie = "text=; max-age=0; path=/";
      try { localStorage.setItem("text", large ? "large" : "normal"); } catch (e) { /* storage off */ }
      label(large);
    });
  });

  // Language switcher: remember the choice here too, so that it works offline.
  all("nav.langs a").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var code = link.getAttribute("hreflang");
      var next = new URL(link.href).searchParams.get("next");
      if (!code || !next || next.charAt(0) !== "/" || next.charAt(1) === "/") return;
      event.preventDefault();
      setCookie("lang", code);
      location.href = next;
    });
  });

  // Step check-off.
  var article = doc.querySelector("article.lesson");
  if (article) {
    var slug = article.getAttribute("data-slug");
    var total = +article.getAttribute("data-steps");
    var progress = article.querySelector(".meta .progress");
    var update = function () { showProgress(progress, article.getAttribute("data-progress"), slug, total); };
    all("ol.steps > li[id^='step-']", article).forEach(function (li) {
      var number = +li.id.slice(5);
      var button = doc.createElement("button");
      button.type = "button";
      button.className = "did";
      var paint = function () {
        var on = readDone(slug).indexOf(number) >= 0;
        button.setAttribute("aria-pressed", on ? "true" : "false");
        button.textContent = on ? "✓ " + article.getAttribute("data-done") : article.getAttribute("data-did");
        li.classList.toggle("done", on);
      };
      button.addEventListener("click", function () {
        var done = readDone(slug).filter(function (n) { return n !== number; });
        if (button.getAttribute("aria-pressed") !== "true") done.push(number);
        try { localStorage.setItem("done:" + slug, JSON.stringify(done)); } catch (e) { /* storage full or off */ }
        paint();
        update();
      });
      li.appendChild(button);
      paint();
    });
    update();
  }

  // Voices: one large play/pause button per message, and a slower speed (0.75×). Without this
  // file the browser's own player (or the link) plays the same file.
  var playing = null;
  all(".voice").forEach(function (box) {
    var audio = box.querySelector("audio"), link = box.querySelector("a.listen");
    if (!audio || !audio.canPlayType || !article) return;
    var play = doc.createElement("button"), speed = doc.createElement("button");
    play.type = speed.type = "button";
    play.className = "play";
    speed.className = "speed";
    play.setAttribute("aria-pressed", "false");
    speed.setAttribute("aria-pressed", "false");
    var label = link.textContent;
    var paint = function () {
      var on = !audio.paused && !audio.ended;
      play.setAttribute("aria-pressed", on ? "true" : "false");
      play.textContent = (on ? "❚❚ " + article.getAttribute("data-pause") : "▶ " + label);
    };
    speed.textContent = "0.75×";
    speed.setAttribute("aria-label", article.getAttribute("data-slower") + " (0.75×)");
    play.addEventListener("click", function () {
      if (audio.paused || audio.ended) {
        if (playing && playing !== audio) playing.pause();
        playing = audio;
        var started = audio.play();
        if (started && started["catch"]) started["catch"](paint);
      } else {
        audio.pause();
      }
      paint();
    });
    speed.addEventListener("click", function () {
      var slow = audio.playbackRate === 1;
      audio.playbackRate = audio.defaultPlaybackRate = slow ? 0.75 : 1;
      speed.setAttribute("aria-pressed", slow ? "true" : "false");
      speed.textContent = slow ? "1×" : "0.75×";
    });
    ["play", "pause", "ended"].forEach(function (name) { audio.addEventListener(name, paint); });
    audio.controls = false;
    audio.hidden = true;
    link.hidden = true;
    box.insertBefore(speed, box.firstChild);
    box.insertBefore(play, speed);
    paint();
  });

  // A Vietnamese step with no recording may be read by the phone's own Vietnamese voice, where
  // the phone has one; the button says it is a machine voice.
  var speech = window.speechSynthesis;
  if (article && speech && window.SpeechSynthesisUtterance && article.getAttribute("data-machine")) {
    var machineVoices = function () {
      var vi = speech.getVoices().filter(function (v) { return /^vi(?:[-_]|$)/i.test(v.lang); })[0];
      if (!vi || article.querySelector("button.machine")) return;
      all("ol.steps > li[id^='step-']", article).forEach(function (li) {
        if (li.querySelector(".voice")) return;
        var parts = all("p", li);
        if (!parts.length) parts = [li];
        var language = (parts[0].closest("[lang]") || root).getAttribute("lang") || "";
        var text = parts.map(function (p) { return p.textContent; }).join(" ").replace(/\s+/g, " ").trim();
        if (language.split("-")[0] !== "vi" || !text) return;
        var read = doc.createElement("button");
        read.type = "button";
        read.className = "machine";
        read.textContent = article.getAttribute("data-machine");
        read.addEventListener("click", function () {
          speech.cancel();
          var utterance = new SpeechSynthesisUtterance(text);
          utterance.lang = "vi-VN";
          utterance.voice = vi;
          speech.speak(utterance);
        });
        li.insertBefore(read, li.firstChild);
      });
    };
    machineVoices();
    if (speech.addEventListener) speech.addEventListener("voiceschanged", machineVoices);
  }

  // Index: progress per lesson.
  var lessons = doc.getElementById("lessons");
  if (lessons) {
    all(".card", lessons).forEach(function (card) {
      showProgress(card.querySelector(".progress"), lessons.getAttribute("data-progress"),
        card.getAttribute("data-slug"), +card.getAttribute("data-steps"));
    });
  }

  // Feedback without leaving the page.
  var feedback = doc.querySelector("section.feedback");
  if (feedback && window.fetch && window.FormData) {
    var form = feedback.querySelector("form");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var data = new FormData(form);
      if (event.submitter && event.submitter.name) data.append(event.submitter.name, event.submitter.value);
      var say = function (text) {
        var p = doc.createElement("p");
        p.setAttribute("role", "status");
        p.textContent = text;
        form.parentNode.replaceChild(p, form);
      };
      fetch(form.action, { method: "POST", body: data, credentials: "same-origin" }).then(function (response) {
        if (response.ok) say(feedback.getAttribute("data-thanks")); else form.submit();
      }, function () {
        var status = doc.querySelector(".status") || feedback;
        status.textContent = feedback.getAttribute("data-failed");
      });
    });
  }

  // Offline: the service worker keeps every page opened; "Save for offline" keeps all its pictures.
  if (!("serviceWorker" in navigator) || !window.caches) return;
  var cacheable = /^\/[a-z]{2,3}(?:_[A-Z]{2})?\/(?:index\.html|lessons\/[a-z0-9-]+(?:\.html)?)?$/.test(location.pathname);

  function pictureUrls() {  // the variant each loaded picture uses on this phone
    return all("img").filter(function (img) { return img.naturalWidth > 0; })
      .map(function (img) { return img.currentSrc || img.src; });
  }
  function voiceUrls() {  // each player's file this phone plays (Opus, else MP3)
    return all(".voice audio").map(function (audio) {
      var playable = all("source", audio).filter(function (source) {
        return audio.canPlayType(source.getAttribute("type")) !== "";
      })[0];
      return playable ? new URL(playable.getAttribute("src"), location.href).pathname : null;
    }).filter(function (url) { return url; });
  }
  // Recordings, whole: after playing, the HTTP cache holds the player's range answer (a 206),
  // which the Cache API refuses; so the whole file is asked of the server, past that cache.
  function keepWhole(name, urls) {
    return caches.open(name).then(function (cache) {
      return Promise.all(urls.map(function (url) {
        return fetch(url, { cache: "no-store" }).then(function (response) {
          if (response.status !== 200) throw new Error(url + ": " + response.status);
          return cache.put(url, response);
        });
      }));
    });
  }
  function keep(name, urls) {
    var unique = urls.filter(function (url, i) { return urls.indexOf(url) === i; });  // addAll refuses twins
    return caches.open(name).then(function (cache) { return cache.addAll(unique); });
  }
  function loadAllPictures() {
    return Promise.all(all("img").map(function (img) {
      if (img.complete && img.naturalWidth) return null;
      img.loading = "eager";
      return new Promise(function (done) {
        img.addEventListener("load", done);
        img.addEventListener("error", done);
      });
    }));
  }

  var save = doc.querySelector("button.save");
  navigator.serviceWorker.register("/sw.js").catch(function () {
    if (save) save.hidden = true;  // no offline support here (say, not https)
  });
  var ready = navigator.serviceWorker.ready.then(function () {
    // The first page was loaded before the worker ran: keep it now (from the HTTP cache).
    if (!cacheable) return null;
    return Promise.all([keep(PAGES, [location.pathname]), keep(PICTURES, pictureUrls())]);
  }).then(function () { root.setAttribute("data-offline", "ready"); }, function () { /* quota, offline */ });

  function savedPaths() {
    return caches.open(SAVED).then(function (cache) { return cache.keys(); }).then(function (requests) {
      return requests.map(function (request) { return new URL(request.url).pathname; });
    });
  }

  if (save && article) {
    var status = doc.querySelector(".status");
    save.hidden = false;
    savedPaths().then(function (paths) {
      if (paths.indexOf(location.pathname) >= 0) save.textContent = "✓ " + save.getAttribute("data-saved");
    });
    save.addEventListener("click", function () {
      status.textContent = save.getAttribute("data-saving");
      ready.then(loadAllPictures).then(function () {
        return Promise.all([keep(SAVED, [location.pathname].concat(pictureUrls())), keepWhole(SAVED, voiceUrls())]);
      }).then(function () {
        save.textContent = "✓ " + save.getAttribute("data-saved");
        status.textContent = save.getAttribute("data-saved");
        root.setAttribute("data-saved", "yes");
      }, function () {
        status.textContent = save.getAttribute("data-failed");
      });
    });
  }

  if (lessons) {
    savedPaths().then(function (paths) {
      all(".card", lessons).forEach(function (card) {
        var href = card.querySelector("a").getAttribute("href");
        card.querySelector(".saved").hidden = paths.indexOf(href) < 0;
      });
    });
  }
})();
