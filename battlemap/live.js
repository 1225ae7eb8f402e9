/* Served by `build.py serve` only (never written into site/): reload on rebuild, keep scroll. */
(function () {
  "use strict";
  var version = document.currentScript.getAttribute("data-version");
  var key = "battlemap-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    var restore = function () { window.scrollTo(0, parseFloat(saved) || 0); };
    restore();
    window.addEventListener("load", restore);
  }
  function connect() {
    var source = new EventSource("/__battlemap__/events");
    source.onmessage = function (event) {
      if (event.data !== version) {
        source.close();
        sessionStorage.setItem(key, String(window.scrollY));
        location.reload();
      }
    };
    source.onerror = function () {
      source.close();
      setTimeout(connect, 1000);  // the server restarted or the connection dropped
    };
  }
  connect();
})();
