/* The worksheet's "Print" button (no inline script: the Content-Security-Policy runs none). */
(function () {
  "use strict";
  var buttons = document.querySelectorAll("button.print");
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].addEventListener("click", function () { window.print(); });
  }
})();
