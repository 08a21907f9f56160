// Nearer: small progressive enhancements. Everything works without this file.
(function () {
  "use strict";

  // Quick exit: leave at once and replace this page in history.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-quick-exit]");
    if (!link) return;
    event.preventDefault();
    window.location.replace(link.href);
  });

  // Invitation link: select it all on focus so it is easy to copy.
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("[data-select-on-focus]")) {
      event.target.select();
    }
  });

  // Sign-up: preselect the browser's time zone if the person has not chosen one.
  function guessTimeZone() {
    var select = document.querySelector("select[name=time_zone]");
    if (!select || select.value !== "UTC" || !window.Intl) return;
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && select.querySelector('option[value="' + zone + '"]')) select.value = zone;
  }

  // Soul talk timer: a quiet countdown to the end time given by the server.
  function startTimers() {
    document.querySelectorAll("[data-timer]").forEach(function (timer) {
      var ends = Date.parse(timer.getAttribute("data-ends-at"));
      var out = timer.querySelector("[data-timer-remaining]");
      if (isNaN(ends) || !out) return;
      timer.classList.add("timer--running");
      function tick() {
        var left = Math.max(0, Math.round((ends - Date.now()) / 1000));
        var minutes = Math.floor(left / 60);
        var seconds = String(left % 60).padStart(2, "0");
        if (left === 0) {
          out.textContent = timer.getAttribute("data-done-text") || "Time’s up — finish your thought.";
          timer.classList.add("timer--done");
          timer.classList.remove("timer--running");
          return;
        }
        out.textContent = minutes + ":" + seconds;
        window.setTimeout(tick, 1000);
      }
      tick();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    guessTimeZone();
    startTimers();
  });
})();
