// The workspace grid: read-only rows and one active editor, pages of rows loaded and dropped
// as you scroll, and the keyboard habits of CAT tools (Trados, memoQ, MateCat). Loaded as a
// file: the pages carry no inline script.
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
  // Nor may it copy an old element's style attribute onto its swapped-in twin (an editor's
  // height, set by fit): a style attribute set from script is an inline style to the CSP too.
  htmx.config.attributesToSettle = ["class", "width", "height"];

  const ROW = "tr.segment";
  const EDITOR = "textarea[name=target]";
  // Rows kept in the page at most (four pages of 50): beyond, the pages farthest from the
  // viewport go, so style and layout work per keystroke does not grow with scrolling.
  const MAX_ROWS = 200;

  let advance = null; // { id, step, unconfirmed }: where focus goes once a row has answered
  let opening = null; // id of the row whose editor was asked for last, until it arrives
  const readOnly = new Map(); // row id → its read-only <tr>, put back when nothing changed
  const handled = new WeakSet(); // requests whose settle was handled (one event per element)
  let typedWhileSaving = null; // { id, sent }: Ctrl+S in flight; typing meanwhile is kept

  function grid() {
    return document.getElementById("segments");
  }

  // The grid's filter as a query string ("?status=…&q=…"), or "" off the workspace.
  function filterQuery() {
    const table = grid();
    return table ? new URL(table.dataset.rowsUrl, window.location.href).search : "";
  }

  function rowOf(element) {
    return element && element.closest ? element.closest(ROW) : null;
  }

  function editorOf(row) {
    return row ? row.querySelector(EDITOR) : null;
  }

  function sibling(row, step) {
    let next = step > 0 ? row.nextElementSibling : row.previousElementSibling;
    while (next && !next.matches(ROW)) {
      next = step > 0 ? next.nextElementSibling : next.previousElementSibling;
    }
    return next;
  }

  // Whether a row is the active editor. Not its "editing" class: htmx gives a swapped-in
  // row the old row's classes until it settles (attributesToSettle).
  function isOpen(row) {
    return Boolean(editorOf(row));
  }

  function isDirty(editor) {
    return editor.value !== editor.defaultValue;
  }

  // The page carries the messages below in its language (base.html), by their English text.
  const MESSAGES = JSON.parse(document.body.dataset.messages || "{}");

  function t(message, values) {
    let text = MESSAGES[message] || message;
    for (const name in values || {}) text = text.replace("%(" + name + ")s", values[name]);
    return text;
  }

  function status(message) {
    const line = document.getElementById("status-line");
    if (line) line.textContent = message;
  }

  // The editor grows with its text, so a long segment is never read through a slot.
  function fit(editor) {
    editor.style.height = "auto";
    editor.style.height = editor.scrollHeight + 2 + "px";
  }

  function focusEditor(row, caretAtEnd) {
    const editor = editorOf(row);
    if (!editor) {
      if (row) row.focus({ preventScroll: true });
      return;
    }
    fit(editor);
    editor.focus({ preventScroll: true });
    if (caretAtEnd) editor.setSelectionRange(editor.value.length, editor.value.length);
    row.scrollIntoView({ block: "nearest" });
  }

  // Open a row's editor: the server sends the same row with its controls. The row holds
  // the focus meanwhile (htmx moves it to the new row of the same id), never <body>. Each
  // request names its row as its source: htmx drops a request while another from the same
  // element (by default <body>) is in flight.
  function openEditor(row) {
    if (!row) return Promise.resolve();
    if (isOpen(row)) {
      focusEditor(row, false);
      return Promise.resolve();
    }
    closeOthers(row.id);
    row.focus({ preventScroll: true });
    row.scrollIntoView({ block: "nearest" });
    readOnly.set(row.id, row);
    opening = row.id;
    return htmx
      .ajax("GET", row.dataset.editUrl, { source: row, target: row, swap: "outerHTML" })
      .then(function () {
        // A swap still settling may have brought back another editor: one at a time.
        closeOthers(row.id);
        const asked = opening === row.id;
        if (asked) opening = null;
        const opened = document.getElementById(row.id);
        if (opened && (rowOf(document.activeElement) === opened || (asked && !busyElsewhere()))) {
          focusEditor(opened, true);
        }
        if (opened && isOpen(opened)) openPane(opened);
      });
  }

  // The side pane follows the active editor: terms, QA issues, comments and history of its
  // segment, loaded once per segment (it reloads itself on "segmentChanged").
  // The pane's load for the editor just opened: a form asked for meanwhile (Alt+T) waits for
  // it, or the late pane would replace the form.
  let paneLoading = Promise.resolve();

  function pane() {
    return document.getElementById("panel");
  }

  function openPane(row) {
    const details = row.querySelector("a.details");
    const current = pane();
    if (!details || !current || !grid()) return;
    if (current.dataset.segmentId === row.dataset.segmentId && !current.hidden) return;
    paneLoading = htmx.ajax("GET", details.getAttribute("hx-get"), {
      source: current,
      target: current,
      swap: "outerHTML",
    });
  }

  // The pane reloads itself when a save says "segmentChanged". If that reload is in flight as
  // the next editor arrives, the editor's pane load (from the same element) is dropped by
  // htmx: once a segment's details settle, they catch up with the editor open now. A form in
  // the pane (a term to add) is left alone.
  function followOpenEditor() {
    const current = pane();
    const editor = document.querySelector(ROW + " " + EDITOR);
    if (editor && current && current.hasAttribute("data-follows-editor")) openPane(rowOf(editor));
  }

  function closePane() {
    const current = pane();
    if (current && grid()) current.hidden = true;
  }

  // Alt+1…9 and the pane's insert buttons: the n-th [data-insert] of the pane, in DOM order,
  // numbered here so that sections loaded later (TM matches) join the same count.
  function numberInserts(root) {
    const current = pane();
    if (!current || !(root === current || current.contains(root) || root.contains(current))) {
      return;
    }
    current.querySelectorAll("[data-insert]").forEach(function (element, index) {
      const key = element.querySelector(".insert-key");
      // A TM match holds its Insert button: the key belongs to the button.
      const control = element.matches("button") ? element : element.querySelector("button") || element;
      if (index > 8) {
        control.removeAttribute("aria-keyshortcuts");
        if (key) key.hidden = true;
        return;
      }
      control.setAttribute("aria-keyshortcuts", "Alt+" + (index + 1));
      if (key) {
        key.textContent = "Alt+" + (index + 1);
        key.hidden = false;
      }
    });
  }

  function insertText(editor, text) {
    editor.focus({ preventScroll: true });
    editor.setRangeText(text, editor.selectionStart, editor.selectionEnd, "end");
    editor.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function insertNth(editor, n) {
    const current = pane();
    const row = rowOf(editor);
    if (!current || current.hidden || current.dataset.segmentId !== row.dataset.segmentId) {
      return false;
    }
    const choice = current.querySelectorAll("[data-insert]")[n - 1];
    if (!choice) return false;
    insertText(editor, choice.dataset.insert);
    return true;
  }

  document.addEventListener("mousedown", function (event) {
    // The editor keeps the focus (and its selection) when an insert button is pressed.
    if (event.target.closest && event.target.closest("#panel [data-insert]")) {
      event.preventDefault();
    }
  });

  document.addEventListener("click", function (event) {
    const choice = event.target.closest && event.target.closest("#panel [data-insert]");
    if (!choice) return;
    const row = document.getElementById("seg-" + pane().dataset.segmentId);
    if (!row) return;
    const editor = editorOf(row);
    if (editor) {
      insertText(editor, choice.dataset.insert);
      return;
    }
    openEditor(row).then(function () {
      const opened = editorOf(document.getElementById(row.id));
      if (opened) insertText(opened, choice.dataset.insert);
    });
  });

  // Esc in the pane closes it and gives the focus back to the segment it was about; in the
  // concordance it only gives the focus back to the editor, the results staying in view.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || event.defaultPrevented) return;
    const current = pane();
    if (!current || !grid() || !current.contains(event.target)) return;
    if (event.target.closest("details.reject")) return;
    event.preventDefault();
    const editor = document.querySelector(ROW + " " + EDITOR);
    if (editor && event.target.closest(".pane-concordance")) {
      focusEditor(rowOf(editor), false);
      return;
    }
    closePane();
    const row = document.getElementById("seg-" + current.dataset.segmentId);
    if (row) focusEditor(row, false);
  });

  // Ctrl+K: the concordance of the text selected in the active row (its source, its editor or
  // its English), in the Chinese source when the text is Chinese or from the source, else in
  // the English; with nothing selected, its search box takes the focus.
  function concordanceSelection(editor) {
    const row = rowOf(editor);
    let text = "";
    let fromSource = false;
    if (document.activeElement === editor) {
      text = editor.value.slice(editor.selectionStart, editor.selectionEnd);
    }
    if (!text.trim()) {
      const selection = window.getSelection();
      const range = selection && selection.rangeCount ? selection.getRangeAt(0) : null;
      const start = range && range.startContainer.parentElement;
      const cell = start && start.closest("td.source, td.target");
      if (cell && rowOf(cell) === row && cell.contains(range.endContainer)) {
        text = selection.toString();
        fromSource = cell.matches("td.source");
      }
    }
    text = text.trim().slice(0, 200);
    if (!text) return null;
    const chinese = fromSource || /\p{Script=Han}/u.test(text);
    return { text: text, side: chinese ? "source" : "target" };
  }

  function openConcordance(row, selected) {
    openPane(row);
    paneLoading.then(function () {
      const section = document.querySelector("#panel .pane-concordance");
      if (!section) return;
      section.hidden = false;
      const form = section.querySelector("form");
      const field = form.querySelector("input[name=q]");
      if (!selected) {
        field.value = "";
        field.focus();
        return;
      }
      field.value = selected.text;
      form.querySelector("select[name=side]").value = selected.side;
      htmx.trigger(form, "submit");
    });
  }

  document.addEventListener("keydown", function (event) {
    const mod = event.ctrlKey || event.metaKey;
    if (!mod || event.altKey || event.shiftKey || event.key.toLowerCase() !== "k" || !grid()) return;
    const editor = document.querySelector(ROW + " " + EDITOR);
    if (!editor || (event.target.closest && event.target.closest("dialog"))) return;
    event.preventDefault();
    openConcordance(rowOf(editor), concordanceSelection(editor));
  });

  // Editors re-fit their height when the grid's width changes (a window resized, the pane
  // opened as a drawer or beside the grid).
  if (window.ResizeObserver && grid()) {
    let width = 0;
    new ResizeObserver(function (entries) {
      const now = entries[0].contentRect.width;
      if (now === width) return;
      width = now;
      document.querySelectorAll(ROW + " " + EDITOR).forEach(fit);
    }).observe(grid());
  }

  // Whether the person is at work somewhere else than the rows (a dialog, another editor):
  // an answer arriving late must not take the focus from there. A read-only row or <body>
  // holding the focus (a neighbour's late answer may have put it there) is not at work.
  function busyElsewhere() {
    const active = document.activeElement;
    if (!active || active === document.body) return false;
    if (active.closest("dialog")) return true;
    const row = rowOf(active);
    return row ? isOpen(row) : true;
  }

  function closeOthers(id) {
    document.querySelectorAll(ROW + " " + EDITOR).forEach(function (editor) {
      const other = rowOf(editor);
      if (other.id !== id) closeEditor(other, false);
    });
  }

  // Leave a row's editor: save what was typed (the answer is the read-only row), or put the
  // read-only row back at once when nothing changed.
  function closeEditor(row, refocus) {
    const editor = editorOf(row);
    if (!editor || row.dataset.closing) return Promise.resolve();
    if (isDirty(editor)) {
      row.dataset.closing = "1";
      readOnly.delete(row.id);
      return htmx.ajax("POST", editor.form.getAttribute("hx-post"), {
        source: editor.form,
        target: row,
        swap: "outerHTML",
      });
    }
    const before = readOnly.get(row.id);
    readOnly.delete(row.id);
    const hadFocus = row.contains(document.activeElement);
    if (before && before.dataset.version === row.dataset.version) {
      row.replaceWith(before);
      if (refocus || hadFocus) before.focus({ preventScroll: true });
      return Promise.resolve();
    }
    row.dataset.closing = "1";
    return htmx.ajax("GET", row.dataset.showUrl, { source: row, target: row, swap: "outerHTML" });
  }

  function closeActive() {
    const editor = document.querySelector(ROW + " " + EDITOR);
    return editor ? closeEditor(rowOf(editor), false) : Promise.resolve();
  }

  htmx.onLoad(function (content) {
    numberInserts(content);
    const editors = content.matches && content.matches(EDITOR)
      ? [content]
      : content.querySelectorAll(EDITOR);
    editors.forEach(fit);
  });

  document.addEventListener("input", function (event) {
    const editor = event.target;
    if (!editor.matches(EDITOR)) return;
    fit(editor);
    const row = rowOf(editor);
    if (row) row.classList.toggle("unsaved", isDirty(editor));
  });

  // A click on a read-only row opens it, unless it ends a text selection (Alt+T) or lands
  // on a link or button of its own.
  document.addEventListener("click", function (event) {
    const row = rowOf(event.target);
    if (!row || isOpen(row) || !grid() || !grid().contains(row)) return;
    const selection = window.getSelection();
    if (selection && !selection.isCollapsed) return;
    const control = event.target.closest("a, button");
    if (control && !control.closest("th.num")) return;
    event.preventDefault();
    openEditor(row);
  });

  // Leaving the active row saves it, unless focus only went to the window's background, to a
  // dialog of the workspace (go to, keys) or to the pane's concordance (Ctrl+K), which give
  // it back (Esc).
  const KEEPS_EDITOR = "dialog, #panel .pane-concordance";
  document.addEventListener("focusout", function (event) {
    const row = rowOf(event.target);
    if (!row || !isOpen(row)) return;
    const next = event.relatedTarget;
    if (next && (row.contains(next) || next.closest(KEEPS_EDITOR))) return;
    Promise.resolve().then(function () {
      if (!row.isConnected || !isOpen(row)) return;
      if (row.contains(document.activeElement) || !document.hasFocus()) return;
      if (document.activeElement && document.activeElement.closest(KEEPS_EDITOR)) return;
      closeEditor(row, false);
    });
  });

  function copySource(row, editor) {
    const source = row.querySelector("td.source");
    editor.value = source ? source.textContent : editor.value;
    editor.setSelectionRange(editor.value.length, editor.value.length);
    fit(editor);
    row.classList.toggle("unsaved", isDirty(editor));
  }

  // Keys send their request themselves rather than click a button: a row just swapped in
  // may not be processed by htmx yet, and its button would submit the page instead.
  function post(row, form, url) {
    return htmx.ajax("POST", url, { source: form, target: row, swap: "outerHTML" });
  }

  function onEditorKey(event, row, editor) {
    const mod = event.ctrlKey || event.metaKey;
    const key = event.key.toLowerCase();
    if (mod && event.altKey && key === "a") {
      const approve = row.querySelector("button.approve");
      if (approve) {
        event.preventDefault();
        post(row, approve.form, approve.form.getAttribute("hx-post"));
      }
    } else if (mod && event.altKey && key === "r") {
      const reject = row.querySelector("details.reject");
      if (reject) {
        event.preventDefault();
        reject.open = true;
        reject.querySelector("textarea[name=comment]").focus();
      }
    } else if (mod && key === "s") {
      event.preventDefault();
      if (!isDirty(editor)) return;
      const field = editor.form.querySelector("input[name=editing]");
      field.value = "1";
      typedWhileSaving = { id: row.id, sent: editor.value };
      post(row, editor.form, editor.form.getAttribute("hx-post"));
      field.value = "";
    } else if (mod && event.key === "Enter") {
      event.preventDefault();
      const confirm = editor.form.querySelector("button.confirm");
      if (confirm) {
        // The server answers with the next unconfirmed segment of the grid's filter.
        advance = { id: row.id, step: 1, unconfirmed: true };
        readOnly.delete(row.id);
        post(row, editor.form, confirm.getAttribute("hx-post") + filterQuery());
      }
    } else if (mod && event.shiftKey && event.key === "Insert") {
      event.preventDefault();
      copySource(row, editor);
    } else if (event.altKey && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      event.preventDefault();
      const next = sibling(row, event.key === "ArrowDown" ? 1 : -1);
      if (next) openEditor(next);
    } else if (event.altKey && !mod && /^Digit[1-9]$/.test(event.code)) {
      if (insertNth(editor, Number(event.code.slice(5)))) event.preventDefault();
    } else if (event.key === "Escape") {
      event.preventDefault();
      if (isDirty(editor)) {
        editor.value = editor.defaultValue;
        status(t("Unsaved changes discarded."));
      }
      row.classList.remove("unsaved");
      closePane();
      closeEditor(row, true);
    }
  }

  function onRowKey(event, row) {
    if (event.key === "Enter") {
      event.preventDefault();
      openEditor(row);
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      const next = sibling(row, event.key === "ArrowDown" ? 1 : -1);
      if (next) {
        event.preventDefault();
        next.focus();
      }
    } else if (event.key === "Escape") {
      closePanel(row);
    }
  }

  function closePanel(row) {
    const panel = document.getElementById("panel");
    if (panel && !panel.hidden && grid()) {
      panel.hidden = true;
      if (row) row.focus();
    }
  }

  function typingIn(element) {
    return element && element.matches && element.matches("textarea, input, select");
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented) return;
    const mod = event.ctrlKey || event.metaKey;
    if (mod && !event.altKey && event.key.toLowerCase() === "g" && grid()) {
      event.preventDefault();
      openDialog("goto-dialog");
      return;
    }
    if (event.key === "?" && !typingIn(event.target) && grid()) {
      event.preventDefault();
      openDialog("keys-dialog");
      return;
    }
    const reject = event.target.closest && event.target.closest("details.reject");
    if (reject && event.key === "Escape") {
      event.preventDefault();
      reject.open = false;
      focusEditor(rowOf(reject), false);
      return;
    }
    const editor = event.target.closest && event.target.closest(EDITOR);
    if (editor) {
      onEditorKey(event, rowOf(editor), editor);
    } else if (event.target.matches && event.target.matches(ROW)) {
      onRowKey(event, event.target);
    }
  });

  // Dialogs (go to, keys) give the focus back to where it was when they close.
  let returnFocus = null;

  function openDialog(id) {
    const dialog = document.getElementById(id);
    if (!dialog || dialog.open) return;
    returnFocus = document.activeElement;
    dialog.showModal();
    const field = dialog.querySelector("input:not([type=hidden])") || dialog.querySelector("button");
    if (field) {
      field.value = field.matches("input") ? "" : field.value;
      field.focus();
    }
  }

  function restoreFocus() {
    const target = returnFocus;
    returnFocus = null;
    if (target && target.isConnected && target !== document.body) {
      target.focus({ preventScroll: true });
      return;
    }
    const editor = document.querySelector(ROW + " " + EDITOR);
    const row = editor ? rowOf(editor) : document.querySelector(ROW);
    if (row) focusEditor(row, false);
  }

  document.addEventListener("click", function (event) {
    if (event.target.closest(".close-dialog")) {
      event.target.closest("dialog").close();
    } else if (event.target.closest(".show-keys")) {
      openDialog("keys-dialog");
    }
  });

  document.addEventListener(
    "close",
    function (event) {
      if (event.target.matches("dialog") && !event.target.dataset.leaving) restoreFocus();
      delete event.target.dataset.leaving;
    },
    true,
  );

  // Go to segment N: the page of rows starting at N replaces the grid; its editor opens.
  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!form.classList.contains("goto-form") || !grid()) return;
    event.preventDefault();
    const wanted = form.querySelector("input[name=goto]").value.trim();
    const dialog = form.closest("dialog");
    dialog.dataset.leaving = "1";
    dialog.close();
    goTo(wanted);
  });

  function goTo(label) {
    const url = grid().dataset.rowsUrl;
    const address = url + (url.includes("?") ? "&" : "?") + "goto=" + encodeURIComponent(label);
    return closeActive()
      .then(function () {
        const body = document.getElementById("segment-rows");
        return htmx.ajax("GET", address, { source: body, target: body, swap: "innerHTML" });
      })
      .then(function () {
        const rows = document.querySelectorAll("#segment-rows " + ROW);
        const row = Array.from(rows).find((r) => r.dataset.label === label) || rows[0];
        if (!row || (returnFocus && returnFocus.isConnected && !rowOf(returnFocus))) {
          restoreFocus();
          return;
        }
        returnFocus = null;
        row.scrollIntoView({ block: "start" });
        return openEditor(row);
      });
  }

  // Importing runs the aligner, which takes a few seconds: say so, and prevent a second submit.
  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!form.classList.contains("import-form")) return;
    const button = form.querySelector("button[type=submit]");
    if (button) {
      button.disabled = true;
      button.textContent = t("Aligning…");
    }
  });

  // Paging: the row at the top of the viewport stays where it is on screen when rows are
  // added or removed above it (scroll anchoring is off for the grid: it is done here).
  function viewportAnchor() {
    const rows = document.querySelectorAll("#segment-rows " + ROW);
    for (const row of rows) {
      const top = row.getBoundingClientRect().bottom;
      if (top > 0) return { row: row, top: row.getBoundingClientRect().top };
    }
    return null;
  }

  function keepAnchor(anchor) {
    if (!anchor || !anchor.row.isConnected) return;
    const moved = anchor.row.getBoundingClientRect().top - anchor.top;
    if (moved) window.scrollBy(0, moved);
  }

  function sentinel(kind, position) {
    const url = grid().dataset.rowsUrl;
    const tr = document.createElement("tr");
    tr.className = "more more-" + kind;
    tr.dataset[kind] = position;
    tr.setAttribute("hx-get", url + (url.includes("?") ? "&" : "?") + kind + "=" + position);
    tr.setAttribute("hx-trigger", "revealed");
    tr.setAttribute("hx-swap", "outerHTML");
    const cell = document.createElement("td");
    cell.colSpan = 4;
    cell.textContent = kind === "before" ? t("Earlier segments") : t("More segments");
    tr.appendChild(cell);
    return tr;
  }

  // Drop rows from the end away from where the reader went, never the active or focused row,
  // and leave a sentinel there so scrolling back loads them again.
  function prune(fromTop) {
    const body = document.getElementById("segment-rows");
    if (!body) return;
    const rows = Array.from(body.querySelectorAll(ROW));
    let extra = rows.length - MAX_ROWS;
    if (extra <= 0) return;
    const ordered = fromTop ? rows : rows.reverse();
    const gone = [];
    for (const row of ordered) {
      if (extra <= 0 || isOpen(row)) break;
      const box = row.getBoundingClientRect();
      if (fromTop ? box.bottom > -window.innerHeight : box.top < 2 * window.innerHeight) break;
      gone.push(row);
      extra -= 1;
    }
    if (!gone.length) return;
    const anchor = viewportAnchor();
    // A focused row that scrolled far away hands the focus to the row on screen.
    const lost = gone.includes(rowOf(document.activeElement));
    gone.forEach((row) => row.remove());
    if (lost && anchor) anchor.row.focus({ preventScroll: true });
    const edge = body.querySelector(fromTop ? "tr.more-before" : "tr.more-after");
    if (edge) edge.remove();
    const first = body.querySelector(ROW);
    const rest = body.querySelectorAll(ROW);
    if (fromTop) {
      const tr = sentinel("before", first.dataset.position);
      body.insertBefore(tr, body.firstChild);
      htmx.process(tr);
    } else {
      const tr = sentinel("after", rest[rest.length - 1].dataset.position);
      body.appendChild(tr);
      htmx.process(tr);
    }
    keepAnchor(anchor);
  }

  let pageAnchor = null;
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    const target = event.detail.target;
    if (target && target.matches && target.matches("tr.more-before")) pageAnchor = viewportAnchor();
    // Ctrl+S answered while the translator kept typing: keep what was typed since.
    if (typedWhileSaving && target && target.id === typedWhileSaving.id) {
      const editor = editorOf(target);
      typedWhileSaving.now = editor ? editor.value : null;
    }
  });

  document.body.addEventListener("htmx:afterSettle", function (event) {
    const xhr = event.detail.xhr;
    if (!xhr || handled.has(xhr)) return;
    handled.add(xhr);
    // detail.elt is the element settled; detail.target the one the request swapped.
    const target = event.detail.target;
    if (target && target.matches && target.matches("tr.more-before")) {
      keepAnchor(pageAnchor);
      pageAnchor = null;
      prune(false);
    } else if (target && target.matches && target.matches("tr.more-after")) {
      prune(true);
    }
    const id = target && target.id;
    if (id === "panel") followOpenEditor();
    const row = id && id.startsWith("seg-") ? document.getElementById(id) : null;
    if (!row) return;
    const verb = event.detail.requestConfig && event.detail.requestConfig.verb;
    afterRowAnswer(row, verb && verb !== "get", xhr);
  });

  // ``changed``: the answer to a POST (a save, a confirmation), the only kind that moves on.
  function afterRowAnswer(row, changed, xhr) {
    if (typedWhileSaving && typedWhileSaving.id === row.id) {
      const typed = typedWhileSaving.now;
      const sent = typedWhileSaving.sent;
      typedWhileSaving = null;
      const editor = editorOf(row);
      if (editor && typed != null && typed !== sent) {
        const caret = editor.selectionStart;
        editor.value = typed;
        editor.setSelectionRange(caret, caret);
        row.classList.add("unsaved");
      }
    }
    if (changed && advance && advance.id === row.id) {
      const step = advance;
      advance = null;
      if (isOpen(row)) {
        focusEditor(row, false);
        return;
      }
      if (step.unconfirmed) {
        openNextUnconfirmed(row, xhr);
        return;
      }
      openEditor(sibling(row, step.step) || row);
      return;
    }
    // Focus is never left on <body>: a row that answered takes it back, unless an editor is
    // on its way (it will take the focus when it arrives).
    const active = document.activeElement;
    if (!opening && (!active || active === document.body)) {
      if (isOpen(row)) focusEditor(row, false);
      else row.focus({ preventScroll: true });
    }
  }

  // Live rows: the poller (documents/_changes.html) names the rows on screen, and the answer
  // replaces those someone else changed. An open editor is never replaced, so nothing typed
  // is lost: it is told, and its save (against the old version) shows the conflict.
  document.body.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.elt.id !== "live-updates") return;
    const ids = Array.from(document.querySelectorAll("#segment-rows " + ROW), function (r) {
      return r.dataset.segmentId;
    });
    event.detail.parameters.rows = ids.join(",");
  });

  document.body.addEventListener("htmx:oobBeforeSwap", function (event) {
    const target = event.detail.target;
    if (!target || !target.matches || !target.matches(ROW)) return;
    readOnly.delete(target.id);
    if (!isOpen(target) && !target.dataset.closing) return;
    event.detail.shouldSwap = false;
    if (!isOpen(target) || target.querySelector(".live-notice")) return;
    const notice = document.createElement("p");
    notice.className = "row-message live-notice";
    notice.setAttribute("role", "status");
    notice.textContent = t(
      "Someone else changed this segment since you opened it; saving shows both texts."
    );
    target.querySelector("td.target").prepend(notice);
  });

  // After a confirmation: the segment the server named (X-Next-Segment), in the grid or
  // fetched with "go to"; with none left in the filter, the confirmed row keeps the focus.
  function openNextUnconfirmed(row, xhr) {
    const id = xhr && xhr.getResponseHeader("X-Next-Segment");
    const label = xhr && xhr.getResponseHeader("X-Next-Label");
    const next = id ? document.getElementById("seg-" + id) : null;
    if (next) {
      openEditor(next);
    } else if (label) {
      goTo(label);
    } else {
      status(t("No unconfirmed segment after this one in the current filter."));
      row.focus({ preventScroll: true });
    }
  }

  document.body.addEventListener("htmx:beforeRequest", function (event) {
    if (event.detail.requestConfig && event.detail.requestConfig.verb !== "get") status(t("Saving…"));
  });
  document.body.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.elt.id === "live-updates") return; // polling says nothing to the person
    const xhr = event.detail.xhr;
    const message = xhr && xhr.getResponseHeader("X-Error-Message");
    if (message) {
      advance = null;
      status(decodeURIComponent(message) + " (" + xhr.status + ")");
    } else if (event.detail.successful) {
      status("");
    } else if (xhr && xhr.status >= 400) {
      advance = null;
      status(t("The server refused the request (%(status)s). Your text is still in the box.", { status: xhr.status }));
    }
  });
  document.body.addEventListener("htmx:sendError", function () {
    advance = null;
    status(t("Could not reach the server. Your text is still in the box; try again."));
  });
  // The "diff against machine draft" view is only a class on the table.
  document.addEventListener("change", function (event) {
    if (event.target.id === "show-diff") {
      const table = grid();
      if (table) table.classList.toggle("show-diff", event.target.checked);
    }
  });

  // A term from a selection in a Chinese source cell: editors add it to the glossary (the page
  // offers data-add-term-url), everyone else proposes it from the active row. A small button
  // appears next to the selection (or press Alt+T) and opens the form in the side pane.
  let termButton = null;
  let selectedTerm = null;

  function sourceSelection() {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
    const range = selection.getRangeAt(0);
    const start = range.startContainer.parentElement;
    const cell = start && start.closest("td.source");
    const table = cell && cell.closest("table.segments");
    if (!table || !cell.contains(range.endContainer)) return null;
    const text = selection.toString().trim();
    if (!text || text.length > 100) return null;
    const source = encodeURIComponent(text);
    const propose = cell.closest(ROW).querySelector("form.editor[data-propose-url]");
    let url = null;
    if (table.dataset.addTermUrl) url = table.dataset.addTermUrl + "?panel=1&source=" + source;
    else if (propose) url = propose.dataset.proposeUrl + "?source=" + source;
    if (!url) return null;
    return { text: text, url: url, add: Boolean(table.dataset.addTermUrl), rect: range.getBoundingClientRect() };
  }

  function hideTermButton() {
    if (termButton) termButton.hidden = true;
    selectedTerm = null;
  }

  function openTermForm(selected) {
    hideTermButton();
    paneLoading
      .then(function () {
        return htmx.ajax("GET", selected.url, { target: "#panel", swap: "outerHTML" });
      })
      .then(function () {
        const field = document.querySelector("#panel input[name=target]");
        if (field) field.focus();
      });
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
      // Keep the selection: a mousedown on the button would otherwise collapse it.
      termButton.addEventListener("mousedown", function (event) { event.preventDefault(); });
      termButton.addEventListener("click", function () {
        if (selectedTerm) openTermForm(selectedTerm);
      });
      document.body.appendChild(termButton);
    }
    selectedTerm = selected;
    termButton.textContent = t(selected.add ? "Add term" : "Propose term");
    termButton.title = t(
      selected.add
        ? "Add “%(text)s” as a glossary term (Alt+T)"
        : "Propose “%(text)s” as a glossary term (Alt+T)",
      { text: selected.text }
    );
    termButton.style.top = window.scrollY + selected.rect.bottom + 4 + "px";
    termButton.style.left = window.scrollX + selected.rect.left + "px";
    termButton.hidden = false;
  });

  document.addEventListener("keydown", function (event) {
    if (!event.altKey || event.key.toLowerCase() !== "t") return;
    const selected = sourceSelection();
    if (selected) {
      event.preventDefault();
      openTermForm(selected);
    }
  });

  window.addEventListener("beforeunload", function (event) {
    const unsaved = Array.from(document.querySelectorAll(EDITOR)).some(isDirty);
    if (unsaved) event.preventDefault();
  });
})();
