// Wins and struggles: a tap on a response starter puts its words in the box it belongs to.
// Without this file the starters are examples to read; everything else works the same.
(function () {
  "use strict";

  function ready(root) {
    if (!root.querySelectorAll) return;
    root.querySelectorAll("[data-starter-for]").forEach(function (item) {
      if (item.classList.contains("starter-ready")) return;
      if (!document.getElementById(item.getAttribute("data-starter-for"))) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "starter";
      button.textContent = item.textContent;
      item.replaceChildren(button);
      item.classList.add("starter-ready");
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".starter");
    if (!button) return;
    var item = button.closest("[data-starter-for]");
    var box = item && document.getElementById(item.getAttribute("data-starter-for"));
    if (!box) return;
    var words = button.textContent;
    var before = box.value.replace(/\s+$/, "");
    box.value = before ? before + " " + words : words;
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
    box.dispatchEvent(new Event("input", { bubbles: true }));
  });

  document.addEventListener("htmx:load", function (event) {
    ready(event.target);
  });
  document.addEventListener("DOMContentLoaded", function () {
    ready(document);
  });
})();
