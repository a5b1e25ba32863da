/* Recording in the browser (voice.html), enhanced: next to each message, record with the
   phone's microphone (MediaRecorder), watch the level meter, listen back, record again, save.
   Without this script (or without a microphone) each form still uploads a chosen sound file. */
(function () {
  "use strict";
  var list = document.querySelector("ol.voices");
  if (!list || !window.fetch || !window.FormData) return;
  var canRecord = !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia && window.MediaRecorder);
  var TYPES = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/mp4", "audio/webm"];
  var type = canRecord ? TYPES.filter(function (t) { return MediaRecorder.isTypeSupported(t); })[0] || "" : "";
  var text = function (name) { return list.getAttribute("data-" + name); };

  function extension(mime) {
    if (/mp4|aac/.test(mime)) return "m4a";
    if (/ogg/.test(mime)) return "ogg";
    return "webm";
  }

  function button(label, className) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = className;
    b.textContent = label;
    return b;
  }

  function setUp(entry) {
    var form = entry.querySelector("form.record-form");
    var note = form.querySelector(".note-slot");
    var say = function (message, kind) { note.textContent = message; note.className = "note-slot " + (kind || ""); };
    var recorded = null, recorder = null, stream = null, meterTimer = null, context = null;
    var panel = document.createElement("div");
    panel.className = "recorder";
    var record = button(text("record"), "record");
    var meter = document.createElement("meter");
    meter.min = 0; meter.max = 1; meter.value = 0; meter.hidden = true;
    meter.setAttribute("aria-label", text("level"));
    var preview = document.createElement("audio");
    preview.controls = true; preview.hidden = true; preview.className = "preview";
    panel.appendChild(record);
    panel.appendChild(meter);
    panel.appendChild(preview);
    form.insertBefore(panel, form.querySelector("label"));

    function stopMeter() {
      if (meterTimer) cancelAnimationFrame(meterTimer);
      meterTimer = null;
      if (context) context.close();
      context = null;
      meter.hidden = true;
    }
    function startMeter() {
      var AudioContext = window.AudioContext || window.webkitAudioContext;
      if (!AudioContext) return;
      context = new AudioContext();
      var analyser = context.createAnalyser();
      analyser.fftSize = 1024;
      context.createMediaStreamSource(stream).connect(analyser);
      var samples = new Uint8Array(analyser.fftSize), heard = 0;
      meter.hidden = false;
      var draw = function () {
        analyser.getByteTimeDomainData(samples);
        var sum = 0;
        for (var i = 0; i < samples.length; i++) { var v = (samples[i] - 128) / 128; sum += v * v; }
        meter.value = Math.min(1, Math.sqrt(sum / samples.length) * 4);
        if (meter.value > 0.05) heard += 1;
        entry.setAttribute("data-heard", heard);  // frames with sound: the speaker sees it, a test waits for it
        meterTimer = requestAnimationFrame(draw);
      };
      draw();
    }

    function stop() {
      if (recorder && recorder.state !== "inactive") recorder.stop();
    }
    function start() {
      navigator.mediaDevices.getUserMedia({ audio: true }).then(function (got) {
        stream = got;
        var chunks = [];
        recorder = type ? new MediaRecorder(stream, { mimeType: type }) : new MediaRecorder(stream);
        recorder.addEventListener("dataavailable", function (event) { if (event.data.size) chunks.push(event.data); });
        recorder.addEventListener("stop", function () {
          stream.getTracks().forEach(function (track) { track.stop(); });
          stopMeter();
          recorded = new Blob(chunks, { type: recorder.mimeType || type || "audio/webm" });
          preview.src = URL.createObjectURL(recorded);
          preview.hidden = false;
          record.textContent = text("again");
          record.setAttribute("aria-pressed", "false");
          entry.setAttribute("data-recorded", "yes");
        });
        recorder.start();
        startMeter();
        record.textContent = text("stop");
        record.setAttribute("aria-pressed", "true");
        preview.hidden = true;
        say("");
      }, function () { say(text("no-mic"), "error"); });
    }
    record.addEventListener("click", function () {
      if (recorder && recorder.state === "recording") stop(); else start();
    });
    if (!canRecord) record.hidden = true;

    form.addEventListener("submit", function (event) {
      var file = form.querySelector("input[type=file]");
      if (!recorded && !(file.files && file.files.length)) return;  // the server says what is missing
      event.preventDefault();
      var data = new FormData(form);
      if (recorded) data.set("audio", recorded, "recording." + extension(recorded.type));
      var token = form.querySelector("[name=csrf_token]").value;
      say(text("saving"));
      fetch(form.action, {
        method: "POST", body: data, credentials: "same-origin",
        headers: { "X-CSRFToken": token, "Accept": "application/json" }
      }).then(function (response) {
        return response.json().then(function (body) {
          say(body.message, body.ok ? "ok" : "error");
          if (body.ok) { entry.setAttribute("data-saved", "yes"); recorded = null; file.value = ""; }
        });
      }, function () { say(text("failed"), "error"); });
    });
  }

  Array.prototype.forEach.call(list.querySelectorAll("li.voice-entry"), setUp);
})();
