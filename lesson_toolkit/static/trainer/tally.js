/* The tally page's offline saving. Without it the form is sent as usual.
   On submit each skill with a count becomes one entry with an id made on this phone; entries
   wait in localStorage ("waiting to send") and are sent one by one to tally.json when the
   signal is there (now, on `online`, on page load). The server counts an id once, so a retry
   after a lost answer never counts twice. The page's own service worker (tally-sw.js) keeps
   the page, so that it opens again without signal; it keeps nothing else of the workspace. */
(function () {
  "use strict";
  var printButton = document.querySelector("[data-print]");
  if (printButton) printButton.addEventListener("click", function () { window.print(); });
  var form = document.getElementById("tally-form");
  if (!form || !window.fetch || !window.localStorage || !window.JSON) return;
  var KEY = "tally-queue-v1", SENT = "tally-sent-v1";
  var words = JSON.parse(document.getElementById("tally-words").textContent);
  var token = form.querySelector("[name=csrf_token]").value;
  var sending = false;

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, function (c) {
      var r = Math.random() * 16 | 0;
      return (c === "x" ? r : (r & 3 | 8)).toString(16);
    });
  }
  function load(key) {
    try { return JSON.parse(localStorage.getItem(key)) || []; } catch (e) { return []; }
  }
  function store(key, list) { localStorage.setItem(key, JSON.stringify(list)); }

  function label(entry) {
    var box = form.querySelector("[data-skill='" + entry.skill + "']");
    var name = box && box.labels && box.labels[0] ? box.labels[0].textContent : entry.skill;
    return entry.month + " · " + (entry.villageName || "") + " · " + name + ": " + entry.households + " " + words.households;
  }
  function fill(id, list, note) {
    var ul = document.getElementById(id);
    ul.textContent = "";
    list.forEach(function (entry) {
      var li = document.createElement("li");
      li.className = "entry";
      li.textContent = label(entry) + " (" + (entry.note || note) + ")";
      ul.appendChild(li);
    });
    document.getElementById(id + "-count").textContent = list.length;
  }
  function show() {
    var waiting = load(KEY), sent = load(SENT);
    document.getElementById("queue").hidden = !waiting.length && !sent.length;
    fill("waiting", waiting, words.waiting);
    fill("sent", sent.slice(-20).reverse(), words.sent);
  }

  function post(entry) {
    var body = {client_id: entry.client_id, village: entry.village, month: entry.month,
      skill: entry.skill, households: entry.households, lessons: entry.lessons, corrects: entry.corrects};
    return fetch(form.getAttribute("data-json-url"), {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": token},
      body: JSON.stringify(body)
    });
  }
  // sends the waiting entries one by one; stops at the first network failure
  function sync() {
    if (sending) return Promise.resolve();
    var waiting = load(KEY);
    if (!waiting.length) { show(); return Promise.resolve(); }
    sending = true;
    var entry = waiting[0];
    return post(entry).then(function (response) {
      if (response.status >= 500 || response.status === 401 || response.redirected) throw new Error("later");
      return response.json().then(function (answer) {
        entry.note = response.ok ? (answer.created ? words.sent : words.counted)
                                 : words.refused.replace("%(why)s", answer.error || response.status);
        store(KEY, load(KEY).filter(function (e) { return e.client_id !== entry.client_id; }));
        store(SENT, load(SENT).concat([entry]).slice(-50));
        sending = false;
        return sync();
      });
    }).catch(function () { sending = false; show(); });
  }

  form.addEventListener("submit", function (event) {
    var village = form.elements.village, month = form.elements.month.value;
    if (form.elements.corrects) return;  // a correction is sent as a form, with signal
    if (!village.value || !/^\d{4}-\d{2}$/.test(month)) return;  // the server says what is wrong
    var boxes = form.querySelectorAll("[data-skill]"), entries = [], bad = false, id = uuid();
    var lessons = Array.prototype.map.call(form.querySelectorAll("[name=lessons]:checked"), function (box) { return box.value; });
    Array.prototype.forEach.call(boxes, function (box) {
      if (box.value === "") return;
      var n = Number(box.value);
      if (!/^\d+$/.test(box.value) || n > 500) { bad = true; return; }
      if (n > 0) entries.push({client_id: id + "-" + box.getAttribute("data-skill"),
        village: parseInt(village.value, 10), villageName: village.options[village.selectedIndex].text,
        month: month, skill: box.getAttribute("data-skill"), households: n, lessons: lessons,
        corrects: null});
    });
    if (bad || !entries.length) return;  // the server shows the error beside the box
    event.preventDefault();
    store(KEY, load(KEY).concat(entries));
    Array.prototype.forEach.call(boxes, function (box) { box.value = ""; });
    show();
    if (navigator.onLine !== false) sync();
  });
  window.addEventListener("online", sync);
  window.tallySync = sync;  // for the tests: wait for the sending to end
  show();
  sync();

  // keep this page on the phone; <html data-offline="ready"> once it is kept
  var worker = form.getAttribute("data-sw-url");
  if (worker && navigator.serviceWorker && window.MessageChannel) {
    navigator.serviceWorker.register(worker, {scope: form.getAttribute("data-sw-scope")}).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      var parts = document.querySelectorAll("link[rel=stylesheet][href], script[src]");
      var keep = [location.href].concat(Array.prototype.map.call(parts, function (part) { return part.href || part.src; }));
      var channel = new MessageChannel();
      channel.port1.onmessage = function (event) {
        document.documentElement.setAttribute("data-offline", event.data === "kept" ? "ready" : "failed");
      };
      registration.active.postMessage({keep: keep}, [channel.port2]);
    }).catch(function () { /* no signal to check the worker: the one registered before still works */ });
  }
})();
