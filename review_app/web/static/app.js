// Keyboard habits of CAT tools (Trados, memoQ, Pontoon) and the htmx settings the
// workspace relies on. Loaded as a file: the pages carry no inline script.
(function () {
  "use strict";

  // A conflict (409) and a validation error (422) come back as a row to show, not a failure.
  htmx.config.responseHandling = [
    { code: "204", swap: false },
    { code: "[23]..", swap: true },
    { code: "409", swap: true, error: false },
    { code: "422", swap: true, error: false },
    { code: "[45]..", swap: false, error: true },
    { code: "...", swap: false },
  ];
  // htmx would otherwise add a <style> element, which a strict CSP refuses.
  htmx.config.includeIndicatorStyles = false;

  // The statuses that still need the translator, as the server names them.
  function unconfirmed(row) {
    const table = row.closest("table");
    return table ? table.dataset.unconfirmed.split(" ") : [];
  }
  let advanceFrom = null; // id of the row whose confirmation should move focus onwards

  function rowOf(element) {
    return element.closest("tr.segment");
  }

  function sibling(row, step) {
    let next = step > 0 ? row.nextElementSibling : row.previousElementSibling;
    while (next && !next.matches("tr.segment")) {
      next = step > 0 ? next.nextElementSibling : next.previousElementSibling;
    }
    return next;
  }

  function focusRow(row) {
    const editor = row && row.querySelector("textarea[name=target]");
    if (editor) {
      editor.focus();
      editor.scrollIntoView({ block: "nearest" });
    }
  }

  function isDirty(editor) {
    return editor.value !== editor.defaultValue;
  }

  // Editors grow with their text, so a long segment is never read through a slot.
  function fit(editor) {
    editor.style.height = "auto";
    editor.style.height = editor.scrollHeight + 2 + "px";
  }

  htmx.onLoad(function (content) {
    const editors = content.matches && content.matches("textarea[name=target]")
      ? [content]
      : content.querySelectorAll("textarea[name=target]");
    editors.forEach(fit);
  });

  document.addEventListener("input", function (event) {
    const editor = event.target;
    if (!editor.matches("textarea[name=target]")) return;
    fit(editor);
    const row = rowOf(editor);
    if (row) row.classList.toggle("unsaved", isDirty(editor));
  });

  // Importing runs the aligner, which takes a few seconds: say so, and prevent a second submit.
  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!form.classList.contains("import-form")) return;
    const button = form.querySelector("button[type=submit]");
    if (button) {
      button.disabled = true;
      button.textContent = "Aligning…";
    }
  });

  function status(message) {
    const line = document.getElementById("status-line");
    if (line) line.textContent = message;
  }

  document.addEventListener("keydown", function (event) {
    const editor = event.target.closest && event.target.closest("textarea[name=target]");
    if (!editor) return;
    const row = rowOf(editor);
    const mod = event.ctrlKey || event.metaKey;
    if (mod && event.key.toLowerCase() === "s") {
      event.preventDefault();
      if (isDirty(editor)) htmx.trigger(editor.form, "save");
    } else if (mod && event.key === "Enter") {
      event.preventDefault();
      const confirm = editor.form.querySelector("button.confirm");
      if (confirm) {
        advanceFrom = row.id;
        confirm.click();
      }
    } else if (event.altKey && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      event.preventDefault();
      focusRow(sibling(row, event.key === "ArrowDown" ? 1 : -1));
    } else if (event.key === "Escape" && isDirty(editor)) {
      event.preventDefault();
      editor.value = editor.defaultValue;
      status("Unsaved changes discarded.");
    }
  });

  // Save on blur, unless focus went to a button that sends the text itself (Confirm):
  // two requests for one edit would race each other.
  document.addEventListener("focusout", function (event) {
    const editor = event.target;
    if (!editor.matches || !editor.matches("textarea[name=target]") || !isDirty(editor)) return;
    const next = event.relatedTarget;
    if (next && next.form === editor.form && next.hasAttribute("data-sends-text")) return;
    if (editor.isConnected) htmx.trigger(editor.form, "save");
  });

  // Fired on each element a swap put in; only the confirmed row's own settle moves focus,
  // not, say, a page of rows loading meanwhile.
  document.body.addEventListener("htmx:afterSettle", function (event) {
    if (!advanceFrom || event.target.id !== advanceFrom) return;
    const row = event.target;
    advanceFrom = null;
    if (!row || row.classList.contains("has-conflict")) {
      focusRow(row);
      return;
    }
    const waiting = unconfirmed(row);
    let next = sibling(row, 1);
    while (next && !waiting.includes(next.dataset.status)) next = sibling(next, 1);
    focusRow(next || sibling(row, 1) || row);
  });

  document.body.addEventListener("htmx:beforeRequest", function (event) {
    if (event.detail.requestConfig && event.detail.requestConfig.verb !== "get") status("Saving…");
  });
  document.body.addEventListener("htmx:afterRequest", function (event) {
    const xhr = event.detail.xhr;
    const message = xhr && xhr.getResponseHeader("X-Error-Message");
    if (message) {
      advanceFrom = null;
      status(decodeURIComponent(message) + " (" + xhr.status + ")");
    } else if (event.detail.successful) {
      status("");
    } else if (xhr && xhr.status >= 400) {
      advanceFrom = null;
      status("The server refused the request (" + xhr.status + "). Your text is still in the box.");
    }
  });
  document.body.addEventListener("htmx:sendError", function () {
    advanceFrom = null;
    status("Could not reach the server. Your text is still in the box; try again.");
  });
  // The "diff against machine draft" view is only a class on the table.
  document.addEventListener("change", function (event) {
    if (event.target.id === "show-diff") {
      const table = document.getElementById("segments");
      if (table) table.classList.toggle("show-diff", event.target.checked);
    }
  });

  // Add a glossary term from a selection in a Chinese source cell: a small button appears
  // next to the selection (or press Alt+T) and opens a prefilled form in the side panel.
  // Only tables whose page offers it (data-add-term-url: the user may edit the glossary).
  let termButton = null;
  let selectedTerm = null;

  function sourceSelection() {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
    const range = selection.getRangeAt(0);
    const start = range.startContainer.parentElement;
    const cell = start && start.closest("td.source");
    const table = cell && cell.closest("table[data-add-term-url]");
    if (!table || !cell.contains(range.endContainer)) return null;
    const text = selection.toString().trim();
    if (!text || text.length > 100) return null;
    return { text: text, url: table.dataset.addTermUrl, rect: range.getBoundingClientRect() };
  }

  function hideTermButton() {
    if (termButton) termButton.hidden = true;
    selectedTerm = null;
  }

  function openAddTerm(selected) {
    const url = selected.url + "?panel=1&source=" + encodeURIComponent(selected.text);
    hideTermButton();
    htmx.ajax("GET", url, { target: "#panel", swap: "outerHTML" });
  }

  document.addEventListener("selectionchange", function () {
    const selected = sourceSelection();
    if (!selected) {
      hideTermButton();
      return;
    }
    if (!termButton) {
      termButton = document.createElement("button");
      termButton.type = "button";
      termButton.className = "add-term-button";
      termButton.textContent = "Add term";
      // Keep the selection: a mousedown on the button would otherwise collapse it.
      termButton.addEventListener("mousedown", function (event) { event.preventDefault(); });
      termButton.addEventListener("click", function () {
        if (selectedTerm) openAddTerm(selectedTerm);
      });
      document.body.appendChild(termButton);
    }
    selectedTerm = selected;
    termButton.title = "Add “" + selected.text + "” to the glossary (Alt+T)";
    termButton.style.top = window.scrollY + selected.rect.bottom + 4 + "px";
    termButton.style.left = window.scrollX + selected.rect.left + "px";
    termButton.hidden = false;
  });

  document.addEventListener("keydown", function (event) {
    if (!event.altKey || event.key.toLowerCase() !== "t") return;
    const selected = sourceSelection();
    if (selected) {
      event.preventDefault();
      openAddTerm(selected);
    }
  });

  window.addEventListener("beforeunload", function (event) {
    const unsaved = Array.from(document.querySelectorAll("textarea[name=target]")).some(isDirty);
    if (unsaved) event.preventDefault();
  });
})();
