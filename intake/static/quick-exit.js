/* Quick exit: the button, or Escape pressed twice, replaces this page in the history with an
   everyday site, so Back does not return here. Without JavaScript the link still leaves. */
(function () {
  "use strict";
  var link = document.getElementById("quick-exit");
  if (!link) { return; }
  var ESCAPE_WINDOW_MS = 1500;
  var lastEscape = 0;

  function leave(event) {
    if (event) { event.preventDefault(); }
    document.body.style.visibility = "hidden";  // nothing stays on screen while the next site loads
    document.title = "";
    window.location.replace(link.href);
  }

  link.addEventListener("click", leave);
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" && event.key !== "Esc") { return; }
    var now = Date.now();
    if (now - lastEscape <= ESCAPE_WINDOW_MS) {
      leave(event);
    } else {
      lastEscape = now;
    }
  });
})();
