/* Search without a server (the static pack): the same folding and ranking as viewer/search.py.
   window.LESSON_INDEX (search-index.js) lists the lessons and the index's parts; the parts a
   query needs are loaded as scripts (search-index/<part>.js: which lessons have each word in
   each field; <part>.pos.js: where, for the phrase bonus; <start>.starts.js: which lessons have
   a word starting with one or two letters), then ranked. Reads ?q= and fills the
   results list. See viewer/search_index.py for the format. */
(function () {
  "use strict";
  var box = document.querySelector("[data-static-search]");
  var index = window.LESSON_INDEX;
  if (!box || !index || !index.parts) return;
  var WEIGHTS = [100, 10, 1];
  var LETTERS = { "đ": "d", "Đ": "d", "ð": "d", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o" };
  var parts = window.LESSON_PARTS = window.LESSON_PARTS || { words: {}, places: {}, starts: {} };

  function fold(text) {
    return text.replace(/[đĐðłŁøØ]/g, function (ch) { return LETTERS[ch]; }).normalize("NFD")
      .replace(/\p{M}/gu, "").normalize("NFC").toLowerCase().replace(/ß/g, "ss");
  }
  function words(text) { return fold(text).match(/[\p{L}\p{N}_]+/gu) || []; }
  function has(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }
  function keyOf(word) { return Array.from(word).slice(0, index.depth).join(""); }
  function short(term) { return Array.from(term).length < index.depth; }
  // a start's file name, as viewer/search_index.py's part_name
  function nameOf(start) {
    if (/^[a-z0-9]{1,3}$/.test(start)) return start;
    return Array.from(start).map(function (ch) { return "_" + ch.codePointAt(0).toString(16); }).join("");
  }
  // the parts a query word needs: its first letters' (index.depth of them), or, for a shorter
  // word, every part starting with it
  function keysFor(term) {
    if (Array.from(term).length >= index.depth) return has(index.parts, keyOf(term)) ? [keyOf(term)] : [];
    return Object.keys(index.parts).filter(function (key) { return key.indexOf(term) === 0; });
  }
  function undelta(list) {
    var out = [], sum = 0;
    for (var i = 0; i < list.length; i++) { sum += list[i]; out.push(sum); }
    return out;
  }

  function load(urls, done) {
    var waiting = urls.length, failed = false;
    if (!waiting) { done(true); return; }
    urls.forEach(function (url) {
      var script = document.createElement("script");
      script.src = url;
      script.onload = script.onerror = function (event) {
        if (event.type === "error") failed = true;
        if (--waiting === 0) done(!failed);
      };
      document.head.appendChild(script);
    });
  }

  // a loaded part as word → [title, summary, body lessons] and word → positions per field and lesson
  var opened = Object.create(null);
  function part(key) {
    var found = opened[key];
    if (found) return found;
    var list = parts.words[key], places = parts.places[key], which = Object.create(null), where = Object.create(null);
    for (var i = 0; i < list.length; i += 2) {
      which[list[i]] = list[i + 1].map(undelta);
      if (places) where[list[i]] = places[i / 2];
    }
    return (opened[key] = { which: which, where: where, words: Object.keys(which) });
  }
  // lesson number → positions of `word` in field f (a lesson without it: not there)
  var cache = Object.create(null);
  function placesOf(word, f) {
    var id = f + " " + word, found = cache[id];
    if (found) return found;
    var key = keyOf(word), words = has(index.parts, key) ? part(key) : null;
    found = cache[id] = Object.create(null);
    if (!words || !words.which[word]) return found;
    var where = words.where[word][f];
    words.which[word][f].forEach(function (lesson, i) { found[lesson] = undelta(where[i]); });
    return found;
  }
  // lesson number → true, for the lessons with a word starting with `term` in field f
  function matching(term, f) {
    var out = {};
    if (short(term) && parts.starts[term]) {
      undelta(parts.starts[term][f]).forEach(function (lesson) { out[lesson] = true; });
      return out;
    }
    keysFor(term).forEach(function (key) {
      var words = part(key);
      words.words.forEach(function (word) {
        if (word.indexOf(term) === 0) words.which[word][f].forEach(function (lesson) { out[lesson] = true; });
      });
    });
    return out;
  }
  // viewer/search.py's phrase bonus: the query's words in a row, the last one a word's start
  function phrase(query, f, lesson) {
    var last = query[query.length - 1], lastAt = {};
    keysFor(last).forEach(function (key) {
      part(key).words.forEach(function (word) {
        if (word.indexOf(last) !== 0) return;
        (placesOf(word, f)[lesson] || []).forEach(function (p) { lastAt[p] = true; });
      });
    });
    var rows = query.slice(0, -1).map(function (term) {
      var at = {};
      (placesOf(term, f)[lesson] || []).forEach(function (p) { at[p] = true; });
      return at;
    });
    return (placesOf(query[0], f)[lesson] || []).some(function (start) {
      return rows.every(function (at, k) { return at[start + k]; }) && lastAt[start + query.length - 1];
    });
  }
  function rank(query) {
    var found = query.map(function (term) { return WEIGHTS.map(function (_, f) { return matching(term, f); }); });
    var hits = [];
    index.lessons.forEach(function (entry, lesson) {
      var everywhere = found.every(function (fields) { return fields.some(function (m) { return m[lesson]; }); });
      if (!everywhere) return;
      var score = 0;
      WEIGHTS.forEach(function (weight, f) {
        var count = found.filter(function (fields) { return fields[f][lesson]; }).length;
        var bonus = query.length > 1 && count === query.length && phrase(query, f, lesson) ? 1 : 0;
        score += weight * (count + bonus);
      });
      hits.push({ entry: entry, score: score, i: lesson });
    });
    return hits.sort(function (a, b) { return b.score - a.score || a.i - b.i; });
  }

  function el(tag, text, lang) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (lang) node.setAttribute("lang", lang);
    return node;
  }
  function show(q, hits) {
    var status = el("p");
    status.setAttribute("role", "status");
    if (!hits.length) {
      status.textContent = box.getAttribute("data-none").replace("{query}", q);
      box.appendChild(status);
      return;
    }
    status.textContent = box.getAttribute(hits.length === 1 ? "data-found-one" : "data-found-many").replace("{num}", hits.length);
    var list = el("ul");
    list.className = "cards results";
    hits.forEach(function (hit) {
      var item = el("li"), div = el("div"), link = el("a", hit.entry.t, hit.entry.tl);
      link.href = hit.entry.u;
      div.appendChild(link);
      div.appendChild(el("p", hit.entry.s, hit.entry.sl));
      if (hit.entry.h) {
        var heard = el("p", box.getAttribute("data-heard").replace("{languages}", hit.entry.h));
        heard.className = "heard";
        div.appendChild(heard);
      }
      item.appendChild(div);
      list.appendChild(item);
    });
    box.appendChild(status);
    box.appendChild(list);
    var shown = document.querySelector("ul.topics");
    if (shown) shown.hidden = true;
  }

  var q = (new URLSearchParams(location.search).get("q") || "").trim().slice(0, 200);
  var input = document.getElementById("q");
  if (input) input.value = q;
  if (!q) return;
  var query = words(q);
  if (!query.length) return;
  // a word of three letters or more: its part (and its places, for a phrase); a shorter one:
  // its start's lessons, and for a phrase the places of the word itself, or, when it is the
  // last, of every word starting with it
  var needed = {}, several = query.length > 1;
  function need(key, places) {
    if (!parts.words[key]) needed[index.parts[key] + ".js"] = true;
    if (places && !parts.places[key]) needed[index.parts[key] + ".pos.js"] = true;
  }
  query.forEach(function (term, i) {
    var keys = keysFor(term);
    if (!short(term) || !keys.length) { keys.forEach(function (key) { need(key, several); }); return; }
    if (!parts.starts[term]) needed["search-index/" + nameOf(term) + ".starts.js"] = true;
    if (!several) return;
    if (i === query.length - 1) keys.forEach(function (key) { need(key, true); });
    else if (has(index.parts, term)) need(term, true);
  });
  load(Object.keys(needed), function (ok) {
    if (ok) show(q, rank(query));  // a part missing: no list rather than a wrong one
  });
})();
