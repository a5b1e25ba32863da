/* On the login page: whoever logged out or was sent here, the phone keeps no copy of the
   workspace's tally page (static/trainer/tally-sw.js). The entries still waiting to be sent
   stay: they are counts, and they are sent by the next person who logs in on this phone. */
(function () {
  "use strict";
  if (window.caches) window.caches.delete("tally-v1");
})();
