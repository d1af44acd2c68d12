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
  document.addEventListener("htmx:afterSettle", function (event) {
    // The source panel moves focus itself (below).
    if (inSourceSheet(event.detail && event.detail.target)) return;
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

  // ---------------------------------------------------------------------------
  // The question page: the source beside the question, question-number navigation
  // as one tab stop, passages picked with the keyboard, ordering by drag and drop
  // or Move up / Move down.

  function inSourceSheet(element) {
    return !!(element && element.closest && element.closest("#source-sheet"));
  }

  // "Read it in the source" loads the passage into the panel (htmx); without
  // JavaScript the same link opens the article page.
  var sourceOpener = null;

  function openSourceSheet() {
    var sheet = document.getElementById("source-sheet");
    if (!sheet) return;
    sheet.hidden = false;
    document.body.classList.add("source-open");
    var title = document.getElementById("source-sheet-title");
    if (title) title.focus({ preventScroll: true });
    // Bring the cited passage into the panel's view (not the page's).
    var cited = sheet.querySelector(".is-cited");
    var bar = sheet.querySelector(".source-sheet-bar");
    sheet.scrollTop = cited ? Math.max(0, cited.offsetTop - (bar ? bar.offsetHeight : 0) - 8) : 0;
  }

  function closeSourceSheet() {
    var sheet = document.getElementById("source-sheet");
    if (!sheet || sheet.hidden) return;
    sheet.hidden = true;
    document.body.classList.remove("source-open");
    var body = document.getElementById("source-sheet-body");
    if (body) body.textContent = "";
    if (sourceOpener && sourceOpener.isConnected) sourceOpener.focus();
    sourceOpener = null;
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (elt && elt.hasAttribute && elt.hasAttribute("data-source-link")) sourceOpener = elt;
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (target && target.id === "source-sheet-body") openSourceSheet();
  });
  document.addEventListener("htmx:responseError", function (event) {
    if (event.detail.target && event.detail.target.id === "source-sheet-body") openSourceSheet();
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-source-close]")) closeSourceSheet();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") closeSourceSheet();
  });

  // Question numbers: one tab stop; arrow keys move between numbers, Enter opens.
  function rovingLinks(list) {
    return Array.prototype.slice.call(list.querySelectorAll("a"));
  }

  function setUpRoving(list) {
    var links = rovingLinks(list);
    if (!links.length) return;
    var active = links.filter(function (a) { return a.tabIndex === 0 && a.hasAttribute("data-roving-active"); })[0] ||
      links.filter(function (a) { return a.getAttribute("aria-current"); })[0] || links[0];
    links.forEach(function (a) {
      a.tabIndex = a === active ? 0 : -1;
      if (a === active) a.setAttribute("data-roving-active", ""); else a.removeAttribute("data-roving-active");
    });
    if (list.hasAttribute("data-roving-ready")) return;
    list.setAttribute("data-roving-ready", "");
    list.addEventListener("keydown", function (event) {
      var links = rovingLinks(list);
      var index = links.indexOf(document.activeElement);
      if (index === -1) return;
      var next = null;
      if (event.key === "ArrowRight" || event.key === "ArrowDown") next = links[Math.min(index + 1, links.length - 1)];
      else if (event.key === "ArrowLeft" || event.key === "ArrowUp") next = links[Math.max(index - 1, 0)];
      else if (event.key === "Home") next = links[0];
      else if (event.key === "End") next = links[links.length - 1];
      if (!next) return;
      event.preventDefault();
      links.forEach(function (a) { a.tabIndex = -1; a.removeAttribute("data-roving-active"); });
      next.tabIndex = 0;
      next.setAttribute("data-roving-active", "");
      next.focus();
    });
  }

  // Find the evidence: Enter on a passage chooses it (it does not send the form);
  // arrow keys and Space work as for any radio group.
  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (event.key !== "Enter" || !input || input.type !== "radio") return;
    if (!input.closest("[data-evidence]")) return;
    event.preventDefault();
    if (!input.checked) {
      input.checked = true;
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });

  // Ordering: the place selects stay (and work alone, without JavaScript); with it,
  // rows can also be dragged (SortableJS, vendored in static/vendor/) or moved with
  // buttons, and the selects follow the rows' order.
  function orderingRows(list) {
    return Array.prototype.slice.call(list.children).filter(function (el) {
      return el.classList.contains("place-row");
    });
  }

  function rowText(row) {
    var label = row.querySelector("label");
    return label ? label.textContent.trim() : "";
  }

  // Every row gets its place from the rows' order; the server's marks on rows (no
  // place, a place used twice) no longer apply once the order is complete.
  function renumber(list) {
    orderingRows(list).forEach(function (row, i) {
      var select = row.querySelector("select");
      if (select) {
        select.value = String(i + 1);
        select.removeAttribute("aria-invalid");
        select.removeAttribute("aria-describedby");
      }
      row.classList.remove("has-error");
      var stale = row.querySelector(".row-error");
      if (stale) stale.remove();
    });
  }

  function announce(fieldset, row) {
    var status = fieldset.querySelector("[data-ordering-status]");
    var rows = orderingRows(fieldset.querySelector(".place-list"));
    if (status) status.textContent = rowText(row) + ": place " + (rows.indexOf(row) + 1) + " of " + rows.length + ".";
  }

  function moveRow(fieldset, row, index, focusAfter) {
    var list = fieldset.querySelector(".place-list");
    var rows = orderingRows(list);
    var from = rows.indexOf(row);
    index = Math.max(0, Math.min(index, rows.length - 1));
    if (index !== from) {
      list.removeChild(row);
      var rest = orderingRows(list);
      if (index >= rest.length) list.appendChild(row); else list.insertBefore(row, rest[index]);
    }
    renumber(list);
    announce(fieldset, row);
    if (focusAfter) focusAfter.focus();
  }

  function enhanceOrdering(fieldset) {
    if (fieldset.hasAttribute("data-ordering-ready")) return;
    fieldset.setAttribute("data-ordering-ready", "");
    fieldset.classList.add("ordering-enhanced");
    var list = fieldset.querySelector(".place-list");
    var help = fieldset.querySelector(".ordering-help");
    if (help) help.hidden = false;
    var rows = orderingRows(list);
    var values = rows.map(function (row) {
      var select = row.querySelector("select");
      return select ? parseInt(select.value, 10) : NaN;
    });
    var complete = values.slice().sort(function (a, b) { return a - b; })
      .every(function (v, i) { return v === i + 1; });
    if (complete) {
      // Shown again (an error elsewhere): put the rows in the order already given.
      rows.slice().sort(function (a, b) {
        return values[rows.indexOf(a)] - values[rows.indexOf(b)];
      }).forEach(function (row) { list.appendChild(row); });
    }
    rows.forEach(function (row) {
      var text = rowText(row);
      var moves = document.createElement("span");
      moves.className = "place-moves";
      [["up", "Move up", -1], ["down", "Move down", 1]].forEach(function (spec) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "move-button move-" + spec[0];
        button.setAttribute("data-move", spec[0]);
        var visible = document.createElement("span");
        visible.setAttribute("aria-hidden", "true");
        visible.textContent = spec[0] === "up" ? "↑" : "↓";
        var label = document.createElement("span");
        label.className = "visually-hidden";
        label.textContent = spec[1] + ": " + text;
        button.appendChild(visible);
        button.appendChild(label);
        button.title = spec[1];
        button.addEventListener("click", function () {
          var index = orderingRows(list).indexOf(row) + spec[2];
          moveRow(fieldset, row, index, button);
        });
        moves.appendChild(button);
      });
      var handle = document.createElement("span");
      handle.className = "drag-handle";
      handle.setAttribute("aria-hidden", "true");
      handle.textContent = "⠿";
      row.insertBefore(handle, row.firstChild);
      row.appendChild(moves);
      var select = row.querySelector("select");
      if (select) {
        select.addEventListener("change", function () {
          var place = parseInt(select.value, 10);
          if (!place) return;
          // Trade places with the event that had this place.
          var current = orderingRows(list);
          var other = current[place - 1];
          if (other && other !== row) {
            var marker = document.createElement("li");
            list.replaceChild(marker, other);
            list.replaceChild(other, row);
            list.replaceChild(row, marker);
          }
          renumber(list);
          announce(fieldset, row);
          select.focus();
        });
      }
    });
    if (window.Sortable) {
      window.Sortable.create(list, {
        animation: 120,
        draggable: ".place-row",
        handle: ".drag-handle",  // the rest of the row scrolls the page on a phone
        forceFallback: true,  // pointer events, the same with a mouse and a finger
        ghostClass: "place-row-ghost",
        chosenClass: "place-row-chosen",
        onEnd: function (event) {
          renumber(list);
          announce(fieldset, event.item);
        }
      });
    }
  }

  // Idempotent: each list and fieldset is set up once, whatever swapped it in (an
  // outerHTML swap leaves the event's target detached, so look in the document).
  function enhance() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-roving]"), setUpRoving);
    Array.prototype.forEach.call(document.querySelectorAll("[data-ordering]"), enhanceOrdering);
  }

  document.addEventListener("htmx:afterSettle", enhance);

  function ready() {
    scrollToFirstHighlight();
    enhance();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
