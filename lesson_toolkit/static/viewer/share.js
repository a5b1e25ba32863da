/* "Share" (templates/viewer/share.html): the phone's share sheet where there is one (Web Share
   API: Zalo, Messenger… are offered by the phone itself), else the address is copied. Without
   this file the box simply opens and shows the address. No third-party script. */
(function () {
  "use strict";
  var box = document.querySelector("details.share");
  if (!box) return;
  var input = box.querySelector("input");
  var status = box.querySelector("[role=status]");
  // a pack on a hotspot knows no public address: share the one it was opened at
  if (!input.value && /^https?:$/.test(location.protocol)) {
    input.value = location.href.split("#")[0];
    box.hidden = false;
  }
  if (!input.value) return;

  function copy() {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(input.value);
    return new Promise(function (resolve, reject) {  // plain http on a village network
      input.select();
      try { if (document.execCommand("copy")) { resolve(); return; } } catch (e) { /* refused */ }
      reject(new Error("copy"));
    });
  }

  box.querySelector("summary").addEventListener("click", function (event) {
    if (!navigator.share) return;  // the box opens; "toggle" copies
    event.preventDefault();
    navigator.share({ title: box.getAttribute("data-title"), url: input.value }).catch(function (error) {
      if (!error || error.name !== "AbortError") box.open = true;  // AbortError: the person changed their mind
    });
  });

  box.addEventListener("toggle", function () {
    if (!box.open) return;
    status.textContent = "";
    copy().then(function () {
      status.textContent = box.getAttribute("data-copied");
    }, function () {
      input.select();
      status.textContent = box.getAttribute("data-failed");
    });
  });
})();
