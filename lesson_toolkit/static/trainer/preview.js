/* The lesson editor's enhancements; without them every button does the same through a normal
   form submission, which keeps everything typed.
   - live preview while typing (the picture file is not sent with it);
   - a picture that is too big is refused before the whole form is sent;
   - a warning before leaving the page with unsaved text;
   - a question before deleting a picture. */
(function () {
  "use strict";
  var form = document.getElementById("lesson-form");
  var target = document.getElementById("checks");
  if (!form || !target) return;
  var changed = false, timer = null, running = 0;

  function refresh() {
    if (!window.fetch || !window.FormData) return;
    var ticket = ++running;
    var data = new FormData(form);
    if (data["delete"]) data["delete"]("picture");
    fetch(form.getAttribute("data-preview-url"), {
      method: "POST", body: data, credentials: "same-origin"
    }).then(function (response) {
      return response.ok ? response.text() : null;
    }).then(function (html) {
      // the server sanitises the preview; only the latest answer is shown
      if (html !== null && ticket === running) target.innerHTML = html;
    }).catch(function () { /* offline: the Preview button still works later */ });
  }

  form.addEventListener("input", function (event) {
    if (event.target && event.target.type === "file") return;
    changed = true;
    clearTimeout(timer);
    timer = setTimeout(refresh, 700);
  });

  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (button && button.name === "delete_picture" && !window.confirm(form.getAttribute("data-confirm-delete"))) {
      event.preventDefault();
      return;
    }
    var input = document.getElementById("picture");
    var max = parseInt(form.getAttribute("data-max-picture"), 10);
    if (input && input.files && input.files[0] && input.files[0].size > max) {
      event.preventDefault();
      window.alert(form.getAttribute("data-too-big"));
      return;
    }
    changed = false;  // the text goes to the server, which keeps it whatever happens
  });

  window.addEventListener("beforeunload", function (event) {
    if (!changed) return undefined;
    event.preventDefault();
    event.returnValue = form.getAttribute("data-unsaved");
    return event.returnValue;
  });
})();
