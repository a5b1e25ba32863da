/* The translation memory's "Copy into the box" buttons: shown only when this script runs
   (without it, the suggestion's text is on the page to select and copy). */
(function () {
  "use strict";
  var buttons = document.querySelectorAll("button.copy[data-copy-to]");
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].hidden = false;
    buttons[i].addEventListener("click", function (event) {
      var button = event.currentTarget, box = document.getElementById(button.getAttribute("data-copy-to"));
      if (!box) return;
      box.value = button.getAttribute("data-text");
      box.dispatchEvent(new Event("input", { bubbles: true }));
      box.focus();
    });
  }
})();
