/* Live preview for the lesson editor: an enhancement only. Without it, the Preview button
   does the same through a normal form submission. */
(function () {
  "use strict";
  var form = document.getElementById("lesson-form");
  var target = document.getElementById("checks");
  if (!form || !target || !window.fetch || !window.FormData) return;
  var timer = null, running = 0;
  function refresh() {
    var ticket = ++running;
    fetch(form.getAttribute("data-preview-url"), {
      method: "POST", body: new FormData(form), credentials: "same-origin"
    }).then(function (response) {
      return response.ok ? response.text() : null;
    }).then(function (html) {
      // the server sanitises the preview; only the latest answer is shown
      if (html !== null && ticket === running) target.innerHTML = html;
    }).catch(function () { /* offline: the Preview button still works later */ });
  }
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 700);
  });
})();
