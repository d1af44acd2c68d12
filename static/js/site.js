// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  // Reader: with ?highlight= and no #p-N in the URL, bring the first mark into view.
  function scrollToFirstHighlight() {
    if (window.location.hash) return;
    var first = document.querySelector("[data-first-highlight]");
    if (first) first.scrollIntoView({ block: "center" });
  }

  // After htmx swaps in feedback, move focus to it so keyboard and screen-reader
  // users land on the result of their answer.
  // (An outerHTML swap replaces the target, so look the element up afresh.)
  document.addEventListener("htmx:afterSettle", function () {
    var target = document.querySelector("[data-focus-after-swap]");
    if (target) {
      if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
      target.focus();
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", scrollToFirstHighlight);
  } else {
    scrollToFirstHighlight();
  }
})();
