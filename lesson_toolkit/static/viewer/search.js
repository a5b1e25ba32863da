/* Search without a server (the static pack): the same folding and ranking as viewer/search.py,
   over window.LESSON_INDEX (search-index.js). Reads ?q= and fills the results list. */
(function () {
  "use strict";
  var box = document.querySelector("[data-static-search]");
  if (!box || !window.LESSON_INDEX) return;
  var WEIGHTS = [100, 10, 1];

  function fold(text) {
    return text.replace(/[đĐð]/g, "d").normalize("NFD").replace(/\p{M}/gu, "").normalize("NFC").toLowerCase();
  }
  function words(text) { return fold(text).match(/[\p{L}\p{N}_]+/gu) || []; }
  function fieldScore(query, field) {
    var list = field ? field.split(" ") : [];
    var found = query.filter(function (term) { return list.some(function (w) { return w.indexOf(term) === 0; }); }).length;
    var bonus = query.length > 1 && (" " + field).indexOf(" " + query.join(" ")) >= 0 ? 1 : 0;
    return found + bonus;
  }
  function score(query, entry) {
    var everywhere = entry.f.join(" ").split(" ");
    var all = query.every(function (term) { return everywhere.some(function (w) { return w.indexOf(term) === 0; }); });
    if (!all) return 0;
    return entry.f.reduce(function (sum, field, i) { return sum + WEIGHTS[i] * fieldScore(query, field); }, 0);
  }
  function el(tag, text, lang) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (lang) node.setAttribute("lang", lang);
    return node;
  }

  var q = (new URLSearchParams(location.search).get("q") || "").trim().slice(0, 200);
  var input = document.getElementById("q");
  if (input) input.value = q;
  if (!q) return;
  var query = words(q);
  var hits = window.LESSON_INDEX.map(function (entry, i) { return { entry: entry, score: score(query, entry), i: i }; })
    .filter(function (hit) { return hit.score > 0; })
    .sort(function (a, b) { return b.score - a.score || a.i - b.i; });
  var status = el("p");
  status.setAttribute("role", "status");
  if (hits.length) {
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
  } else {
    status.textContent = box.getAttribute("data-none").replace("{query}", q);
    box.appendChild(status);
  }
})();
