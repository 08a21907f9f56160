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

  // Feeling words: a tapped word goes into the feeling box at once (without this, the tap
  // sends the form back with the word added, and nothing is shared). Same rule as the server.
  document.addEventListener("click", function (event) {
    var chip = event.target.closest && event.target.closest("[data-pick]");
    if (!chip || !chip.form) return;
    var box = chip.form.querySelector("[name=feeling]");
    if (!box) return;
    event.preventDefault();
    var word = chip.getAttribute("data-pick");
    var current = box.value.trim();
    var parts = current.split(",").map(function (p) { return p.trim().toLowerCase(); });
    if (!current) box.value = word;
    else if (parts.indexOf(word.toLowerCase()) === -1) box.value = current + ", " + word;
    box.dispatchEvent(new Event("input", { bubbles: true }));
    box.focus();
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

  // htmx: a form sent back with its errors (422 and other 4xx) is swapped in like any answer
  // (see the htmx-config in base.html). Anything else that goes wrong leaves the page as it is,
  // with what the person wrote, and says so next to the form or link that was used.
  function alertNear(elt, nodes) {
    // Helpers that run by themselves (the listening hints as one types) fail quietly: the
    // form they sit in says what matters when it is sent.
    if (elt.closest && elt.closest("[data-quiet-errors]")) return;
    var next = elt.nextElementSibling;
    var box = next && next.hasAttribute("data-htmx-alert") ? next : document.createElement("div");
    box.className = "htmx-alert";
    box.setAttribute("role", "alert");
    box.setAttribute("data-htmx-alert", "");
    box.replaceChildren.apply(box, nodes);
    if (box !== next) elt.after(box);
  }
  function clearAlert(elt) {
    var next = elt.nextElementSibling;
    if (next && next.hasAttribute("data-htmx-alert")) next.remove();
  }
  function sentence(attribute) {
    var p = document.createElement("p");
    p.textContent = document.body.getAttribute(attribute) || "";
    return [p];
  }
  // An error page's card, its heading made a plain first line to sit beside a form.
  function errorNote(card) {
    var copy = document.importNode(card, true);
    copy.querySelectorAll("h1").forEach(function (heading) {
      var lead = document.createElement("p");
      lead.className = "htmx-alert__lead";
      lead.textContent = heading.textContent;
      heading.replaceWith(lead);
    });
    copy.querySelectorAll(".button").forEach(function (link) {
      link.classList.remove("button", "button--primary");
    });
    return Array.prototype.slice.call(copy.childNodes);
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    clearAlert(event.detail.elt);
  });
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (!xhr || !event.detail.shouldSwap) return;
    var elt = event.detail.requestConfig.elt;
    // Signed out meanwhile: the request ended on the sign-in page. Never swap that over a form.
    var signIn = document.body.getAttribute("data-sign-in");
    if (signIn && xhr.responseURL && new URL(xhr.responseURL).pathname === signIn) {
      event.detail.shouldSwap = false;
      alertNear(elt, sentence("data-signed-out"));
      return;
    }
    if (xhr.status < 400) return;
    if ((xhr.getResponseHeader("Content-Type") || "").indexOf("text/html") !== 0) {
      // A bare message: said next to the form or link, never swapped over it.
      event.detail.shouldSwap = false;
      var line = document.createElement("p");
      line.textContent = xhr.responseText || document.body.getAttribute("data-trouble") || "";
      alertNear(elt, [line]);
      return;
    }
    // Our own error pages (not found, forbidden, bad request) say what happened and offer a way
    // home; they too go next to the form, never over it.
    var page = new DOMParser().parseFromString(xhr.responseText, "text/html");
    var note = page.querySelector("[data-error-page]");
    if (!note) return;
    event.detail.shouldSwap = false;
    alertNear(elt, errorNote(note));
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var xhr = event.detail.xhr;
    if (!xhr || xhr.status < 400 || !event.target.querySelector) return;
    var invalid = event.target.querySelector('[aria-invalid="true"]');
    if (invalid) invalid.focus();
  });
  document.addEventListener("htmx:responseError", function (event) {
    alertNear(event.detail.elt, sentence("data-trouble"));
  });
  document.addEventListener("htmx:sendError", function (event) {
    alertNear(event.detail.elt, sentence("data-offline"));
  });

  // Back to a timer page (from the back-forward cache, or the browser's own cache): the talk
  // may have ended meanwhile, so ask the server rather than count down an old page.
  window.addEventListener("pageshow", function (event) {
    if (!document.querySelector("[data-timer]")) return;
    var entry = window.performance && performance.getEntriesByType ? performance.getEntriesByType("navigation")[0] : null;
    if (event.persisted || (entry && entry.type === "back_forward")) window.location.reload();
  });

  document.addEventListener("DOMContentLoaded", function () {
    guessTimeZone();
    startTimers();
    enhance(document);
  });
})();
