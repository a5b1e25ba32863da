/* The translation editor, enhanced: each box saves in place, and leaving the page while a box
   holds text not yet saved asks first. Without this script the page's one form saves every box
   that was changed, so nothing here is needed for saving. */
(function () {
  "use strict";
  var form = document.getElementById("translate-form");
  if (!form || !window.fetch || !window.FormData || !form.closest) return;
  var url = form.getAttribute("data-entry-url");
  var token = form.querySelector('input[name="csrf_token"]').value;
  var boxes = form.querySelectorAll("li[data-entry]");
  var leaving = false;

  function field(box, name) {
    return box.querySelector('[name="' + name + "-" + box.getAttribute("data-entry") + '"]');
  }
  function remember(box, text, draft) {
    box.savedText = text;
    box.savedDraft = draft;
  }
  function dirty(box) {
    var draft = field(box, "draft");
    return field(box, "text").value !== box.savedText || (draft !== null && draft.checked !== box.savedDraft);
  }
  function say(box, kind, text) {
    var slot = box.querySelector(".note-slot"), p = document.createElement("p");
    p.className = kind;
    p.textContent = text;
    slot.innerHTML = "";
    slot.appendChild(p);
  }

  for (var i = 0; i < boxes.length; i++) {
    var draft = field(boxes[i], "draft");
    // a box the server sent back unsaved (a conflict, a markup error) is not saved yet
    remember(boxes[i], boxes[i].hasAttribute("data-unsaved") ? null : field(boxes[i], "text").value,
      draft ? draft.checked : null);
  }

  function save(box, button) {
    var data = new FormData(), inputs = box.querySelectorAll("input[type=hidden], textarea");
    for (var i = 0; i < inputs.length; i++) data.append(inputs[i].name, inputs[i].value);
    var draft = field(box, "draft"), text = field(box, "text"), sent = text.value;
    if (draft && draft.checked) data.append(draft.name, "y");
    say(box, "saved", form.getAttribute("data-saving"));
    fetch(url, {
      method: "POST", body: data, credentials: "same-origin",
      headers: {"X-CSRFToken": token, "Accept": "application/json"}
    }).then(function (response) {
      // a lost login answers with the login page, an expired token with an error page
      if ((response.headers.get("Content-Type") || "").indexOf("application/json") !== 0) throw response;
      return response.json();
    }).then(function (answer) {
      box.querySelector(".note-slot").innerHTML = answer.html; // rendered and escaped by the server
      if (answer.base) field(box, "base").value = answer.base;
      if (answer.ok) {
        box.className = "entry " + answer.state + (answer.suggested ? " suggested" : "");
        box.querySelector(".state").textContent = answer.label;
        if (text.value === sent) text.value = answer.text; // the saved text, tidied (spaces, accents)
        if (draft && draft.checked === (data.get(draft.name) === "y")) draft.checked = answer.draft;
        remember(box, answer.text, draft ? answer.draft : null);
        button.textContent = form.getAttribute("data-save");
      } else if ("theirs" in answer) {
        remember(box, answer.theirs, box.savedDraft);
        button.textContent = form.getAttribute("data-save-mine");
      }
    }).catch(function () {
      say(box, "flash error", form.getAttribute("data-failed"));
    });
  }

  form.addEventListener("click", function (event) {
    var box = event.target.closest("li[data-entry]");
    if (!box) return;
    var button = event.target.closest('button[name="save"]'), keep = event.target.closest("a.keep-theirs");
    if (button) {
      event.preventDefault();
      save(box, button);
    } else if (keep) {
      event.preventDefault();
      field(box, "text").value = keep.getAttribute("data-theirs");
      field(box, "base").value = keep.getAttribute("data-base");
      remember(box, keep.getAttribute("data-theirs"), box.savedDraft);
      box.querySelector(".note-slot").innerHTML = "";
      box.querySelector('button[name="save"]').textContent = form.getAttribute("data-save");
    }
  });
  form.addEventListener("submit", function () { leaving = true; }); // "Save all changes"
  window.addEventListener("beforeunload", function (event) {
    if (leaving) return undefined;
    for (var i = 0; i < boxes.length; i++) {
      if (dirty(boxes[i])) {
        event.preventDefault();
        event.returnValue = form.getAttribute("data-unsaved");
        return event.returnValue;
      }
    }
    return undefined;
  });
})();
