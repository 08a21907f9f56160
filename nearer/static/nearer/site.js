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

  // Boxes with a length limit: a live count of what is left, and a clear word when a paste is
  // cut to fit. The limit itself is in the page already ("Up to N characters").
  var numbers = window.Intl ? new Intl.NumberFormat(document.documentElement.lang || undefined) : null;
  function withNumber(template, n) {
    return (template || "").replace("{n}", numbers ? numbers.format(n) : String(n));
  }

  function watchLimit(hint) {
    if (hint.hasAttribute("data-limit-ready")) return;
    var box = document.getElementById(hint.getAttribute("data-limit-for"));
    var max = box ? parseInt(box.getAttribute("maxlength"), 10) : NaN;
    if (!box || !(max > 0)) return;
    hint.setAttribute("data-limit-ready", "");
    var near = Math.max(10, Math.floor(max / 10));
    var count = document.createElement("span");
    count.className = "field__count";
    hint.appendChild(document.createTextNode(" "));
    hint.appendChild(count);
    // Read out only near the limit, once typing pauses: not a number at every key.
    var spoken = document.createElement("span");
    spoken.className = "visually-hidden";
    spoken.setAttribute("aria-live", "polite");
    var notice = document.createElement("p");
    notice.className = "field__notice";
    notice.setAttribute("role", "status");
    hint.after(spoken, notice);
    var pause = null;

    function left() {
      return max - box.value.length;
    }
    function describe(n) {
      return n < 0 ? withNumber(hint.getAttribute("data-over"), -n) : withNumber(hint.getAttribute("data-left"), n);
    }
    function update() {
      var n = left();
      count.textContent = describe(n);
      hint.classList.toggle("field__limit--near", n <= near);
      window.clearTimeout(pause);
      pause = window.setTimeout(function () {
        var now = left();
        spoken.textContent = now > near ? "" : now < 0 ? describe(now) : withNumber(hint.getAttribute("data-near"), now);
      }, 1200);
    }

    box.addEventListener("input", update);
    box.addEventListener("paste", function (event) {
      var pasted = event.clipboardData ? event.clipboardData.getData("text") : "";
      if (!pasted) return;
      pasted = pasted.replace(/\r\n?/g, "\n");
      if (box.tagName !== "TEXTAREA") pasted = pasted.replace(/\n/g, "");
      var before = box.value.length - Math.abs((box.selectionEnd || 0) - (box.selectionStart || 0));
      // The browser has cut the paste to fit by the time this runs.
      window.setTimeout(function () {
        var kept = Math.max(0, box.value.length - before);
        if (kept >= pasted.length) {
          notice.textContent = "";
        } else if (kept > 0) {
          notice.textContent = withNumber(hint.getAttribute("data-cut"), kept);
        } else {
          notice.textContent = hint.getAttribute("data-full");
        }
        update();
      }, 0);
    });
    update();
  }

  function enhance(root) {
    if (!root.querySelectorAll) return;
    if (root.matches && root.matches("[data-limit-for]")) watchLimit(root);
    root.querySelectorAll("[data-limit-for]").forEach(watchLimit);
  }

  // New content from htmx (a form sent back with its errors, say) gets the same care.
  document.addEventListener("htmx:load", function (event) {
    enhance(event.target);
  });

  document.addEventListener("DOMContentLoaded", function () {
    guessTimeZone();
    startTimers();
    enhance(document);
  });
})();
