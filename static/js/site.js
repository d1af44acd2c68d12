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

  // An htmx request that fails would otherwise change nothing on the page. Say so
  // where the answer was going, and offer what fixes it. (An expired session is sent
  // to the login page by the server, with HX-Redirect.)
  var FAILURES = {
    network: {
      text: "Sourcewise could not be reached, so this was not saved. Check your connection, then try again.",
      retry: true
    },
    csrf: {
      text: "This page is out of date: you logged out or in again, perhaps in another tab. Reload the page, then answer again.",
      reload: true
    },
    login: {
      text: "You have been logged out. Log in again to carry on from this question.",
      login: true
    },
    busy: {
      text: "Sourcewise is busy, so this was not saved. Wait a few seconds, then try again.",
      retry: true
    },
    error: {
      text: "Something went wrong on our side, so this was not saved. Try again; if it keeps happening, reload the page.",
      retry: true,
      reload: true
    }
  };

  function failureKind(xhr) {
    if (!xhr || xhr.status === 0) return "network";
    if (xhr.status === 403) return "csrf";
    if (xhr.status === 401) return "login";
    if (xhr.status === 429 || xhr.status === 503 || xhr.status === 504) return "busy";
    return "error";
  }

  function actionButton(label, onClick) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button";
    button.textContent = label;
    button.addEventListener("click", onClick);
    return button;
  }

  function showFailure(event, kind) {
    var source = event.detail.elt;
    var area = event.detail.target || source;
    if (!area || !area.isConnected) return;
    var failure = FAILURES[kind];
    var old = area.querySelector("[data-htmx-failure]");
    if (old) old.remove();
    var box = document.createElement("div");
    box.className = "form-error htmx-failure";
    box.setAttribute("role", "alert");
    box.setAttribute("tabindex", "-1");
    box.setAttribute("data-htmx-failure", kind);
    var text = document.createElement("p");
    text.textContent = failure.text;
    box.appendChild(text);
    var actions = document.createElement("p");
    actions.className = "failure-actions";
    var form = source && (source.tagName === "FORM" ? source : source.closest("form"));
    if (failure.retry && form) {
      actions.appendChild(actionButton("Try again", function () {
        box.remove();
        if (form.requestSubmit) form.requestSubmit(); else htmx.trigger(form, "submit");
      }));
    }
    if (failure.reload) {
      actions.appendChild(actionButton("Reload the page", function () {
        window.location.reload();
      }));
    }
    if (failure.login) {
      var link = document.createElement("a");
      link.className = "button";
      link.textContent = "Log in again";
      link.href = "/accounts/login/?next=" + encodeURIComponent(window.location.pathname);
      actions.appendChild(link);
    }
    box.appendChild(actions);
    area.insertBefore(box, area.firstChild);
    box.focus();
  }

  document.addEventListener("htmx:responseError", function (event) {
    showFailure(event, failureKind(event.detail.xhr));
  });
  document.addEventListener("htmx:sendError", function (event) {
    showFailure(event, "network");
  });
  document.addEventListener("htmx:timeout", function (event) {
    showFailure(event, "network");
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", scrollToFirstHighlight);
  } else {
    scrollToFirstHighlight();
  }
})();
